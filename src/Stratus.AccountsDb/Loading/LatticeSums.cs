using Stratus.AccountsDb.Store;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// A worker's running lattice-hash sums (sum 0: the final state; sum 1: the full snapshot's state under an
/// incremental). Sums are order-independent, so workers keep their own and the loader adds them up at the end.
/// </summary>
internal sealed class LatticeSums
{
    public const int Final = 1;
    public const int Full = 2;

    private readonly LtHashAccumulator _sums = new(2);

    /// <summary>Adds an account (staged value: inline, or a blob reference with its lattice root) to the sums in <paramref name="mask"/> (<see cref="Final"/>, <see cref="Full"/>).</summary>
    public void Add(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> value, int mask)
    {
        if (StagedValue.IsReference(value)) _sums.AddRoot(StagedValue.LatticeRoot(value), mask);
        else _sums.Add(AccountEncoding.Lamports(value), AccountEncoding.Data(value), AccountEncoding.Executable(value), AccountEncoding.Owner(value), pubkey, mask);
    }

    public void AddTo(Span<byte> final, Span<byte> full)
    {
        _sums.Flush();
        LtHash.MixIn(final, _sums.Sum(0));
        LtHash.MixIn(full, _sums.Sum(1));
    }
}
