namespace Stratus.Sbpf;

/// <summary>Execution state visible to syscalls (memory map, compute meter, host context).</summary>
public sealed partial class VmContext
{
}
