using System.Buffers.Binary;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Crypto;

namespace Stratus.AccountsDb.Store;

/// <summary>
/// Account state: rooted state in RocksDB ("accounts": pubkey → <see cref="AccountEncoding"/>, "owner_index":
/// owner ‖ pubkey → empty, "metadata"), unrooted slots in memory as per-slot write sets chained by parent (forks
/// in the replay window), and a byte-budgeted LRU cache of rooted reads. Each slot carries its own capitalization
/// and accounts lattice hash, updated on every write (mix out the old account, mix in the new); rooting a slot
/// flushes its chain in one write batch together with the metadata, so a crash leaves either the old or the new root.
/// Not thread-safe.
/// </summary>
public sealed class AccountStore : IDisposable
{
    public const string AccountsFamily = "accounts";
    public const string OwnerIndexFamily = "owner_index";
    public const string MetadataFamily = "metadata";
    public const string StagingFamily = "staging";
    /// <summary>Directory (inside the database directory) of the blob files that hold large accounts' data after a snapshot load.</summary>
    public const string BlobDirectory = "blobs";

    private readonly AccountStoreOptions _options;
    private readonly Dictionary<ulong, SlotState> _slots = [];
    private readonly Dictionary<Pubkey, CacheEntry> _cache = [];
    private readonly LinkedList<CacheEntry> _lru = new();
    private long _cacheBytes;
    private byte[] _rootLtHash = new byte[LtHash.Size];
    private readonly AccountBlobs _blobs;

    private AccountStore(RocksDatabase db, AccountStoreOptions options)
    {
        Database = db;
        _options = options;
        Accounts = db.GetColumnFamily(AccountsFamily);
        OwnerIndex = db.GetColumnFamily(OwnerIndexFamily);
        Metadata = db.GetColumnFamily(MetadataFamily);
        ReadMetadata();
        _blobs = new AccountBlobs(System.IO.Path.Combine(db.Path, BlobDirectory));
    }

    /// <summary>The blob files the store lists, with their live bytes.</summary>
    public IReadOnlyList<BlobFileInfo> BlobFiles => _blobs.Files.OrderBy(f => f.Id).ToList();

    public RocksDatabase Database { get; }
    internal ColumnFamily Accounts { get; }
    internal ColumnFamily OwnerIndex { get; }
    internal ColumnFamily Metadata { get; }

    public LoadState LoadState { get; private set; }
    public ulong RootSlot { get; private set; }
    public Hash RootBankHash { get; private set; }
    public ulong RootCapitalization { get; private set; }
    public long RootAccountCount { get; private set; }
    public AccountsLtHash RootLtHash => new(_rootLtHash);
    public long CacheBytes => _cacheBytes;
    public IReadOnlyCollection<ulong> UnrootedSlots => _slots.Keys;

    /// <summary>
    /// The owner index is only ever scanned by prefix, so a whole-key bloom filter and a data-block hash index would be
    /// wasted; its 64-byte keys share their owner prefix, which restart intervals of 16 keys delta-encode.
    /// </summary>
    internal static ColumnFamilyOptions OwnerIndexOptions { get; } = new() { BloomBitsPerKey = 0, BlockRestartInterval = 16, DataBlockHashIndex = false };

    /// <summary>
    /// Accounts are read by pubkey: once a snapshot is ingested the bottom level holds nearly every account, so its
    /// bloom filter is skipped (reads of missing pubkeys still answer null, from the index and data block). Read
    /// through mmap, the family is kept uncompressed and out of the block cache: blocks are read in place, so a cache
    /// lookup per read would only cost time, and a compressed block would be decompressed on every read.
    /// </summary>
    internal static ColumnFamilyOptions AccountsOptions(RocksDbOptions settings) => settings.AllowMmapReads
        ? new() { OptimizeFiltersForHits = true, UseBlockCache = false, Compression = Compression.None, BottommostCompression = Compression.None }
        : new() { OptimizeFiltersForHits = true };

    internal static IEnumerable<ColumnFamilyDescriptor> Families(RocksDbOptions settings, bool withStaging)
    {
        yield return new ColumnFamilyDescriptor(AccountsFamily, AccountsOptions(settings));
        yield return new ColumnFamilyDescriptor(OwnerIndexFamily, OwnerIndexOptions);
        yield return MetadataFamily;
        if (withStaging) yield return new ColumnFamilyDescriptor(StagingFamily, new ColumnFamilyOptions { DisableAutoCompactions = true });
    }

