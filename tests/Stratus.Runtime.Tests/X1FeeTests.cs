using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Fees;
using static Stratus.Runtime.Tests.TestMessages;

namespace Stratus.Runtime.Tests;

/// <summary>
/// X1 dynamic fees through the runtime's fee entry point. Expected values are X1.md's worked examples and the
/// cases of Tachyon's fee/src/lib.rs unit tests (which run with FeatureSet::all_enabled(), i.e. every gate
/// including enable_dynamic_fees_fixes_v1; "fee-v0" deactivates that gate).
/// </summary>
public class X1FeeTests
{
    private static readonly FeatureSet Current = FeatureSet.AllEnabled(ClusterProfile.X1);
    private static readonly FeatureSet FeeV0 = Current.Without(FeatureId.EnableDynamicFeesFixesV1);

    private static FeeDetails Fee(FeatureSet features, Message message, LoadedAddresses? loaded = null, ulong lamportsPerSignature = 5_000)
    {
        Assert.Null(FeeCalculator.TryCalculate(message, loaded, features, ClusterProfile.X1, lamportsPerSignature, out var fee, out _));
        return fee;
    }

    [Fact]
    public void Worked_examples_under_the_current_rules()
    {
        Assert.Equal(new FeeDetails(1_500, 0), Fee(Current, Build(Transfer())));
        Assert.Equal(new FeeDetails(4_500, 300), Fee(Current, Build(SetComputeUnitLimit(300), SetComputeUnitPrice(1_000_000), Transfer())));
        Assert.Equal(new FeeDetails(2_001_500, 0), Fee(Current, Build(Transfer(), MemoIx())));
        Assert.Equal(224_533UL, Fee(Current, Build(SetComputeUnitLimit(20_003), SetComputeUnitPrice(1_000_000), Transfer(), MemoIx())).Total);
        Assert.Equal(new FeeDetails(204_530, 20_003), Fee(Current, Build(SetComputeUnitLimit(20_003), SetComputeUnitPrice(1_000_000), Transfer(), MemoIx())));
    }

    [Fact]
    public void Worked_examples_under_fee_v0()
    {
        Assert.Equal(new FeeDetails(1_650, 0), Fee(FeeV0, Build(Transfer())));
        var memo = Fee(FeeV0, Build(SetComputeUnitLimit(500_000), SetComputeUnitPrice(10_000_000), Transfer(), MemoIx()));
        Assert.Equal(new FeeDetails(3_000, 5_000_000), memo);
        Assert.Equal(5_003_000UL, memo.Total);
    }

    // Tachyon test_calculate_fee_simple_transfer_with_priority_fee: limit, price, transfer.
    [Theory]
    [InlineData(300u, 1_000_000UL, 4_800UL)]
    [InlineData(300u, 10_000_000UL, 7_500UL)]
    [InlineData(0u, 0UL, 4_500UL)]
    [InlineData(0u, 1UL, 4_500UL)]
    [InlineData(999_999u, 1UL, 4_501UL)]
    [InlineData(1_000_000u, 1UL, 4_501UL)]
    [InlineData(1_000_001u, 1UL, 4_502UL)]
    [InlineData(1_000_000u, 1_000_000UL, 1_004_500UL)]
    [InlineData(1_000_000u, 2_000_000UL, 2_004_500UL)]
    [InlineData(uint.MaxValue, ulong.MaxValue, ulong.MaxValue)]
    [InlineData(1_000_000u, ulong.MaxValue, ulong.MaxValue)]
    [InlineData(100_000u, 10_000_000UL, 1_004_500UL)]
    [InlineData(1_400_000u, 1_000_000UL, 1_404_500UL)]
    [InlineData(1_400_000u, ulong.MaxValue, ulong.MaxValue)]
    public void Transfer_with_priority_fee(uint limit, ulong price, ulong total)
    {
        Assert.Equal(total, Fee(Current, Build(SetComputeUnitLimit(limit), SetComputeUnitPrice(price), Transfer())).Total);
    }

