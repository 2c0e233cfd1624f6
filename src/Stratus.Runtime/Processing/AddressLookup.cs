using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Processing;

/// <summary>
/// Resolves a v0 message's address table lookups against the bank's lookup table accounts (Agave's
/// <c>load_addresses</c>): owner and layout checks, activation (deactivated tables stay usable while the
/// deactivation slot is in SlotHashes), and addresses appended in the current slot stay hidden.
/// </summary>
public static class AddressLookup
{
    private const int MetaSize = 56;

    public static AddressLoaderError? Load(Message message, ProcessingEnvironment env, out LoadedAddresses loaded)
    {
        loaded = LoadedAddresses.Empty;
        if (message.AddressTableLookups.Length == 0) return null;
        var writable = new List<Pubkey>();
        var @readonly = new List<Pubkey>();
        for (var i = 0; i < message.AddressTableLookups.Length; i++)
        {
            var lookup = message.GetAddressTableLookup(i);
            var error = LoadTable(lookup.AccountKey, env, out var addresses);
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

    private static AddressLoaderError? LoadTable(in Pubkey key, ProcessingEnvironment env, out Pubkey[] addresses)
    {
        addresses = [];
        var account = env.GetAccount(key);
        if (account == null) return AddressLoaderError.LookupTableAccountNotFound;
        if (account.Owner != ProgramIds.AddressLookupTable) return AddressLoaderError.InvalidAccountOwner;
        var data = account.Data;
        if (data.Length < MetaSize || BinaryPrimitives.ReadUInt32LittleEndian(data) != 1 || (data.Length - MetaSize) % 32 != 0)
            return AddressLoaderError.InvalidAccountData;
        var deactivationSlot = BinaryPrimitives.ReadUInt64LittleEndian(data[4..]);
        var lastExtendedSlot = BinaryPrimitives.ReadUInt64LittleEndian(data[12..]);
        var lastExtendedStart = data[20];
        if (deactivationSlot != ulong.MaxValue && deactivationSlot != env.Slot && !InSlotHashes(env, deactivationSlot))
            return AddressLoaderError.LookupTableAccountNotFound;
        var count = (data.Length - MetaSize) / 32;
        if (env.Slot <= lastExtendedSlot) count = Math.Min(count, lastExtendedStart);
        addresses = new Pubkey[count];
        for (var i = 0; i < count; i++) addresses[i] = Pubkey.Read(data[(MetaSize + 32 * i)..]);
        return null;
    }

    private static bool InSlotHashes(ProcessingEnvironment env, ulong slot)
    {
        if (!env.Sysvars.TryGetRaw(SysvarIds.SlotHashes, out var raw) || raw.Length < 8) return false;
        var n = BinaryPrimitives.ReadUInt64LittleEndian(raw);
        for (ulong i = 0; i < n && 8 + (i + 1) * 40 <= (ulong)raw.Length; i++)
            if (BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan((int)(8 + i * 40))) == slot) return true;
        return false;
    }
}
