using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class LoggingSyscallTests
{
    private static void Slice(byte[] input, int at, ulong pointer, ulong length)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(at), pointer);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(at + 8), length);
    }

    [Fact]
    public void Log_pubkey_prints_base58_and_costs_100()
    {
        var key = Pubkey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");
        var input = new byte[64];
        key.CopyTo(input.AsSpan(1));
        using var vm = Create(input);
        var (_, cost) = vm.Ok(SolLogPubkey.Instance, Input + 1);
        Assert.Equal(100UL, cost);
        Assert.Equal(["Program log: BPFLoaderUpgradeab1e11111111111111111111111"], vm.Logs.Lines);

        var (error, failCost) = vm.Fail(SolLogPubkey.Instance, Input + 40);
        SyscallAssert.AccessViolation(error, AccessType.Load, Input + 40, 32);
        Assert.Equal(100UL, failCost);
    }

    [Fact]
    public void Log_pubkey_out_of_budget_logs_nothing()
    {
        using var vm = Create(new byte[64], budget: 99);
        var (error, _) = vm.Fail(SolLogPubkey.Instance, Input);
        SyscallAssert.BudgetExceeded(error);
        Assert.Empty(vm.Logs.Lines);
        Assert.Equal(0UL, vm.Remaining);
    }

    [Fact]
    public void Log_data_base64_fields_and_cost()
    {
        var input = new byte[256];
        "hello"u8.CopyTo(input.AsSpan(100));
        "world!"u8.CopyTo(input.AsSpan(120));
        Slice(input, 0, Input + 100, 5);
        Slice(input, 16, Input + 120, 6);
        Slice(input, 32, 0, 0); // an empty field is never translated
        using var vm = Create(input);
        var (_, cost) = vm.Ok(SolLogData.Instance, Input, 3);
        Assert.Equal(100UL + 3 * 100 + 11, cost);
        Assert.Equal(["Program data: aGVsbG8= d29ybGQh "], vm.Logs.Lines);

        var (_, emptyCost) = vm.Ok(SolLogData.Instance, 0, 0);
        Assert.Equal(100UL, emptyCost);
        Assert.Equal("Program data: ", vm.Logs.Lines[^1]);
    }

    [Fact]
    public void Log_data_errors_in_agave_order()
    {
        var input = new byte[256];
        Slice(input, 8, Input + 200, 5);
        Slice(input, 24, Input + 250, 10); // runs past the region
        Slice(input, 41, Input + 200, 5); // descriptor at an unaligned address
        using var vm = Create(input);

        var (unaligned, cost) = vm.Fail(SolLogData.Instance, Input + 41, 1);
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, unaligned);
        Assert.Equal(100UL, cost);

        var (tooLong, tooLongCost) = vm.Fail(SolLogData.Instance, Input, ulong.MaxValue / 8);
        Assert.Same(SyscallError.InvalidLength, tooLong);
        Assert.Equal(100UL, tooLongCost);

        // The field translation fails only after base + per-field + per-byte units were charged.
        var (violation, violationCost) = vm.Fail(SolLogData.Instance, Input + 8, 2);
        SyscallAssert.AccessViolation(violation, AccessType.Load, Input + 250, 10);
        Assert.Equal(100UL + 200 + 15, violationCost);
        Assert.Empty(vm.Logs.Lines);

        vm.Context.CheckAligned = false;
        vm.Ok(SolLogData.Instance, Input + 41, 1);
        Assert.Equal(["Program data: AAAAAAA="], vm.Logs.Lines);
    }

    [Fact]
    public void Log_data_charges_per_byte_before_translating()
    {
        var input = new byte[64];
        Slice(input, 0, Input + 32, 1_000_000);
        using var vm = Create(input, budget: 100 + 100 + 999_999);
        var (error, _) = vm.Fail(SolLogData.Instance, Input, 1);
        SyscallAssert.BudgetExceeded(error);
        Assert.Equal(0UL, vm.Remaining);
    }

    [Fact]
    public void Remaining_compute_units_after_its_own_charge()
    {
        using var vm = Create(new byte[8], budget: 1000);
        Assert.Equal((900UL, 100UL), vm.Ok(SolRemainingComputeUnits.Instance));
        using var poor = Create(new byte[8], budget: 50);
        SyscallAssert.BudgetExceeded(poor.Fail(SolRemainingComputeUnits.Instance).Error);
    }
}
