using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Invoke;

/// <summary>What the bank tells programs about its state (Agave's <c>EnvironmentConfig</c>).</summary>
public sealed class EnvironmentConfig
{
    public EnvironmentConfig(Hash blockhash, ulong blockhashLamportsPerSignature, FeatureSet features, SysvarCache sysvars,
        ulong epochTotalStake = 0, Func<Pubkey, ulong>? epochVoteAccountStake = null)
    {
        Blockhash = blockhash;
        BlockhashLamportsPerSignature = blockhashLamportsPerSignature;
        Features = features;
        Sysvars = sysvars;
        EpochTotalStake = epochTotalStake;
        EpochVoteAccountStake = epochVoteAccountStake ?? (static _ => 0);
    }

    /// <summary>The bank's last blockhash (durable nonces advance to a hash of it).</summary>
    public Hash Blockhash { get; }

    public ulong BlockhashLamportsPerSignature { get; }

    public FeatureSet Features { get; }

    public SysvarCache Sysvars { get; }

    public ulong EpochTotalStake { get; }

    public Func<Pubkey, ulong> EpochVoteAccountStake { get; }
}
