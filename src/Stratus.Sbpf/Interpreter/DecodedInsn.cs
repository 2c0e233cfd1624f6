using System.Runtime.InteropServices;

namespace Stratus.Sbpf.Interpreter;

/// <summary>One pre-decoded instruction (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DecodedInsn
{
    public Op Op;
    public byte Dst;
    public byte Src;
    private byte _pad;
    /// <summary>Memory offset (sign-extended), jump / call target pc, or syscall index.</summary>
    public int Aux;
    /// <summary>Operand immediate, already widened the way the operation uses it.</summary>
    public long Imm;
}
