using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Crypto;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Precompiles;
using Stratus.Runtime.Programs;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Cpi;

/// <summary>
/// <c>sol_invoke_signed_c</c> and <c>sol_invoke_signed_rust</c> (Agave 2.2 bpf_loader syscalls/cpi.rs):
/// translate the instruction, the signer seeds and the account infos from guest memory, check privileges,
/// copy the caller's view of each account into the transaction, run the callee, then copy the callee's
/// result back into the caller's serialized input and account infos (under
/// <c>bpf_account_data_direct_mapping</c>, also updating the caller's account data regions).
/// </summary>
public sealed class SolInvokeSigned(CpiAbi abi) : ISyscall
{
    public const ulong MaxInstructionDataLength = 10 * 1024;
    public const int MaxInstructionAccounts = 255;
    public const int MaxAccountInfos = 128;
    public const int MaxAccountInfosBeforeLockIncrease = 64;
    /// <summary>The pre-loosen_cpi_size_restriction cap on accounts × 34 + data.</summary>
    public const int MaxCpiInstructionSize = 1_280;
    public const int MaxSigners = 16;
    public const int MaxPermittedDataIncrease = 10 * 1024;

    public SyscallError? Invoke(VmContext vm, ulong instructionAddr, ulong infosAddr, ulong infosLen, ulong seedsAddr, ulong seedsLen, out ulong r0)
    {
        r0 = 0;
        if (vm.Host is not InvokeContext ctx) return SyscallFailures.NoHost;
        var e = vm.ConsumeChecked(ctx.Transaction.InvokeUnits);
        if (e != null) return e;

        e = abi == CpiAbi.Rust
            ? CpiTranslation.InstructionRust(vm, ctx, instructionAddr, out var programId, out var metas, out var data)
            : CpiTranslation.InstructionC(vm, ctx, instructionAddr, out programId, out metas, out data);
        if (e != null) return e;

        var tx = ctx.Transaction;
        var keyError = tx.GetCurrentInstructionContext(out var caller) ?? caller.GetProgramKey(tx, out _);
        if (keyError != null) return SyscallErrors.From(keyError.Value);
        keyError = caller.GetProgramKey(tx, out var callerProgramId);
        if (keyError != null) return SyscallErrors.From(keyError.Value);
        e = CpiTranslation.Signers(vm, callerProgramId, seedsAddr, seedsLen, out var signers);
        if (e != null) return e;

        var prepareError = InstructionPreparation.Prepare(ctx, caller, programId, metas, signers, out var accounts, out var indexInCaller, out var programIndex);
        if (prepareError != null) return SyscallErrors.From(prepareError.Value);
        e = CheckAuthorizedProgram(ctx, programId, data);
        if (e != null) return e;

        e = CallerAccounts.Translate(vm, ctx, abi, caller, accounts, indexInCaller, infosAddr, infosLen, out var callerAccounts);
        if (e != null) return e;

        var error = ctx.ProcessInstruction(data, accounts, [programIndex], out _, indexInCaller);
        if (error != null) return SyscallErrors.From(error.Value);

        if (ctx.Features.IsActive(FeatureId.BpfAccountDataDirectMapping))
        {
            // Every region's permissions first, so no account's update can be judged by stale ones.
            foreach (var account in callerAccounts)
            {
                e = account.UpdatePermissions(vm, ctx, caller);
                if (e != null) return e;
            }
        }
        foreach (var account in callerAccounts)
        {
            e = account.UpdateCaller(vm, ctx, caller);
            if (e != null) return e;
        }
        return null;
    }

    // Upgradeable-loader instructions a program may invoke (first byte of the data): Upgrade, SetAuthority, Close,
    // and SetAuthorityChecked once enable_bpf_loader_set_authority_checked_ix is active. Tachyon (Agave 2.2.15)
    // allows nothing else, ExtendProgramChecked included, whatever enable_extend_program_checked says.
    private const int UpgradeTag = 3, SetAuthorityTag = 4, CloseTag = 5, SetAuthorityCheckedTag = 7;

    /// <summary>
    /// Agave's <c>check_authorized_program</c>: loaders (except the upgradeable loader's upgrade, set-authority
    /// and close instructions), the native loader and precompiles cannot be invoked.
    /// </summary>
    public static SyscallError? CheckAuthorizedProgram(InvokeContext ctx, in Pubkey programId, ReadOnlyMemory<byte> data)
    {
        var features = ctx.Features;
        var first = data.Length == 0 ? -1 : data.Span[0];
        var refused = programId == ProgramIds.NativeLoader
            || programId == ProgramIds.BpfLoader
            || programId == ProgramIds.BpfLoaderDeprecated
            || (programId == ProgramIds.BpfLoaderUpgradeable
                && !(first == UpgradeTag || first == SetAuthorityTag || first == CloseTag
                    || (first == SetAuthorityCheckedTag && features.IsActive(FeatureId.EnableBpfLoaderSetAuthorityCheckedIx))))
            || PrecompileVerifier.IsPrecompile(programId,
                new PrecompileFeatures(features.IsActive(FeatureId.Ed25519PrecompileVerifyStrict), features.IsActive(FeatureId.EnableSecp256r1Precompile)));
        return refused ? new SyscallError(SyscallErrorKind.ProgramNotSupported, $"Program {programId} is not supported") : null;
    }
}

public enum CpiAbi : byte { C, Rust }

