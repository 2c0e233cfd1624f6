namespace Stratus.Core.Transactions;

public sealed partial class Message
{
    /// <summary>
    /// Agave's message sanitize (solana-message 2.2 <c>legacy::Message::sanitize</c> /
    /// <c>v0::Message::sanitize</c>), with rules checked in the same order. Duplicate keys and the
    /// account-lock limit are not sanitize rules; see <see cref="AccountLocks"/>.
    /// </summary>
    public SanitizeResult Sanitize() => Version == MessageVersion.Legacy ? SanitizeLegacy() : SanitizeV0();

    private SanitizeResult SanitizeLegacy()
    {
        var keyCount = StaticAccountKeyCount;
        if (Header.NumRequiredSignatures + Header.NumReadonlyUnsignedAccounts > keyCount)
            return new(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys);
        // Legacy reports a missing writable fee payer as IndexOutOfBounds; v0 as InvalidValue.
        if (Header.NumReadonlySignedAccounts >= Header.NumRequiredSignatures)
            return new(SanitizeError.IndexOutOfBounds, SanitizeReason.NoWritableFeePayer);

        var span = _bytes.Span;
        for (var i = 0; i < _instructions.Length; i++)
        {
            ref readonly var ix = ref _instructions[i];
            if (ix.ProgramIdIndex >= keyCount)
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIndexOutOfBounds, i);
            if (ix.ProgramIdIndex == 0)
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIsFeePayer, i);
            if (HasIndexAtLeast(span.Slice(ix.AccountsOffset, ix.AccountCount), keyCount))
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.AccountIndexOutOfBounds, i);
        }
        return SanitizeResult.Ok;
    }

    private SanitizeResult SanitizeV0()
    {
        var staticCount = StaticAccountKeyCount;
        if (Header.NumRequiredSignatures + Header.NumReadonlyUnsignedAccounts > staticCount)
            return new(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys);
        if (Header.NumReadonlySignedAccounts >= Header.NumRequiredSignatures)
            return new(SanitizeError.InvalidValue, SanitizeReason.NoWritableFeePayer);

        foreach (ref readonly var lookup in _lookups.AsSpan())
        {
            if (lookup.WritableCount + lookup.ReadonlyCount == 0)
                return new(SanitizeError.InvalidValue, SanitizeReason.EmptyAddressTableLookup);
        }

        // Already implied by the two header checks; kept because Agave checks it too.
        if (staticCount == 0) return new(SanitizeError.InvalidValue, SanitizeReason.NoAccountKeys);

        var total = TotalAccountKeyCount;
        if (total > MaxAccountKeys) return new(SanitizeError.IndexOutOfBounds, SanitizeReason.TooManyAccountKeys);

        var span = _bytes.Span;
        for (var i = 0; i < _instructions.Length; i++)
        {
            ref readonly var ix = ref _instructions[i];
            // Program ids must be static keys so instructions can be analysed without loading tables.
            if (ix.ProgramIdIndex > staticCount - 1)
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIndexOutOfBounds, i);
            if (ix.ProgramIdIndex == 0)
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIsFeePayer, i);
            if (HasIndexAtLeast(span.Slice(ix.AccountsOffset, ix.AccountCount), total))
                return new(SanitizeError.IndexOutOfBounds, SanitizeReason.AccountIndexOutOfBounds, i);
        }
        return SanitizeResult.Ok;
    }

    private static bool HasIndexAtLeast(ReadOnlySpan<byte> indexes, int limit)
        => limit <= byte.MaxValue && indexes.IndexOfAnyInRange((byte)limit, byte.MaxValue) >= 0;

    /// <summary>True when the account at <paramref name="index"/> must sign (it is among the first num_required_signatures keys).</summary>
    public bool IsSigner(int index) => (uint)index < Header.NumRequiredSignatures;

    /// <summary>
    /// Whether the header (or, past the static keys, the lookups) requests the account at
    /// <paramref name="index"/> as writable, before any demotion. Past the static keys the looked-up
    /// writable keys come first. Arithmetic saturates, so unsanitized headers give an answer, not an exception.
    /// </summary>
    public bool IsWritableIndex(int index) => IsWritableIndex(index, LookupWritableCount);

    private bool IsWritableIndex(int index, int loadedWritableCount)
    {
        if (index < 0) return false;
        var staticCount = StaticAccountKeyCount;
        int required = Header.NumRequiredSignatures;
        if (index >= staticCount)
        {
            return Version == MessageVersion.V0 && index - staticCount < loadedWritableCount;
        }
        if (index >= required)
        {
            var writableUnsigned = Math.Max(0, Math.Max(0, staticCount - required) - Header.NumReadonlyUnsignedAccounts);
            return index - required < writableUnsigned;
        }
        return index < Math.Max(0, required - Header.NumReadonlySignedAccounts);
    }

    /// <summary>True when some instruction invokes the account at <paramref name="index"/> as its program.</summary>
    public bool IsKeyCalledAsProgram(int index)
    {
        if ((uint)index > byte.MaxValue) return false;
        foreach (ref readonly var ix in _instructions.AsSpan())
            if (ix.ProgramIdIndex == index) return true;
        return false;
    }

    /// <summary>True when some instruction passes the account at <paramref name="index"/> as an input.</summary>
    public bool IsInstructionAccount(int index)
    {
        if ((uint)index > byte.MaxValue) return false;
        var span = _bytes.Span;
        foreach (ref readonly var ix in _instructions.AsSpan())
            if (span.Slice(ix.AccountsOffset, ix.AccountCount).Contains((byte)index)) return true;
        return false;
    }

    /// <summary>True when the upgradeable loader is among the static keys.</summary>
    public bool IsUpgradeableLoaderInStaticKeys() => StaticAccountKeys.Contains(ProgramIds.BpfLoaderUpgradeable);

    /// <summary>
    /// Agave's <c>is_maybe_writable</c>: requested writable, not a reserved key, and not invoked as a
    /// program unless the upgradeable loader is a static key. Looked-up keys cannot be checked against the
    /// reserved set before loading, so for them this is an upper bound; the runtime uses
    /// <see cref="GetWritableFlags"/> with the loaded addresses instead.
    /// </summary>
    public bool IsMaybeWritable(int index, ReservedAccountKeys? reservedAccountKeys = null)
    {
        if (!IsWritableIndex(index)) return false;
        if (reservedAccountKeys != null && index < StaticAccountKeyCount && reservedAccountKeys.IsReserved(StaticAccountKeys[index]))
            return false;
        return !(IsKeyCalledAsProgram(index) && !IsUpgradeableLoaderInStaticKeys());
    }

    /// <summary>The full account list once <paramref name="loaded"/> addresses are known (none for legacy).</summary>
    public AccountKeys GetAccountKeys(LoadedAddresses? loaded = null) => new(StaticAccountKeys, loaded);

    /// <summary>
    /// The runtime's write-lock decision for every account (Agave's <c>is_writable_account_cache</c> of
    /// a sanitized <c>LegacyMessage</c> / <c>LoadedMessage</c>): requested writable, not reserved, and not
    /// invoked as a program unless the upgradeable loader is anywhere in the full account list.
    /// </summary>
    public void GetWritableFlags(LoadedAddresses? loaded, ReservedAccountKeys reservedAccountKeys, Span<bool> flags)
    {
        var keys = GetAccountKeys(loaded);
        var count = keys.Count;
        if (flags.Length < count) throw new ArgumentException($"need {count} flags", nameof(flags));
        var loaderPresent = keys.Contains(ProgramIds.BpfLoaderUpgradeable);
        var loadedWritable = loaded?.Writable.Length ?? 0;
        for (var i = 0; i < count; i++)
        {
            flags[i] = IsWritableIndex(i, loadedWritable)
                && !reservedAccountKeys.IsReserved(keys[i])
                && !(IsKeyCalledAsProgram(i) && !loaderPresent);
        }
    }

    /// <inheritdoc cref="GetWritableFlags(LoadedAddresses?, ReservedAccountKeys, Span{bool})"/>
    public bool[] GetWritableFlags(LoadedAddresses? loaded, ReservedAccountKeys reservedAccountKeys)
    {
        var flags = new bool[StaticAccountKeyCount + (loaded?.Count ?? 0)];
        GetWritableFlags(loaded, reservedAccountKeys, flags);
        return flags;
    }

    /// <summary>
    /// Resolves the lookups against table contents supplied by <paramref name="getTableAddresses"/>
    /// (the addresses a table makes visible at this slot, or null when the table cannot be used).
    /// Reading table accounts, their owner and their activation belongs to the caller.
    /// </summary>
    public AddressLoaderError? TryLoadAddresses(Func<Pubkey, Pubkey[]?> getTableAddresses, out LoadedAddresses loaded)
    {
        loaded = LoadedAddresses.Empty;
        if (_lookups.Length == 0) return null;
        var writable = new Pubkey[LookupWritableCount];
        var @readonly = new Pubkey[LookupReadonlyCount];
        int w = 0, r = 0;
        for (var i = 0; i < _lookups.Length; i++)
        {
            var lookup = GetAddressTableLookup(i);
            var addresses = getTableAddresses(lookup.AccountKey);
            if (addresses == null) return AddressLoaderError.LookupTableAccountNotFound;
            foreach (var index in lookup.WritableIndexes)
            {
                if (index >= addresses.Length) return AddressLoaderError.InvalidLookupIndex;
                writable[w++] = addresses[index];
            }
            foreach (var index in lookup.ReadonlyIndexes)
            {
                if (index >= addresses.Length) return AddressLoaderError.InvalidLookupIndex;
                @readonly[r++] = addresses[index];
            }
        }
        loaded = new LoadedAddresses(writable, @readonly);
        return null;
    }
}
