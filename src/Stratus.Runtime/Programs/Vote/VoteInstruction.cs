using Stratus.Core;
using Stratus.Core.Serialization;

namespace Stratus.Runtime.Programs.Vote;

public enum VoteInstructionKind : uint
{
    InitializeAccount = 0,
    Authorize = 1,
    Vote = 2,
    Withdraw = 3,
    UpdateValidatorIdentity = 4,
    UpdateCommission = 5,
    VoteSwitch = 6,
    AuthorizeChecked = 7,
    UpdateVoteState = 8,
    UpdateVoteStateSwitch = 9,
    AuthorizeWithSeed = 10,
    AuthorizeCheckedWithSeed = 11,
    CompactUpdateVoteState = 12,
    CompactUpdateVoteStateSwitch = 13,
    TowerSync = 14,
    TowerSyncSwitch = 15,
}

public enum VoteAuthorize : uint
{
    Voter = 0,
    Withdrawer = 1,
}

/// <summary>A legacy vote: slots voted on, the hash of the last, an optional timestamp.</summary>
public sealed record VoteData(ulong[] Slots, Hash Hash, long? Timestamp);

/// <summary>A proposed tower (VoteStateUpdate, or TowerSync when <see cref="BlockId"/> is set).</summary>
public sealed record TowerUpdate(List<Lockout> Lockouts, ulong? Root, Hash Hash, long? Timestamp, Hash? BlockId = null);

/// <summary>
/// A decoded vote instruction (solana-vote-interface 2.2 <c>VoteInstruction</c>): bincode with u32 tags,
/// except the compact updates and tower syncs, whose lockouts are a short_vec of (varint offset, u8
/// confirmations) from the root (u64::MAX meaning none).
/// </summary>
public sealed class VoteInstruction
{
    /// <summary>limited_deserialize's bound: at most PACKET_DATA_SIZE bytes may be read.</summary>
    public const int DeserializeLimit = 1232;

    public VoteInstructionKind Kind { get; private init; }
    public Pubkey Node { get; private init; }
    public Pubkey Voter { get; private init; }
    public Pubkey Withdrawer { get; private init; }
    public byte Commission { get; private init; }
    public Pubkey NewAuthority { get; private init; }
    public VoteAuthorize Authorize { get; private init; }
    public Pubkey SeedOwner { get; private init; }
    public string Seed { get; private init; } = "";
    public ulong Lamports { get; private init; }
    public VoteData? Vote { get; private init; }
    public TowerUpdate? Update { get; private init; }

    /// <summary>Decodes as Agave's <c>limited_deserialize</c> (trailing bytes allowed); null means InvalidInstructionData.</summary>
    public static VoteInstruction? Decode(ReadOnlySpan<byte> data)
    {
        var r = new BincodeReader(data.Length > DeserializeLimit ? data[..DeserializeLimit] : data);
        var tag = r.ReadEnumTag();
        if (!r.Ok) return null;
        var kind = (VoteInstructionKind)tag;
        VoteInstruction? ix = kind switch
        {
            VoteInstructionKind.InitializeAccount => new VoteInstruction
            {
                Kind = kind, Node = r.ReadPubkey(), Voter = r.ReadPubkey(), Withdrawer = r.ReadPubkey(), Commission = r.ReadU8(),
            },
            VoteInstructionKind.Authorize => new VoteInstruction { Kind = kind, NewAuthority = r.ReadPubkey(), Authorize = ReadAuthorize(ref r) },
            VoteInstructionKind.Vote => new VoteInstruction { Kind = kind, Vote = ReadVote(ref r) },
            VoteInstructionKind.VoteSwitch => new VoteInstruction { Kind = kind, Vote = ReadVote(ref r) }.Then(r.ReadHash()),
            VoteInstructionKind.Withdraw => new VoteInstruction { Kind = kind, Lamports = r.ReadU64() },
            VoteInstructionKind.UpdateValidatorIdentity => new VoteInstruction { Kind = kind },
            VoteInstructionKind.UpdateCommission => new VoteInstruction { Kind = kind, Commission = r.ReadU8() },
            VoteInstructionKind.AuthorizeChecked => new VoteInstruction { Kind = kind, Authorize = ReadAuthorize(ref r) },
            VoteInstructionKind.UpdateVoteState => new VoteInstruction { Kind = kind, Update = ReadUpdate(ref r) },
            VoteInstructionKind.UpdateVoteStateSwitch => new VoteInstruction { Kind = kind, Update = ReadUpdate(ref r) }.Then(r.ReadHash()),
            VoteInstructionKind.AuthorizeWithSeed => new VoteInstruction
            {
                Kind = kind, Authorize = ReadAuthorize(ref r), SeedOwner = r.ReadPubkey(), Seed = r.ReadString() ?? "", NewAuthority = r.ReadPubkey(),
            },
            VoteInstructionKind.AuthorizeCheckedWithSeed => new VoteInstruction
            {
                Kind = kind, Authorize = ReadAuthorize(ref r), SeedOwner = r.ReadPubkey(), Seed = r.ReadString() ?? "",
            },
            VoteInstructionKind.CompactUpdateVoteState => new VoteInstruction { Kind = kind, Update = ReadCompact(ref r, false) },
            VoteInstructionKind.CompactUpdateVoteStateSwitch => new VoteInstruction { Kind = kind, Update = ReadCompact(ref r, false) }.Then(r.ReadHash()),
            VoteInstructionKind.TowerSync => new VoteInstruction { Kind = kind, Update = ReadCompact(ref r, true) },
            VoteInstructionKind.TowerSyncSwitch => new VoteInstruction { Kind = kind, Update = ReadCompact(ref r, true) }.Then(r.ReadHash()),
            _ => null,
        };
        return r.Ok ? ix : null;
    }