    // Tachyon test_calculate_fee_with_bpf_memo_instruction_with_compute_limits: limit, price, transfer, memo.
    [Theory]
    [InlineData(20_003u, 1_000_000UL, 224_533UL)]
    [InlineData(20_003u, 10_000_000UL, 404_560UL)]
    [InlineData(100_000u, 1_000_000UL, 1_104_500UL)]
    [InlineData(400_000u, 1_000_000UL, 4_404_500UL)]
    [InlineData(400_000u, 0UL, 4_004_500UL)]
    [InlineData(1_400_000u, 0UL, 14_004_500UL)]
    [InlineData(1_401_000u, 0UL, 14_004_500UL)]
    public void Memo_with_compute_limits(uint limit, ulong price, ulong total)
    {
        Assert.Equal(total, Fee(Current, Build(SetComputeUnitLimit(limit), SetComputeUnitPrice(price), Transfer(), MemoIx())).Total);
    }

    // Three rows of Tachyon's tables compute the expected priority fee in the test itself from the requested,
    // uncapped limit (u32::MAX → 8,795 and 4,294,971,795; 1,401,000 → 15,405,500). The runtime's priority fee
    // uses the limit capped at 1.4M, which is what a replaying node must charge.
    [Theory]
    [InlineData(uint.MaxValue, 1UL, false, 4_502UL)]
    [InlineData(uint.MaxValue, 1_000_000UL, false, 1_404_500UL)]
    [InlineData(1_401_000u, 1_000_000UL, true, 15_404_500UL)]
    public void Priority_fee_uses_the_capped_limit_where_tachyon_tests_do_not(uint limit, ulong price, bool memo, ulong total)
    {
        Ix[] ixs = memo
            ? [SetComputeUnitLimit(limit), SetComputeUnitPrice(price), Transfer(), MemoIx()]
            : [SetComputeUnitLimit(limit), SetComputeUnitPrice(price), Transfer()];
        Assert.Equal(total, Fee(Current, Build(ixs)).Total);
    }

    [Fact]
    public void Set_compute_unit_limit_overrides_only_a_nonzero_bpf_sum()
    {
        // No user program: the requested limit is ignored.
        Assert.Equal(3_000UL, Fee(Current, Build(SetComputeUnitLimit(1_000_000), Transfer())).TransactionFee);
        // A limit of 0 removes the BPF part.
        Assert.Equal(3_000UL, Fee(Current, Build(SetComputeUnitLimit(0), Transfer(), MemoIx())).TransactionFee);
        // However many user programs, the sum becomes the limit; position of the limit instruction does not matter.
        Assert.Equal((150 + 150 + 5_000) * 10UL, Fee(Current, Build(MemoIx(), MemoIx(), Transfer(), MemoIx(), SetComputeUnitLimit(5_000))).TransactionFee);
        // Eight user programs without a limit: the BPF sum is capped at 1.4M.
        var eight = Enumerable.Range(0, 8).Select(_ => MemoIx()).ToArray();
        Assert.Equal(14_000_000UL, Fee(Current, Build(eight)).TransactionFee);
    }

