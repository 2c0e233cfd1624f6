using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Builds the wire transaction a TxnContext describes, as the transaction harness does: at least one signature
/// (missing ones zero), num_required_signatures clamped to 1..127, absent blockhash and data as zeros/empty, and
/// every index and count truncated to the byte the wire format holds. Null when it would exceed the packet size
/// or a key is not 32 bytes (the harness then produces nothing).
/// </summary>
internal static class TxnWire
{
    private const int MaxPacket = Stratus.Core.Transactions.Transaction.MaxSize;

    public static byte[]? Build(SanitizedTransaction? tx, out string? error)
    {
        error = null;
        var message = tx?.Message;
        if (message == null) { error = "no transaction message"; return null; }
        var w = new List<byte>(MaxPacket);
        var signatureCount = Math.Max(1, tx!.Signatures.Count);
        if (signatureCount > 127) { error = $"{signatureCount} signatures"; return null; }
        WriteCompact(w, signatureCount);
        for (int i = 0; i < signatureCount; i++)
        {
            if (i < tx.Signatures.Count && tx.Signatures[i].Length == 64) w.AddRange(tx.Signatures[i].Span);
            else if (i < tx.Signatures.Count && tx.Signatures[i].Length != 0) { error = $"signature {i} is {tx.Signatures[i].Length} bytes"; return null; }
            else w.AddRange(new byte[64]);
        }
        if (!message.IsLegacy) w.Add(0x80);
        var header = message.Header ?? new MessageHeader();
        w.Add((byte)Math.Clamp(header.NumRequiredSignatures & 0xFF, 1, 127));
        w.Add((byte)header.NumReadonlySignedAccounts);
        w.Add((byte)header.NumReadonlyUnsignedAccounts);
        WriteCompact(w, message.AccountKeys.Count);
        foreach (var key in message.AccountKeys)
        {
            if (key.Length != 32) { error = $"account key is {key.Length} bytes"; return null; }
            w.AddRange(key.Span);
        }
        if (message.RecentBlockhash.Length == 32) w.AddRange(message.RecentBlockhash.Span);
        else if (message.RecentBlockhash.Length == 0) w.AddRange(new byte[32]);
        else { error = $"recent blockhash is {message.RecentBlockhash.Length} bytes"; return null; }
        WriteCompact(w, message.Instructions.Count);
        foreach (var ix in message.Instructions)
        {
            w.Add((byte)ix.ProgramIdIndex);
            WriteCompact(w, ix.Accounts.Count);
            foreach (var a in ix.Accounts) w.Add((byte)a);
            WriteCompact(w, ix.Data.Length);
            w.AddRange(ix.Data.Span);
            if (w.Count > MaxPacket) break;
        }
        if (!message.IsLegacy)
        {
            WriteCompact(w, message.AddressTableLookups.Count);
            foreach (var lookup in message.AddressTableLookups)
            {
                if (lookup.AccountKey.Length != 32) { error = $"lookup table key is {lookup.AccountKey.Length} bytes"; return null; }
                w.AddRange(lookup.AccountKey.Span);
                WriteCompact(w, lookup.WritableIndexes.Count);
                foreach (var i in lookup.WritableIndexes) w.Add((byte)i);
                WriteCompact(w, lookup.ReadonlyIndexes.Count);
                foreach (var i in lookup.ReadonlyIndexes) w.Add((byte)i);
            }
        }
        if (w.Count > MaxPacket) { error = $"transaction is {w.Count} bytes, above the {MaxPacket}-byte packet"; return null; }
        return w.ToArray();
    }

    // compact-u16; the harness writes counts as u16, so larger ones are truncated the same way.
    private static void WriteCompact(List<byte> w, int value)
    {
        var v = (ushort)value;
        while (true)
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            if (v == 0) { w.Add(b); return; }
            w.Add((byte)(b | 0x80));
        }
    }
}
