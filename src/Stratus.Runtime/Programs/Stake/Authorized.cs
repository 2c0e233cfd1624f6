using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

public enum StakeAuthorize : uint
{
    Staker = 0,
    Withdrawer = 1,
}

/// <summary>The stake's two authorities: the staker delegates, splits and merges; the withdrawer moves lamports out.</summary>
public readonly record struct Authorized(Pubkey Staker, Pubkey Withdrawer)
{
    public const int SerializedSize = 64;

    public InstructionError? Check(Func<Pubkey, bool> isSigner, StakeAuthorize role) =>
        isSigner(role == StakeAuthorize.Staker ? Staker : Withdrawer)
            ? null
            : new InstructionError(InstructionErrorKind.MissingRequiredSignature);

    /// <summary>
    /// The staker may be replaced by either authority. The withdrawer only by the withdrawer, and while the
    /// lockup is in force only with the custodian present, signing, and lifting the lockup — checked
    /// before the withdrawer's own signature.
    /// </summary>
    public InstructionError? Authorize(Func<Pubkey, bool> isSigner, in Pubkey newAuthority, StakeAuthorize role,
        in Lockup lockup, Clock clock, Pubkey? custodian, out Authorized updated)
    {
        updated = this;
        if (role == StakeAuthorize.Staker)
        {
            if (!isSigner(Staker) && !isSigner(Withdrawer)) return new InstructionError(InstructionErrorKind.MissingRequiredSignature);
            updated = this with { Staker = newAuthority };
            return null;
        }
        if (lockup.IsInForce(clock, null))
        {
            if (custodian is not { } c) return StakeError.CustodianMissing.ToInstructionError();
            if (!isSigner(c)) return StakeError.CustodianSignatureMissing.ToInstructionError();
            if (lockup.IsInForce(clock, c)) return StakeError.LockupInForce.ToInstructionError();
        }
        var error = Check(isSigner, role);
        if (error != null) return error;
        updated = this with { Withdrawer = newAuthority };
        return null;
    }
}
