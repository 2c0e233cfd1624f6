using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>What every initialized stake carries: the rent reserve recorded at initialization, the authorities and the lockup.</summary>
public readonly record struct Meta(ulong RentExemptReserve, Authorized Authorized, Lockup Lockup)
{
    public const int SerializedSize = 8 + Authorized.SerializedSize + Lockup.SerializedSize;

    /// <summary>
    /// While the lockup is in force only the custodian may change it; afterwards only the withdrawer.
    /// </summary>
    public InstructionError? SetLockup(in LockupArgs args, Func<Pubkey, bool> isSigner, Clock clock, out Meta updated)
    {
        updated = this;
        var required = Lockup.IsInForce(clock, null) ? Lockup.Custodian : Authorized.Withdrawer;
        if (!isSigner(required)) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
        updated = this with
        {
            Lockup = new Lockup(
                args.UnixTimestamp ?? Lockup.UnixTimestamp,
                args.Epoch ?? Lockup.Epoch,
                args.Custodian ?? Lockup.Custodian),
        };
        return null;
    }
}
