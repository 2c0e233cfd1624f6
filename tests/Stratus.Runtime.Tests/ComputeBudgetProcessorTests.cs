using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using static Stratus.Runtime.Tests.TestMessages;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Agave 2.2's process_compute_budget_instructions, with the expectations of its own unit tests
/// (compute-budget-instruction/src/instructions_processor.rs and compute_budget_instruction_details.rs)
/// restated here, plus the SIMD-0170 default-limit rules. "None" is Agave's FeatureSet::default(), "All" its
/// all_enabled().
/// </summary>
public class ComputeBudgetProcessorTests
{
    private static readonly FeatureSet None = FeatureSet.Empty;
    private static readonly FeatureSet All = FeatureSet.AllEnabled(ClusterProfile.Solana);
    private static readonly FeatureSet[] Both = [None, All];

    private const uint Default = ComputeBudgetLimits.DefaultInstructionComputeUnitLimit;
    private const uint Builtin = ComputeBudgetLimits.MaxBuiltinAllocationComputeUnitLimit;
    private const uint Max = ComputeBudgetLimits.MaxComputeUnitLimit;
    private const uint MinHeap = ComputeBudgetLimits.MinHeapFrameBytes;
    private const uint MaxHeap = ComputeBudgetLimits.MaxHeapFrameBytes;
    private const uint MaxData = ComputeBudgetLimits.MaxLoadedAccountsDataSizeBytes;

    private static int _unique = 1000;

    // A fresh user program each time (Pubkey::new_unique in Agave's tests).
    private static Ix User() => Program(Key(Interlocked.Increment(ref _unique)), 0);

    private static ComputeBudgetLimits Limits(uint units, uint heap = MinHeap, ulong price = 0, uint data = MaxData) => new(heap, units, price, data);

    private static void Expect(ComputeBudgetLimits expected, FeatureSet features, params Ix[] ixs)
    {
        var error = ComputeBudgetProcessor.Process(Build(ixs), features, out var limits);
        Assert.Null(error);
        Assert.Equal(expected, limits);
    }

    private static void ExpectBoth(ComputeBudgetLimits expected, params Ix[] ixs)
    {
        foreach (var f in Both) Expect(expected, f, ixs);
    }

    private static void ExpectError(TransactionError expected, params Ix[] ixs)
    {
        foreach (var f in Both)
        {
            Assert.Equal(expected, ComputeBudgetProcessor.Process(Build(ixs), f, out var limits));
            Assert.Equal(default, limits);
        }
    }

    private static TransactionError InvalidData(byte index) =>
        TransactionError.FromInstruction(index, new InstructionError(InstructionErrorKind.InvalidInstructionData));

    private static TransactionError Duplicate(byte index) => new(TransactionErrorKind.DuplicateInstruction, index);

    [Fact]
    public void Unit_limits()
    {
        ExpectBoth(Limits(0));
        ExpectBoth(Limits(1), SetComputeUnitLimit(1), User());
        ExpectBoth(Limits(Max), SetComputeUnitLimit(Max + 1), User());
        ExpectBoth(Limits(Max), User(), SetComputeUnitLimit(Max));
        ExpectBoth(Limits(1), User(), User(), User(), SetComputeUnitLimit(1));
        ExpectBoth(Limits(1, price: 42), SetComputeUnitLimit(1), SetComputeUnitPrice(42));
        ExpectBoth(Limits(Max), SetComputeUnitLimit(uint.MaxValue), User());
        // Eight user instructions: 1.6M by default, capped.
        ExpectBoth(Limits(Default * 7), User(), User(), User(), User(), User(), User(), User(), User());
    }

    [Fact]
    public void Heap_frames()
    {
        Expect(Limits(Default, heap: 40 * 1024), None, RequestHeapFrame(40 * 1024), User());
        Expect(Limits(Default + Builtin, heap: 40 * 1024), All, RequestHeapFrame(40 * 1024), User());
        Expect(Limits(Default, heap: MaxHeap), None, User(), RequestHeapFrame(MaxHeap));
        Expect(Limits(Default + Builtin, heap: MaxHeap), All, User(), RequestHeapFrame(MaxHeap));
        Expect(Limits(Default, heap: MinHeap), None, RequestHeapFrame(MinHeap), User());
        ExpectError(InvalidData(0), RequestHeapFrame(40 * 1024 + 1), User());
        ExpectError(InvalidData(0), RequestHeapFrame(31 * 1024), User());
        ExpectError(InvalidData(0), RequestHeapFrame(MaxHeap + 1), User());
        ExpectError(InvalidData(0), RequestHeapFrame(MaxHeap + 1024), User());
        ExpectError(InvalidData(0), RequestHeapFrame(0), User());
        ExpectError(InvalidData(3), User(), User(), User(), RequestHeapFrame(1));
    }

