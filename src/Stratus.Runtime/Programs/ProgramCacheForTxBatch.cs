using Stratus.Core;
using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs;

/// <summary>
/// The programs a batch of transactions may run, resolved for one slot (Agave's
/// <c>ProgramCacheForTxBatch</c>): builtins by id, BPF programs by program account, and the entries a
/// transaction deployed, which become visible to later transactions only when it succeeds.
/// </summary>
public sealed class ProgramCacheForTxBatch
{
    private readonly Dictionary<Pubkey, ProgramCacheEntry> _entries = new();
    private readonly Dictionary<Pubkey, ProgramCacheEntry> _modified = new();

    public ProgramCacheForTxBatch(ulong slot, Bpf.RuntimeEnvironment environment)
    {
        Slot = slot;
        Environment = environment;
    }

    public ulong Slot { get; }

    /// <summary>The BPF environment programs of this batch run in.</summary>
    public Bpf.RuntimeEnvironment Environment { get; }

    public void Add(in Pubkey key, ProgramCacheEntry entry) => _entries[key] = entry;

    public void AddBuiltin(in Pubkey key, IBuiltinProgram builtin) => _entries[key] = ProgramCacheEntry.ForBuiltin(builtin);

    internal (Pubkey Key, ProgramCacheEntry Entry)[] Snapshot() => _entries.Select(e => (e.Key, e.Value)).ToArray();

    public bool Contains(in Pubkey key) => _modified.ContainsKey(key) || _entries.ContainsKey(key);

    /// <summary>Agave's <c>find</c>: a modified entry first, then the batch's; a not-yet-effective one reads as DelayVisibility.</summary>
    public ProgramCacheEntry? Find(in Pubkey key)
    {
        if (!_modified.TryGetValue(key, out var entry) && !_entries.TryGetValue(key, out entry)) return null;
        return entry.IsDelayedAt(Slot)
            ? ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.DelayVisibility, entry.Loader, entry.DeploymentSlot)
            : entry;
    }

    public IBuiltinProgram? FindBuiltin(in Pubkey key) =>
        Find(key) is { Kind: ProgramCacheEntryKind.Builtin } entry ? entry.Builtin : null;

    /// <summary>Records a program the executing transaction deployed, upgraded or closed.</summary>
    public void StoreModified(in Pubkey key, ProgramCacheEntry entry) => _modified[key] = entry;

    /// <summary>Takes the current transaction's modifications (to merge on success, drop on failure).</summary>
    public Dictionary<Pubkey, ProgramCacheEntry> DrainModified()
    {
        var result = new Dictionary<Pubkey, ProgramCacheEntry>(_modified);
        _modified.Clear();
        return result;
    }

    public void Merge(Dictionary<Pubkey, ProgramCacheEntry> modified)
    {
        foreach (var (key, entry) in modified) _entries[key] = entry;
    }
}
