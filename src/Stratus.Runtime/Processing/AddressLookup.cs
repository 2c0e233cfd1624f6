using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.AddressLookupTable;

namespace Stratus.Runtime.Processing;

/// <summary>
/// Resolves a v0 message's address table lookups against the bank's lookup table accounts (Agave's
/// <c>load_addresses</c>): owner and layout checks, activation (deactivated tables stay usable while the
/// deactivation slot is in SlotHashes), and addresses appended in the current slot stay hidden.
/// </summary>
public static class AddressLookup
{
    public static AddressLoaderError? Load(Message message, ProcessingEnvironment env, out LoadedAddresses loaded)
    {
        loaded = LoadedAddresses.Empty;
        if (message.AddressTableLookups.Length == 0) return null;
        // The bank resolves lookups against its SlotHashes; without it no table can be checked for activity.
        if (!env.Sysvars.TryGetRaw(SysvarIds.SlotHashes, out var rawSlotHashes) || !RecentSlots.TryRead(rawSlotHashes, out var slotHashes))
            return AddressLoaderError.SlotHashesSysvarNotFound;
        var writable = new List<Pubkey>();
        var @readonly = new List<Pubkey>();
        for (var i = 0; i < message.AddressTableLookups.Length; i++)
        {
            var lookup = message.GetAddressTableLookup(i);
            var error = LoadTable(lookup.AccountKey, env, slotHashes, out var addresses);
            if (error != null) return error;
            foreach (var index in lookup.WritableIndexes)
            {
                if (index >= addresses.Length) return AddressLoaderError.InvalidLookupIndex;
                writable.Add(addresses[index]);
            }
            foreach (var index in lookup.ReadonlyIndexes)
            {
                if (index >= addresses.Length) return AddressLoaderError.InvalidLookupIndex;
                @readonly.Add(addresses[index]);
            }
        }
        loaded = new LoadedAddresses(writable.ToArray(), @readonly.ToArray());
        return null;
    }

    private static AddressLoaderError? LoadTable(in Pubkey key, ProcessingEnvironment env, in RecentSlots slotHashes, out ReadOnlySpan<Pubkey> addresses)
    {
        addresses = default;
        var account = env.GetAccount(key);
        if (account == null) return AddressLoaderError.LookupTableAccountNotFound;
        if (account.Owner != ProgramIds.AddressLookupTable) return AddressLoaderError.InvalidAccountOwner;
        if (LookupTableState.Read(account.Data, out var meta, out var stored) != null) return AddressLoaderError.InvalidAccountData;
        var error = LookupTableState.ActiveAddressCount(meta, stored.Length, env.Slot, slotHashes, out var active);
        if (error != null) return error;
        addresses = stored[..active];
        return null;
    }
}
