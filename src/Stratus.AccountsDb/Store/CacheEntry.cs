namespace Stratus.AccountsDb.Store;

/// <summary>LRU bookkeeping for the rooted-account cache; null value caches "absent".</summary>
internal sealed class CacheEntry(Stratus.Core.Pubkey key, byte[]? value)
{
    public const int Overhead = 96;
    public Stratus.Core.Pubkey Key { get; } = key;
    public byte[]? Value { get; set; } = value;
    public LinkedListNode<CacheEntry>? Node { get; set; }
    public long Size => Overhead + (Value?.Length ?? 0);
}
