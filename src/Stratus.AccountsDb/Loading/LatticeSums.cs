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

    private readonly byte[] _final = new byte[LtHash.Size];
    private readonly byte[] _full = new byte[LtHash.Size];
    private readonly byte[] _one = new byte[LtHash.Size];

    /// <summary>Adds an account (encoded value) to the sums in <paramref name="mask"/> (<see cref="Final"/>, <see cref="Full"/>).</summary>
    public void Add(ReadOnlySpan<byte> pubkey, ReadOnlySpan<byte> value, int mask)
    {
        AccountHashes.Lattice(AccountEncoding.Lamports(value), AccountEncoding.Data(value), AccountEncoding.Executable(value),
            AccountEncoding.Owner(value), pubkey, _one);
        if ((mask & Final) != 0) LtHash.MixIn(_final, _one);
        if ((mask & Full) != 0) LtHash.MixIn(_full, _one);
    }

    public void AddTo(Span<byte> final, Span<byte> full)
    {
        LtHash.MixIn(final, _final);
        LtHash.MixIn(full, _full);
    }
}