    [Fact]
    public void Builtin_costs_and_migrating_builtins()
    {
        ulong V1(FeatureSet f, Pubkey program) => Fee(f, Build(Program(program, 0))).TransactionFee;
        Assert.Equal(5_700UL, V1(Current, ProgramIds.BpfLoader));
        Assert.Equal(11_400UL, V1(Current, ProgramIds.BpfLoaderDeprecated));
        Assert.Equal(23_700UL, V1(Current, ProgramIds.BpfLoaderUpgradeable));
        Assert.Equal(20_000UL, V1(Current, ProgramIds.LoaderV4));
        Assert.Equal(0UL, V1(Current, ProgramIds.Ed25519Precompile));
        Assert.Equal(0UL, V1(Current, ProgramIds.Secp256k1Precompile));
        Assert.Equal(2_000_000UL, V1(Current, ProgramIds.Secp256r1Precompile));
        Assert.Equal(2_000_000UL, V1(Current, ProgramIds.ZkElGamalProof));
        // Stake, config and ALT are builtins (750, 450, 750) until their core-BPF migration gate activates.
        Assert.Equal(2_000_000UL, V1(Current, ProgramIds.Stake));
        Assert.Equal(7_500UL, V1(Current.Without(FeatureId.MigrateStakeProgramToCoreBpf), ProgramIds.Stake));
        Assert.Equal(4_500UL, V1(Current.Without(FeatureId.MigrateConfigProgramToCoreBpf), ProgramIds.Config));
        Assert.Equal(7_500UL, V1(Current.Without(FeatureId.MigrateAddressLookupTableProgramToCoreBpf), ProgramIds.AddressLookupTable));
        // fee-v0 resolves builtins with every gate active, whatever the bank's features: 200k each
        // (200,000 derived units are past the price-floor threshold, and the price is 0).
        var v0NoMigrations = FeeV0.Without(FeatureId.MigrateStakeProgramToCoreBpf).Without(FeatureId.MigrateConfigProgramToCoreBpf);
        Assert.Equal(2_000_000UL, Fee(v0NoMigrations, Build(Program(ProgramIds.Stake, 0))).TransactionFee);
        Assert.Equal(2_000_000UL, Fee(v0NoMigrations, Build(Program(ProgramIds.Config, 0))).TransactionFee);
    }

    [Fact]
    public void Fee_v0_stops_at_the_first_compute_unit_limit()
    {
        // Limit first: only its own 150 CU count; price floor applies (150 < 1,000 CU, price 0 < 1 lamport/CU).
        var first = Fee(FeeV0, Build(SetComputeUnitLimit(300_000), Transfer(), MemoIx()));
        Assert.Equal(new FeeDetails(1_500 + 150, 0), first);
        // User program before the limit: BPF sum (200k) overridden by the limit; the transfer after it is not counted.
        var after = Fee(FeeV0, Build(MemoIx(), SetComputeUnitLimit(300_000), Transfer()));
        Assert.Equal(new FeeDetails(3_001_500, 0), after);
        // Same messages under the current rules: everything counts.
        Assert.Equal(new FeeDetails(3_003_000, 0), Fee(Current, Build(SetComputeUnitLimit(300_000), Transfer(), MemoIx())));
        Assert.Equal(new FeeDetails(3_003_000, 0), Fee(Current, Build(MemoIx(), SetComputeUnitLimit(300_000), Transfer())));
    }

    [Fact]
    public void Fee_v0_price_floor_and_double_charge()
    {
        // derived 300 (< 1,000), price 999,999 (< 1,000,000): floor price 1,000,000 → +300; priority at the real price.
        var low = Fee(FeeV0, Build(SetComputeUnitPrice(999_999), Transfer()));
        var priority = ComputeBudgetLimits.GetPrioritizationFee(999_999, 3_000 * 2);
        Assert.Equal(new FeeDetails(3_000 + 300, priority), low);
        // derived ≥ 1,000: no floor; price 0 adds nothing.
        Assert.Equal(new FeeDetails(2_001_500, 0), Fee(FeeV0, Build(Transfer(), MemoIx())));
        // Price charged twice: in the transaction fee over derived units, and as the priority fee over the limit.
        var twice = Fee(FeeV0, Build(Transfer(), MemoIx(), SetComputeUnitPrice(2_000_000)));
        var derived = 150UL + 150 + 200_000;
        Assert.Equal(derived * 10 + derived * 2, twice.TransactionFee);
        Assert.Equal(ComputeBudgetLimits.GetPrioritizationFee(2_000_000, 200_000 + 2 * 3_000), twice.PrioritizationFee);
        // The u64 product saturates before the division.
        var huge = Fee(FeeV0, Build(Transfer(), MemoIx(), SetComputeUnitPrice(ulong.MaxValue)));
        Assert.Equal(derived * 10 + ulong.MaxValue / 1_000_000, huge.TransactionFee);
        Assert.Equal(ComputeBudgetLimits.GetPrioritizationFee(ulong.MaxValue, 206_000), huge.PrioritizationFee);
        var saturated = Fee(FeeV0, Build(Transfer(), MemoIx(), SetComputeUnitLimit(1_400_000), SetComputeUnitPrice(ulong.MaxValue)));
        Assert.Equal(ulong.MaxValue, saturated.PrioritizationFee);
        Assert.Equal(ulong.MaxValue, saturated.Total);
    }

