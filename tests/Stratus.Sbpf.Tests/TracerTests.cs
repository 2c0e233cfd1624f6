using Stratus.Sbpf;

namespace Stratus.Sbpf.Tests;

public sealed class TracerTests
{
    private sealed class Recorder : IInstructionTracer
    {
        public readonly List<(ulong Pc, ulong R0)> Steps = new();

        public void Trace(ulong pc, ReadOnlySpan<ulong> registers)
        {
            Assert.Equal(11, registers.Length);
            Steps.Add((pc, registers[0]));
        }
    }

    [Fact]
    public void Traces_each_instruction_before_it_runs()
    {
        var text = new Asm().Mov(0, 5).Lddw(1, 9).I(Opcodes.Add64Imm, 0, imm: 1).Exit().Build();
        var exe = TestVm.Exe(text);
        using var vm = Vm.Create(exe, new ComputeMeter(100), new byte[1]);
        var recorder = new Recorder();
        vm.Tracer = recorder;
        var result = vm.Execute();
        Assert.Equal(6UL, result.ReturnValue);
        Assert.Equal([(0UL, 0UL), (1UL, 5UL), (3UL, 5UL), (4UL, 6UL)], recorder.Steps);
    }

    [Fact]
    public void Instructions_stopped_by_the_meter_or_the_text_end_are_not_traced()
    {
        var exe = TestVm.Exe(new Asm().Mov(0, 1).Mov(0, 2).Build());
        using var vm = Vm.Create(exe, new ComputeMeter(100), new byte[1]);
        var recorder = new Recorder();
        vm.Tracer = recorder;
        Assert.Equal(VmErrorKind.ExecutionOverrun, vm.Execute().Error!.Kind);
        Assert.Equal(2, recorder.Steps.Count);

        using var capped = Vm.Create(exe, new ComputeMeter(1), new byte[1]);
        var r2 = new Recorder();
        capped.Tracer = r2;
        Assert.Equal(VmErrorKind.ExceededMaxInstructions, capped.Execute().Error!.Kind);
        Assert.Single(r2.Steps);
    }
}
