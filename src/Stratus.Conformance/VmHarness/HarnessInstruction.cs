using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.VmHarness;

/// <summary>
/// A fixture's InstrContext as the VM harnesses see it: its accounts (with the program's account appended,
/// empty, when the fixture does not list it), the instruction's accounts by index, its data and program.
/// </summary>
internal sealed class HarnessInstruction
{
    public required TransactionAccount[] Accounts { get; init; }
    public required InstructionAccount[] InstructionAccounts { get; init; }
    public required byte[] Data { get; init; }
    public required Pubkey ProgramId { get; init; }
    public required ulong ComputeUnits { get; init; }

    /// <summary>Null with a reason when the context is one the harness rejects (it then produces no effects).</summary>
    public static HarnessInstruction? From(InstrContext? ctx, out string? rejection)
    {
        rejection = null;
        if (ctx == null) { rejection = "no instruction context"; return null; }
        if (ctx.ProgramId.Length != 32) { rejection = "program id is not 32 bytes"; return null; }
        var program = new Pubkey(ctx.ProgramId.Span);
        var accounts = new List<TransactionAccount>(ctx.Accounts.Count + 1);
        foreach (var a in ctx.Accounts)
        {
            if (a.Address.Length != 32 || a.Owner.Length != 32) { rejection = "account address or owner is not 32 bytes"; return null; }
            accounts.Add(new TransactionAccount(new Pubkey(a.Address.Span),
                new Account(a.Lamports, a.Data.Span, new Pubkey(a.Owner.Span), a.Executable, a.HasRentEpoch ? a.RentEpoch : ulong.MaxValue)));
        }
        if (!accounts.Exists(a => a.Key == program))
            accounts.Add(new TransactionAccount(program, new Account()));
        var instructionAccounts = new InstructionAccount[ctx.InstrAccounts.Count];
        for (int i = 0; i < instructionAccounts.Length; i++)
        {
            var ia = ctx.InstrAccounts[i];
            if (ia.Index >= accounts.Count) { rejection = $"instruction account {i} indexes past the accounts"; return null; }
            instructionAccounts[i] = new InstructionAccount((ushort)ia.Index, ia.IsSigner, ia.IsWritable);
        }
        return new HarnessInstruction
        {
            Accounts = accounts.ToArray(),
            InstructionAccounts = instructionAccounts,
            Data = ctx.Data.ToByteArray(),
            ProgramId = program,
            ComputeUnits = ctx.CuAvail,
        };
    }
}
