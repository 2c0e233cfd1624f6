using System.Text.Json;
using Stratus.Core;
using Stratus.Core.Encoding;
using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

/// <summary>A transaction taken from an RPC getBlock/getTransaction response, with the fee the node charged.</summary>
internal sealed record RpcTransaction(string Source, Message Message, LoadedAddresses Loaded, ulong? Fee, bool FromWireBytes)
{
    public override string ToString() => Source;
}

/// <summary>
/// Reads the transactions of recorded RPC responses in any of the encodings they use: base64 wire bytes,
/// "json" (raw compiled instructions) and "jsonParsed" (known programs' instructions decoded; their data is
/// not needed for fees, so those instructions are rebuilt with empty data, the program id kept).
/// </summary>
internal static class RpcTransactions
{
    public static IEnumerable<RpcTransaction> Load(string relative)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Require(relative)));
        var root = doc.RootElement;
        if (root.TryGetProperty("response", out var response)) root = response;
        if (root.TryGetProperty("result", out var result)) root = result;
        if (root.ValueKind != JsonValueKind.Object) yield break;

        var items = root.TryGetProperty("transactions", out var txs) && txs.ValueKind == JsonValueKind.Array
            ? txs.EnumerateArray().ToArray()
            : root.TryGetProperty("transaction", out _) ? [root] : [];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var meta = item.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            ulong? fee = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("fee", out var f) ? f.GetUInt64() : null;
            var loaded = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("loadedAddresses", out var la)
                ? new LoadedAddresses(Keys(la.GetProperty("writable")), Keys(la.GetProperty("readonly")))
                : LoadedAddresses.Empty;
            var tx = item.GetProperty("transaction");
            var source = $"{Path.GetFileName(relative)}#{i}";
            if (tx.ValueKind == JsonValueKind.Array)
            {
                var encoding = tx[1].GetString();
                var bytes = encoding == "base64" ? Convert.FromBase64String(tx[0].GetString()!) : Base58.Decode(tx[0].GetString()!);
                yield return new RpcTransaction(source, Transaction.Parse(bytes).Message, loaded, fee, true);
            }
            else
            {
                yield return new RpcTransaction(source, FromJson(tx.GetProperty("message")), loaded, fee, false);
            }
        }
    }

    private static Pubkey[] Keys(JsonElement array) => array.EnumerateArray().Select(k => Pubkey.Parse(k.GetString()!)).ToArray();

    private static Message FromJson(JsonElement message)
    {
        var keyElements = message.GetProperty("accountKeys").EnumerateArray().ToArray();
        var parsed = keyElements.Length > 0 && keyElements[0].ValueKind == JsonValueKind.Object;
        // jsonParsed lists looked-up keys too (source "lookupTable"); only the message's own keys are static.
        var staticKeys = keyElements
            .Where(k => !parsed || !k.TryGetProperty("source", out var s) || s.GetString() == "transaction")
            .Select(k => Pubkey.Parse(parsed ? k.GetProperty("pubkey").GetString()! : k.GetString()!))
            .ToArray();
        var allKeys = keyElements.Select(k => Pubkey.Parse(parsed ? k.GetProperty("pubkey").GetString()! : k.GetString()!)).ToList();

        MessageHeader header;
        if (message.TryGetProperty("header", out var h))
        {
            header = new MessageHeader(
                h.GetProperty("numRequiredSignatures").GetByte(),
                h.GetProperty("numReadonlySignedAccounts").GetByte(),
                h.GetProperty("numReadonlyUnsignedAccounts").GetByte());
        }
        else
        {
            // jsonParsed has no header; the signer flags give the signature count, which is all fees need.
            var signers = keyElements.Count(k => k.GetProperty("signer").GetBoolean());
            header = new MessageHeader((byte)signers, 0, 0);
        }

        var instructions = new List<CompiledInstructionSpec>();
        foreach (var ix in message.GetProperty("instructions").EnumerateArray())
        {
            byte program;
            if (ix.TryGetProperty("programIdIndex", out var pi)) program = pi.GetByte();
            else program = (byte)allKeys.IndexOf(Pubkey.Parse(ix.GetProperty("programId").GetString()!));
            var data = ix.TryGetProperty("data", out var d) ? Base58.Decode(d.GetString()!) : [];
            byte[] accounts = [];
            if (ix.TryGetProperty("accounts", out var acc))
                accounts = acc.EnumerateArray()
                    .Select(a => a.ValueKind == JsonValueKind.Number ? a.GetByte() : (byte)allKeys.IndexOf(Pubkey.Parse(a.GetString()!)))
                    .ToArray();
            instructions.Add(new CompiledInstructionSpec(program, accounts, data));
        }

        var lookups = new List<AddressTableLookupSpec>();
        if (message.TryGetProperty("addressTableLookups", out var atl) && atl.ValueKind == JsonValueKind.Array)
            foreach (var l in atl.EnumerateArray())
                lookups.Add(new AddressTableLookupSpec(
                    Pubkey.Parse(l.GetProperty("accountKey").GetString()!),
                    l.GetProperty("writableIndexes").EnumerateArray().Select(x => x.GetByte()).ToArray(),
                    l.GetProperty("readonlyIndexes").EnumerateArray().Select(x => x.GetByte()).ToArray()));

        var version = lookups.Count > 0 || (message.TryGetProperty("addressTableLookups", out var a2) && a2.ValueKind == JsonValueKind.Array)
            ? MessageVersion.V0
            : MessageVersion.Legacy;
        var blockhash = Hash.Parse(message.GetProperty("recentBlockhash").GetString()!);
        return Message.Create(version, header, staticKeys, blockhash, instructions, lookups);
    }
}
