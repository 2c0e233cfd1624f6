using System.Buffers.Binary;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Conformance.InterpText;

/// <summary>
/// Runs Firedancer's text-format interpreter cases (<c>*.instr</c>) the way its
/// <c>test_vm_instr</c> harness does: program = the instruction (+ lddw's second slot) + <c>exit</c>;
/// 100 compute units; no heap; registers r0..r10 exactly as given (r10 included); the input buffer
/// mapped writable at 0x4_0000_0000, split into regions at the given boundaries. The sBPF version
/// comes from the parent directory (v0..v3); Firedancer's v3 is the SIMD-0377 definition.
/// </summary>
public static class InterpTextSuite
{
    public const string Kind = "vm-interp-text";
    public const ulong ComputeBudget = 100;

    /// <summary>True when the file holds interpreter cases (a line starting with "$ op=").</summary>
    public static bool LooksLikeInterpText(string path)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith("$ op=", StringComparison.Ordinal))
                    return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
        }
        return false;
    }

    public static IReadOnlyList<CaseResult> RunFile(string path)
    {
        string text;
        IReadOnlyList<InterpTextCase> cases;
        try
        {
            text = File.ReadAllText(path);
            cases = InterpTextParser.Parse(text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            return [CaseResult.Fail(Kind, path, $"cannot read cases: {e.Message}")];
        }
        var (version, dialect) = VersionOf(path);
        var results = new List<CaseResult>(cases.Count);
        foreach (var c in cases)
            results.Add(Run(c, version, dialect, $"{path}:{c.Line}"));
        return results;
    }

    /// <summary>v0..v3 from the parent directory name; v3 means SIMD-0377. Default V0 (as the harness).</summary>
    public static (SbpfVersion Version, SbpfDialect Dialect) VersionOf(string path)
    {
        string dir = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) ?? string.Empty;
        return dir.ToLowerInvariant() switch
        {
            "v1" => (SbpfVersion.V1, SbpfDialect.Sbpf0_10),
            "v2" => (SbpfVersion.V2, SbpfDialect.Sbpf0_10),
            "v3" => (SbpfVersion.V3, SbpfDialect.Simd0377),
            _ => (SbpfVersion.V0, SbpfDialect.Sbpf0_10),
        };
    }

    /// <summary>Runs one case; Passed, or Failed with the differing fields.</summary>
    public static CaseResult Run(InterpTextCase c, SbpfVersion version, SbpfDialect dialect, string id)
    {
        var outcome = Execute(c, version, dialect, out var registers, out string detail);
        var diffs = new List<FieldDiff>();
        if (outcome != c.ExpectedStatus)
            diffs.Add(new FieldDiff("status", Name(c.ExpectedStatus), Name(outcome)));
        else if (outcome == InterpTextStatus.Ok)
            for (int i = 0; i <= 10; i++)
                if (registers[i] != c.ExpectedRegisters[i])
                    diffs.Add(new FieldDiff($"r{i}", $"0x{c.ExpectedRegisters[i]:x}", $"0x{registers[i]:x}"));
        if (diffs.Count == 0) return CaseResult.Pass(Kind, id);
        return CaseResult.Fail(Kind, id, $"op=0x{c.Opcode:x2} dst={c.Dst} src={c.Src} off=0x{c.Offset:x4} imm=0x{c.Imm:x}: {detail}", diffs);
    }

    private static InterpTextStatus Execute(InterpTextCase c, SbpfVersion version, SbpfDialect dialect, out ulong[] registers, out string detail)
    {
        registers = new ulong[16];
        bool lddw = c.Opcode == Opcodes.Lddw;
        var text = new byte[(lddw ? 3 : 2) * Opcodes.SlotSize];
        WriteSlot(text, 0, c.Opcode, c.Dst, c.Src, c.Offset, (uint)c.Imm);
        if (lddw) WriteSlot(text, 1, 0, 0, 0, 0, (uint)(c.Imm >> 32));
        WriteSlot(text, lddw ? 2 : 1, Opcodes.Exit, 0, 0, 0, 0);

        var exe = Executable.FromText(text, version, new SyscallRegistry(), new FunctionRegistry());
        var verifyError = exe.Verify(dialect);
        if (verifyError != null)
        {
            detail = $"verifier: {verifyError.Message}";
            return InterpTextStatus.VerifyFail;
        }

        var input = (byte[])c.Input.Clone();
        var regions = new List<MemoryRegion>();
        if (c.RegionBoundaries.Length == 0)
        {
            regions.Add(MemoryRegion.CreateWritable(input, MemoryLayout.InputStart));
        }
        else
        {
            uint start = 0;
            foreach (uint end in c.RegionBoundaries)
            {
                if (end < start || end > input.Length)
                {
                    detail = $"region boundary 0x{end:x} outside the input";
                    return InterpTextStatus.Fault;
                }
                regions.Add(new MemoryRegion(input, (int)start, (int)(end - start), MemoryLayout.InputStart + start, writable: true));
                start = end;
            }
        }

        var config = VmConfig.Default with { Dialect = dialect };
        using var vm = Vm.Create(exe, new ComputeMeter(ComputeBudget), regions, config, heapSize: 0);
        for (int i = 0; i <= 10; i++) vm.Registers[i] = c.InitialRegisters[i];
        var result = vm.Run(exe.EntryPc);
        Array.Copy(vm.Registers, registers, 16);
        detail = result.IsOk ? "exited" : $"pc {result.Error!.Pc}: {result.Error.Message}";
        return result.IsOk ? InterpTextStatus.Ok : InterpTextStatus.Fault;
    }

    private static void WriteSlot(byte[] text, int slot, byte opcode, byte dst, byte src, ushort off, uint imm)
    {
        var s = text.AsSpan(slot * Opcodes.SlotSize, Opcodes.SlotSize);
        s[0] = opcode;
        s[1] = (byte)((dst & 0xF) | ((src & 0xF) << 4));
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(2), off);
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(4), imm);
    }

    private static string Name(InterpTextStatus s) => s switch
    {
        InterpTextStatus.Ok => "ok",
        InterpTextStatus.Fault => "err",
        _ => "vfy",
    };
}
