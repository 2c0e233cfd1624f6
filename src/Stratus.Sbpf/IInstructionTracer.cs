namespace Stratus.Sbpf;

/// <summary>Receives every executed instruction's pc and registers (r0-r10) before it runs.</summary>
public interface IInstructionTracer
{
    void Trace(ulong pc, ReadOnlySpan<ulong> registers);
}
