using Stratus.Core;
using Stratus.Core.Serialization;

namespace Stratus.Runtime.Programs.Stake;

public enum StakeInstructionKind : uint
{
    Initialize = 0,
    Authorize = 1,
    DelegateStake = 2,
    Split = 3,
    Withdraw = 4,
    Deactivate = 5,
    SetLockup = 6,
    Merge = 7,
    AuthorizeWithSeed = 8,
    InitializeChecked = 9,
    AuthorizeChecked = 10,
    AuthorizeCheckedWithSeed = 11,
    SetLockupChecked = 12,
    GetMinimumDelegation = 13,
    DeactivateDelinquent = 14,
    Redelegate = 15,
    MoveStake = 16,
    MoveLamports = 17,
}

/// <summary>
/// A decoded stake instruction (solana-stake-interface 1.2 <c>StakeInstruction</c>): bincode with u32
/// tags, decoded as Agave's <c>limited_deserialize</c> with the packet size as limit (trailing bytes allowed).
/// </summary>
public sealed class StakeInstruction
{
    /// <summary>limited_deserialize's bound: at most PACKET_DATA_SIZE bytes may be read.</summary>
    public const int DeserializeLimit = 1232;

    public StakeInstructionKind Kind { get; private init; }
    public Authorized Authorized { get; private init; }
    public Lockup Lockup { get; private init; }
    public Pubkey NewAuthority { get; private init; }
    public StakeAuthorize Role { get; private init; }
    public ulong Lamports { get; private init; }
    public LockupArgs LockupArgs { get; private init; }
    public string Seed { get; private init; } = "";
    public Pubkey SeedOwner { get; private init; }

    /// <summary>Null means InvalidInstructionData.</summary>
    public static StakeInstruction? Decode(ReadOnlySpan<byte> data)
    {
        var r = new BincodeReader(data.Length > DeserializeLimit ? data[..DeserializeLimit] : data);
        var tag = r.ReadEnumTag();
        if (!r.Ok) return null;
        var kind = (StakeInstructionKind)tag;
        StakeInstruction? ix = kind switch
        {
            StakeInstructionKind.Initialize => new StakeInstruction
            {
                Kind = kind,
                Authorized = new Authorized(r.ReadPubkey(), r.ReadPubkey()),
                Lockup = new Lockup(r.ReadI64(), r.ReadU64(), r.ReadPubkey()),
            },
            StakeInstructionKind.Authorize => new StakeInstruction { Kind = kind, NewAuthority = r.ReadPubkey(), Role = ReadRole(ref r) },
            StakeInstructionKind.Split or StakeInstructionKind.Withdraw
                or StakeInstructionKind.MoveStake or StakeInstructionKind.MoveLamports => new StakeInstruction { Kind = kind, Lamports = r.ReadU64() },
            StakeInstructionKind.SetLockup => new StakeInstruction
            {
                Kind = kind,
                LockupArgs = new LockupArgs(ReadOptionI64(ref r), ReadOptionU64(ref r), r.ReadOptionTag() ? r.ReadPubkey() : null),
            },
            StakeInstructionKind.AuthorizeWithSeed => new StakeInstruction
            {
                Kind = kind, NewAuthority = r.ReadPubkey(), Role = ReadRole(ref r), Seed = r.ReadString() ?? "", SeedOwner = r.ReadPubkey(),
            },
            StakeInstructionKind.AuthorizeChecked => new StakeInstruction { Kind = kind, Role = ReadRole(ref r) },
            StakeInstructionKind.AuthorizeCheckedWithSeed => new StakeInstruction
            {
                Kind = kind, Role = ReadRole(ref r), Seed = r.ReadString() ?? "", SeedOwner = r.ReadPubkey(),
            },
            StakeInstructionKind.SetLockupChecked => new StakeInstruction
            {
                Kind = kind, LockupArgs = new LockupArgs(ReadOptionI64(ref r), ReadOptionU64(ref r), null),
            },
            StakeInstructionKind.DelegateStake or StakeInstructionKind.Deactivate or StakeInstructionKind.Merge
                or StakeInstructionKind.InitializeChecked or StakeInstructionKind.GetMinimumDelegation
                or StakeInstructionKind.DeactivateDelinquent or StakeInstructionKind.Redelegate => new StakeInstruction { Kind = kind },
            _ => null,
        };
        return r.Ok ? ix : null;
    }

    private static StakeAuthorize ReadRole(ref BincodeReader r)
    {
        var tag = r.ReadEnumTag();
        if (r.Ok && tag > 1) r.Fail(BincodeError.InvalidEnumTag);
        return (StakeAuthorize)tag;
    }

    private static long? ReadOptionI64(ref BincodeReader r) => r.ReadOptionTag() ? r.ReadI64() : null;

    private static ulong? ReadOptionU64(ref BincodeReader r) => r.ReadOptionTag() ? r.ReadU64() : null;
}