    [Fact]
    public void Combined_requests()
    {
        ExpectBoth(Limits(Max, heap: MaxHeap, price: ulong.MaxValue),
            User(), RequestHeapFrame(MaxHeap), SetComputeUnitLimit(Max), SetComputeUnitPrice(ulong.MaxValue));
        ExpectBoth(Limits(1, heap: MaxHeap, price: ulong.MaxValue),
            User(), SetComputeUnitLimit(1), RequestHeapFrame(MaxHeap), SetComputeUnitPrice(ulong.MaxValue));
    }

    [Fact]
    public void Duplicates_are_reported_at_the_second_instruction()
    {
        ExpectError(Duplicate(2), User(), SetComputeUnitLimit(Max), SetComputeUnitLimit(Max - 1));
        ExpectError(Duplicate(2), User(), RequestHeapFrame(MinHeap), RequestHeapFrame(MaxHeap));
        ExpectError(Duplicate(2), User(), SetComputeUnitPrice(0), SetComputeUnitPrice(ulong.MaxValue));
        ExpectError(Duplicate(2), User(), SetLoadedAccountsDataSizeLimit(MaxData), SetLoadedAccountsDataSizeLimit(MaxData));
        // Agave 2.2 compute_budget_instruction_details tests: heap and limit duplicates at index 2.
        ExpectError(Duplicate(2), User(), RequestHeapFrame(40 * 1024), RequestHeapFrame(41 * 1024));
        ExpectError(Duplicate(2), User(), SetComputeUnitLimit(0), SetComputeUnitLimit(uint.MaxValue));
    }

    // Walk errors come first, in instruction order; value checks (heap, data size) only after the whole walk.
    [Fact]
    public void Error_precedence()
    {
        ExpectError(Duplicate(3), RequestHeapFrame(1), User(), SetComputeUnitLimit(1), SetComputeUnitLimit(2));
        ExpectError(InvalidData(1), RequestHeapFrame(1), ComputeBudgetRaw(9), SetComputeUnitLimit(1), SetComputeUnitLimit(2));
        ExpectError(InvalidData(0), RequestHeapFrame(1), SetLoadedAccountsDataSizeLimit(0));
        ExpectError(new TransactionError(TransactionErrorKind.InvalidLoadedAccountsDataSizeLimit), SetLoadedAccountsDataSizeLimit(0), User());
    }