    // The switch-proof hash is read and ignored by the program.
    private VoteInstruction Then(Hash _) => this;

    private static VoteAuthorize ReadAuthorize(ref BincodeReader r)
    {
        var tag = r.ReadEnumTag();
        if (r.Ok && tag > 1) r.Fail(BincodeError.InvalidEnumTag);
        return (VoteAuthorize)tag;
    }

    private static long? ReadOptionI64(ref BincodeReader r) => r.ReadOptionTag() ? r.ReadI64() : null;

    private static VoteData? ReadVote(ref BincodeReader r)
    {
        var n = r.ReadLength(8);
        var slots = new ulong[r.Ok ? n : 0];
        for (var i = 0; i < slots.Length; i++) slots[i] = r.ReadU64();
        var hash = r.ReadHash();
        var ts = ReadOptionI64(ref r);
        return r.Ok ? new VoteData(slots, hash, ts) : null;
    }

    private static TowerUpdate? ReadUpdate(ref BincodeReader r)
    {
        var n = r.ReadLength(12);
        var lockouts = new List<Lockout>(r.Ok ? Math.Min(n, 64) : 0);
        for (var i = 0; i < n && r.Ok; i++) lockouts.Add(new Lockout(r.ReadU64(), r.ReadU32()));
        ulong? root = r.ReadOptionTag() ? r.ReadU64() : null;
        var hash = r.ReadHash();
        var ts = ReadOptionI64(ref r);
        return r.Ok ? new TowerUpdate(lockouts, root, hash, ts) : null;
    }

    private static TowerUpdate? ReadCompact(ref BincodeReader r, bool towerSync)
    {
        var rawRoot = r.ReadU64();
        var n = r.ReadShortU16();
        var lockouts = new List<Lockout>(r.Ok ? Math.Min((int)n, 64) : 0);
        ulong? root = rawRoot == ulong.MaxValue ? null : rawRoot;
        var slot = root ?? 0;
        var overflow = false;
        for (var i = 0; i < n && r.Ok; i++)
        {
            var offset = ReadVarU64(ref r);
            var conf = r.ReadU8();
            if (!r.Ok) break;
            var next = slot + offset;
            if (next < slot) overflow = true;
            slot = next;
            lockouts.Add(new Lockout(slot, conf));
        }
        var hash = r.ReadHash();
        var ts = ReadOptionI64(ref r);
        Hash? blockId = towerSync ? r.ReadHash() : null;
        // serde reads every field before the lockouts are rebuilt, so a bad offset fails only after a complete parse.
        if (r.Ok && overflow) r.Fail(BincodeError.InvalidValue);
        return r.Ok ? new TowerUpdate(lockouts, root, hash, ts, blockId) : null;
    }

    /// <summary>solana-serde-varint for u64: LEB128, rejecting truncated last bytes, trailing zero bytes and overflow.</summary>
    private static ulong ReadVarU64(ref BincodeReader r)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = r.ReadU8();
            if (!r.Ok) return 0;
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if ((byte)(result >> shift) != b || (b == 0 && (shift != 0 || result != 0)))
                {
                    r.Fail(BincodeError.InvalidValue);
                    return 0;
                }
                return result;
            }
        }
        r.Fail(BincodeError.InvalidValue);
        return 0;
    }
}
