using System.Buffers.Binary;
using System.Numerics;
using Stratus.Sbpf.Elf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;
using Stratus.Sbpf.Verification;
using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>
/// Shipped hello-world and logging programs: loaded by the ELF loader, verified and run in the
/// interpreter on a serialized input (aligned BPF-loader layout), checking the log lines their sources
/// print and, where an upstream suite measured it, the compute units.
/// </summary>
public class ElfProgramRunTests
{
    /// <summary>Any syscall the VM helper does not implement: running into it fails the test.</summary>
    private sealed class UnexpectedSyscall(string name) : ISyscall
    {
        public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            return new SyscallError($"unexpected syscall {name}");
        }
    }

    /// <summary>sol_log_pubkey as Agave prints it ("Program log: " + base58), charged log_pubkey_units (100).</summary>
    private sealed class LogPubkey : ISyscall
    {
        public SyscallError? Invoke(VmContext vm, ulong addr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
        {
            r0 = 0;
            var error = vm.ConsumeChecked(100);
            if (error != null) return error;
            error = GuestMemory.TranslateBytes(vm, AccessType.Load, addr, 32, out var key);
            if (error != null) return error;
            vm.Log("Program log: " + Base58Encode(key.ToArray()));
            return null;
        }
    }

    private static SyscallRegistry Syscalls(bool withLogPubkey = false)
    {
        var registry = BasicSyscalls.Register(new SyscallRegistry());
        foreach (var s in KnownSyscalls.AgaveV1)
        {
            if (registry.Contains(s.Key)) continue;
            if (withLogPubkey && s.Name == "sol_log_pubkey") registry.Register(s.Name, new LogPubkey());
            else registry.Register(s.Name, new UnexpectedSyscall(s.Name));
        }
        return registry;
    }

    private sealed record Account(byte[] Key, bool IsSigner, bool IsWritable, bool Executable, ulong Lamports, byte[] Owner, byte[] Data);

    /// <summary>
    /// The aligned (BPF loader v2/v3) input: u64 account count; per account the 0xFF non-duplicate marker,
    /// signer/writable/executable flags, 4 bytes padding, key, owner, lamports, data length, data, 10 KiB
    /// of realloc space padded to 8, rent epoch (u64::MAX, mask_out_rent_epoch_in_vm_serialization);
    /// then u64 instruction-data length, the data, and the 32-byte program id.
    /// </summary>
    private static byte[] SerializeInput(IReadOnlyList<Account> accounts, byte[] data, byte[] programId)
    {
        var buf = new List<byte>();
        void U64(ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); buf.AddRange(b.ToArray()); }
        U64((ulong)accounts.Count);
        foreach (var a in accounts)
        {
            buf.Add(0xFF);
            buf.Add(a.IsSigner ? (byte)1 : (byte)0);
            buf.Add(a.IsWritable ? (byte)1 : (byte)0);
            buf.Add(a.Executable ? (byte)1 : (byte)0);
            buf.AddRange(new byte[4]);
            buf.AddRange(a.Key);
            buf.AddRange(a.Owner);
            U64(a.Lamports);
            U64((ulong)a.Data.Length);
            buf.AddRange(a.Data);
            int pad = 10 * 1024 + ((8 - a.Data.Length % 8) % 8);
            buf.AddRange(new byte[pad]);
            U64(ulong.MaxValue);
        }
        U64((ulong)data.Length);
        buf.AddRange(data);
        buf.AddRange(programId);
        return buf.ToArray();
    }

    private static (VmResult Result, List<string> Logs) Run(string file, byte[] input, ulong budget = 200_000, bool withLogPubkey = false)
    {
        var (config, _) = ElfTestEnvironment.Get("v3_exec");
        var load = ElfLoader.Load(ElfTestEnvironment.ReadShared(file), config, Syscalls(withLogPubkey));
        Assert.True(load.IsOk, load.ToString());
        Assert.Null(RequisiteVerifier.Verify(load.Executable));
        using var vm = Vm.Create(load.Executable, new ComputeMeter(budget), input);
        var sink = new ListLogSink();
        vm.Context.LogSink = sink;
        var result = vm.Execute();
        return (result, sink.Lines);
    }

    private static readonly byte[] ProgramId = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    // Tachyon svm/tests/example-programs/hello-solana (Firedancer's fixture is the same file). The shipped
    // binary was built from the solana-developers program-examples basics/hello-solana source, which also
    // logs the program id: msg!("Hello, Solana!"); msg!("Our program's Program ID: {}", &program_id).
    [SharedTheory("elfs")]
    [InlineData("elfs/x1-tachyon/svm_tests_example-programs_hello-solana/hello_solana_program.so")]
    [InlineData("elfs/firedancer-ballet-sbpf/hello_solana_program.so")]
    public void Hello_solana(string file)
    {
        var (result, logs) = Run(file, SerializeInput([], [], ProgramId));
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(0UL, result.ReturnValue);
        Assert.Equal(["Program log: Hello, Solana!", "Program log: Our program's Program ID: " + Base58Encode(ProgramId)], logs);
    }

    // Sig bpf/tests.zig "hello_world": msg!("Hello, world!"), 137 compute units in total.
    [SharedFact("elfs/sig-test-elfs/hello_world.so")]
    public void Sig_hello_world()
    {
        var (result, logs) = Run("elfs/sig-test-elfs/hello_world.so", SerializeInput([], [], ProgramId), budget: 137);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(["Program log: Hello, world!"], logs);
        Assert.Equal(137UL, result.ComputeUnitsConsumed);
    }

    // LiteSVM crates/loader/tests/programs_bytes/hello_world.so: its only message is "Hello world!".
    [SharedFact("elfs/litesvm/hello_world.so")]
    public void Litesvm_hello_world()
    {
        var (result, logs) = Run("elfs/litesvm/hello_world.so", SerializeInput([], [], ProgramId));
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(["Program log: Hello world!"], logs);
    }

    // Sig bpf/tests.zig "print_account": prints the fields of account 0; 28,815 compute units.
    [SharedFact("elfs/sig-test-elfs/print_account.so")]
    public void Sig_print_account()
    {
        var account = new Account(Base58Decode("2W3R4CDyfdPBsABjBF86kdThsR5s89iX2wbfoGVhZw4M"), false, false, false, 1_234_456,
            Base58Decode("3DTD43NijdpuwzQL6fM19vU5hDZ2u6M7A9hMrJH3dJyD"), "my data :)"u8.ToArray());
        var (result, logs) = Run("elfs/sig-test-elfs/print_account.so", SerializeInput([account], [], ProgramId), budget: 28_815);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(
        [
            "Program log: account[0].pubkey: 2W3R4CDyfdPBsABjBF86kdThsR5s89iX2wbfoGVhZw4M",
            "Program log: account[0].lamports: 1234456",
            "Program log: account[0].data: [109, 121, 32, 100, 97, 116, 97, 32, 58, 41]",
            "Program log: account[0].owner: 3DTD43NijdpuwzQL6fM19vU5hDZ2u6M7A9hMrJH3dJyD",
            "Program log: account[0].rent_epoch: 18446744073709551615",
            "Program log: account[0].is_signer: false",
            "Program log: account[0].is_writable: false",
            "Program log: account[0].executable: false",
        ], logs);
        Assert.Equal(28_815UL, result.ComputeUnitsConsumed);
    }

    // LiteSVM's spl_example_logging.so, built from SPL examples/rust/logging: msg!("static string");
    // sol_log_slice(data) (sol_log_64(0, 0, 0, index, byte) per byte); msg!("formatted {}: {:?}", "message", data);
    // program_id.log(); sol_log_params(accounts, data) (with no accounts: "Instruction data" and the slice
    // again); sol_log_compute_units().
    [SharedFact("elfs/litesvm/spl_example_logging.so")]
    public void Spl_example_logging()
    {
        byte[] data = [10, 11, 12, 13, 14];
        var (result, logs) = Run("elfs/litesvm/spl_example_logging.so", SerializeInput([], data, ProgramId), withLogPubkey: true);
        Assert.True(result.IsOk, result.ToString());
        var slice = data.Select((b, i) => $"Program log: 0x0, 0x0, 0x0, 0x{i:x}, 0x{b:x}").ToList();
        var expected = new List<string> { "Program log: static string" };
        expected.AddRange(slice);
        expected.Add("Program log: formatted message: [10, 11, 12, 13, 14]");
        expected.Add("Program log: " + Base58Encode(ProgramId));
        expected.Add("Program log: Instruction data");
        expected.AddRange(slice);
        Assert.Equal(expected, logs.Take(expected.Count));
        Assert.Equal(expected.Count + 1, logs.Count);
        Assert.Matches("^Program consumption: [0-9]+ units remaining$", logs[^1]);
    }

    // sbpf tests/execution.rs (test_relative_call_sbpfv0, test_reloc_64_64_sbpfv0, test_reloc_64_relative_sbpfv0,
    // test_reloc_64_relative_data_sbpfv0, test_load_elf_rodata_sbpfv0, test_struct_func_pointer_sbpfv0,
    // test_callx_unaligned_text_section) and Sig vm/tests.zig (same names for its builds, plus
    // "syscall reloc 64_32"): result and instruction/CU count, V0 only; relative_call reads a one-byte
    // input [1], the others take none.
    [SharedTheory("elfs")]
    [InlineData("sbpf-tests/relative_call_sbpfv0.so", 3UL, 16UL)]
    [InlineData("sbpf-tests/reloc_64_64_sbpfv0.so", 0x1_0000_0120UL, 2UL)]
    [InlineData("sbpf-tests/reloc_64_relative_sbpfv0.so", 0x1_0000_0138UL, 2UL)]
    [InlineData("sbpf-tests/reloc_64_relative_data_sbpfv0.so", 0x1_0000_0140UL, 3UL)]
    [InlineData("sbpf-tests/rodata_section_sbpfv0.so", 42UL, 3UL)]
    [InlineData("sbpf-tests/struct_func_pointer_sbpfv0.so", 0x0102030405060708UL, 2UL)]
    [InlineData("sig-test-elfs/reloc_64_64_sbpfv0.so", 0x1_0000_0120UL, 2UL)]
    [InlineData("sig-test-elfs/reloc_64_relative_sbpfv0.so", 0x1_0000_0138UL, 2UL)]
    [InlineData("sig-test-elfs/reloc_64_relative_data_sbpfv0.so", 0x1_0000_0140UL, 2UL)]
    [InlineData("sig-test-elfs/rodata_section_sbpfv0.so", 42UL, 7UL)]
    [InlineData("sig-test-elfs/struct_func_pointer_sbpfv0.so", 0x0102030405060708UL, 2UL)]
    [InlineData("sig-test-elfs/syscall_reloc_64_32_sbpfv0.so", 0UL, 105UL)]
    public void Upstream_elf_executions(string file, ulong expected, ulong units)
    {
        var (config, _) = ElfTestEnvironment.Get("v0_exec");
        var load = ElfLoader.Load(ElfTestEnvironment.ReadShared("elfs/" + file), config, Syscalls());
        Assert.True(load.IsOk, load.ToString());
        Assert.Null(RequisiteVerifier.Verify(load.Executable));
        byte[] input = file.Contains("relative_call", StringComparison.Ordinal) ? [1] : [];
        using var vm = Vm.Create(load.Executable, new ComputeMeter(units), input);
        var result = vm.Execute();
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(expected, result.ReturnValue);
        Assert.Equal(units, result.ComputeUnitsConsumed);
    }

    // sbpf execution.rs test_callx_unaligned_text_section: recursion until CallDepthExceeded after 129 instructions.
    [SharedFact("elfs/sbpf-tests/callx_unaligned.so")]
    public void Callx_unaligned_exceeds_call_depth()
    {
        var (config, _) = ElfTestEnvironment.Get("v0_exec");
        var load = ElfLoader.Load(ElfTestEnvironment.ReadShared("elfs/sbpf-tests/callx_unaligned.so"), config, Syscalls());
        Assert.True(load.IsOk, load.ToString());
        using var vm = Vm.Create(load.Executable, new ComputeMeter(129), Array.Empty<byte>());
        var result = vm.Execute();
        Assert.False(result.IsOk);
        Assert.Contains("call depth", result.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(129UL, result.ComputeUnitsConsumed);
    }

    /// <summary>The vm branch's RequisiteVerifier agrees with sbpf 0.10.1's on every program the loader accepts.</summary>
    [SharedFact("elfs")]
    public void Verifier_agrees_with_sbpf_on_every_loaded_file()
    {
        var mismatches = new List<string>();
        foreach (var row in ElfExpectationTable.All.Where(r => r.IsOk))
        {
            var (config, syscalls) = ElfTestEnvironment.Get(row.Config);
            var load = ElfLoader.Load(ElfTestEnvironment.ReadShared(row.File), config, syscalls);
            var error = RequisiteVerifier.Verify(load.Executable!);
            var actual = error == null ? "Ok" : "VerifierError(" + RustDebug(error) + ")";
            if (actual != row.Verifier) mismatches.Add($"{row}: expected {row.Verifier}, got {actual}");
        }
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    private static string RustDebug(VerifierError e) => e.Kind switch
    {
        VerifierErrorKind.ProgramLengthNotMultiple or VerifierErrorKind.ProgramTooLarge or VerifierErrorKind.NoProgram
            or VerifierErrorKind.LDDWCannotBeLast => e.Kind.ToString(),
        VerifierErrorKind.UnknownOpCode => $"UnknownOpCode({e.Opcode}, {e.Pc})",
        VerifierErrorKind.JumpOutOfCode or VerifierErrorKind.JumpToMiddleOfLDDW => $"{e.Kind}({e.Target}, {e.Pc})",
        VerifierErrorKind.ShiftWithOverflow => $"ShiftWithOverflow({e.ShiftAmount}, {e.ShiftBits}, {e.Pc})",
        VerifierErrorKind.InvalidSyscall => $"InvalidSyscall({e.SyscallHash})",
        _ => $"{e.Kind}({e.Pc})",
    };

    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static byte[] Base58Decode(string s)
    {
        BigInteger v = 0;
        foreach (char c in s) v = v * 58 + Alphabet.IndexOf(c, StringComparison.Ordinal);
        var bytes = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        int zeros = s.TakeWhile(c => c == '1').Count();
        var result = new byte[32];
        bytes.CopyTo(result, 32 - bytes.Length);
        Assert.True(zeros + bytes.Length <= 32);
        return result;
    }

    private static string Base58Encode(byte[] data)
    {
        var v = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var sb = new System.Text.StringBuilder();
        while (v > 0) { sb.Insert(0, Alphabet[(int)(v % 58)]); v /= 58; }
        foreach (var b in data) { if (b != 0) break; sb.Insert(0, '1'); }
        return sb.ToString();
    }
}
