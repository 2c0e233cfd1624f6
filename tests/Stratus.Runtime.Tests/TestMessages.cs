using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;

namespace Stratus.Runtime.Tests;

/// <summary>One instruction to compile: program, account keys it names, data.</summary>
internal sealed record Ix(Pubkey Program, Pubkey[] Accounts, byte[] Data);

/// <summary>Builds messages the way Agave's <c>Message::new</c> lays them out: payer first, then writable keys, then programs read-only.</summary>
internal static class TestMessages
{
    public static readonly Pubkey Payer = Key(1);
    public static readonly Pubkey Receiver = Key(2);

    /// <summary>SPL Memo v3's program id: a user (non-builtin) program.</summary>
    public static readonly Pubkey Memo = Pubkey.Parse("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");

    public static Pubkey Key(int n)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, n);
        bytes[31] = 0x5A;
        return new Pubkey(bytes);
    }

    public static Ix Transfer(ulong lamports = 1_000_000_000)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 2);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        return new Ix(ProgramIds.System, [Payer, Receiver], data);
    }

    public static Ix MemoIx(string text = "Test memo") => new(Memo, [], System.Text.Encoding.UTF8.GetBytes(text));

    public static Ix Program(Pubkey program, params byte[] data) => new(program, [], data);

    public static Ix SetComputeUnitLimit(uint units) => new(ProgramIds.ComputeBudget, [], ComputeBudgetInstruction.SetComputeUnitLimit(units));

    public static Ix SetComputeUnitPrice(ulong microLamports) => new(ProgramIds.ComputeBudget, [], ComputeBudgetInstruction.SetComputeUnitPrice(microLamports));

    public static Ix RequestHeapFrame(uint bytes) => new(ProgramIds.ComputeBudget, [], ComputeBudgetInstruction.RequestHeapFrame(bytes));

    public static Ix SetLoadedAccountsDataSizeLimit(uint bytes) => new(ProgramIds.ComputeBudget, [], ComputeBudgetInstruction.SetLoadedAccountsDataSizeLimit(bytes));

    public static Ix ComputeBudgetRaw(params byte[] data) => new(ProgramIds.ComputeBudget, [], data);

    public static Message Build(params Ix[] instructions) => Build(1, instructions);

    /// <summary>A legacy message with <paramref name="signers"/> signers (the payer and extra signer keys).</summary>
    public static Message Build(int signers, params Ix[] instructions)
    {
        var keys = new List<Pubkey> { Payer };
        for (var i = 1; i < signers; i++) keys.Add(Key(100 + i));
        foreach (var ix in instructions)
            foreach (var a in ix.Accounts)
                if (!keys.Contains(a)) keys.Add(a);
        var readonlyUnsigned = 0;
        foreach (var ix in instructions)
            if (!keys.Contains(ix.Program))
            {
                keys.Add(ix.Program);
                readonlyUnsigned++;
            }
        var specs = instructions
            .Select(ix => new CompiledInstructionSpec((byte)keys.IndexOf(ix.Program), ix.Accounts.Select(a => (byte)keys.IndexOf(a)).ToArray(), ix.Data))
            .ToArray();
        return Message.Create(MessageVersion.Legacy, new MessageHeader((byte)signers, 0, (byte)readonlyUnsigned), keys.ToArray(), default, specs);
    }
}
