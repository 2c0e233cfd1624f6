using System.Buffers.Binary;

namespace Stratus.Runtime.ComputeBudget;

/// <summary>Borsh discriminants of the Compute Budget program's instructions (solana-compute-budget-interface 2.2).</summary>
public enum ComputeBudgetInstructionKind : byte
{
    /// <summary>The retired RequestUnits slot: decodes, but the runtime rejects it as invalid data.</summary>
    Unused = 0,
    RequestHeapFrame = 1,
    SetComputeUnitLimit = 2,
    SetComputeUnitPrice = 3,
    SetLoadedAccountsDataSizeLimit = 4,
}

/// <summary>
/// Decoding and encoding of Compute Budget instruction data: a u8 tag then a little-endian u32 (u64 for the
/// price). Decoding is Borsh's "unchecked" form, so bytes after the payload are ignored.
/// </summary>
public static class ComputeBudgetInstruction
{
    /// <summary>
    /// Decodes like <c>try_from_slice_unchecked::&lt;ComputeBudgetInstruction&gt;</c>: false for an empty buffer,
    /// an unknown tag or a short payload. <paramref name="value"/> is the payload (0 for <see cref="ComputeBudgetInstructionKind.Unused"/>).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out ComputeBudgetInstructionKind kind, out ulong value)
    {
        value = 0;
        kind = default;
        if (data.IsEmpty) return false;
        kind = (ComputeBudgetInstructionKind)data[0];
        var payload = data[1..];
        switch (kind)
        {
            case ComputeBudgetInstructionKind.Unused:
                return true;
            case ComputeBudgetInstructionKind.RequestHeapFrame:
            case ComputeBudgetInstructionKind.SetComputeUnitLimit:
            case ComputeBudgetInstructionKind.SetLoadedAccountsDataSizeLimit:
                if (payload.Length < 4) return false;
                value = BinaryPrimitives.ReadUInt32LittleEndian(payload);
                return true;
            case ComputeBudgetInstructionKind.SetComputeUnitPrice:
                if (payload.Length < 8) return false;
                value = BinaryPrimitives.ReadUInt64LittleEndian(payload);
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when the data decodes as SetComputeUnitLimit (whatever its value).</summary>
    public static bool IsSetComputeUnitLimit(ReadOnlySpan<byte> data) =>
        TryDecode(data, out var kind, out _) && kind == ComputeBudgetInstructionKind.SetComputeUnitLimit;

    public static byte[] RequestHeapFrame(uint bytes) => Encode(ComputeBudgetInstructionKind.RequestHeapFrame, bytes);

    public static byte[] SetComputeUnitLimit(uint units) => Encode(ComputeBudgetInstructionKind.SetComputeUnitLimit, units);

    public static byte[] SetComputeUnitPrice(ulong microLamports)
    {
        var data = new byte[9];
        data[0] = (byte)ComputeBudgetInstructionKind.SetComputeUnitPrice;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(1), microLamports);
        return data;
    }

    public static byte[] SetLoadedAccountsDataSizeLimit(uint bytes) => Encode(ComputeBudgetInstructionKind.SetLoadedAccountsDataSizeLimit, bytes);

    private static byte[] Encode(ComputeBudgetInstructionKind kind, uint value)
    {
        var data = new byte[5];
        data[0] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(1), value);
        return data;
    }
}
