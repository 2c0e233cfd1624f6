using System.Text;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Sbpf.Tests;

public sealed class SyscallTests
{
    private static readonly SyscallRegistry Basic = BasicSyscalls.Register(new SyscallRegistry());

    private static int Key(string name) => unchecked((int)Murmur3.SyscallKey(name));

    /// <summary>r1 = input + offset, r2 = len (r3, r4 for panic), then the syscall, then exit.</summary>
    private static (VmResult Result, ListLogSink Log, ComputeMeter Meter) Call(string name, byte[] input, int offset, int len, ulong budget = 10_000,
        ulong a3 = 0, ulong a4 = 0)
    {
        var p = new Asm().Lddw(1, MemoryLayout.InputStart + (ulong)offset).Mov(2, len).Lddw(3, a3).Lddw(4, a4)
            .I(Opcodes.CallImm, imm: Key(name)).Exit();
        var log = new ListLogSink();
        var (result, _, meter) = TestVm.Run(p.Build(), budget: budget, input: input, syscalls: Basic, log: log);
        return (result, log, meter);
    }

    [Fact]
    public void Sol_log_writes_the_message_and_costs_at_least_100()
    {
        var (result, log, _) = Call("sol_log_", Encoding.UTF8.GetBytes("hello, wörld"), 0, 13);
        Assert.True(result.IsOk, result.ToString());
        Assert.Equal(["Program log: hello, wörld"], log.Lines);
        // lddw, mov, lddw, lddw, call, exit = 6 instructions + 100
        Assert.Equal(106UL, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Sol_log_cost_grows_with_length()
    {
        var text = new byte[300];
        Array.Fill(text, (byte)'a');
        var (result, log, _) = Call("sol_log_", text, 0, 300);
        Assert.Equal(306UL, result.ComputeUnitsConsumed);
        Assert.Equal("Program log: " + new string('a', 300), Assert.Single(log.Lines));
    }

    [Fact]
    public void Sol_log_of_nothing_logs_an_empty_message_without_touching_memory()
    {
        var (result, log, _) = Call("sol_log_", new byte[4], 1000, 0);
        Assert.True(result.IsOk);
        Assert.Equal(["Program log: "], log.Lines);
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0xff }, "invalid utf-8 sequence of 1 bytes from index 1: [104, 255]")]
    [InlineData(new byte[] { 0xe2, 0x82 }, "incomplete utf-8 byte sequence from index 0: [226, 130]")]
    [InlineData(new byte[] { 0x61, 0xe2, 0x28, 0xa1 }, "invalid utf-8 sequence of 1 bytes from index 1: [97, 226, 40, 161]")]
    [InlineData(new byte[] { 0xf0, 0x9f, 0x98, 0x41 }, "invalid utf-8 sequence of 3 bytes from index 0: [240, 159, 152, 65]")]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 }, "invalid utf-8 sequence of 1 bytes from index 0: [237, 160, 128]")]
    public void Sol_log_rejects_invalid_utf8_like_rust(byte[] bytes, string message)
    {
        var (result, log, _) = Call("sol_log_", bytes, 0, bytes.Length);
        Assert.Empty(log.Lines);
        var error = result.Error!.Syscall!;
        Assert.Equal(SyscallErrorKind.InvalidString, error.Kind);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Sol_log_of_unmapped_memory_fails_with_the_access_violation()
    {
        var (result, _, _) = Call("sol_log_", new byte[4], 2, 8);
        Assert.True(result.Error!.IsSyscallError);
        var inner = result.Error.Syscall!;
        Assert.Equal(SyscallErrorKind.Ebpf, inner.Kind);
        Assert.Equal(VmErrorKind.AccessViolation, inner.Ebpf!.Kind);
        Assert.Equal("Access violation in input section at address 0x400000002 of size 8", inner.Message);
    }

    [Fact]
    public void Sol_log_charges_before_translating()
    {
        var (result, _, meter) = Call("sol_log_", new byte[4], 0, 4, budget: 50);
        Assert.Equal("Computational budget exceeded", result.Error!.Syscall!.Message);
        Assert.Equal(0UL, meter.Remaining);
    }

    [Fact]
    public void Sol_log_64_formats_lowercase_hex()
    {
        var p = new Asm().Mov(1, 0).Mov(2, 255).Lddw(3, 0xDEADBEEF00000000).Mov(4, -1).Mov(5, 16)
            .I(Opcodes.CallImm, imm: Key("sol_log_64_")).Exit();
        var log = new ListLogSink();
        var (result, _, _) = TestVm.Run(p.Build(), syscalls: Basic, log: log);
        Assert.True(result.IsOk);
        Assert.Equal(["Program log: 0x0, 0xff, 0xdeadbeef00000000, 0xffffffffffffffff, 0x10"], log.Lines);
        Assert.Equal(7UL + 100, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Abort_fails_with_sbf_program_panicked()
    {
        var (result, _, _) = TestVm.Run(new Asm().I(Opcodes.CallImm, imm: Key("abort")).Exit().Build(), syscalls: Basic);
        Assert.True(result.Error!.IsSyscallError);
        Assert.Equal(SyscallErrorKind.Abort, result.Error.Syscall!.Kind);
        Assert.Equal("SBF program panicked", result.Error.Syscall.Message);
        Assert.Equal("Syscall error: SBF program panicked", result.Error.Message);
        Assert.Equal(1UL, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Sol_panic_reports_file_line_and_column_and_costs_the_length()
    {
        var file = Encoding.UTF8.GetBytes("src/lib.rs");
        var (result, _, _) = Call("sol_panic_", file, 0, file.Length, a3: 12, a4: 5);
        Assert.Equal(SyscallErrorKind.Panic, result.Error!.Syscall!.Kind);
        Assert.Equal("SBF program Panicked in src/lib.rs at 12:5", result.Error.Syscall.Message);
        Assert.Equal(5UL + 10, result.ComputeUnitsConsumed);
    }

    [Fact]
    public void Syscalls_take_precedence_over_functions_with_the_same_key_in_v0()
    {
        var functions = new FunctionRegistry();
        functions.TryRegister(Murmur3.SyscallKey("entrypoint"), "entrypoint", 0);
        functions.TryRegister((uint)Key("abort"), "clash", 2);
        var p = new Asm().I(Opcodes.CallImm, imm: Key("abort")).Exit().Mov(0, 1).Exit();
        var (result, _, _) = TestVm.Run(p.Build(), syscalls: Basic, functions: functions);
        Assert.Equal(SyscallErrorKind.Abort, result.Error!.Syscall!.Kind);
    }

    [Fact]
    public void V3_syscall_instruction_dispatches_by_hash()
    {
        var functions = new FunctionRegistry();
        functions.TryRegister(0, "entrypoint", 0);
        var p = new Asm().I(Opcodes.Syscall, imm: Key("abort")).I(Opcodes.Return);
        var (result, _, _) = TestVm.Run(p.Build(), SbpfVersion.V3, syscalls: Basic, functions: functions);
        Assert.Equal(SyscallErrorKind.Abort, result.Error!.Syscall!.Kind);
    }

    [Fact]
    public void Rust_utf8_validation_agrees_with_strict_decoding()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var rng = new Random(7);
        var buffer = new byte[12];
        for (int i = 0; i < 20_000; i++)
        {
            rng.NextBytes(buffer);
            for (int k = 0; k < buffer.Length; k++)
                if (rng.Next(3) == 0) buffer[k] &= 0x7f;
            bool valid;
            try { strict.GetString(buffer); valid = true; }
            catch (DecoderFallbackException) { valid = false; }
            Assert.Equal(valid, RustUtf8.Validate(buffer) == null);
        }
    }
}
