using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>The bincode enum tag of a serialized vote state.</summary>
public enum VoteStateVersion : uint
{
    V0_23_5 = 0,
    V1_14_11 = 1,
    Current = 2,
}

/// <summary>
/// A vote account's state in the version it was stored in (Agave 2.2 <c>VoteStateVersions</c>). Reading
/// follows bincode (trailing bytes allowed; any other malformation is InvalidAccountData); writing gives
/// the exact bytes bincode would. Tag 3 (the v4 state of later releases) is not a version 2.2 knows.
/// </summary>
public sealed class VoteStateVersions
{
    private VoteStateVersions(VoteStateVersion version, VoteState? state, VoteState0_23_5? legacy)
    {
        Version = version;
        State = state;
        Legacy = legacy;
    }

    public VoteStateVersion Version { get; }

    /// <summary>The state for 1.14.11 (latencies zero) and current.</summary>
    public VoteState? State { get; }

    /// <summary>The state for 0.23.5.</summary>
    public VoteState0_23_5? Legacy { get; }

    public static VoteStateVersions Current(VoteState state) => new(VoteStateVersion.Current, state, null);

    public static VoteStateVersions V1_14_11(VoteState state) => new(VoteStateVersion.V1_14_11, state, null);

    public static VoteStateVersions V0_23_5(VoteState0_23_5 state) => new(VoteStateVersion.V0_23_5, null, state);

    public bool IsUninitialized => Version == VoteStateVersion.V0_23_5
        ? Legacy!.AuthorizedVoter == default
        : State!.AuthorizedVoters.IsEmpty;

    public VoteState ConvertToCurrent() => Version == VoteStateVersion.V0_23_5 ? Legacy!.ToCurrent() : State!;

    public static int SizeOf(bool current) => current ? VoteLimits.CurrentSize : VoteLimits.V1_14_11Size;

    /// <summary>Agave's <c>get_state::&lt;VoteStateVersions&gt;()</c>: InvalidAccountData when the bytes do not decode.</summary>
    public static InstructionError? Deserialize(ReadOnlySpan<byte> data, out VoteStateVersions versions)
    {
        versions = null!;
        var r = new BincodeReader(data);
        var tag = r.ReadEnumTag();
        VoteStateVersions? result = null;
        if (r.Ok)
        {
            switch (tag)
            {
                case 0: result = V0_23_5(ReadLegacy(ref r)); break;
                case 1: result = V1_14_11(ReadState(ref r, false)); break;
                case 2: result = Current(ReadState(ref r, true)); break;
                default: r.Fail(BincodeError.InvalidEnumTag); break;
            }
        }
        if (!r.Ok || result == null) return new InstructionError(InstructionErrorKind.InvalidAccountData);
        versions = result;
        return null;
    }

    private static VoteState ReadState(ref BincodeReader r, bool hasLatency)
    {
        var s = new VoteState
        {
            NodePubkey = r.ReadPubkey(),
            AuthorizedWithdrawer = r.ReadPubkey(),
            Commission = r.ReadU8(),
        };
        var n = r.ReadLength(hasLatency ? 13 : 12);
        for (var i = 0; i < n && r.Ok; i++)
        {
            var latency = hasLatency ? r.ReadU8() : (byte)0;
            var slot = r.ReadU64();
            var conf = r.ReadU32();
            s.Votes.Add(new LandedVote(latency, new Lockout(slot, conf)));
        }
        s.RootSlot = ReadOptionU64(ref r);
        var voters = r.ReadLength(40);
        for (var i = 0; i < voters && r.Ok; i++)
        {
            var epoch = r.ReadU64();
            var key = r.ReadPubkey();
            if (r.Ok) s.AuthorizedVoters.Insert(epoch, key);
        }
        for (var i = 0; i < VoteLimits.MaxPriorVoters; i++)
            s.PriorVoters.Buffer[i] = new PriorVoter(r.ReadPubkey(), r.ReadU64(), r.ReadU64());
        s.PriorVoters.Index = r.ReadU64();
        s.PriorVoters.IsEmpty = r.ReadBool();
        ReadTail(ref r, s.EpochCredits, out var ts);
        s.LastTimestamp = ts;
        return s;
    }

