namespace Stratus.Crypto;

/// <summary>What an entry mixes into its last PoH hash.</summary>
public enum PohEntryKind : byte
{
    /// <summary>No transactions: the last hash is one more plain sha256.</summary>
    Tick,

    /// <summary>Transactions given by their signatures (64 bytes each, all transactions in order, possibly none).</summary>
    Signatures,

    /// <summary>Transactions whose signature Merkle root is already known.</summary>
    Mixin,
}

/// <summary>
/// The PoH view of a ledger entry: how many hashes it claims, the hash it claims to end at, and
/// what it mixes in. The byte buffers are not copied.
/// </summary>
public readonly struct PohEntry
{
    private PohEntry(ulong numHashes, ReadOnlyMemory<byte> hash, PohEntryKind kind, ReadOnlyMemory<byte> payload)
    {
        NumHashes = numHashes;
        Hash = hash;
        Kind = kind;
        Payload = payload;
    }

    public ulong NumHashes { get; }

    /// <summary>The 32-byte hash the entry claims.</summary>
    public ReadOnlyMemory<byte> Hash { get; }

    public PohEntryKind Kind { get; }

    /// <summary>Concatenated signatures (<see cref="PohEntryKind.Signatures"/>), the 32-byte mixin (<see cref="PohEntryKind.Mixin"/>) or empty.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public static PohEntry Tick(ulong numHashes, ReadOnlyMemory<byte> hash) => new(numHashes, hash, PohEntryKind.Tick, default);

    public static PohEntry WithSignatures(ulong numHashes, ReadOnlyMemory<byte> hash, ReadOnlyMemory<byte> signatures) =>
        new(numHashes, hash, PohEntryKind.Signatures, signatures);

    public static PohEntry WithMixin(ulong numHashes, ReadOnlyMemory<byte> hash, ReadOnlyMemory<byte> mixin) =>
        new(numHashes, hash, PohEntryKind.Mixin, mixin);
}

/// <summary>Why a list of entries failed PoH verification.</summary>
public enum PohError : byte
{
    None = 0,

    /// <summary>The start hash is not 32 bytes.</summary>
    InvalidStartHash,

    /// <summary>An entry's hash is not 32 bytes.</summary>
    InvalidEntryHash,

    /// <summary>A <see cref="PohEntryKind.Mixin"/> entry's mixin is not 32 bytes.</summary>
    InvalidMixin,

    /// <summary>A <see cref="PohEntryKind.Signatures"/> entry's signatures are not a multiple of 64 bytes.</summary>
    InvalidSignatures,

    /// <summary>A tick carries a payload.</summary>
    UnexpectedPayload,

    /// <summary>The recomputed hash differs from the entry's claimed hash.</summary>
    HashMismatch,
}

/// <summary>Result of <see cref="Poh.VerifyEntries"/>: the first failing entry, if any.</summary>
public readonly record struct PohVerification(PohError Error, int EntryIndex)
{
    public static PohVerification Valid => new(PohError.None, -1);

    public bool IsValid => Error == PohError.None;

    public override string ToString() => IsValid ? "valid" : $"{Error} at entry {EntryIndex}";
}
