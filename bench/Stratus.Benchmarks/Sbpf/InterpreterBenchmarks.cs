using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Stratus.Sbpf;

namespace Stratus.Benchmarks.Sbpf;

/// <summary>
/// Interpreter throughput on a compute-bound V0 program with metering on: a counted loop whose body
/// does ALU work, a stack store/load pair, a compare-and-branch and a bpf-to-bpf call (the callee
/// does more ALU and stack traffic). Reported per sBPF instruction (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private const int Iterations = 50_000;

    /// <summary>Instructions executed by one run: 2 (setup) + 17 per iteration + 2 (epilogue).</summary>
    public const int InstructionCount = 2 + 17 * Iterations + 2;

    private Executable _executable = null!;
    private byte[] _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _executable = BuildProgram(Iterations);
        _input = new byte[64];
        var check = Run();
        if (!check.IsOk || check.ComputeUnitsConsumed != InstructionCount)
            throw new InvalidOperationException($"benchmark program misbehaves: {check} after {check.ComputeUnitsConsumed} units");
    }

    [Benchmark(OperationsPerInvoke = InstructionCount)]
    public ulong MeteredLoopWithCalls() => Run().ReturnValue;

    private VmResult Run()
    {
        using var vm = Vm.Create(_executable, new ComputeMeter(10_000_000), _input);
        return vm.Execute();
    }

    /// <summary>The benchmark program, hand-assembled.</summary>
    public static Executable BuildProgram(int iterations)
    {
        const int functionPc = 14;
        var code = new List<byte>();
        void I(byte op, int dst = 0, int src = 0, short off = 0, int imm = 0)
        {
            Span<byte> s = stackalloc byte[8];
            s[0] = op;
            s[1] = (byte)(dst | (src << 4));
            BinaryPrimitives.WriteInt16LittleEndian(s.Slice(2), off);
            BinaryPrimitives.WriteInt32LittleEndian(s.Slice(4), imm);
            code.AddRange(s.ToArray());
        }
        uint fnKey = Murmur3.FunctionKey(functionPc);

        I(Opcodes.Mov64Imm, 6, imm: 0);              // 0: i = 0
        I(Opcodes.Mov64Imm, 7, imm: 0);              // 1: acc = 0
        // loop (pc 2..11): 10 instructions
        I(Opcodes.Mov64Reg, 1, 6);                   // 2: r1 = i
        I(Opcodes.CallImm, imm: unchecked((int)fnKey)); // 3: call f
        I(Opcodes.Add64Reg, 7, 0);                   // 4: acc += f(i)
        I(Opcodes.Stxdw, 10, 7, off: -8);            // 5: [r10-8] = acc
        I(Opcodes.Ldxdw, 8, 10, off: -8);            // 6: r8 = [r10-8]
        I(Opcodes.Xor64Reg, 8, 6);                   // 7: r8 ^= i
        I(Opcodes.And64Imm, 8, imm: 0xFF);           // 8: r8 &= 0xff
        I(Opcodes.Add64Reg, 7, 8);                   // 9: acc += r8
        I(Opcodes.Add64Imm, 6, imm: 1);              // 10: i++
        I(Opcodes.JltImm, 6, off: -10, imm: iterations); // 11: if i < n goto 2
        I(Opcodes.Mov64Reg, 0, 7);                   // 12: r0 = acc
        I(Opcodes.Exit);                             // 13
        // f (pc 14..20): 7 instructions
        I(Opcodes.Mov64Reg, 0, 1);                   // 14: r0 = r1
        I(Opcodes.Mul64Imm, 0, imm: 3);              // 15
        I(Opcodes.Add64Imm, 0, imm: 7);              // 16
        I(Opcodes.Rsh64Imm, 0, imm: 1);              // 17
        I(Opcodes.Stxdw, 10, 0, off: -16);           // 18
        I(Opcodes.Ldxdw, 0, 10, off: -16);           // 19
        I(Opcodes.Exit);                             // 20

        var functions = new FunctionRegistry();
        functions.TryRegister(Murmur3.SyscallKey("entrypoint"), "entrypoint", 0);
        functions.TryRegister(fnKey, "f", functionPc);
        var exe = Executable.FromText(code.ToArray(), SbpfVersion.V0, new SyscallRegistry(), functions);
        var error = exe.Verify();
        if (error != null) throw new InvalidOperationException(error.Message);
        return exe;
    }
}
