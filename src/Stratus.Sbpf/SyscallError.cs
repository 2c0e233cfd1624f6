namespace Stratus.Sbpf;

/// <summary>Why a syscall failed; wrapped by the VM as <c>SyscallError</c>.</summary>
public class SyscallError
{
    public SyscallError(string message) => Message = message;

    public string Message { get; }

    public override string ToString() => Message;
}
