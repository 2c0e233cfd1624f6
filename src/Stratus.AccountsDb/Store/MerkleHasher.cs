using Stratus.Core;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Streaming fanout-16 sha256 merkle root over leaf hashes fed in pubkey order (Agave's accounts hash and
/// accounts-delta hash). Memory is 16 hashes per level, so a snapshot of any size streams through it. Matches the
/// level-by-level definition: each level is cut into chunks of 16 (the last may be short), each chunk hashed once,
/// until a level has a single hash; no leaves gives the default hash.
/// </summary>
public sealed class MerkleHasher
{
    public const int Fanout = 16;

    private readonly List<byte[]> _levels = [];   // level i: up to 16 pending hashes, 32 bytes each
    private readonly List<int> _pending = [];
    private readonly List<long> _produced = [];    // hashes ever added to level i

    public long LeafCount => _produced.Count == 0 ? 0 : _produced[0];

    public void Add(ReadOnlySpan<byte> hash) => Push(0, hash);

    private void Push(int level, ReadOnlySpan<byte> hash)
    {
        while (_levels.Count <= level)
        {
            _levels.Add(new byte[Fanout * Hash.Length]);
            _pending.Add(0);
            _produced.Add(0);
        }
        hash[..Hash.Length].CopyTo(_levels[level].AsSpan(_pending[level] * Hash.Length));
        _pending[level]++;
        _produced[level]++;
        if (_pending[level] == Fanout) Collapse(level);
    }

    private void Collapse(int level)
    {
        Span<byte> digest = stackalloc byte[Hash.Length];
        Sha256.Hash(_levels[level].AsSpan(0, _pending[level] * Hash.Length), digest);
        _pending[level] = 0;
        Push(level + 1, digest);
    }

    /// <summary>The root. The hasher is left in an unspecified state.</summary>
    public Hash Finish()
    {
        if (LeafCount == 0) return Hash.Default;
        for (var level = 0; ; level++)
        {
            // Level `level` is complete; once it produced a single hash, that hash is the root, except that a lone
            // leaf is still hashed once (level 0 always gets hashed).
            if (level > 0 && _produced[level] == 1) return new Hash(_levels[level].AsSpan(0, Hash.Length));
            if (_pending[level] > 0) Collapse(level);
        }
    }

    public static Hash ComputeRoot(IEnumerable<Hash> leaves)
    {
        var hasher = new MerkleHasher();
        foreach (var leaf in leaves) hasher.Add(leaf.AsSpan());
        return hasher.Finish();
    }
}