    [Fact]
    public void Loaded_accounts_data_size()
    {
        ExpectBoth(Limits(0));
        Expect(Limits(Default, data: 1), None, SetLoadedAccountsDataSizeLimit(1), User());
        Expect(Limits(Default + Builtin, data: 1), All, SetLoadedAccountsDataSizeLimit(1), User());
        Expect(Limits(Default), None, SetLoadedAccountsDataSizeLimit(MaxData + 1), User());
        Expect(Limits(Default + Builtin), All, SetLoadedAccountsDataSizeLimit(MaxData + 1), User());
        Expect(Limits(Default), None, User());
        ExpectError(new TransactionError(TransactionErrorKind.InvalidLoadedAccountsDataSizeLimit), SetLoadedAccountsDataSizeLimit(0));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0 })]                      // Unused (old RequestUnits)
    [InlineData(new byte[] { 0, 0x40, 0x0D, 0x03, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 5, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 3, 1, 0, 0, 0 })]
    public void Undecodable_or_unused_data_is_invalid_at_its_index(byte[] data)
    {
        ExpectError(InvalidData(1), User(), ComputeBudgetRaw(data), User());
    }

    [Fact]
    public void Trailing_bytes_after_a_request_are_ignored()
    {
        ExpectBoth(Limits(77), ComputeBudgetRaw(2, 77, 0, 0, 0, 0xDE, 0xAD), User());
    }

    // A user program and a system transfer: 2 × 200k before SIMD-0170, 200k + 3k after.
    [Fact]
    public void Mixed_instructions_without_compute_budget()
    {
        Expect(Limits(2 * Default), None, User(), Transfer());
        Expect(Limits(Default + Builtin), All, User(), Transfer());
    }

    // SIMD-0170: builtins (compute budget included) reserve 3,000; migrating builtins count as builtins only
    // while their migration gate is inactive; everything else (secp256r1 included) 200k.
    [Fact]
    public void Default_limit_with_reserved_builtin_units_and_migrating_builtins()
    {
        var reserve = FeatureSet.Empty.With(FeatureId.ReserveMinimalCusForBuiltinInstructions);
        Ix[] ixs =
        [
            SetComputeUnitPrice(1), RequestHeapFrame(MinHeap), Transfer(), Program(ProgramIds.Vote, 0),
            Program(ProgramIds.Stake, 0), Program(ProgramIds.Config, 0), Program(ProgramIds.AddressLookupTable, 0),
            Program(ProgramIds.Ed25519Precompile, 0), Program(ProgramIds.Secp256k1Precompile, 0), Program(ProgramIds.Secp256r1Precompile, 0),
        ];
        // Without SIMD-0170: 8 non-compute-budget instructions × 200k, capped.
        Expect(Limits(Max, price: 1), None, ixs);
        // 9 builtins (2 CB, system, vote, stake, config, ALT, ed25519, secp256k1) × 3k + secp256r1 200k.
        Expect(Limits(9 * Builtin + Default, price: 1), reserve, ixs);
        var stakeMigrated = reserve.With(FeatureId.MigrateStakeProgramToCoreBpf);
        Expect(Limits(8 * Builtin + 2 * Default, price: 1), stakeMigrated, ixs);
        var allMigrated = stakeMigrated.With(FeatureId.MigrateConfigProgramToCoreBpf).With(FeatureId.MigrateAddressLookupTableProgramToCoreBpf);
        Expect(Limits(6 * Builtin + 4 * Default, price: 1), allMigrated, ixs);
        // The migration of an uninvolved program changes nothing.
        Expect(Limits(3 * Builtin, price: 1), allMigrated, SetComputeUnitPrice(1), Transfer(), Transfer());
        // Builtin counters are only gathered when no limit is requested.
        Expect(Limits(5, price: 1), allMigrated, [.. ixs, SetComputeUnitLimit(5)]);
    }

    [Fact]
    public void Details_keep_the_index_and_raw_value_of_each_request()
    {
        var message = Build(User(), SetComputeUnitPrice(9), RequestHeapFrame(33), SetComputeUnitLimit(5_000_000), SetLoadedAccountsDataSizeLimit(0));
        Assert.Null(ComputeBudgetInstructionDetails.TryFrom(message, out var details));
        Assert.Equal(((byte)1, 9UL), details.RequestedComputeUnitPrice);
        Assert.Equal(((byte)2, 33u), details.RequestedHeapSize);
        Assert.Equal(((byte)3, 5_000_000u), details.RequestedComputeUnitLimit);
        Assert.Equal(((byte)4, 0u), details.RequestedLoadedAccountsDataSizeLimit);
        Assert.Equal(1, details.NumNonComputeBudgetInstructions);
        Assert.Equal(0, details.NumNonBuiltinInstructions);
    }

    // Agave reports the instruction index as `i as u8`: the 257th instruction is index 0.
    [Fact]
    public void Instruction_indexes_wrap_at_256()
    {
        var ixs = Enumerable.Range(0, 256).Select(_ => Transfer()).Append(ComputeBudgetRaw(7)).ToArray();
        ExpectError(InvalidData(0), ixs);
        var dup = Enumerable.Range(0, 300).Select(_ => Transfer()).Append(SetComputeUnitPrice(1)).Append(SetComputeUnitPrice(2)).ToArray();
        ExpectError(Duplicate(301 - 256), dup);
    }

    [Fact]
    public void Unsanitized_program_index_is_an_error_not_a_crash()
    {
        var message = Message.Create(MessageVersion.Legacy, new MessageHeader(1, 0, 0), [Payer], default,
            [new CompiledInstructionSpec(5, [], [2, 1, 0, 0, 0])]);
        Assert.Equal(TransactionError.SanitizeFailure, ComputeBudgetProcessor.Process(message, All, out _));
    }
}
