using Stratus.Core;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Programs.Stake;

/// <summary>
/// When a stake may be withdrawn (or its withdrawer changed) without the custodian: only once both the
/// unix timestamp and the epoch have been reached.
/// </summary>
public readonly record struct Lockup(long UnixTimestamp, ulong Epoch, Pubkey Custodian)
{
    public const int SerializedSize = 8 + 8 + 32;

    /// <summary>A custodian key equal to the lockup's custodian lifts the lockup outright.</summary>
    public bool IsInForce(Clock clock, Pubkey? custodian)
    {
        if (custodian is { } c && c == Custodian) return false;
        return UnixTimestamp > clock.UnixTimestamp || Epoch > clock.Epoch;
    }
}

/// <summary>SetLockup's partial update: only the present fields change.</summary>
public readonly record struct LockupArgs(long? UnixTimestamp, ulong? Epoch, Pubkey? Custodian);
