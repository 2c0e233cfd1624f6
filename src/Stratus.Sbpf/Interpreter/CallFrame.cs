using System.Runtime.InteropServices;

namespace Stratus.Sbpf.Interpreter;

/// <summary>What a bpf-to-bpf call saves: r6-r9, the frame pointer r10 and the return pc.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CallFrame
{
    public ulong R6, R7, R8, R9;
    public ulong FramePointer;
    public ulong ReturnPc;
}
