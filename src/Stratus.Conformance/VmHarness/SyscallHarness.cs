using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Protos;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Conformance.VmHarness;

/// <summary>
/// sol_compat_vm_syscall_execute_v1 (solfuzz-agave's vm_syscalls / Firedancer's syscall harness): the VM
/// holds the fixture's rodata, a 64 × 4 KiB stack and a heap_max heap, both zeroed and then overwritten by
/// the invocation's prefixes, and the input region built by BPF-loader serialization of the instruction
/// context; the registers are set from the VM context and the named syscall is called once with r1–r5 and
/// the instruction's compute units.
/// </summary>
internal static class SyscallHarness
{
    /// <summary>Agave's MAX_HEAP_FRAME_BYTES; a larger heap_max makes the harness produce nothing.</summary>
    public const ulong HeapMax = 256 * 1024;

    public sealed record Outcome(SyscallEffects? Effects, string? NoEffects, string? Skip);

    public static bool IsCpi(string name) => name.StartsWith("sol_invoke_signed", StringComparison.Ordinal);

    public static Outcome Run(SyscallContext input)
    {
        var name = input.SyscallInvocation?.FunctionName.ToStringUtf8() ?? "";
        if (IsCpi(name)) return new(null, null, "CPI not implemented yet in the single-syscall harness (the runtime's CPI needs a full invoke context)");
        var instruction = HarnessInstruction.From(input.InstrCtx, out var rejection);
        if (instruction == null) return new(null, rejection, null);
        if (input.VmCtx == null) return new(null, "no VM context", null);
        var vmCtx = input.VmCtx;
        if (vmCtx.HeapMax > HeapMax) return new(null, $"heap_max {vmCtx.HeapMax} exceeds {HeapMax}", null);

        var features = FeatureSetMap.Default.Resolve(input.InstrCtx!.Features?.Features ?? []);
        var registry = RuntimeSyscalls.CreateRegistry(features.IsActive, deployment: true);
        if (!registry.TryGet(Murmur3.SyscallKey(name), out var syscall))
            return new(null, $"syscall {name} is not registered under the fixture's features", null);
        if (syscall is UnimplementedSyscall)
            return new(null, null, $"syscall {name} not implemented yet");

        bool directMapping = features.IsActive("bpf_account_data_direct_mapping");
        var options = new SerializationOptions
        {
            MaskOutRentEpoch = features.IsActive("mask_out_rent_epoch_in_vm_serialization"),
            BpfAccountDataDirectMapping = directMapping,
            RemoveAccountsExecutableFlagChecks = features.IsActive("remove_accounts_executable_flag_checks"),
        };
        var programAccount = Array.Find(instruction.Accounts, a => a.Key == instruction.ProgramId).Account;
        var layout = InputLayouts.ForLoader(programAccount.Owner);
        var invocation = new InstructionInvocation(instruction.Accounts, instruction.InstructionAccounts, instruction.Data,
            instruction.ProgramId, layout);
        var serializeError = InputSerializer.Serialize(invocation, options, out var serialized);
        if (serializeError != null || serialized == null)
            return new(null, $"input serialization failed: {serializeError}", null);

        var rodata = vmCtx.Rodata.ToByteArray();
        var executable = new Executable
        {
            Version = SbpfVersion.V0,
            Text = [],
            TextVaddr = MemoryLayout.ProgramStart,
            ReadOnlyRegion = rodata,
            ReadOnlyRegionVaddr = MemoryLayout.ProgramStart,
            EntryPc = 0,
            Functions = new FunctionRegistry(),
            Syscalls = registry,
        };
        var meter = new ComputeMeter(instruction.ComputeUnits);
        var regions = serialized.CreateMemoryRegions().Where(r => r.Length > 0).ToArray();
        var createError = Stratus.Sbpf.Vm.TryCreate(executable, meter, regions, out var vm, VmConfig.ForAgave(directMapping), (int)vmCtx.HeapMax);
        if (createError != null) return new(null, $"memory mapping rejected: {createError.Message}", null);
        using (vm)
        {
            var returnProgram = vmCtx.ReturnData?.ProgramId is { Length: 32 } rp ? new Pubkey(rp.Span) : default;
            var returnData = vmCtx.ReturnData?.Data.ToByteArray() ?? [];
            var host = new FixtureSyscallHost(instruction, returnProgram, returnData, vmCtx.HeapMax, serialized.Accounts);
            var log = new ListLogSink();
            vm.Context.Host = host;
            vm.Context.LogSink = log;
            // Agave's get_check_aligned: programs of the deprecated loader v1 may pass unaligned pointers.
            vm.Context.CheckAligned = layout != InputLayout.Unaligned;
            var invocationInput = input.SyscallInvocation!;
            CopyPrefix(invocationInput.HeapPrefix.Span, vm.Heap);
            CopyPrefix(invocationInput.StackPrefix.Span, vm.Stack);
            ulong[] r = [vmCtx.R0, vmCtx.R1, vmCtx.R2, vmCtx.R3, vmCtx.R4, vmCtx.R5];
            var error = syscall.Invoke(vm.Context, r[1], r[2], r[3], r[4], r[5], out var r0);

            var effects = new SyscallEffects
            {
                R0 = error == null ? r0 : 0,
                CuAvail = meter.Remaining,
                Heap = ByteString.CopyFrom(vm.Heap),
                Stack = ByteString.CopyFrom(vm.Stack),
                Rodata = ByteString.CopyFrom(rodata),
                FrameCount = 0,
                Pc = 0,
            };
            if (error != null)
            {
                var (code, kind) = ErrorCode(error);
                effects.Error = code;
                effects.ErrorKind = kind;
            }
            foreach (var region in serialized.Regions)
            {
                if (region.Length == 0) continue;
                effects.InputDataRegions.Add(new InputDataRegion
                {
                    Offset = region.VmAddr - MemoryLayout.InputStart,
                    Content = ByteString.CopyFrom(region.Span),
                    IsWritable = region.Writable,
                });
            }
            var lines = new List<string>(log.Lines);
            if (error != null) lines.Add($"Program {instruction.ProgramId} failed: {FailureText(error)}");
            effects.Log = ByteString.CopyFromUtf8(string.Join("\n", lines));
            return new(effects, null, null);
        }
    }

