using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.Core;

namespace Stratus.Conformance.Tests.Vm;

/// <summary>
/// Syscall fixtures built here from upstream facts (Agave's compute budget constants, published digests and
/// solana-program's create_program_address vectors, the aligned BPF-loader input layout), run through the
/// whole runner. Each expectation is a fact about Agave, not an output of Stratus.
/// </summary>
public class SyscallHarnessTests
{
    private const ulong HeapStart = 0x3_0000_0000;
    private const int HeapSize = 32 * 1024;
    private const int StackSize = 64 * 4096;
    private const ulong Budget = 10_000;

    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());
    private static readonly Pubkey UpgradeableLoader = Pubkey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");

    private static byte[] Slice(ulong address, ulong length)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(b, address);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), length);
        return b;
    }

    /// <summary>
    /// The aligned (loader v2/v3) input of an instruction with no accounts and no data: account count 0,
    /// data length 0, then the program id.
    /// </summary>
    private static byte[] EmptyAlignedInput(Pubkey program)
    {
        var b = new byte[48];
        program.AsSpan().CopyTo(b.AsSpan(16));
        return b;
    }

    private static SyscallFixture Fixture(string syscall, byte[] heapPrefix, ulong r1, ulong r2, ulong r3, ulong r4, SyscallEffects output) => new()
    {
        Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_vm_syscall_execute_v1" },
        Input = new SyscallContext
        {
            VmCtx = new VmContext { HeapMax = HeapSize, R1 = r1, R2 = r2, R3 = r3, R4 = r4 },
            InstrCtx = new InstrContext { ProgramId = ByteString.CopyFrom(UpgradeableLoader.AsSpan()), CuAvail = Budget },
            SyscallInvocation = new SyscallInvocation { FunctionName = ByteString.CopyFromUtf8(syscall), HeapPrefix = ByteString.CopyFrom(heapPrefix) },
        },
        Output = output,
    };

    private static SyscallEffects Effects(byte[] heap, ulong cuAvail, long error = 0, ErrKind kind = ErrKind.Unspecified, string log = "") => new()
    {
        Error = error,
        ErrorKind = kind,
        CuAvail = cuAvail,
        Heap = ByteString.CopyFrom(heap),
        Stack = ByteString.CopyFrom(new byte[StackSize]),
        InputDataRegions = { new InputDataRegion { Offset = 0, Content = ByteString.CopyFrom(EmptyAlignedInput(UpgradeableLoader)), IsWritable = true } },
        Log = ByteString.CopyFromUtf8(log),
    };

    private static byte[] Heap(params (int Offset, byte[] Bytes)[] parts)
    {
        var heap = new byte[HeapSize];
        foreach (var (offset, bytes) in parts) bytes.CopyTo(heap, offset);
        return heap;
    }

    private static CaseResult Run(SyscallFixture f) => Runner.RunBytes("case", f.ToByteArray());

    private static void AssertPassed(CaseResult r) =>
        Assert.True(r.Outcome == CaseOutcome.Passed, $"{r.Outcome}: {r.Message} {string.Join("; ", r.Diffs?.Select(d => d.ToString()) ?? [])}");

    [Fact]
    public void Sha256_of_hello_writes_the_digest_and_charges_base_plus_one_slice()
    {
        // Agave: sha256_base_cost 85, then per slice max(mem_op_base_cost 10, sha256_byte_cost 1 × len/2).
        var digest = Convert.FromHexString("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        var hello = Encoding.ASCII.GetBytes("hello");
        var before = Heap((0, Slice(HeapStart + 16, 5)), (16, hello));
        var after = Heap((0, Slice(HeapStart + 16, 5)), (16, hello), (32, digest));
        AssertPassed(Run(Fixture("sol_sha256", before[..32], HeapStart, 1, HeapStart + 32, 0, Effects(after, Budget - 95))));
    }

    [Fact]
    public void Sha256_wrong_digest_fails_with_a_heap_diff()
    {
        var hello = Encoding.ASCII.GetBytes("hello");
        var before = Heap((0, Slice(HeapStart + 16, 5)), (16, hello));
        var r = Run(Fixture("sol_sha256", before[..32], HeapStart, 1, HeapStart + 32, 0, Effects(before, Budget - 95)));
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Contains(r.Diffs!, d => d.Field == "heap");
    }

    [Fact]
    public void Memcpy_of_overlapping_ranges_is_CopyOverlapping_after_charging_the_base_cost()
    {
        // SyscallError::CopyOverlapping is variant 11, numbered 12 by the harness; mem_op_base_cost 10 is charged first.
        var heap = new byte[HeapSize];
        AssertPassed(Run(Fixture("sol_memcpy_", [], HeapStart + 4, HeapStart, 8, 0, Effects(heap, Budget - 10, 12, ErrKind.Syscall))));
    }

    [Fact]
    public void Memcpy_copies_disjoint_ranges()
    {
        var src = Encoding.ASCII.GetBytes("abcdefgh");
        var before = Heap((0, src));
        var after = Heap((0, src), (64, src));
        AssertPassed(Run(Fixture("sol_memcpy_", src, HeapStart + 64, HeapStart, 8, 0, Effects(after, Budget - 10))));
    }

    [Fact]
    public void Log_writes_a_program_log_line_and_charges_the_syscall_base_cost()
    {
        // sol_log_ charges max(syscall_base_cost 100, len) and logs "Program log: <text>".
        var text = Encoding.ASCII.GetBytes("hello");
        var heap = Heap((0, text));
        AssertPassed(Run(Fixture("sol_log_", text, HeapStart, 5, 0, 0, Effects(heap, Budget - 100, log: "Program log: hello"))));
    }

    [Fact]
    public void Create_program_address_matches_the_solana_program_vector()
    {
        // solana-program: create_program_address(["Talking", "Squirrels"], BPFLoaderUpgradeab1e…) = 2fnQrngr…;
        // create_program_address_units 1500.
        var expected = Pubkey.Parse("2fnQrngrQT4SeLcdToJAD96phoEjNL2man2kfRLCASVk");
        var talking = Encoding.ASCII.GetBytes("Talking");
        var squirrels = Encoding.ASCII.GetBytes("Squirrels");
        var seeds = Slice(HeapStart + 64, 7).Concat(Slice(HeapStart + 80, 9)).ToArray();
        var program = UpgradeableLoader.AsSpan().ToArray();
        var before = Heap((0, seeds), (64, talking), (80, squirrels), (96, program));
        var after = Heap((0, seeds), (64, talking), (80, squirrels), (96, program), (128, expected.AsSpan().ToArray()));
        AssertPassed(Run(Fixture("sol_create_program_address", before[..128], HeapStart, 2, HeapStart + 96, HeapStart + 128, Effects(after, Budget - 1500))));
    }

    [Fact]
    public void Cpi_is_skipped_not_passed()
    {
        var f = Fixture("sol_invoke_signed_c", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        var r = Run(f);
        Assert.Equal(CaseOutcome.Skipped, r.Outcome);
        Assert.Contains("CPI not implemented yet", r.Message);
    }

    [Fact]
    public void A_syscall_fixture_relabelled_as_interpreter_is_not_passed()
    {
        // The interpreter harness runs the rodata as a program: the syscall's effects are not what it produces.
        var f = Fixture("sol_log_", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        f.Metadata.FnEntrypoint = "sol_compat_vm_interp_v1";
        var r = Run(f);
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Contains("interpreter", r.Message);
    }

    [Fact]
    public void Malformed_contexts_fail_with_a_reason_instead_of_throwing()
    {
        var shortProgram = Fixture("sol_log_", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        shortProgram.Input.InstrCtx.ProgramId = ByteString.CopyFrom(new byte[5]);
        var badIndex = Fixture("sol_log_", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        badIndex.Input.InstrCtx.InstrAccounts.Add(new InstrAcct { Index = 7 });
        var bigHeap = Fixture("sol_log_", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        bigHeap.Input.VmCtx.HeapMax = 256 * 1024 + 1;
        var unknown = Fixture("sol_no_such_syscall", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget));
        foreach (var (f, why) in new[] { (shortProgram, "32 bytes"), (badIndex, "indexes past"), (bigHeap, "heap_max"), (unknown, "not registered") })
        {
            var r = Run(f);
            Assert.Equal(CaseOutcome.Failed, r.Outcome);
            Assert.Contains(why, r.Message);
        }
    }

    [Fact]
    public void Truncated_and_mutated_fixtures_never_throw()
    {
        var hello = Encoding.ASCII.GetBytes("hello");
        var before = Heap((0, Slice(HeapStart + 16, 5)), (16, hello));
        var bytes = Fixture("sol_sha256", before[..32], HeapStart, 1, HeapStart + 32, 0, Effects(before, Budget - 95)).ToByteArray();
        var rng = new Random(7);
        for (int i = 0; i < 60; i++)
        {
            var copy = bytes.ToArray();
            if (i % 2 == 0) copy = copy[..rng.Next(copy.Length)];
            else for (int k = 0; k < 4; k++) copy[rng.Next(Math.Min(copy.Length, 400))] ^= (byte)rng.Next(1, 256);
            var r = Runner.RunBytes("m", copy);
            Assert.NotNull(r.Message ?? r.Outcome.ToString());
        }
    }

    [Fact]
    public void Failure_is_logged_as_the_loader_logs_it()
    {
        // stable_log::program_failure: "Program <id> failed: <error>"; CopyOverlapping displays "Overlapping copy".
        var f = Fixture("sol_memcpy_", [], HeapStart + 4, HeapStart, 8, 0,
            Effects(new byte[HeapSize], Budget - 10, 12, ErrKind.Syscall, $"Program {UpgradeableLoader} failed: Overlapping copy"));
        AssertPassed(Run(f));
    }

    [Fact]
    public void Log_of_an_unmapped_string_is_an_access_violation_after_the_charge()
    {
        // EbpfError::AccessViolation is variant 12, numbered 13; the harness shortens its text to "Access violation".
        var f = Fixture("sol_log_", [], 0x5_0000_0000, 5, 0, 0,
            Effects(new byte[HeapSize], Budget - 100, 13, ErrKind.Ebpf, $"Program {UpgradeableLoader} failed: Access violation"));
        AssertPassed(Run(f));
    }

    [Fact]
    public void Unaligned_slice_array_is_UnalignedPointer_for_aligned_programs_only()
    {
        // Agave's sol_sha256 charges sha256_base_cost (85) before translating the slice array; with
        // check_aligned an array of 8-byte-aligned descriptors at an odd address is SyscallError::UnalignedPointer
        // (variant 7, numbered 8). Programs of the deprecated loader v1 are not alignment-checked.
        var hello = Encoding.ASCII.GetBytes("hello");
        var before = Heap((1, Slice(HeapStart + 17, 5)), (17, hello));
        var aligned = Fixture("sol_sha256", before[..32], HeapStart + 1, 1, HeapStart + 64, 0,
            Effects(before, Budget - 85, 8, ErrKind.Syscall, $"Program {UpgradeableLoader} failed: Unaligned pointer"));
        AssertPassed(Run(aligned));

        var digest = Convert.FromHexString("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        var after = Heap((1, Slice(HeapStart + 17, 5)), (17, hello), (64, digest));
        var deprecated = Fixture("sol_sha256", before[..32], HeapStart + 1, 1, HeapStart + 64, 0, Effects(after, Budget - 95));
        deprecated.Input.InstrCtx.Accounts.Add(new AcctState
        {
            Address = ByteString.CopyFrom(UpgradeableLoader.AsSpan()),
            Lamports = 1,
            Executable = true,
            Owner = ByteString.CopyFrom(Pubkey.Parse("BPFLoader1111111111111111111111111111111111").AsSpan()),
        });
        AssertPassed(Run(deprecated));
    }

    [Fact]
    public void Clock_sysvar_defaults_to_the_harness_clock_at_slot_10()
    {
        // The harness fills a missing clock with Clock { slot: 10, .. } (bincode: five 8-byte fields);
        // get_sysvar charges sysvar_base_cost 100 + size_of::<Clock>() 40.
        var clock = new byte[40];
        clock[0] = 10;
        var f = Fixture("sol_get_clock_sysvar", [], HeapStart + 8, 0, 0, 0, Effects(Heap((8, clock)), Budget - 140));
        AssertPassed(Run(f));
    }

    [Fact]
    public void Stack_height_of_the_harness_instruction_is_one()
    {
        // sol_get_stack_height charges syscall_base_cost 100 and returns the invoke stack height (top level: 1).
        var f = Fixture("sol_get_stack_height", [], 0, 0, 0, 0, Effects(new byte[HeapSize], Budget - 100));
        f.Output.R0 = 1;
        AssertPassed(Run(f));
    }
}
