using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Programs.Bpf;

namespace Stratus.Runtime.Programs.LoaderV4;

/// <summary>
/// Loader v4 (programs/loader-v4 in Agave 2.2, registered while enable_loader_v4 is active). Invoked directly it
/// runs its management instructions for 2,000 units each: Write, Copy, SetProgramLength, Deploy, Retract,
/// TransferAuthority and Finalize. As the owner of a program it runs the program from the cache.
/// </summary>
public sealed class LoaderV4Program : IBuiltinProgram
{
    public const ulong DefaultComputeUnits = 2_000;

    public static readonly LoaderV4Program Instance = new();

    public ProgramFailure? Process(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.GetProgramKey(tx, out var programId);
        if (error != null) return error.Value;
        if (programId == ProgramIds.LoaderV4)
        {
            if ((error = ctx.ConsumeChecked(DefaultComputeUnits)) != null) return error.Value;
            error = LoaderV4Instructions.Process(ctx, ix);
            return ProgramFailure.FromResult(error);
        }

        ProgramCacheEntry? entry;
        {
            using var program = tx.BorrowLastProgramAccount(ix, out error);
            if (error != null) return error.Value;
            entry = ctx.Programs.Find(program.Key);
        }
        if (entry == null)
        {
            ctx.Msg("Program is not cached");
            return ProgramFailure.From(InstructionErrorKind.UnsupportedProgramId);
        }
        switch (entry.Kind)
        {
            case ProgramCacheEntryKind.FailedVerification:
            case ProgramCacheEntryKind.Closed:
            case ProgramCacheEntryKind.DelayVisibility:
                ctx.Msg("Program is not deployed");
                return ProgramFailure.From(InstructionErrorKind.UnsupportedProgramId);
            case ProgramCacheEntryKind.Loaded:
                return BpfLoaderProgram.Execute(ctx, entry.Executable!, programId, ProgramIds.LoaderV4);
            default:
                return ProgramFailure.From(InstructionErrorKind.UnsupportedProgramId);
        }
    }
}
