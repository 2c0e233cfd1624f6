using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests;

/// <summary>The five Firedancer block fixtures staged in shared data (legacy block layout, protosol 2025-10).</summary>
public class BlockFixtureTests
{
    private const string Dir = "bankhash/solana-conformance-block-fixtures";

    // Values read from the files with an independent wire parser (protoc --decode_raw agrees).
    public static TheoryData<string, ulong, int, int, int, ulong, string, int> Files => new()
    {
        { "block-12.fix", 12, 2, 33, 12, 503000509225165574, "8974b6f5527fde263d793ee4c1567d3e52b40e50c8d5dd1be1b7ad4e1df903b3", 215 },
        { "block-13.fix", 13, 1, 28, 13, 503000509225160574, "3e0aca0a704159246a36f8c6e1ef6f6a201d7bf3c2b8cbca676ce677ace3b5f8", 215 },
        { "block-14.fix", 14, 2, 32, 14, 503000509225153074, "2873f644bad38773d773760ea278756adf0487edf4b5942d237704989d3287ea", 215 },
        { "bde91c5e83305ac65a65e91dbccf0eff8e5cd7ed_149313.fix", 2, 1, 30, 301, 2865628847230, "d063a362c378d4d651e8106ef3d28f01dc7d351e623d26b50cf4a1b232a70d99", 208 },
        { "4be3f7e0b27a7f5b89ba5f03ea39cc993e202cb8_118370.fix", 793438254, 0, 30, 301, 0, "ede384670fcaa3cb911ea51fabea067a66a3b7c011d4239f7a16c72f8239d7ab", 198 },
    };

    private static byte[] Load(string name) => File.ReadAllBytes(SharedData.Require(Path.Combine(Dir, name)));

    [SharedTheory(Dir)]
    [MemberData(nameof(Files))]
    public void Decodes_real_values(string name, ulong slot, int txns, int accounts, int blockhashes, ulong capitalization, string bankHash, int features)
    {
        var bytes = Load(name);
        var recognition = FixtureRecognizer.Recognize(bytes, name);
        Assert.Equal(FixtureShape.Fixture, recognition.Shape);
        Assert.Equal(CaseKinds.Block, recognition.Kind);
        Assert.Equal("sol_compat_block_execute_v1", recognition.Entrypoint);
        // Every field in the file is explained by the schema (historical fields included).
        Assert.True(WireProbe.Score(bytes, BlockFixture.Descriptor) > 0);

        var fixture = BlockFixture.Parser.ParseFrom(bytes);
        Assert.True(BlockLayout.IsLegacy(fixture.Input));
        Assert.Null(fixture.Input.Bank);
        Assert.Equal(slot, fixture.Input.SlotCtx.Slot);
        Assert.Equal(txns, fixture.Input.Txns.Count);
        Assert.Equal(accounts, fixture.Input.AcctStates.Count);
        Assert.Equal(blockhashes, fixture.Input.BlockhashQueue.Count);
        Assert.All(fixture.Input.BlockhashQueue, h => Assert.Equal(32, h.Length));
        Assert.All(fixture.Input.AcctStates, a => Assert.Equal(32, a.Address.Length));
        Assert.All(fixture.Input.Txns, t => Assert.All(t.Signatures, s => Assert.Equal(64, s.Length)));
        Assert.Equal(features, BlockLayout.Features(fixture.Input).Count);

        Assert.Equal(32, fixture.Output.BankHash.Length);
        Assert.Equal(bankHash, Convert.ToHexString(fixture.Output.BankHash.Span).ToLowerInvariant());
        Assert.Equal(capitalization, fixture.Output.SlotCapitalization);
    }

