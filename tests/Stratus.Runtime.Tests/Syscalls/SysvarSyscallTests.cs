using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class SysvarSyscallTests
{
    private static byte[] U64s(params ulong[] values)
    {
        var b = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8 * i), values[i]);
        return b;
    }

    private static FakeSyscallHost HostWithSysvars()
    {
        var host = new FakeSyscallHost { FeesLamportsPerSignature = 5000 };
        host.Sysvars[SysvarIds.Clock] = U64s(1234, 2222, 1111, 100_000, 3);
        host.Sysvars[SysvarIds.Rent] = [.. U64s(12), .. BitConverter.GetBytes(34.0), 56];
        host.Sysvars[SysvarIds.EpochSchedule] = [.. U64s(1111, 2222), 1, .. U64s(4444, 5555)];
        host.Sysvars[SysvarIds.LastRestartSlot] = U64s(989_898);
        var parent = "abaaaaaaaaaaaaaaaaaaaaaaaaaaaada"u8.ToArray();
        host.Sysvars[SysvarIds.EpochRewards] = [.. U64s(1234, 4321), .. parent, .. U64s(ulong.MaxValue, 0xeeee_eeee_eeee_eeee), .. U64s(5656, 6767), 1];
        return host;
    }

    [Fact]
    public void Typed_getters_write_the_repr_c_layout()
    {
        var host = HostWithSysvars();
        var input = new byte[512];
        input.AsSpan().Fill(0xCC);
        using var vm = Create(input, host: host);

        Assert.Equal((0UL, 140UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.Clock), Input));
        Assert.Equal(U64s(1234, 2222, 1111, 100_000, 3), input[..40]);

        Assert.Equal((0UL, 124UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.Rent), Input + 48));
        Assert.Equal([.. U64s(12), .. BitConverter.GetBytes(34.0), 56, 0, 0, 0, 0, 0, 0, 0], input[48..72]);

        Assert.Equal((0UL, 140UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.EpochSchedule), Input + 72));
        Assert.Equal([.. U64s(1111, 2222), 1, 0, 0, 0, 0, 0, 0, 0, .. U64s(4444, 5555)], input[72..112]);

        Assert.Equal((0UL, 108UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.LastRestartSlot), Input + 112));
        Assert.Equal(U64s(989_898), input[112..120]);

        Assert.Equal((0UL, 108UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.Fees), Input + 120));
        Assert.Equal(U64s(5000), input[120..128]);

        Assert.Equal((0UL, 196UL), vm.Ok(new SolGetTypedSysvar(TypedSysvar.EpochRewards), Input + 128));
        var rewards = input[128..224];
        Assert.Equal(U64s(1234, 4321), rewards[..16]);
        Assert.Equal("abaaaaaaaaaaaaaaaaaaaaaaaaaaaada"u8.ToArray(), rewards[16..48]);
        Assert.Equal(U64s(ulong.MaxValue, 0xeeee_eeee_eeee_eeee, 5656, 6767), rewards[48..80]);
        Assert.Equal(1, rewards[80]);
        Assert.All(rewards[81..96], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Typed_getters_errors()
    {
        var host = HostWithSysvars();
        var input = new byte[512];
        using var vm = Create(input, host: host);
        // EpochRewards is 16-aligned, the others 8-aligned.
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(new SolGetTypedSysvar(TypedSysvar.EpochRewards), Input + 8).Error);
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(new SolGetTypedSysvar(TypedSysvar.Clock), Input + 4).Error);
        SyscallAssert.AccessViolation(vm.Fail(new SolGetTypedSysvar(TypedSysvar.Clock), Program).Error, AccessType.Store, Program, 40);
        vm.Context.CheckAligned = false;
        vm.Ok(new SolGetTypedSysvar(TypedSysvar.EpochRewards), Input + 8);
        vm.Context.CheckAligned = true;

        // Missing, short, or with a bool that is neither 0 nor 1: UnsupportedSysvar, after the charge.
        host.Sysvars.Remove(SysvarIds.Clock);
        host.Sysvars[SysvarIds.Rent] = new byte[16];
        host.Sysvars[SysvarIds.EpochSchedule] = [.. U64s(1, 2), 2, .. U64s(3, 4)];
        host.FeesLamportsPerSignature = null;
        foreach (var sysvar in new[] { TypedSysvar.Clock, TypedSysvar.Rent, TypedSysvar.EpochSchedule, TypedSysvar.Fees })
        {
            var (error, cost) = vm.Fail(new SolGetTypedSysvar(sysvar), Input);
            Assert.Equal(SyscallErrorKind.InstructionError, error.Kind);
            Assert.Equal("UnsupportedSysvar", error.InstructionError);
            Assert.Equal("Unsupported sysvar", error.Message);
            Assert.Equal(100UL + (ulong)SolGetTypedSysvar.Layout(sysvar).Size, cost);
        }
        // Trailing bytes are allowed (bincode::deserialize).
        host.Sysvars[SysvarIds.Rent] = [.. U64s(1), .. BitConverter.GetBytes(2.0), 3, 9, 9, 9];
        vm.Ok(new SolGetTypedSysvar(TypedSysvar.Rent), Input);
    }

    [Fact]
    public void Get_sysvar_copies_a_range()
    {
        var host = HostWithSysvars();
        var input = new byte[512];
        SysvarIds.Clock.CopyTo(input);
        SysvarIds.Fees.CopyTo(input.AsSpan(32));
        using var vm = Create(input, host: host);
        var get = SolGetSysvar.Instance;
        Assert.Equal((0UL, 110UL), vm.Ok(get, Input, Input + 100, 8, 16));
        Assert.Equal(U64s(2222, 1111), input[100..116]);
        Assert.Equal((0UL, 110UL), vm.Ok(get, Input, Input + 101, 40, 0));
        Assert.Equal((1UL, 110UL), vm.Ok(get, Input, Input + 100, 30, 11));
        Assert.Equal((1UL, 110UL), vm.Ok(get, Input, Input + 100, 41, 0));
        // The Fees sysvar is not in sysvar_id_to_buffer.
        Assert.Equal((2UL, 110UL), vm.Ok(get, Input + 32, Input + 100, 0, 8));
        // Larger buffers cost length / 250 instead of mem_op_base_cost.
        var big = new byte[4096];
        SysvarIds.Clock.CopyTo(big);
        using var bigVm = Create(big, host: host);
        Assert.Equal((1UL, 112UL), bigVm.Ok(get, Input, Input + 100, 0, 3000));
    }

    [Fact]
    public void Get_sysvar_errors()
    {
        var host = HostWithSysvars();
        var input = new byte[512];
        SysvarIds.Clock.CopyTo(input);
        using var vm = Create(input, host: host);
        var get = SolGetSysvar.Instance;
        SyscallAssert.AccessViolation(vm.Fail(get, Input + 500, Input, 0, 8).Error, AccessType.Load, Input + 500, 32);
        SyscallAssert.AccessViolation(vm.Fail(get, Input, Program, 0, 8).Error, AccessType.Store, Program, 8);
        var (overflow, cost) = vm.Fail(get, Input, Input + 100, ulong.MaxValue, 1);
        Assert.Equal("ArithmeticOverflow", overflow.InstructionError);
        Assert.Equal(110UL, cost);
        // Agave's var_addr + length check cannot fire: such a range never translates.
        SyscallAssert.AccessViolation(vm.Fail(get, Input, ulong.MaxValue - 3, 0, 8).Error, AccessType.Store, ulong.MaxValue - 3, 8);
    }
}
