using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Processing;

/// <summary>How the bank answers the age check for a transaction's recent blockhash.</summary>
/// <returns>True with the lamports_per_signature recorded for it when the hash is recent enough.</returns>
public delegate bool BlockhashLookup(in Hash blockhash, out ulong lamportsPerSignature);

/// <summary>
/// Everything a bank supplies to process transactions at one slot: its accounts (read-only, before the
/// transaction), features and cluster, sysvars, last blockhash and fee rate, and the blockhash queue.
/// </summary>
public sealed class ProcessingEnvironment
{
    public required ulong Slot { get; init; }

    public required FeatureSet Features { get; init; }

    public required ClusterProfile Cluster { get; init; }

    public required SysvarCache Sysvars { get; init; }

    /// <summary>Reads an account as the bank holds it; null when it does not exist. The result is never modified.</summary>
    public required Func<Pubkey, IReadOnlyAccount?> GetAccount { get; init; }

    /// <summary>The bank's last blockhash (durable nonces advance to its hash).</summary>
    public required Hash LastBlockhash { get; init; }

    /// <summary>
    /// The blockhash instructions see (Agave's <c>TransactionProcessingEnvironment.blockhash</c>, which the
    /// nonce instructions advance to); null is <see cref="LastBlockhash"/>, as a bank sets it. Test harnesses
    /// that give each transaction its own (LiteSVM: the transaction's recent blockhash) set it.
    /// </summary>
    public Hash? InstructionBlockhash { get; init; }

    /// <summary>lamports_per_signature of the last blockhash (a nonce records it when advanced).</summary>
    public ulong LastLamportsPerSignature { get; init; } = ClusterProfile.DefaultLamportsPerSignature;

    /// <summary>The blockhash queue's age check; null accepts only <see cref="LastBlockhash"/>.</summary>
    public BlockhashLookup? IsBlockhashValid { get; init; }

    /// <summary>Rent collection parameters (epoch, schedule, slots per year) for when rent fees are still collected.</summary>
    public RentCollector RentCollector { get; init; } = RentCollector.Default;

    /// <summary>Verify ed25519 signatures (replay does; some tests and tools do not).</summary>
    public bool VerifySignatures { get; init; } = true;

    /// <summary>A budget that overrides the instruction-derived compute-unit limit, heap size and CPI limits; null in a bank.</summary>
    public FixedComputeBudget? FixedComputeBudget { get; init; }

    /// <summary>Agave's log byte limit; null for unlimited.</summary>
    public int? LogBytesLimit { get; init; } = Logging.LogCollector.DefaultBytesLimit;

    public ulong EpochTotalStake { get; init; }

    public Func<Pubkey, ulong>? EpochVoteAccountStake { get; init; }

    internal bool TryGetBlockhash(in Hash blockhash, out ulong lamportsPerSignature)
    {
        if (IsBlockhashValid != null) return IsBlockhashValid(blockhash, out lamportsPerSignature);
        lamportsPerSignature = LastLamportsPerSignature;
        return blockhash == LastBlockhash;
    }
}
