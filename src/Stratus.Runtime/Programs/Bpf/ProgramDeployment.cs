using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Invoke;
using Stratus.Sbpf.Elf;

namespace Stratus.Runtime.Programs.Bpf;

/// <summary>
/// Agave's <c>deploy_program!</c>: the ELF must load and verify under the stricter deployment environment
/// (broken ELFs rejected, deployment-only syscall set); it is then loaded for the running environment and
/// recorded as the transaction's modified cache entry, effective one slot after <paramref name="slot"/> (so
/// it reads as DelayVisibility for the rest of this slot). Every failure is logged and is InvalidAccountData.
/// </summary>
public static class ProgramDeployment
{
    public static InstructionError? Deploy(InvokeContext ctx, in Pubkey programId, in Pubkey loader, ReadOnlySpan<byte> elf, ulong slot)
    {
        var environment = ctx.Programs.Environment;
        var bytes = elf.ToArray();
        var strict = ElfLoader.Load(bytes, environment.Deployment.LoaderConfig, environment.Deployment.Syscalls);
        if (!strict.IsOk) return ctx.Fail(strict.Error.ToString(), InstructionErrorKind.InvalidAccountData);
        var verify = strict.Executable.Verify(environment.Deployment.VmConfig.Dialect);
        if (verify != null) return ctx.Fail("Verifier error: " + verify.Message, InstructionErrorKind.InvalidAccountData);
        // Agave reloads without verifying again: what passed the stricter environment verifies in the running one.
        var load = ElfLoader.Load(bytes, environment.LoaderConfig, environment.Syscalls);
        if (!load.IsOk) return ctx.Fail(load.Error.ToString(), InstructionErrorKind.InvalidAccountData);
        ctx.Programs.StoreModified(programId, ProgramCacheEntry.Loaded(loader, slot, load.Executable));
        return null;
    }
}
