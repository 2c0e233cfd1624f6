using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using static Stratus.Runtime.Programs.Bpf.UpgradeableInstructions.LoaderAccounts;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>InitializeBuffer and Write: a buffer is staged under an authority, then filled chunk by chunk.</summary>
internal static class BufferInstructions
{
    /// <summary>Accounts: 0 buffer (uninitialized), 1 authority (recorded, need not sign).</summary>
    public static InstructionError? InitializeBuffer(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(2);
        if (error != null) return error;
        using var buffer = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if ((error = UpgradeableLoaderState.Read(buffer.Data, out var state)) != null) return error;
        if (state.Kind != UpgradeableLoaderStateKind.Uninitialized) return ctx.Fail("Buffer account already initialized", InstructionErrorKind.AccountAlreadyInitialized);
        if ((error = KeyOf(tx, ix, 1, out var authority)) != null) return error;
        return SetState(buffer, UpgradeableLoaderState.Buffer(authority));
    }

    /// <summary>Accounts: 0 buffer, 1 its authority (signer). Bytes land after the 37-byte buffer header.</summary>
    public static InstructionError? Write(InvokeContext ctx, uint offset, ReadOnlySpan<byte> bytes)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var error = ix.CheckNumberOfAccounts(2);
        if (error != null) return error;
        {
            using var buffer = tx.BorrowInstructionAccount(ix, 0, out error);
            if (error != null) return error;
            if ((error = UpgradeableLoaderState.Read(buffer.Data, out var state)) != null) return error;
            if (state.Kind != UpgradeableLoaderStateKind.Buffer) return ctx.Fail("Invalid Buffer account", InstructionErrorKind.InvalidAccountData);
            if (state.Authority is not { } authority) return ctx.Fail("Buffer is immutable", InstructionErrorKind.Immutable);
            if ((error = KeyOf(tx, ix, 1, out var provided)) != null) return error;
            if (authority != provided) return ctx.Fail("Incorrect buffer authority provided", InstructionErrorKind.IncorrectAuthority);
            if ((error = IsSigner(ix, 1, out var signed)) != null) return error;
            if (!signed) return ctx.Fail("Buffer authority did not sign", InstructionErrorKind.MissingRequiredSignature);
        }
        return WriteProgramData(ctx, UpgradeableLoaderState.BufferMetadataSize + (long)offset, bytes);
    }

    /// <summary>Agave's <c>write_program_data</c>: into instruction account 0, refusing to write past its end.</summary>
    private static InstructionError? WriteProgramData(InvokeContext ctx, long offset, ReadOnlySpan<byte> bytes)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        using var program = tx.BorrowInstructionAccount(ix, 0, out var error);
        if (error != null) return error;
        if ((error = program.GetDataMut(out var data)) != null) return error;
        var end = offset + bytes.Length;
        if (data.Length < end) return ctx.Fail($"Write overflow: {data.Length} < {end}", InstructionErrorKind.AccountDataTooSmall);
        bytes.CopyTo(data[(int)offset..]);
        return null;
    }
}
