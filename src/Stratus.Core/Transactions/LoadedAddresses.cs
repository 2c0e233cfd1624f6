namespace Stratus.Core.Transactions;

/// <summary>Keys loaded through a v0 message's address table lookups, in lookup order.</summary>
public sealed class LoadedAddresses(Pubkey[] writable, Pubkey[] @readonly)
{
    public static LoadedAddresses Empty { get; } = new([], []);

    public Pubkey[] Writable { get; } = writable;

    public Pubkey[] Readonly { get; } = @readonly;

    public int Count => Writable.Length + Readonly.Length;
}

/// <summary>
/// A message's full account list without copying: static keys, then looked-up writable keys, then
/// looked-up readonly keys (Agave's <c>AccountKeys</c>).
/// </summary>
public readonly ref struct AccountKeys
{
    public AccountKeys(ReadOnlySpan<Pubkey> staticKeys, ReadOnlySpan<Pubkey> loadedWritable = default, ReadOnlySpan<Pubkey> loadedReadonly = default)
    {
        StaticKeys = staticKeys;
        LoadedWritable = loadedWritable;
        LoadedReadonly = loadedReadonly;
    }

    public AccountKeys(ReadOnlySpan<Pubkey> staticKeys, LoadedAddresses? loaded)
        : this(staticKeys, loaded?.Writable ?? default, loaded?.Readonly ?? default)
    {
    }

    public ReadOnlySpan<Pubkey> StaticKeys { get; }

    public ReadOnlySpan<Pubkey> LoadedWritable { get; }

    public ReadOnlySpan<Pubkey> LoadedReadonly { get; }

    public int Count => StaticKeys.Length + LoadedWritable.Length + LoadedReadonly.Length;

    /// <summary>The key at <paramref name="index"/> in the combined list.</summary>
    public ref readonly Pubkey this[int index]
    {
        get
        {
            if ((uint)index < (uint)StaticKeys.Length) return ref StaticKeys[index];
            index -= StaticKeys.Length;
            if ((uint)index < (uint)LoadedWritable.Length) return ref LoadedWritable[index];
            index -= LoadedWritable.Length;
            return ref LoadedReadonly[index];
        }
    }

    public bool TryGet(int index, out Pubkey key)
    {
        if ((uint)index < (uint)Count)
        {
            key = this[index];
            return true;
        }
        key = default;
        return false;
    }

    public bool Contains(in Pubkey key) =>
        StaticKeys.Contains(key) || LoadedWritable.Contains(key) || LoadedReadonly.Contains(key);

    /// <summary>Index of <paramref name="key"/> in the combined list, or -1.</summary>
    public int IndexOf(in Pubkey key)
    {
        var i = StaticKeys.IndexOf(key);
        if (i >= 0) return i;
        i = LoadedWritable.IndexOf(key);
        if (i >= 0) return StaticKeys.Length + i;
        i = LoadedReadonly.IndexOf(key);
        return i >= 0 ? StaticKeys.Length + LoadedWritable.Length + i : -1;
    }

    /// <summary>Copies the combined list into <paramref name="destination"/> and returns the count.</summary>
    public int CopyTo(Span<Pubkey> destination)
    {
        StaticKeys.CopyTo(destination);
        LoadedWritable.CopyTo(destination[StaticKeys.Length..]);
        LoadedReadonly.CopyTo(destination[(StaticKeys.Length + LoadedWritable.Length)..]);
        return Count;
    }

    public Pubkey[] ToArray()
    {
        var result = new Pubkey[Count];
        CopyTo(result);
        return result;
    }

    /// <summary>True when any key appears twice (Agave's lock-time <c>AccountLoadedTwice</c> check).</summary>
    public bool HasDuplicates()
    {
        var n = Count;
        // Pairwise is faster for the short lists most transactions have and needs no scratch space.
        if (n < 32)
        {
            for (var i = 0; i < n; i++)
            {
                ref readonly var key = ref this[i];
                for (var j = i + 1; j < n; j++)
                    if (key.Equals(this[j])) return true;
            }
            return false;
        }
        Pubkey[]? rented = null;
        var scratch = n <= 256 ? stackalloc Pubkey[n] : (rented = System.Buffers.ArrayPool<Pubkey>.Shared.Rent(n)).AsSpan(0, n);
        try
        {
            CopyTo(scratch);
            scratch.Sort();
            for (var i = 1; i < n; i++)
                if (scratch[i - 1].Equals(scratch[i])) return true;
            return false;
        }
        finally
        {
            if (rented != null) System.Buffers.ArrayPool<Pubkey>.Shared.Return(rented);
        }
    }
}
