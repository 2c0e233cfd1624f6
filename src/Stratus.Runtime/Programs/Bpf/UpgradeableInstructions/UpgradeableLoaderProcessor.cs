using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>
/// Agave's <c>process_loader_upgradeable_instruction</c>: decodes the instruction (InvalidInstructionData when it
/// does not decode) and runs it. The caller has already charged UPGRADEABLE_LOADER_COMPUTE_UNITS.
/// </summary>
public static class UpgradeableLoaderProcessor
{
    public static InstructionError? Process(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.GetProgramKey(tx, out var loaderId);
        if (error != null) return error;
        if (!UpgradeableLoaderInstruction.TryDecode(ix.DataMemory, out var instruction))
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        return instruction.Kind switch
        {
            UpgradeableLoaderInstructionKind.InitializeBuffer => BufferInstructions.InitializeBuffer(ctx),
            UpgradeableLoaderInstructionKind.Write => BufferInstructions.Write(ctx, instruction.Offset, instruction.Bytes.Span),
            UpgradeableLoaderInstructionKind.DeployWithMaxDataLen => DeployInstruction.Process(ctx, loaderId, instruction.Value),
            UpgradeableLoaderInstructionKind.Upgrade => UpgradeInstruction.Process(ctx, loaderId),
            UpgradeableLoaderInstructionKind.SetAuthority => AuthorityInstructions.SetAuthority(ctx),
            UpgradeableLoaderInstructionKind.Close => CloseInstruction.Process(ctx, loaderId),
            UpgradeableLoaderInstructionKind.ExtendProgram => ExtendProgramInstruction.Process(ctx, loaderId, (uint)instruction.Value),
            UpgradeableLoaderInstructionKind.SetAuthorityChecked => AuthorityInstructions.SetAuthorityChecked(ctx),
            _ => MigrateInstruction.Process(ctx, loaderId),
        };
    }
}
