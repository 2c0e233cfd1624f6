using Stratus.Core;

namespace Stratus.Crypto;

/// <summary>
/// Proof of History: a sha256 chain over a 32-byte state, with transaction Merkle roots mixed in
/// (Agave <c>entry::next_hash</c>, <c>Poh</c>, <c>EntrySlice::verify</c>).
/// </summary>
public static class Poh
{
    public const int HashSize = Sha256.HashSize;

    /// <summary>state ← sha256^iterations(state), on the calling thread.</summary>
    public static void HashChain(Span<byte> state, ulong iterations) => Sha256.HashChain(state, iterations);

    /// <summary>destination ← sha256(state ‖ mixin): how a transaction batch enters the chain.</summary>
    public static void Mixin(ReadOnlySpan<byte> state, ReadOnlySpan<byte> mixin, Span<byte> destination) =>
        Sha256.Hash64(state, mixin, destination);

    /// <summary>
    /// The hash an entry must claim after <paramref name="start"/>: with no hashes and no transactions
    /// it is the start itself; otherwise <paramref name="numHashes"/> − 1 plain hashes (saturating at
    /// zero), then one more plain hash for a tick or one mixin hash when <paramref name="mixin"/> is given.
    /// </summary>
    public static void NextHash(ReadOnlySpan<byte> start, ulong numHashes, ReadOnlySpan<byte> mixin, bool isTick, Span<byte> destination)
    {
        if (start.Length != HashSize) throw new ArgumentException($"start must be {HashSize} bytes, got {start.Length}", nameof(start));
        if (destination.Length < HashSize) throw new ArgumentException($"destination must hold {HashSize} bytes", nameof(destination));
        if (!isTick && mixin.Length != HashSize) throw new ArgumentException($"mixin must be {HashSize} bytes, got {mixin.Length}", nameof(mixin));
        Span<byte> state = stackalloc byte[HashSize];
        start.CopyTo(state);
        if (numHashes == 0 && isTick)
        {
            state.CopyTo(destination);
            return;
        }
        Sha256.HashChain(state, numHashes == 0 ? 0 : numHashes - 1);
        if (isTick)
            Sha256.Hash32(state, destination);
        else
            Sha256.Hash64(state, mixin, destination);
    }

    /// <summary>
    /// Verifies that every entry's claimed hash follows from the previous entry's claimed hash (the
    /// first from <paramref name="startHash"/>), like Agave's <c>EntrySlice::verify</c>: each pair is
    /// checked independently, so the work spreads over cores. Reports the lowest failing index.
    /// <paramref name="maxDegreeOfParallelism"/> ≤ 0 means one worker per core.
    /// <paramref name="maxHashesPerEntry"/> bounds the work a hostile num_hashes can demand (Agave
    /// rejects such blocks in <c>verify_ticks</c> before any hashing); pass hashes_per_tick.
    /// </summary>
    public static PohVerification VerifyEntries(ReadOnlySpan<byte> startHash, IReadOnlyList<PohEntry> entries, int maxDegreeOfParallelism = -1, ulong maxHashesPerEntry = ulong.MaxValue)
    {
        if (startHash.Length != HashSize) return new PohVerification(PohError.InvalidStartHash, -1);
        return VerifyEntries(Hash.Read(startHash), entries, maxDegreeOfParallelism, maxHashesPerEntry);
    }

    /// <inheritdoc cref="VerifyEntries(ReadOnlySpan{byte}, IReadOnlyList{PohEntry}, int, ulong)"/>
    public static PohVerification VerifyEntries(in Hash startHash, IReadOnlyList<PohEntry> entries, int maxDegreeOfParallelism = -1, ulong maxHashesPerEntry = ulong.MaxValue)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].NumHashes > maxHashesPerEntry) return new PohVerification(PohError.TooManyHashes, i);
            var shapeError = CheckShape(entries[i]);
            if (shapeError != PohError.None) return new PohVerification(shapeError, i);
        }

        var start = startHash;
        var firstBad = int.MaxValue;
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism <= 0 ? -1 : maxDegreeOfParallelism };
        Parallel.For(0, entries.Count, options, i =>
        {
            // An index above a known failure cannot change the answer.
            if (i > Volatile.Read(ref firstBad)) return;
            var previous = i == 0 ? start : entries[i - 1].Hash;
            if (!Follows(previous.AsSpan(), entries[i]))
            {
                int seen;
                while (i < (seen = Volatile.Read(ref firstBad)) && Interlocked.CompareExchange(ref firstBad, i, seen) != seen)
                {
                }
            }
        });
        return firstBad == int.MaxValue ? PohVerification.Valid : new PohVerification(PohError.HashMismatch, firstBad);
    }

    /// <summary>Checks one entry against the hash before it (the previous entry's claimed hash).</summary>
    public static PohError VerifyEntry(ReadOnlySpan<byte> previous, in PohEntry entry)
    {
        if (previous.Length != HashSize) return PohError.InvalidStartHash;
        var shapeError = CheckShape(entry);
        if (shapeError != PohError.None) return shapeError;
        return Follows(previous, entry) ? PohError.None : PohError.HashMismatch;
    }

    private static bool Follows(ReadOnlySpan<byte> previous, in PohEntry entry)
    {
        Span<byte> mixin = stackalloc byte[HashSize];
        Span<byte> computed = stackalloc byte[HashSize];
        var isTick = entry.Kind == PohEntryKind.Tick;
        if (entry.Kind == PohEntryKind.Signatures)
            SignatureMerkle.Root(entry.Signatures.Span, mixin);
        else if (entry.Kind == PohEntryKind.Mixin)
            entry.Mixin.CopyTo(mixin);
        NextHash(previous, entry.NumHashes, mixin, isTick, computed);
        return computed.SequenceEqual(entry.Hash.AsSpan());
    }

    private static PohError CheckShape(in PohEntry entry) =>
        entry.Kind == PohEntryKind.Signatures && entry.Signatures.Length % SignatureMerkle.SignatureSize != 0
            ? PohError.InvalidSignatures
            : PohError.None;
}
