using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Errors;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;

namespace Stratus.Runtime.Programs.Bpf;

/// <summary>
/// The BPF loaders as builtins (programs/bpf_loader in Agave 2.2): invoked directly they are management
/// instructions (v1 and v2 refuse them; the upgradeable loader's run in UpgradeableInstructions/), and as
/// the owner of a program they run it: serialize the input, charge the heap, run the VM, log the units
/// consumed and the return data, map the outcome to an instruction error, and deserialize on success.
/// </summary>
public sealed class BpfLoaderProgram : IBuiltinProgram
{
    public const ulong DefaultLoaderComputeUnits = 570;
    public const ulong DeprecatedLoaderComputeUnits = 1_140;
    public const ulong UpgradeableLoaderComputeUnits = 2_370;

    public static readonly BpfLoaderProgram Instance = new();

    public ProgramFailure? Process(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        Pubkey programKey, programOwner;
        bool executable;
        {
            using var program = tx.BorrowLastProgramAccount(ix, out var error);
            if (error != null) return error.Value;
            programKey = program.Key;
            programOwner = program.Owner;
            executable = program.Executable;
        }
        var removeExecutableChecks = ctx.Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks);

        if (programOwner == ProgramIds.NativeLoader)
        {
            InstructionError? error;
            if (programKey == ProgramIds.BpfLoaderUpgradeable)
            {
                if ((error = ctx.ConsumeChecked(UpgradeableLoaderComputeUnits)) != null) return error.Value;
                error = UpgradeableLoaderProcessor.Process(ctx);
                return ProgramFailure.FromResult(error);
            }
            if (programKey == ProgramIds.BpfLoader)
            {
                if ((error = ctx.ConsumeChecked(DefaultLoaderComputeUnits)) != null) return error.Value;
                ctx.Msg("BPF loader management instructions are no longer supported");
                return ProgramFailure.From(InstructionErrorKind.UnsupportedProgramId);
            }
            if (programKey == ProgramIds.BpfLoaderDeprecated)
            {
                if ((error = ctx.ConsumeChecked(DeprecatedLoaderComputeUnits)) != null) return error.Value;
                ctx.Msg("Deprecated loader is no longer supported");
                return ProgramFailure.From(InstructionErrorKind.UnsupportedProgramId);
            }
            ctx.Msg("Invalid BPF loader id");
            return ProgramFailure.From(removeExecutableChecks ? InstructionErrorKind.UnsupportedProgramId : InstructionErrorKind.IncorrectProgramId);
        }

        if (!removeExecutableChecks && !executable)
        {
            ctx.Msg("Program is not executable");
            return ProgramFailure.From(InstructionErrorKind.IncorrectProgramId);
        }

        var entry = ctx.Programs.Find(programKey);
        if (entry == null)
        {
            ctx.Msg("Program is not cached");
            return ProgramFailure.From(removeExecutableChecks ? InstructionErrorKind.UnsupportedProgramId : InstructionErrorKind.InvalidAccountData);
        }
        switch (entry.Kind)
        {
            case ProgramCacheEntryKind.FailedVerification:
            case ProgramCacheEntryKind.Closed:
            case ProgramCacheEntryKind.DelayVisibility:
                ctx.Msg("Program is not deployed");
                return ProgramFailure.From(removeExecutableChecks ? InstructionErrorKind.UnsupportedProgramId : InstructionErrorKind.InvalidAccountData);
            case ProgramCacheEntryKind.Loaded:
                return Execute(ctx, entry.Executable!, programKey, programOwner);
            default:
                return ProgramFailure.From(removeExecutableChecks ? InstructionErrorKind.UnsupportedProgramId : InstructionErrorKind.IncorrectProgramId);
        }
    }

    /// <summary>ceil(heap / 32 KiB) − 1 pages, each costing <paramref name="heapCost"/> units.</summary>
    public static ulong HeapCost(uint heapSize, ulong heapCost)
    {
        const ulong page = 32 * 1024;
        var pages = ((ulong)heapSize + page - 1) / page;
        return (pages == 0 ? 0 : pages - 1) * heapCost;
    }

    /// <summary>Agave's <c>execute</c>: runs a loaded program (also for loader v4, which shares it).</summary>
    internal static ProgramFailure? Execute(InvokeContext ctx, Executable executable, in Pubkey programId, in Pubkey loader)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var features = ctx.Features;
        var directMapping = features.IsActive(FeatureId.BpfAccountDataDirectMapping);
        var options = new SerializationOptions
        {
            MaskOutRentEpoch = features.IsActive(FeatureId.MaskOutRentEpochInVmSerialization),
            BpfAccountDataDirectMapping = directMapping,
            RemoveAccountsExecutableFlagChecks = tx.RemoveAccountsExecutableFlagChecks,
        };
        var invocation = new InstructionInvocation(tx.Accounts, ix.Accounts, ix.Data, programId, InputLayouts.ForLoader(loader));
        var serializeError = InputSerializer.Serialize(invocation, options, out var input);
        if (serializeError != null) return serializeError.Value;

        var meterBefore = ctx.Remaining;
        var heapError = ctx.ConsumeChecked(HeapCost(ctx.HeapSize, ComputeBudget.ComputeBudgetLimits.DefaultHeapCost));
        if (heapError != null)
        {
            ctx.Msg($"Failed to create SBF VM: {heapError.Value.Describe()}");
            return ProgramFailure.From(InstructionErrorKind.ProgramEnvironmentSetupFailure);
        }
        var environment = ctx.Programs.Environment;
        var vmError = Vm.TryCreate(executable, ctx.Meter, input!.CreateMemoryRegions(), out var vm, environment.VmConfig, (int)ctx.HeapSize);
        if (vmError != null)
        {
            ctx.Msg($"Failed to create SBF VM: {vmError.Message}");
            return ProgramFailure.From(InstructionErrorKind.ProgramEnvironmentSetupFailure);
        }
        ctx.SetSyscallContext(new SyscallContext(ctx.HeapSize, input.Accounts));
        VmResult result;
        using (vm)
        {
            vm.Context.Host = ctx;
            vm.Context.LogSink = ctx.Log;
            vm.Context.CheckAligned = loader != ProgramIds.BpfLoaderDeprecated;
            result = vm.Execute();
        }

        StableLog.ProgramConsumed(ctx.Log, programId, result.ComputeUnitsConsumed, meterBefore);
        var returnData = tx.ReturnData;
        if (returnData.Data.Length != 0) StableLog.ProgramReturn(ctx.Log, programId, returnData.Data);

        if (result.Error is { } error)
        {
            if (features.IsActive(FeatureId.DepleteCuMeterOnVmFailure) && !error.IsSyscallError)
                ctx.Meter.Consume(ctx.Meter.Remaining);
            if (directMapping && AccountDataWriteFault.Classify(tx, error, input.Accounts, loader == ProgramIds.BpfLoaderDeprecated) is { } writeFault)
                return ProgramFailure.From(writeFault);
            if (error.IsSyscallError && error.Syscall is { } syscall)
                return SyscallErrors.AsInstructionError(syscall) is { } instructionError
                    ? ProgramFailure.From(instructionError)
                    : ProgramFailure.Other(syscall.Message);
            return ProgramFailure.Other(error.Message);
        }
        if (result.ReturnValue != ProgramReturnCode.Success)
            return ProgramFailure.From(ProgramReturnCode.ToInstructionError(result.ReturnValue));

        var deserializeError = InputDeserializer.Deserialize(invocation, input, ref tx.AccountsResizeDelta);
        return deserializeError == null ? null : ProgramFailure.From(deserializeError.Value);
    }
}