    [SharedFact(Dir + "/block-12.fix")]
    public void Block12_details()
    {
        var f = BlockFixture.Parser.ParseFrom(Load("block-12.fix"));
        var slotCtx = f.Input.SlotCtx;
        Assert.Equal(12UL, slotCtx.BlockHeight);
        Assert.Equal(11UL, slotCtx.PrevSlot);
        Assert.Equal(5000UL, slotCtx.PrevLps);
        Assert.Equal(503000509225173074UL, slotCtx.PrevEpochCapitalization);
        Assert.Equal(10000UL, slotCtx.FeeRateGovernor.TargetLamportsPerSignature);
        Assert.Equal(50U, slotCtx.FeeRateGovernor.BurnPercent);

        var epoch = f.Input.EpochCtx;
        Assert.Equal(64UL, epoch.TicksPerSlot);
        Assert.Equal(0.08, epoch.Inflation.Initial, 12);
        Assert.Equal(1726090306UL, epoch.GenesisCreationTime);
        Assert.Single(epoch.VoteAccountsT1);
        Assert.Equal(999999997717120UL, epoch.VoteAccountsT1[0].Stake);

        // The first transaction: legacy message, two signatures.
        var tx = f.Input.Txns[0];
        Assert.Equal(2, tx.Signatures.Count);
        Assert.True(tx.Message.IsLegacy);

        // Expected effects include the (historical) vote cost and the leader schedule summary.
        Assert.Equal(23095UL, f.Output.CostTracker.BlockCost);
        Assert.Equal(3428UL, f.Output.CostTracker.VoteCost);
        Assert.Equal(432000UL, f.Output.LeaderSchedule.LeadersSlotCnt);
    }

    [SharedTheory(Dir)]
    [MemberData(nameof(Files))]
    public void Reported_skipped_not_passed(string name, ulong slot, int txns, int accounts, int blockhashes, ulong capitalization, string bankHash, int features)
    {
        var runner = new ProtobufFixtureRunner(DefaultRunners.KindRunners());
        var result = runner.RunFile(SharedData.Require(Path.Combine(Dir, name)));
        Assert.Equal(CaseOutcome.Skipped, result.Outcome);
        Assert.Equal(CaseKinds.Block, result.Kind);
        Assert.Contains("block execution is not run", result.Message);
        Assert.Contains($"slot {slot}", result.Message);
        Assert.Contains(bankHash[..16], result.Message);
        _ = (txns, accounts, blockhashes, capitalization, features);
    }

    [SharedFact(Dir + "/4be3f7e0b27a7f5b89ba5f03ea39cc993e202cb8_118370.fix")]
    public void Feature_list_resolves_against_the_tachyon_table()
    {
        var f = BlockFixture.Parser.ParseFrom(Load("4be3f7e0b27a7f5b89ba5f03ea39cc993e202cb8_118370.fix"));
        var active = FeatureSetMap.Default.Resolve(BlockLayout.Features(f.Input));
        // One id (formalize_loaded_transaction_data_size, newer than Agave 2.2) is unknown to Tachyon.
        Assert.Single(active.UnknownPrefixes);
        Assert.Contains("accounts_lt_hash", active.Names);
    }

    [SharedFact("bankhash/firedancer-blockctx/block-241.blockctx")]
    public void Context_only_block_dump_is_recognised_and_skipped()
    {
        var path = SharedData.Require("bankhash/firedancer-blockctx/block-241.blockctx");
        var bytes = File.ReadAllBytes(path);
        var recognition = FixtureRecognizer.Recognize(bytes, path);
        Assert.Equal(FixtureShape.ContextOnly, recognition.Shape);
        Assert.Equal(CaseKinds.Block, recognition.Kind);

        // Recognised by structure alone, too (no file-name hint).
        Assert.Equal(CaseKinds.Block, FixtureRecognizer.Recognize(bytes).Kind);

        var ctx = BlockContext.Parser.ParseFrom(bytes);
        Assert.NotEmpty(ctx.Txns);
        var result = new ProtobufFixtureRunner(DefaultRunners.KindRunners()).RunFile(path);
        Assert.Equal(CaseOutcome.Skipped, result.Outcome);
        Assert.Contains("context-only", result.Message);
    }

    [SharedFact(Dir + "/block-13.fix")]
    public void Reencoding_reproduces_the_file()
    {
        var bytes = Load("block-13.fix");
        var fixture = BlockFixture.Parser.ParseFrom(bytes);
        Assert.Equal(bytes, fixture.ToByteArray());
    }
}