    private static void CopyPrefix(ReadOnlySpan<byte> prefix, Span<byte> target) =>
        prefix[..Math.Min(prefix.Length, target.Length)].CopyTo(target);

    /// <summary>
    /// The harnesses' error number: the variant's index + 1 within its family (SyscallError,
    /// InstructionError by its bincode tag, EbpfError with stack access violations folded into access
    /// violations), and -1 when the family is unknown.
    /// </summary>
    public static (long Code, ErrKind Kind) ErrorCode(SyscallError error)
    {
        if (SyscallErrors.AsInstructionError(error) is { } ie)
            return ((long)(uint)ie.Kind + 1, ErrKind.Instruction);
        return error.Kind switch
        {
            SyscallErrorKind.Ebpf when error.Ebpf != null => (EbpfCode(error.Ebpf.Kind), ErrKind.Ebpf),
            SyscallErrorKind.Other or SyscallErrorKind.InstructionError or SyscallErrorKind.Ebpf => (-1, ErrKind.Unspecified),
            _ => ((long)error.Kind, ErrKind.Syscall),
        };
    }

    private static long EbpfCode(VmErrorKind kind) =>
        kind == VmErrorKind.StackAccessViolation ? (long)VmErrorKind.AccessViolation + 1 : (long)kind + 1;

    /// <summary>
    /// The error text in the harness's "Program … failed: …" line: Agave's Display text, except where the
    /// harness shortens variants that carry data (so Firedancer, which logs no data, can match).
    /// </summary>
    public static string FailureText(SyscallError error)
    {
        if (SyscallErrors.AsInstructionError(error) is { } ie)
            return ie.Kind == InstructionErrorKind.BorshIoError ? "Failed to serialize or deserialize account data" : error.Message;
        return error.Kind switch
        {
            SyscallErrorKind.InvalidString => "invalid utf-8 sequence",
            SyscallErrorKind.Panic => "SBF program Panicked in...",
            SyscallErrorKind.MalformedSignerSeed => "Malformed signer seed",
            SyscallErrorKind.BadSeeds => "Could not create program address with signer seeds",
            SyscallErrorKind.ProgramNotSupported => "Program not supported by inner instructions",
            SyscallErrorKind.InstructionTooLarge => "Instruction passed to inner instruction is too large",
            SyscallErrorKind.ReturnDataTooLarge => "Return data too large",
            SyscallErrorKind.MaxInstructionDataLenExceeded => "Invoked an instruction with data that is too large",
            SyscallErrorKind.MaxInstructionAccountsExceeded => "Invoked an instruction with too many accounts",
            SyscallErrorKind.MaxInstructionAccountInfosExceeded => "Invoked an instruction with too many account info",
            SyscallErrorKind.Ebpf when error.Ebpf != null => error.Ebpf.Kind switch
            {
                VmErrorKind.ElfError => "ELF error",
                VmErrorKind.FunctionAlreadyRegistered => "function was already registered",
                VmErrorKind.InvalidVirtualAddress => "invalid virtual address",
                VmErrorKind.InvalidMemoryRegion => "Invalid memory region at index",
                VmErrorKind.AccessViolation or VmErrorKind.StackAccessViolation => "Access violation",
                VmErrorKind.ExhaustedTextSegment => "Compilation exhausted text segment at BPF instruction",
                VmErrorKind.LibcInvocationFailed => "Libc calling returned error code",
                VmErrorKind.VerifierError => "Verifier error",
                _ => error.Message,
            },
            _ => error.Message,
        };
    }
}
