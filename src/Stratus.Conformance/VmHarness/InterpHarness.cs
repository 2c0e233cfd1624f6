using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Protos;
using Stratus.Core;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Conformance.VmHarness;

/// <summary>
/// sol_compat_vm_interp_v1 (solfuzz-agave's vm_interp): the VM context's rodata is the program text (or the historical
/// text section within it), functions are the pcs set in call_whitelist plus the entry point, and the text must pass
/// the verifier (else the harness produces nothing). Heap, stack and the input region are set up as for the syscall
/// harness, r0–r10 come from the context, and the interpreter runs from entry_pc with the instruction's compute units.
/// The effects add r1–r10, the pc and the frame count to the syscall effects.
/// </summary>
internal static class InterpHarness
{
    public static SyscallHarness.Outcome Run(SyscallContext input)
    {
        var instruction = HarnessInstruction.From(input.InstrCtx, out var rejection);
        if (instruction == null) return new(null, rejection, null);
        var vmCtx = input.VmCtx;
        if (vmCtx == null) return new(null, "no VM context", null);
        if (vmCtx.HeapMax > SyscallHarness.HeapMax) return new(null, $"heap_max {vmCtx.HeapMax} exceeds {SyscallHarness.HeapMax}", null);
        if (vmCtx.SbpfVersion > (uint)SbpfVersion.V3) return new(null, $"sbpf_version {vmCtx.SbpfVersion} unknown", null);
        var version = (SbpfVersion)vmCtx.SbpfVersion;

        var rodata = vmCtx.Rodata.ToByteArray();
        var text = rodata;
        if (vmCtx.RodataTextSectionLength != 0 || vmCtx.RodataTextSectionOffset != 0)
        {
            if (vmCtx.RodataTextSectionOffset > (ulong)rodata.Length || vmCtx.RodataTextSectionLength > (ulong)rodata.Length - vmCtx.RodataTextSectionOffset)
                return new(null, "text section outside rodata", null);
            text = rodata.AsSpan((int)vmCtx.RodataTextSectionOffset, (int)vmCtx.RodataTextSectionLength).ToArray();
        }
        if (text.Length % Opcodes.SlotSize != 0) return new(null, $"text of {text.Length} bytes is not whole instructions", null);
        var slots = (ulong)(text.Length / Opcodes.SlotSize);
        if (vmCtx.EntryPc >= slots) return new(null, $"entry_pc {vmCtx.EntryPc} outside the {slots}-instruction text", null);

        var features = FeatureSetMap.Default.Resolve(input.InstrCtx!.Features?.Features ?? []);
        var registry = RuntimeSyscalls.CreateRegistry(features.IsActive, deployment: false);
        var functions = new FunctionRegistry();
        uint Key(ulong pc) => version.StaticSyscalls() ? (uint)pc : Murmur3.FunctionKey(pc);
        var whitelist = vmCtx.CallWhitelist.Span;
        for (ulong pc = 0; pc < slots && pc / 8 < (ulong)whitelist.Length; pc++)
            if ((whitelist[(int)(pc / 8)] & (1 << (int)(pc % 8))) != 0)
                functions.TryRegister(Key(pc), "fn", pc);
        functions.TryRegister(version.StaticSyscalls() ? (uint)vmCtx.EntryPc : Murmur3.SyscallKey("entrypoint"), "entrypoint", vmCtx.EntryPc);
        var textOnly = Executable.FromText(text, version, registry, functions, vmCtx.EntryPc);
        // The historical layout kept the text inside a larger rodata image, mapped whole at the program start.
        var executable = ReferenceEquals(text, rodata) ? textOnly : new Executable
        {
            Version = version,
            Text = text,
            TextVaddr = textOnly.TextVaddr + (version.EnableLowerBytecodeVaddr() ? 0 : vmCtx.RodataTextSectionOffset),
            ReadOnlyRegion = rodata,
            ReadOnlyRegionVaddr = MemoryLayout.ProgramStart,
            EntryPc = vmCtx.EntryPc,
            Functions = functions,
            Syscalls = registry,
        };
        var verify = executable.Verify(SbpfDialect.Sbpf0_10);
        if (verify != null) return new(null, $"verifier rejects the text: {verify.Message}", null);

        bool directMapping = features.IsActive("bpf_account_data_direct_mapping");
        var options = new SerializationOptions
        {
            MaskOutRentEpoch = features.IsActive("mask_out_rent_epoch_in_vm_serialization"),
            BpfAccountDataDirectMapping = directMapping,
            RemoveAccountsExecutableFlagChecks = features.IsActive("remove_accounts_executable_flag_checks"),
        };
        var programAccount = Array.Find(instruction.Accounts, a => a.Key == instruction.ProgramId).Account;
        var layout = InputLayouts.ForLoader(programAccount.Owner);
        var invocation = new InstructionInvocation(instruction.Accounts, instruction.InstructionAccounts, instruction.Data, instruction.ProgramId, layout);
        var serializeError = InputSerializer.Serialize(invocation, options, out var serialized);
        if (serializeError != null || serialized == null) return new(null, $"input serialization failed: {serializeError}", null);

        var meter = new ComputeMeter(instruction.ComputeUnits);
        var regions = serialized.CreateMemoryRegions().Where(r => r.Length > 0).ToArray();
        var createError = Vm.TryCreate(executable, meter, regions, out var vm, VmConfig.ForAgave(directMapping), (int)vmCtx.HeapMax);
        if (createError != null) return new(null, $"memory mapping rejected: {createError.Message}", null);
        using (vm)
        {
            var returnProgram = vmCtx.ReturnData?.ProgramId is { Length: 32 } rp ? new Pubkey(rp.Span) : default;
            var returnData = vmCtx.ReturnData?.Data.ToByteArray() ?? [];
            vm.Context.Host = new FixtureSyscallHost(instruction, returnProgram, returnData, vmCtx.HeapMax, serialized.Accounts);
            vm.Context.LogSink = new ListLogSink();
            vm.Context.CheckAligned = layout != InputLayout.Unaligned;
            ulong[] r = [vmCtx.R0, vmCtx.R1, vmCtx.R2, vmCtx.R3, vmCtx.R4, vmCtx.R5, vmCtx.R6, vmCtx.R7, vmCtx.R8, vmCtx.R9, vmCtx.R10];
            for (int i = 0; i < r.Length; i++) vm.Registers[i] = r[i];
            var result = vm.Run(vmCtx.EntryPc);

            var effects = new SyscallEffects
            {
                R0 = result.IsOk ? vm.Registers[0] : 0,
                CuAvail = meter.Remaining,
                Heap = ByteString.CopyFrom(vm.Heap),
                Stack = ByteString.CopyFrom(vm.Stack),
                Rodata = ByteString.CopyFrom(rodata),
                FrameCount = (ulong)vm.CallDepth,
                Pc = result.Error?.Pc ?? vm.Pc,
                R1 = vm.Registers[1], R2 = vm.Registers[2], R3 = vm.Registers[3], R4 = vm.Registers[4], R5 = vm.Registers[5],
                R6 = vm.Registers[6], R7 = vm.Registers[7], R8 = vm.Registers[8], R9 = vm.Registers[9], R10 = vm.Registers[10],
            };
            if (result.Error is { } error)
            {
                var (code, kind) = error.Kind == VmErrorKind.SyscallError && error.Syscall != null
                    ? SyscallHarness.ErrorCode(error.Syscall)
                    : ((long)(error.Kind == VmErrorKind.StackAccessViolation ? VmErrorKind.AccessViolation : error.Kind) + 1, ErrKind.Ebpf);
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
            return new(effects, null, null);
        }
    }
}
