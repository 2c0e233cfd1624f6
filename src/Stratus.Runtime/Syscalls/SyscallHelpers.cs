using Stratus.Runtime.Invoke;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

internal static class SyscallHelpers
{
    public static InvokeContext Invoke(this VmContext vm) =>
        vm.Host as InvokeContext ?? throw new InvalidOperationException("syscall run without an invoke context");
}