    /// <summary>
    /// Opens (creating if missing) the store. A database whose snapshot load never completed is refused with
    /// <see cref="AccountStoreError.IncompleteLoad"/> unless <paramref name="allowIncomplete"/> (only the loader,
    /// which wipes it, passes that).
    /// </summary>
    public static AccountStore Open(string path, AccountStoreOptions? options = null, bool allowIncomplete = false)
    {
        options ??= new AccountStoreOptions();
        var families = Directory.Exists(path) && File.Exists(System.IO.Path.Combine(path, "CURRENT"))
            ? RocksDatabase.ListColumnFamilies(path)
            : [];
        var db = RocksDatabase.Open(path, options.RocksDb, Families(options.RocksDb, families.Contains(StagingFamily)));
        var store = new AccountStore(db, options);
        try
        {
            if (store.LoadState == LoadState.InProgress && !allowIncomplete)
                throw new AccountStoreException(AccountStoreError.IncompleteLoad,
                    $"{path} holds a snapshot load that never completed (interrupted or failed); it must be wiped and reloaded");
            // A load in progress is still writing its blob files: only a finished store is checked and tidied.
            store._blobs.Load(db, store.Metadata, trusted: store.LoadState == LoadState.Complete);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        return store;
    }

    /// <summary>The load state recorded in the database at <paramref name="path"/>, or null when there is none.</summary>
    public static LoadState? Inspect(string path)
    {
        if (!File.Exists(System.IO.Path.Combine(path, "CURRENT"))) return null;
        using var store = Open(path, allowIncomplete: true);
        return store.LoadState;
    }

    private void ReadMetadata()
    {
        var state = Database.Get(Metadata, MetadataKeys.LoadState);
        LoadState = state is { Length: 1 } ? (LoadState)state[0] : LoadState.Empty;
        RootSlot = ReadU64(MetadataKeys.Slot);
        RootCapitalization = ReadU64(MetadataKeys.Capitalization);
        RootAccountCount = (long)ReadU64(MetadataKeys.AccountCount);
        var hash = Database.Get(Metadata, MetadataKeys.BankHash);
        RootBankHash = hash is { Length: Hash.Length } ? new Hash(hash) : Hash.Default;
        var lt = Database.Get(Metadata, MetadataKeys.LtHash);
        _rootLtHash = lt is { Length: LtHash.Size } ? lt : new byte[LtHash.Size];
    }

    private ulong ReadU64(byte[] key)
    {
        var value = Database.Get(Metadata, key);
        return value is { Length: 8 } ? BinaryPrimitives.ReadUInt64LittleEndian(value) : 0;
    }

    internal static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>Writes the root metadata into <paramref name="batch"/>.</summary>
    internal void WriteRootMetadata(WriteBatch batch, LoadState state, ulong slot, Hash bankHash, ulong capitalization, long accountCount, ReadOnlySpan<byte> ltHash)
    {
        batch.Put(Metadata, MetadataKeys.LoadState, [(byte)state]);
        batch.Put(Metadata, MetadataKeys.Slot, U64(slot));
        batch.Put(Metadata, MetadataKeys.BankHash, bankHash.AsSpan());
        batch.Put(Metadata, MetadataKeys.Capitalization, U64(capitalization));
        batch.Put(Metadata, MetadataKeys.AccountCount, U64((ulong)accountCount));
        batch.Put(Metadata, MetadataKeys.LtHash, ltHash);
    }

    internal void SetLoadState(LoadState state)
    {
        Database.Put(Metadata, MetadataKeys.LoadState, [(byte)state]);
        Database.FlushWal(sync: true);
        LoadState = state;
    }

    /// <summary>Marks the (already written) state complete and adopts it as the root, atomically.</summary>
    internal void CommitLoaded(ulong slot, Hash bankHash, ulong capitalization, long accountCount, ReadOnlySpan<byte> ltHash, IReadOnlyList<BlobFileInfo> blobFiles)
    {
        using var batch = new WriteBatch();
        WriteRootMetadata(batch, LoadState.Complete, slot, bankHash, capitalization, accountCount, ltHash);
        _blobs.Register(batch, Metadata, blobFiles);
        Database.Write(batch);
        Database.FlushWal(sync: true);
        _slots.Clear();
        ClearCache();
        ReadMetadata();
        _blobs.Load(Database, Metadata, trusted: true);
    }

    /// <summary>Initialises an empty store with genesis (or any other) accounts as root slot <paramref name="slot"/>.</summary>
    public void InitializeRoot(ulong slot, Hash bankHash, IEnumerable<KeyValuePair<Pubkey, Account>> accounts)
    {
        var lt = new byte[LtHash.Size];
        var accountLt = new byte[LtHash.Size];
        ulong capitalization = 0;
        long count = 0;
        using var batch = new WriteBatch();
        Span<byte> ownerKey = stackalloc byte[64];
        foreach (var (pubkey, account) in accounts)
        {
            if (account.Lamports == 0) continue;
            batch.Put(Accounts, pubkey.AsSpan(), AccountEncoding.Encode(account));
            account.Owner.CopyTo(ownerKey);
            pubkey.CopyTo(ownerKey[32..]);
            batch.Put(OwnerIndex, ownerKey, []);
            AccountHashes.Lattice(account.Lamports, account.Data, account.Executable, account.Owner.AsSpan(), pubkey.AsSpan(), accountLt);
            LtHash.MixIn(lt, accountLt);
            capitalization += account.Lamports;
            count++;
        }
        WriteRootMetadata(batch, LoadState.Complete, slot, bankHash, capitalization, count, lt);
        Database.Write(batch);
        _slots.Clear();
        ClearCache();
        ReadMetadata();
    }

    /// <summary>Starts an unrooted slot on top of <paramref name="parent"/> (the root or another unrooted slot).</summary>
    public void CreateSlot(ulong slot, ulong parent)
    {
        if (slot <= RootSlot) throw new AccountStoreException(AccountStoreError.SlotAlreadyRooted, $"slot {slot} is not above the root {RootSlot}");
        if (_slots.ContainsKey(slot)) throw new AccountStoreException(AccountStoreError.UnknownSlot, $"slot {slot} already exists");
        if (parent <= slot && parent == RootSlot)
        {
            _slots[slot] = new SlotState(slot, parent, (byte[])_rootLtHash.Clone(), RootCapitalization, RootAccountCount);
            return;
        }
        if (!_slots.TryGetValue(parent, out var p) || parent >= slot)
            throw new AccountStoreException(AccountStoreError.UnknownSlot, $"parent slot {parent} of {slot} is neither the root nor an unrooted slot");
        _slots[slot] = new SlotState(slot, parent, (byte[])p.LtHash.Clone(), p.Capitalization, p.AccountCount);
    }

    private SlotState GetSlot(ulong slot) => _slots.TryGetValue(slot, out var s)
        ? s
        : throw new AccountStoreException(AccountStoreError.UnknownSlot, $"slot {slot} is not an unrooted slot");

    /// <summary>The encoded account as seen at <paramref name="slot"/> (null: the rooted state), or null if absent.</summary>
    public byte[]? GetEncoded(Pubkey pubkey, ulong? slot = null) =>
        TryGetUnrooted(pubkey, slot, out var value) ? value : GetRooted(pubkey);

    /// <summary>
    /// Copies the encoded account as seen at <paramref name="slot"/> (null: the rooted state) into
    /// <paramref name="destination"/>. Returns its length, or -1 when the account is absent; when the length exceeds the
    /// destination nothing is copied (retry with a larger buffer). Allocates nothing while the account cache is off
    /// (<see cref="AccountStoreOptions.CacheBudgetBytes"/> = 0): the value goes from RocksDB's memory straight into
    /// <paramref name="destination"/>.
    /// </summary>
    public int ReadEncoded(Pubkey pubkey, Span<byte> destination, ulong? slot = null)
    {
        if (!TryGetUnrooted(pubkey, slot, out var value))
        {
            if (_options.CacheBudgetBytes <= 0) return ReadRooted(pubkey, destination);
            value = GetRooted(pubkey);
        }
        if (value == null) return -1;
        if (value.Length <= destination.Length) value.CopyTo(destination);
        return value.Length;
    }

    /// <summary>The rooted value straight into <paramref name="destination"/>, a reference resolved there too.</summary>
    private int ReadRooted(Pubkey pubkey, Span<byte> destination)
    {
        var length = Database.Get(Accounts, pubkey.AsSpan(), destination);
        if (length != AccountEncoding.ReferenceSize || length > destination.Length || !AccountEncoding.IsReference(destination[..length])) return length;
        Span<byte> reference = stackalloc byte[AccountEncoding.ReferenceSize];
        destination[..length].CopyTo(reference);
        var needed = AccountEncoding.HeaderSize + Math.Max(0, AccountEncoding.ReferencedDataLength(reference));
        if (needed > destination.Length) return needed;
        _blobs.ResolveInto(pubkey.AsSpan(), reference, destination[..needed]);
        return needed;
    }

    /// <summary>The value written in <paramref name="slot"/>'s unrooted chain (null: deleted there), if any.</summary>
    private bool TryGetUnrooted(Pubkey pubkey, ulong? slot, out byte[]? value)
    {
        if (slot is { } s && s != RootSlot)
        {
            var state = GetSlot(s);
            while (true)
            {
                if (state.Writes.TryGetValue(pubkey, out value)) return true;
                if (!_slots.TryGetValue(state.Parent, out var parent)) break;
                state = parent;
            }
        }
        value = null;
        return false;
    }

    public Account? Get(Pubkey pubkey, ulong? slot = null)
    {
        var value = GetEncoded(pubkey, slot);
        return value == null ? null : AccountEncoding.Decode(value);
    }

    private byte[]? GetRooted(Pubkey pubkey)
    {
        if (_cache.TryGetValue(pubkey, out var entry))
        {
            _lru.Remove(entry.Node!);
            _lru.AddFirst(entry.Node!);
            return entry.Value;
        }
        var value = Database.Get(Accounts, pubkey.AsSpan());
        if (value != null && AccountEncoding.IsReference(value)) value = _blobs.Resolve(pubkey.AsSpan(), value);
        if (_options.CacheBudgetBytes > 0) AddToCache(pubkey, value);
        return value;
    }

    private void AddToCache(Pubkey pubkey, byte[]? value)
    {
        var entry = new CacheEntry(pubkey, value);
        if (entry.Size > _options.CacheBudgetBytes) return;
        entry.Node = _lru.AddFirst(entry);
        _cache[pubkey] = entry;
        _cacheBytes += entry.Size;
        while (_cacheBytes > _options.CacheBudgetBytes && _lru.Last is { } last)
        {
            _lru.RemoveLast();
            _cache.Remove(last.Value.Key);
            _cacheBytes -= last.Value.Size;
        }
    }

    private void Invalidate(Pubkey pubkey)
    {
        if (!_cache.Remove(pubkey, out var entry)) return;
        _lru.Remove(entry.Node!);
        _cacheBytes -= entry.Size;
    }

    private void ClearCache()
    {
        _cache.Clear();
        _lru.Clear();
        _cacheBytes = 0;
    }

    /// <summary>Writes <paramref name="account"/> in <paramref name="slot"/>; zero lamports deletes it.</summary>
    public void Store(ulong slot, Pubkey pubkey, Account account)
    {
        var state = GetSlot(slot);
        var old = GetEncoded(pubkey, slot);
        Span<byte> accountLt = new byte[LtHash.Size];
        if (old != null)
        {
            AccountHashes.Lattice(AccountEncoding.Lamports(old), AccountEncoding.Data(old), AccountEncoding.Executable(old), AccountEncoding.Owner(old), pubkey.AsSpan(), accountLt);
            LtHash.MixOut(state.LtHash, accountLt);
            state.Capitalization -= AccountEncoding.Lamports(old);
            state.AccountCount--;
        }
        if (account.Lamports == 0)
        {
            state.Writes[pubkey] = null;
            return;
        }
        var encoded = AccountEncoding.Encode(account);
        AccountHashes.Lattice(account.Lamports, account.Data, account.Executable, account.Owner.AsSpan(), pubkey.AsSpan(), accountLt);
        LtHash.MixIn(state.LtHash, accountLt);
        state.Capitalization += account.Lamports;
        state.AccountCount++;
        state.Writes[pubkey] = encoded;
    }

    public ulong GetCapitalization(ulong slot) => slot == RootSlot ? RootCapitalization : GetSlot(slot).Capitalization;
    public AccountsLtHash GetLtHash(ulong slot) => slot == RootSlot ? RootLtHash : new AccountsLtHash(GetSlot(slot).LtHash);
    public long GetAccountCount(ulong slot) => slot == RootSlot ? RootAccountCount : GetSlot(slot).AccountCount;

    /// <summary>The accounts written in <paramref name="slot"/> itself (deletions as zero-lamport accounts).</summary>
    public IEnumerable<KeyValuePair<Pubkey, Account>> GetSlotWrites(ulong slot)
    {
        foreach (var (pubkey, value) in GetSlot(slot).Writes)
            yield return new(pubkey, value == null ? new Account() : AccountEncoding.Decode(value));
    }

    /// <summary>The pre-lattice accounts-delta hash of <paramref name="slot"/>.</summary>
    public Hash ComputeAccountsDeltaHash(ulong slot) => AccountsDeltaHash.Compute(GetSlotWrites(slot));

    /// <summary>
    /// Roots <paramref name="slot"/>: its chain down to the current root is flushed in one write batch (accounts,
    /// owner index, metadata); slots not descending from it are dropped.
    /// </summary>
    public void Root(ulong slot, Hash bankHash)
    {
        var chain = new List<SlotState>();
        for (var s = GetSlot(slot); ; s = _slots[s.Parent])
        {
            chain.Add(s);
            if (!_slots.ContainsKey(s.Parent)) break;
        }
        chain.Reverse();
        var final = new Dictionary<Pubkey, byte[]?>();
        foreach (var s in chain)
            foreach (var (k, v) in s.Writes) final[k] = v;

        var top = chain[^1];
        using var batch = new WriteBatch();
        Span<byte> ownerKey = stackalloc byte[64];
        foreach (var (pubkey, value) in final)
        {
            // The stored form: a reference's header has the owner, and its entry dies here.
            var old = Database.Get(Accounts, pubkey.AsSpan());
            if (old != null && AccountEncoding.IsReference(old)) _blobs.Release(old);
            pubkey.CopyTo(ownerKey[32..]);
            if (old != null && (value == null || !AccountEncoding.Owner(old).SequenceEqual(AccountEncoding.Owner(value))))
            {
                AccountEncoding.Owner(old).CopyTo(ownerKey);
                batch.Delete(OwnerIndex, ownerKey);
            }
            if (value == null)
            {
                if (old != null) batch.Delete(Accounts, pubkey.AsSpan());
            }
            else
            {
                batch.Put(Accounts, pubkey.AsSpan(), value);
                AccountEncoding.Owner(value).CopyTo(ownerKey);
                batch.Put(OwnerIndex, ownerKey, []);
            }
        }
        WriteRootMetadata(batch, LoadState.Complete, slot, bankHash, top.Capitalization, top.AccountCount, top.LtHash);
        _blobs.WriteChanges(batch, Metadata);
        Database.Write(batch);

        foreach (var pubkey in final.Keys) Invalidate(pubkey);
        RootSlot = slot;
        RootBankHash = bankHash;
        RootCapitalization = top.Capitalization;
        RootAccountCount = top.AccountCount;
        _rootLtHash = top.LtHash;
        LoadState = LoadState.Complete;

        foreach (var s in _slots.Keys.ToList())
        {
            if (s <= slot || !DescendsFrom(s, slot)) _slots.Remove(s);
        }
        CompactBlobFile();
    }

    /// <summary>What stopped the last blob-file compaction (a damaged file, named), or null; that file is not tried again.</summary>
    public string? BlobCompactionError { get; private set; }

    /// <summary>
    /// Compacts at most one blob file per root, so a root never stalls for long. The root is already written, so a
    /// damaged file does not fail it: the error is kept in <see cref="BlobCompactionError"/> (reads of the damaged
    /// entries fail on their own, precisely) and the file is left as it is.
    /// </summary>
    private void CompactBlobFile()
    {
        if (_blobs.CompactionCandidate(_options.BlobCompactionRatio) is not { } file) return;
        try
        {
            _blobs.Compact(file, Database, Accounts, Metadata);
        }
        catch (AccountStoreException e) when (e.Error == AccountStoreError.BlobFile)
        {
            BlobCompactionError = e.Message;
            _blobs.SkipCompaction(file);
        }
    }

    private bool DescendsFrom(ulong slot, ulong ancestor)
    {
        var current = slot;
        while (_slots.TryGetValue(current, out var s))
        {
            if (s.Parent == ancestor) return true;
            current = s.Parent;
        }
        return false;
    }

    /// <summary>Rooted accounts owned by <paramref name="owner"/> (getProgramAccounts), in pubkey order.</summary>
    public IEnumerable<Pubkey> GetProgramAccounts(Pubkey owner)
    {
        using var iterator = Database.NewIterator(OwnerIndex);
        var prefix = owner.ToArray();
        iterator.Seek(prefix);
        while (iterator.Valid && iterator.Key.Length == 64 && iterator.Key[..32].SequenceEqual(prefix))
        {
            yield return Pubkey.Read(iterator.Key[32..]);
            iterator.Next();
        }
    }

    public void Dispose()
    {
        _blobs.Dispose();
        Database.Dispose();
    }

    private sealed class SlotState(ulong slot, ulong parent, byte[] ltHash, ulong capitalization, long accountCount)
    {
        public ulong Slot { get; } = slot;
        public ulong Parent { get; } = parent;
        public byte[] LtHash { get; } = ltHash;
        public ulong Capitalization { get; set; } = capitalization;
        public long AccountCount { get; set; } = accountCount;
        public Dictionary<Pubkey, byte[]?> Writes { get; } = [];
    }
}
