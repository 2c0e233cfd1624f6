using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Sbpf.Tests;

/// <summary>Random and mutated bytecode: the verifier and the VM must answer with errors, never throw or hang.</summary>
public sealed class RobustnessTests
{
    private static readonly SyscallRegistry Basic = BasicSyscalls.Register(new SyscallRegistry());

    public static TheoryData<SbpfVersion, SbpfDialect> Targets => new()
    {
        { SbpfVersion.V0, SbpfDialect.Sbpf0_10 },
        { SbpfVersion.V1, SbpfDialect.Sbpf0_10 },
        { SbpfVersion.V2, SbpfDialect.Sbpf0_10 },
        { SbpfVersion.V3, SbpfDialect.Sbpf0_10 },
        { SbpfVersion.V3, SbpfDialect.Simd0377 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Random_programs_never_throw(SbpfVersion version, SbpfDialect dialect)
    {
        var rng = new Random(1000 + (int)version * 10 + (int)dialect);
        var config = VmConfig.Default with { Dialect = dialect };
        int verified = 0, ok = 0;
        for (int i = 0; i < 1500; i++)
        {
            int slots = rng.Next(1, 24);
            var text = new byte[slots * 8 + (rng.Next(20) == 0 ? rng.Next(1, 8) : 0)];
            rng.NextBytes(text);
            for (int s = 0; s + 8 <= text.Length; s += 8)
            {
                // mostly plausible registers and small offsets so some programs verify and run for a while
                if (rng.Next(4) != 0) text[s + 1] = (byte)(rng.Next(11) | (rng.Next(11) << 4));
                if (rng.Next(3) != 0) { text[s + 2] = (byte)rng.Next(-4, 4); text[s + 3] = (byte)(text[s + 2] >= 0x80 ? 0xff : 0); }
                if (rng.Next(10) == 0) text[s] = Opcodes.Exit;
            }
            var functions = new FunctionRegistry();
            functions.TryRegister(version == SbpfVersion.V3 ? 0u : Murmur3.SyscallKey("entrypoint"), "entrypoint", 0);
            if (rng.Next(2) == 0) functions.TryRegister(version == SbpfVersion.V3 ? 2u : Murmur3.FunctionKey(2), "f", 2);
            var exe = Executable.FromText(text, version, Basic, functions, entryPc: (ulong)rng.Next(0, slots + 2));
            if (exe.Verify(dialect) == null) verified++;

            var input = new byte[rng.Next(0, 64)];
            rng.NextBytes(input);
            using var vm = Vm.Create(exe, new ComputeMeter((ulong)rng.Next(0, 300)), [MemoryRegion.CreateWritable(input, MemoryLayout.InputStart)], config, heapSize: 64);
            for (int r = 0; r < 10; r++)
                vm.Registers[r] = rng.Next(3) switch
                {
                    0 => (ulong)rng.NextInt64(),
                    1 => MemoryLayout.InputStart + (ulong)rng.Next(0, 80),
                    _ => MemoryLayout.StackStart + (ulong)rng.Next(0, 0x3000),
                };
            var result = vm.Run(exe.EntryPc);
            if (result.IsOk) ok++;
            Assert.True(vm.Context.Meter.Remaining <= 300);
            Assert.True(vm.Pc <= (ulong)slots);
        }
        Assert.True(verified > 0 || version == SbpfVersion.V3);
        Assert.True(ok >= 0);
    }

    [Fact]
    public void Truncated_and_mutated_valid_program_never_throws()
    {
        var baseProgram = new Asm().Mov(1, 5).Lddw(2, 0x1234_5678_9abc_def0).I(Opcodes.Stxdw, 10, 2, off: -8).I(Opcodes.Ldxdw, 0, 10, off: -8)
            .I(Opcodes.JneImm, 1, off: 1, imm: 5).I(Opcodes.Add64Imm, 0, imm: 1).I(Opcodes.Div64Reg, 0, 1).Exit().Build();
        var rng = new Random(5);
        for (int i = 0; i < 3000; i++)
        {
            var text = (byte[])baseProgram.Clone();
            int flips = rng.Next(1, 4);
            for (int f = 0; f < flips; f++) text[rng.Next(text.Length)] ^= (byte)(1 << rng.Next(8));
            int keep = rng.Next(2) == 0 ? text.Length : rng.Next(0, text.Length / 8 + 1) * 8;
            text = text[..keep];
            foreach (var version in new[] { SbpfVersion.V0, SbpfVersion.V2 })
            {
                var exe = Executable.FromText(text, version, Basic);
                _ = exe.Verify();
                using var vm = Vm.Create(exe, new ComputeMeter(100), new byte[16]);
                var result = vm.Execute();
                Assert.True(result.IsOk || result.Error != null);
            }
        }
    }

    [Fact]
    public void Disposed_vm_refuses_to_run()
    {
        var exe = TestVm.Exe(new Asm().Exit().Build());
        var vm = Vm.Create(exe, new ComputeMeter(10), new byte[1]);
        vm.Dispose();
        vm.Dispose();
        Assert.Throws<ObjectDisposedException>(() => vm.Execute());
    }

    [Fact]
    public void Vms_reuse_pooled_memory_zeroed()
    {
        var exe = TestVm.Exe(new Asm().I(Opcodes.Ldxdw, 0, 10, off: -8).I(Opcodes.Stdw, 10, off: -8, imm: -1).Exit().Build());
        for (int i = 0; i < 3; i++)
        {
            using var vm = Vm.Create(exe, new ComputeMeter(10), new byte[1]);
            var result = vm.Execute();
            Assert.Equal(0UL, result.ReturnValue);
        }
    }
}