    [Fact]
    public void Default_priority_limit_follows_simd_0170()
    {
        // Price without a limit: limit = 3,000 per builtin (CB + system) with the reservation gate, else 200k per non-CB instruction.
        var message = Build(SetComputeUnitPrice(1_000_000), Transfer());
        Assert.Equal(new FeeDetails(3_000, 6_000), Fee(Current, message));
        Assert.Equal(new FeeDetails(3_000, 200_000), Fee(Current.Without(FeatureId.ReserveMinimalCusForBuiltinInstructions), message));
    }

    [Fact]
    public void Anything_naming_the_vote_program_is_free()
    {
        var vote = Build(new Ix(ProgramIds.Vote, [Payer, Receiver], [2, 0, 0, 0]));
        var listed = Build(new Ix(ProgramIds.System, [Payer, Receiver, ProgramIds.Vote], Transfer().Data));
        var withBudget = Build(SetComputeUnitPrice(50_000_000), SetComputeUnitLimit(1_400_000), MemoIx(), new Ix(ProgramIds.System, [Payer, ProgramIds.Vote], Transfer().Data));
        foreach (var f in new[] { Current, FeeV0 })
        {
            Assert.Equal(FeeDetails.Zero, Fee(f, vote));
            Assert.Equal(FeeDetails.Zero, Fee(f, listed));
            Assert.Equal(FeeDetails.Zero, Fee(f, withBudget));
        }
        // Loaded through an address table counts too.
        var v0 = Message.Create(MessageVersion.V0, new MessageHeader(1, 0, 1), [Payer, ProgramIds.System], default,
            [new CompiledInstructionSpec(1, [0, 2], Transfer().Data)],
            [new AddressTableLookupSpec(Key(77), [], [0])]);
        var loaded = new LoadedAddresses([], [ProgramIds.Vote]);
        Assert.Equal(FeeDetails.Zero, Fee(Current, v0, loaded));
        Assert.Equal(new FeeDetails(1_500, 0), Fee(Current, v0, new LoadedAddresses([], [Key(5)])));
        // Solana charges the same vote.
        Assert.Null(FeeCalculator.TryCalculate(vote, null, FeatureSet.AllEnabled(ClusterProfile.Solana), ClusterProfile.Solana, 5_000, out var solana, out _));
        Assert.Equal(new FeeDetails(5_000, 0), solana);
    }

    [Fact]
    public void Zero_lamports_per_signature_makes_every_fee_zero()
    {
        Assert.Equal(FeeDetails.Zero, Fee(Current, Build(SetComputeUnitPrice(1_000_000), Transfer(), MemoIx()), lamportsPerSignature: 0));
        Assert.Equal(FeeDetails.Zero, Fee(FeeV0, Build(Transfer()), lamportsPerSignature: 0));
        // Any other value is ignored by X1's formula.
        Assert.Equal(Fee(Current, Build(Transfer())), Fee(Current, Build(Transfer()), lamportsPerSignature: 1));
        Assert.Equal(Fee(Current, Build(Transfer())), Fee(Current, Build(3, Transfer())));
    }

    [Fact]
    public void Compute_budget_errors_reject_before_any_fee()
    {
        var message = Build(SetComputeUnitLimit(1), SetComputeUnitLimit(2), Transfer());
        var error = FeeCalculator.TryCalculate(message, null, Current, ClusterProfile.X1, 5_000, out var fee, out _);
        Assert.Equal(new TransactionError(TransactionErrorKind.DuplicateInstruction, 1), error);
        Assert.Equal(FeeDetails.Zero, fee);
    }
}
