using Stratus.Core.Transactions;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// The data of every top-level instruction of the transaction, by instruction index (Agave's
/// <c>instruction_datas: &amp;[&amp;[u8]]</c>). Precompile offsets may point into any of them.
/// </summary>
public interface IInstructionDataSource
{
    int Count { get; }

    ReadOnlySpan<byte> this[int index] { get; }
}

/// <summary>The instruction data of a parsed message, without copying.</summary>
public readonly struct MessageInstructionData(Message message) : IInstructionDataSource
{
    public int Count => message.InstructionCount;

    public ReadOnlySpan<byte> this[int index] => message.GetInstructionData(index);
}

/// <summary>Instruction data held as separate buffers (tests, conformance fixtures, CPI-free harnesses).</summary>
public readonly struct InstructionDataList(IReadOnlyList<ReadOnlyMemory<byte>> datas) : IInstructionDataSource
{
    public int Count => datas.Count;

    public ReadOnlySpan<byte> this[int index] => datas[index].Span;

    public static InstructionDataList Of(params byte[][] datas)
    {
        var memories = new ReadOnlyMemory<byte>[datas.Length];
        for (var i = 0; i < datas.Length; i++) memories[i] = datas[i];
        return new InstructionDataList(memories);
    }
}
