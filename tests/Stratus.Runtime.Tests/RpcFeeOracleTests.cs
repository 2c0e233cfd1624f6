using Stratus.Core.Features;
using Stratus.Runtime.Fees;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

/// <summary>
/// meta.fee of real transactions, as the nodes that executed them reported it: mainnet blocks (Coinbase
/// chainstorage: slots around 100M, 154.8M and 241M, json and jsonParsed) and a local test validator
/// (solana-go-sdk recordings, base64/json, legacy and v0). None uses a precompile, so the 2.2 formula applies
/// to every era: 5,000 × signatures plus ceil(price × limit / 10⁶). Left out: get_block_07, a hand-edited SDK
/// literal (a one-signature v0 payload under block 33's two-signature meta), and entries without meta.
/// </summary>
public class RpcFeeOracleTests
{
    private static readonly string[] Files =
    [
        "rpc/chainstorage/client/block.json",
        "rpc/chainstorage/client/block_v2.json",
        "rpc/chainstorage/client/block_transaction_no_signatures.json",
        "rpc/chainstorage/client/block_transaction_signatures_empty_string.json",
        "rpc/chainstorage/parser/block.json",
        "rpc/chainstorage/parser/block_241043141_v2.json",
        "rpc/chainstorage/parser/block_account_deletion.json",
        "rpc/chainstorage/parser/block_new_token_account.json",
        "rpc/chainstorage/parser/block_with_versioned_tx.json",
        "rpc/chainstorage/parser/transaction_err.json",
        "rpc/blocto-solana-go-sdk/get_block_01.json",
        "rpc/blocto-solana-go-sdk/get_block_02.json",
        "rpc/blocto-solana-go-sdk/get_block_03.json",
        "rpc/blocto-solana-go-sdk/get_block_09.json",
        "rpc/blocto-solana-go-sdk/get_block_10.json",
        "rpc/blocto-solana-go-sdk/get_transaction_01.json",
        "rpc/blocto-solana-go-sdk/get_transaction_02.json",
        "rpc/blocto-solana-go-sdk/get_transaction_04.json",
        "rpc/blocto-solana-go-sdk/get_transaction_05.json",
    ];

    public static TheoryData<string> FileData() => new(Files);

    [SharedTheory("rpc")]
    [MemberData(nameof(FileData))]
    public void Solana_fee_equals_meta_fee(string file)
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        var checkedCount = 0;
        foreach (var tx in RpcTransactions.Load(file))
        {
            if (tx.Fee is not { } expected) continue;
            var error = FeeCalculator.TryCalculate(tx.Message, tx.Loaded, features, ClusterProfile.Solana, 5_000, out var fee, out _);
            Assert.Null(error);
            Assert.True(expected == fee.Total, $"{tx}: meta.fee {expected}, computed {fee}");
            checkedCount++;
        }
        Assert.True(checkedCount > 0, $"{file}: no transaction with a fee");
    }

    // The one mainnet transaction here that pays a priority fee (slot 241,043,141 era, Jupiter swap):
    // SetComputeUnitPrice(8,000) and SetComputeUnitLimit(1,400,000) → 5,000 + 11,200.
    [SharedFact("rpc/chainstorage/parser/block_account_deletion.json")]
    public void Mainnet_priority_fee_splits_into_its_buckets()
    {
        var tx = Assert.Single(RpcTransactions.Load("rpc/chainstorage/parser/block_account_deletion.json"));
        Assert.Null(FeeCalculator.TryCalculate(tx.Message, tx.Loaded, FeatureSet.AllEnabled(ClusterProfile.Solana), ClusterProfile.Solana, 5_000, out var fee, out var limits));
        Assert.Equal(new FeeDetails(5_000, 11_200), fee);
        Assert.Equal(1_400_000u, limits.ComputeUnitLimit);
        Assert.Equal(8_000UL, limits.ComputeUnitPrice);
        Assert.Equal(16_200UL, tx.Fee);
    }

    // getFeeForMessage on a test validator: a one-signature transfer message costs 5,000.
    [SharedFact("rpc/blocto-solana-go-sdk/get_fee_for_message_02.json")]
    public void Get_fee_for_message_answer()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(SharedData.Require("rpc/blocto-solana-go-sdk/get_fee_for_message_02.json")));
        var bytes = Convert.FromBase64String(doc.RootElement.GetProperty("request").GetProperty("params")[0].GetString()!);
        var expected = doc.RootElement.GetProperty("response").GetProperty("result").GetProperty("value").GetUInt64();
        Assert.True(Stratus.Core.Transactions.Message.TryParseExact(bytes, out var message).IsOk);
        Assert.Null(FeeCalculator.TryCalculate(message!, null, FeatureSet.AllEnabled(ClusterProfile.Solana), ClusterProfile.Solana, 5_000, out var fee, out _));
        Assert.Equal(expected, fee.Total);
    }

    // The same transactions under X1's rules: every vote is free, the rest pay for derived compute units.
    [SharedFact("rpc/chainstorage/client/block.json")]
    public void Same_block_under_x1_rules()
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.X1);
        var txs = RpcTransactions.Load("rpc/chainstorage/client/block.json").ToList();
        Assert.Equal(10, txs.Count);
        foreach (var tx in txs)
        {
            Assert.Null(FeeCalculator.TryCalculate(tx.Message, tx.Loaded, features, ClusterProfile.X1, 5_000, out var fee, out _));
            var keys = tx.Message.GetAccountKeys(tx.Loaded);
            if (keys.Contains(Stratus.Core.ProgramIds.Vote)) Assert.Equal(FeeDetails.Zero, fee);
            else Assert.True(fee.TransactionFee >= 2_000_000, $"{tx}: {fee}"); // at least one user program (200k units)
        }
    }
}
