using Stratus.AccountsDb.Store;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// The value of a staged record: either an inline <see cref="AccountEncoding"/> value, or, for an account whose data
/// went to a blob file while staging, its reference followed by the root node of its lattice-hash message (hashed
/// while the data was in cache, so the merge produces the account's lattice hash without reading the data again).
/// </summary>
internal static class StagedValue
{
    public const int ReferenceLength = AccountEncoding.ReferenceSize + LtHash.AccountRootSize;

    /// <summary>False for a value no staging step writes (a damaged bucket).</summary>
    /// <remarks>The flag decides: an inline account with 120 data bytes has a reference's length.</remarks>
    public static bool IsValid(ReadOnlySpan<byte> value) => IsReference(value)
        ? AccountEncoding.IsValid(value[..AccountEncoding.ReferenceSize])
        : AccountEncoding.IsValid(value) && !AccountEncoding.IsReference(value);

    public static bool IsReference(ReadOnlySpan<byte> value) => value.Length == ReferenceLength && AccountEncoding.IsReference(value[..AccountEncoding.ReferenceSize]);

    /// <summary>What the accounts column family stores for the record.</summary>
    public static ReadOnlySpan<byte> Stored(ReadOnlySpan<byte> value) => IsReference(value) ? value[..AccountEncoding.ReferenceSize] : value;

    public static ReadOnlySpan<byte> LatticeRoot(ReadOnlySpan<byte> value) => value[AccountEncoding.ReferenceSize..];
}