    private static VoteState0_23_5 ReadLegacy(ref BincodeReader r)
    {
        var s = new VoteState0_23_5
        {
            NodePubkey = r.ReadPubkey(),
            AuthorizedVoter = r.ReadPubkey(),
            AuthorizedVoterEpoch = r.ReadU64(),
        };
        for (var i = 0; i < VoteLimits.MaxPriorVoters; i++)
            s.PriorVoters[i] = (r.ReadPubkey(), r.ReadU64(), r.ReadU64(), r.ReadU64());
        s.PriorVotersIndex = r.ReadU64();
        s.AuthorizedWithdrawer = r.ReadPubkey();
        s.Commission = r.ReadU8();
        var n = r.ReadLength(12);
        for (var i = 0; i < n && r.Ok; i++)
            s.Votes.Add(new Lockout(r.ReadU64(), r.ReadU32()));
        s.RootSlot = ReadOptionU64(ref r);
        ReadTail(ref r, s.EpochCredits, out var ts);
        s.LastTimestamp = ts;
        return s;
    }

    private static ulong? ReadOptionU64(ref BincodeReader r) => r.ReadOptionTag() ? r.ReadU64() : null;

    private static void ReadTail(ref BincodeReader r, List<EpochCredits> credits, out BlockTimestamp timestamp)
    {
        var n = r.ReadLength(24);
        for (var i = 0; i < n && r.Ok; i++)
            credits.Add(new EpochCredits(r.ReadU64(), r.ReadU64(), r.ReadU64()));
        timestamp = new BlockTimestamp(r.ReadU64(), r.ReadI64());
    }

    /// <summary>The bincode encoding of this value (its length is bincode's serialized_size).</summary>
    public byte[] Serialize()
    {
        var w = new BincodeWriter(VoteLimits.CurrentSize);
        w.WriteU32((uint)Version);
        if (Version == VoteStateVersion.V0_23_5) WriteLegacy(w, Legacy!);
        else WriteState(w, State!, Version == VoteStateVersion.Current);
        return w.ToArray();
    }

    private static void WriteState(BincodeWriter w, VoteState s, bool hasLatency)
    {
        WriteKey(w, s.NodePubkey);
        WriteKey(w, s.AuthorizedWithdrawer);
        w.WriteU8(s.Commission);
        w.WriteU64((ulong)s.Votes.Count);
        foreach (var v in s.Votes)
        {
            if (hasLatency) w.WriteU8(v.Latency);
            w.WriteU64(v.Slot);
            w.WriteU32(v.ConfirmationCount);
        }
        WriteOptionU64(w, s.RootSlot);
        w.WriteU64((ulong)s.AuthorizedVoters.Count);
        foreach (var (epoch, key) in s.AuthorizedVoters.Entries)
        {
            w.WriteU64(epoch);
            WriteKey(w, key);
        }
        foreach (var p in s.PriorVoters.Buffer)
        {
            WriteKey(w, p.Pubkey);
            w.WriteU64(p.FromEpoch);
            w.WriteU64(p.UntilEpoch);
        }
        w.WriteU64(s.PriorVoters.Index);
        w.WriteU8(s.PriorVoters.IsEmpty ? (byte)1 : (byte)0);
        WriteTail(w, s.EpochCredits, s.LastTimestamp);
    }

    private static void WriteLegacy(BincodeWriter w, VoteState0_23_5 s)
    {
        WriteKey(w, s.NodePubkey);
        WriteKey(w, s.AuthorizedVoter);
        w.WriteU64(s.AuthorizedVoterEpoch);
        foreach (var p in s.PriorVoters)
        {
            WriteKey(w, p.Voter);
            w.WriteU64(p.From);
            w.WriteU64(p.Until);
            w.WriteU64(p.Slot);
        }
        w.WriteU64(s.PriorVotersIndex);
        WriteKey(w, s.AuthorizedWithdrawer);
        w.WriteU8(s.Commission);
        w.WriteU64((ulong)s.Votes.Count);
        foreach (var v in s.Votes)
        {
            w.WriteU64(v.Slot);
            w.WriteU32(v.ConfirmationCount);
        }
        WriteOptionU64(w, s.RootSlot);
        WriteTail(w, s.EpochCredits, s.LastTimestamp);
    }

    private static void WriteTail(BincodeWriter w, List<EpochCredits> credits, BlockTimestamp ts)
    {
        w.WriteU64((ulong)credits.Count);
        foreach (var c in credits)
        {
            w.WriteU64(c.Epoch);
            w.WriteU64(c.Credits);
            w.WriteU64(c.PrevCredits);
        }
        w.WriteU64(ts.Slot);
        w.WriteU64((ulong)ts.Timestamp);
    }

    private static void WriteOptionU64(BincodeWriter w, ulong? value)
    {
        w.WriteU8(value.HasValue ? (byte)1 : (byte)0);
        if (value is { } v) w.WriteU64(v);
    }

    private static void WriteKey(BincodeWriter w, in Pubkey key) => w.WritePubkey(key);
}
