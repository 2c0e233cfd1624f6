using System.Text.Json;
using Stratus.Core.Encoding;
using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Transactions;

/// <summary>
/// RPC request/response pairs from solana-go-sdk's tests (shared/data/rpc/blocto-solana-go-sdk), recorded
/// from Agave validators: the JSON-decoded forms and the signatures the nodes returned are an independent
/// oracle for decoding the same transactions from base64/base58 wire bytes. A few literals were edited
/// by hand in that SDK and are not used as oracles (noted where skipped).
/// </summary>
public class RpcOracleTests
{
    private const string Dir = "rpc/blocto-solana-go-sdk";

    private static JsonElement Response(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Require($"{Dir}/{name}")));
        return doc.RootElement.Clone();
    }

    private static byte[] WireBytes(JsonElement transaction)
    {
        Assert.Equal("base64", transaction[1].GetString());
        return Convert.FromBase64String(transaction[0].GetString()!);
    }

    // getBlock(33) in "json" and "base64" encodings: same block, same transactions.
    [SharedFact($"{Dir}/get_block_01.json", $"{Dir}/get_block_03.json")]
    public void Base64_block_transactions_decode_to_the_json_encoded_fields()
    {
        var json = Response("get_block_01.json").GetProperty("response").GetProperty("result").GetProperty("transactions");
        var b64 = Response("get_block_03.json").GetProperty("response").GetProperty("result").GetProperty("transactions");
        Assert.Equal(json.GetArrayLength(), b64.GetArrayLength());
        for (var i = 0; i < json.GetArrayLength(); i++)
            AssertMatchesJson(Transaction.Parse(WireBytes(b64[i].GetProperty("transaction"))), json[i].GetProperty("transaction"));
    }

    // getTransaction of one signature in "json" and "base64" encodings.
    [SharedFact($"{Dir}/get_transaction_01.json", $"{Dir}/get_transaction_02.json")]
    public void Base64_transaction_decodes_to_the_json_encoded_fields()
    {
        var jsonTx = Response("get_transaction_01.json").GetProperty("response").GetProperty("result").GetProperty("transaction");
        var request = Response("get_transaction_02.json");
        var tx = Transaction.Parse(WireBytes(request.GetProperty("response").GetProperty("result").GetProperty("transaction")));
        AssertMatchesJson(tx, jsonTx);
        Assert.Equal(request.GetProperty("request").GetProperty("params")[0].GetString(), tx.Id.ToString());
    }

    // Transactions (legacy and v0) fetched by signature, with the account list the node loaded.
    [SharedTheory(Dir)]
    [InlineData("get_transaction_02.json")]
    [InlineData("get_transaction_04.json")]
    [InlineData("get_transaction_05.json")]
    public void Transactions_fetched_by_signature_carry_that_signature_and_the_loaded_account_counts(string file)
    {
        var root = Response(file);
        var result = root.GetProperty("response").GetProperty("result");
        var tx = Transaction.Parse(WireBytes(result.GetProperty("transaction")));
        Assert.Equal(root.GetProperty("request").GetProperty("params")[0].GetString(), tx.Id.ToString());
        Assert.Null(tx.Verify(out var detail));
        Assert.True(detail.IsOk);
        AssertMetaMatches(tx, result.GetProperty("meta"), result.TryGetProperty("version", out var v) ? v : default);
    }

    // getBlock responses in base64 with metadata, including v0 transactions (slots 46986 and 237).
    // Not get_block_07: the SDK's test literal pairs a v0 payload with "version": "legacy", so it is not a node's answer.
    [SharedTheory(Dir)]
    [InlineData("get_block_03.json")]
    [InlineData("get_block_09.json")]
    [InlineData("get_block_10.json")]
    public void Block_transactions_sanitize_and_match_their_metadata(string file)
    {
        var txs = Response(file).GetProperty("response").GetProperty("result").GetProperty("transactions");
        Assert.True(txs.GetArrayLength() > 0);
        foreach (var entry in txs.EnumerateArray())
        {
            var tx = Transaction.Parse(WireBytes(entry.GetProperty("transaction")));
            Assert.Null(tx.Verify(out _));
            AssertMetaMatches(tx, entry.GetProperty("meta"), entry.TryGetProperty("version", out var v) ? v : default);
            Assert.Equal(WireBytes(entry.GetProperty("transaction")), tx.Serialize());
        }
    }

    // sendTransaction requests: the node answered with the first signature of what it decoded.
    // Not send_transaction_07: the SDK's test literal reuses send_transaction_06's response for a different payload.
    [SharedTheory(Dir)]
    [InlineData("send_transaction_04.json")]
    [InlineData("send_transaction_05.json")]
    [InlineData("send_transaction_06.json")]
    public void Submitted_transactions_decode_to_the_signature_the_node_returned(string file)
    {
        var root = Response(file);
        var tx = Transaction.Parse(DecodeParam(root.GetProperty("request").GetProperty("params")));
        Assert.Null(tx.Verify(out _));
        Assert.Equal(root.GetProperty("response").GetProperty("result").GetString(), tx.Id.ToString());
    }

    // The node rejected this payload with "io error: failed to fill whole buffer" (bincode ran out of input).
    [SharedFact($"{Dir}/send_transaction_01.json")]
    public void Payload_the_node_could_not_fill_is_truncated()
    {
        var root = Response("send_transaction_01.json");
        Assert.Contains("failed to fill whole buffer", root.GetProperty("response").GetProperty("error").GetProperty("message").GetString());
        var bytes = DecodeParam(root.GetProperty("request").GetProperty("params"));
        Assert.Equal(TransactionParseError.Truncated, Transaction.TryParse(bytes, out _, out _).Error);
    }

    // These got past decoding and sanitize on the node (simulation ran or the node was behind).
    [SharedTheory(Dir)]
    [InlineData("send_transaction_02.json")]
    [InlineData("send_transaction_03.json")]
    [InlineData("send_transaction_07.json")]
    public void Payloads_the_node_decoded_sanitize(string file)
    {
        var tx = Transaction.Parse(DecodeParam(Response(file).GetProperty("request").GetProperty("params")));
        Assert.Null(tx.Verify(out _));
    }

    // getFeeForMessage takes a base64 message without signatures.
    [SharedTheory(Dir)]
    [InlineData("get_fee_for_message_01.json")]
    [InlineData("get_fee_for_message_02.json")]
    public void Fee_query_messages_decode_exactly(string file)
    {
        var bytes = Convert.FromBase64String(Response(file).GetProperty("request").GetProperty("params")[0].GetString()!);
        Assert.True(Message.TryParseExact(bytes, out var message).IsOk);
        Assert.True(message!.Sanitize().IsOk);
        Assert.Equal(bytes, message.Serialize());
    }

    private static byte[] DecodeParam(JsonElement parameters)
    {
        var text = parameters[0].GetString()!;
        var encoding = parameters.GetArrayLength() > 1 && parameters[1].TryGetProperty("encoding", out var e) ? e.GetString() : "base58";
        return encoding == "base64" ? Convert.FromBase64String(text) : Base58.Decode(text);
    }

    private static void AssertMatchesJson(Transaction tx, JsonElement json)
    {
        var sigs = json.GetProperty("signatures").EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.Equal(sigs, tx.Signatures.ToArray().Select(s => s.ToString()).ToArray());
        var msg = json.GetProperty("message");
        var header = msg.GetProperty("header");
        Assert.Equal(new MessageHeader(
            header.GetProperty("numRequiredSignatures").GetByte(),
            header.GetProperty("numReadonlySignedAccounts").GetByte(),
            header.GetProperty("numReadonlyUnsignedAccounts").GetByte()), tx.Message.Header);
        Assert.Equal(msg.GetProperty("accountKeys").EnumerateArray().Select(k => k.GetString()).ToArray(),
            tx.Message.StaticAccountKeys.ToArray().Select(k => k.ToString()).ToArray());
        Assert.Equal(msg.GetProperty("recentBlockhash").GetString(), tx.Message.RecentBlockhash.ToString());
        var ixs = msg.GetProperty("instructions");
        Assert.Equal(ixs.GetArrayLength(), tx.Message.InstructionCount);
        for (var i = 0; i < ixs.GetArrayLength(); i++)
        {
            var ix = tx.Message.GetInstruction(i);
            Assert.Equal(ixs[i].GetProperty("programIdIndex").GetInt32(), ix.ProgramIdIndex);
            Assert.Equal(ixs[i].GetProperty("accounts").EnumerateArray().Select(a => (byte)a.GetInt32()).ToArray(), ix.Accounts.ToArray());
            Assert.Equal(Base58.Decode(ixs[i].GetProperty("data").GetString()), ix.Data.ToArray());
        }
    }

    private static void AssertMetaMatches(Transaction tx, JsonElement meta, JsonElement version)
    {
        var m = tx.Message;
        if (version.ValueKind == JsonValueKind.Number) Assert.Equal(MessageVersion.V0, m.Version);
        else if (version.ValueKind == JsonValueKind.String) Assert.Equal(MessageVersion.Legacy, m.Version);
        var loadedWritable = 0;
        var loadedReadonly = 0;
        if (meta.TryGetProperty("loadedAddresses", out var loaded))
        {
            loadedWritable = loaded.GetProperty("writable").GetArrayLength();
            loadedReadonly = loaded.GetProperty("readonly").GetArrayLength();
        }
        Assert.Equal(loadedWritable, m.LookupWritableCount);
        Assert.Equal(loadedReadonly, m.LookupReadonlyCount);
        // Balances are reported per account of the full (static + loaded) list.
        Assert.Equal(meta.GetProperty("postBalances").GetArrayLength(), m.TotalAccountKeyCount);
    }
}
