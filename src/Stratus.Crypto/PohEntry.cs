using Stratus.Core;

namespace Stratus.Crypto;

/// <summary>What an entry mixes into its last PoH hash.</summary>
public enum PohEntryKind : byte
{
    /// <summary>No transactions: the last hash is one more plain sha256.</summary>
    Tick,

    /// <summary>
    /// Transactions given by their signatures (64 bytes each, all transactions in order). The entry
    /// has at least one transaction; should they carry no signatures the mixin is 32 zero bytes. An
    /// entry without transactions is a <see cref="Tick"/>.
    /// </summary>
    Signatures,

    /// <summary>Transactions whose signature Merkle root is already known.</summary>
    Mixin,
}

/// <summary>
/// The PoH view of a ledger entry: how many hashes it claims, the hash it claims to end at, and
/// what it mixes in. Signature bytes are referenced, not copied.
/// </summary>
public readonly struct PohEntry
{
    private PohEntry(ulong numHashes, in Hash hash, PohEntryKind kind, in Hash mixin, ReadOnlyMemory<byte> signatures)
    {
        NumHashes = numHashes;
        Hash = hash;
        Kind = kind;
        Mixin = mixin;
        Signatures = signatures;
    }

    public ulong NumHashes { get; }

    /// <summary>The hash the entry claims.</summary>
    public Hash Hash { get; }

    public PohEntryKind Kind { get; }

    /// <summary>The mixin of a <see cref="PohEntryKind.Mixin"/> entry.</summary>
    public Hash Mixin { get; }

    /// <summary>Concatenated 64-byte signatures of a <see cref="PohEntryKind.Signatures"/> entry.</summary>
    public ReadOnlyMemory<byte> Signatures { get; }

    public static PohEntry Tick(ulong numHashes, in Hash hash) => new(numHashes, hash, PohEntryKind.Tick, default, default);

    public static PohEntry WithSignatures(ulong numHashes, in Hash hash, ReadOnlyMemory<byte> signatures) =>
        new(numHashes, hash, PohEntryKind.Signatures, default, signatures);

    public static PohEntry WithMixin(ulong numHashes, in Hash hash, in Hash mixin) => new(numHashes, hash, PohEntryKind.Mixin, mixin, default);
}

/// <summary>Why a list of entries failed PoH verification.</summary>
public enum PohError : byte
{
    None = 0,

    /// <summary>The start hash is not 32 bytes.</summary>
    InvalidStartHash,

    /// <summary>A <see cref="PohEntryKind.Signatures"/> entry's signatures are not a multiple of 64 bytes.</summary>
    InvalidSignatures,

    /// <summary>The recomputed hash differs from the entry's claimed hash.</summary>
    HashMismatch,

    /// <summary>An entry claims more hashes than the caller's bound.</summary>
    TooManyHashes,
}

/// <summary>Result of <see cref="Poh.VerifyEntries(ReadOnlySpan{byte}, IReadOnlyList{PohEntry}, int, ulong)"/>: the first failing entry, if any.</summary>
public readonly record struct PohVerification(PohError Error, int EntryIndex)
{
    public static PohVerification Valid => new(PohError.None, -1);

    public bool IsValid => Error == PohError.None;

    public override string ToString() => IsValid ? "valid" : $"{Error} at entry {EntryIndex}";
}
