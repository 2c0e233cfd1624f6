namespace Stratus.Sbpf;

/// <summary>
/// A function callable from sBPF through <c>call imm</c> (V0-V2) or <c>syscall</c> (V3).
/// Implementations charge their own compute units and report failure by returning a
/// <see cref="SyscallError"/> instead of throwing (the interpreter hot path never catches).
/// </summary>
public interface ISyscall
{
    /// <summary>Runs the call with r1..r5; on success writes the value for r0 and returns null.</summary>
    SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0);
}
