using Stratus.Core.Serialization;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.Stake;

public enum StakeStateKind : uint
{
    Uninitialized = 0,
    Initialized = 1,
    Stake = 2,
    RewardsPool = 3,
}

/// <summary>
/// A stake account's state (<c>StakeStateV2</c>): bincode with a u32 variant tag, in a 200-byte account.
/// Serializing writes only the variant's own bytes, so the rest of the account keeps what it held, as
/// Agave's <c>set_state</c> does.
/// </summary>
public readonly record struct StakeState(StakeStateKind Kind, Meta Meta, DelegatedStake Stake, byte Flags)
{
    /// <summary>The fixed size of a stake account's data.</summary>
    public const int Size = 200;

    /// <summary><c>StakeFlags::MUST_FULLY_ACTIVATE_BEFORE_DEACTIVATION_IS_PERMITTED</c> (set only by the retired Redelegate).</summary>
    public const byte MustFullyActivateBeforeDeactivationIsPermitted = 1;

    public static StakeState Uninitialized => default;

    public static StakeState RewardsPool => new(StakeStateKind.RewardsPool, default, default, 0);

    public static StakeState Initialized(in Meta meta) => new(StakeStateKind.Initialized, meta, default, 0);

    public static StakeState Delegated(in Meta meta, in DelegatedStake stake, byte flags) => new(StakeStateKind.Stake, meta, stake, flags);

    public bool HasMeta => Kind is StakeStateKind.Initialized or StakeStateKind.Stake;

    public int SerializedSize => Kind switch
    {
        StakeStateKind.Initialized => 4 + Meta.SerializedSize,
        StakeStateKind.Stake => 4 + Meta.SerializedSize + DelegatedStake.SerializedSize + 1,
        _ => 4,
    };

    /// <summary>Agave's <c>get_state::&lt;StakeStateV2&gt;()</c>: InvalidAccountData when the bytes do not decode.</summary>
    public static InstructionError? Deserialize(ReadOnlySpan<byte> data, out StakeState state)
    {
        state = default;
        var r = new BincodeReader(data);
        var tag = r.ReadEnumTag();
        if (!r.Ok) return InvalidAccountData;
        switch ((StakeStateKind)tag)
        {
            case StakeStateKind.Uninitialized:
                state = Uninitialized;
                return null;
            case StakeStateKind.RewardsPool:
                state = RewardsPool;
                return null;
            case StakeStateKind.Initialized:
            {
                var meta = ReadMeta(ref r);
                if (!r.Ok) return InvalidAccountData;
                state = Initialized(meta);
                return null;
            }
            case StakeStateKind.Stake:
            {
                var meta = ReadMeta(ref r);
                var stake = ReadStake(ref r);
                var flags = r.ReadU8();
                if (!r.Ok) return InvalidAccountData;
                state = Delegated(meta, stake, flags);
                return null;
            }
            default:
                return InvalidAccountData;
        }
    }

    public byte[] Serialize()
    {
        var w = new BincodeWriter(SerializedSize);
        w.WriteEnumTag((uint)Kind);
        if (HasMeta) WriteMeta(w, Meta);
        if (Kind == StakeStateKind.Stake)
        {
            WriteStake(w, Stake);
            w.WriteU8(Flags);
        }
        return w.ToArray();
    }

    private static InstructionError InvalidAccountData => new(InstructionErrorKind.InvalidAccountData);

    private static Meta ReadMeta(ref BincodeReader r)
    {
        var reserve = r.ReadU64();
        var authorized = new Authorized(r.ReadPubkey(), r.ReadPubkey());
        var lockup = new Lockup(r.ReadI64(), r.ReadU64(), r.ReadPubkey());
        return new Meta(reserve, authorized, lockup);
    }

    private static DelegatedStake ReadStake(ref BincodeReader r)
    {
        var delegation = new Delegation(r.ReadPubkey(), r.ReadU64(), r.ReadU64(), r.ReadU64(), r.ReadU64());
        return new DelegatedStake(delegation, r.ReadU64());
    }

    private static void WriteMeta(BincodeWriter w, in Meta meta)
    {
        w.WriteU64(meta.RentExemptReserve);
        w.WritePubkey(meta.Authorized.Staker);
        w.WritePubkey(meta.Authorized.Withdrawer);
        w.WriteI64(meta.Lockup.UnixTimestamp);
        w.WriteU64(meta.Lockup.Epoch);
        w.WritePubkey(meta.Lockup.Custodian);
    }

    private static void WriteStake(BincodeWriter w, in DelegatedStake stake)
    {
        var d = stake.Delegation;
        w.WritePubkey(d.VoterPubkey);
        w.WriteU64(d.Stake);
        w.WriteU64(d.ActivationEpoch);
        w.WriteU64(d.DeactivationEpoch);
        w.WriteU64(d.WarmupCooldownRateBits);
        w.WriteU64(stake.CreditsObserved);
    }
}
