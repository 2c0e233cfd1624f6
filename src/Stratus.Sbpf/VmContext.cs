using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf;

/// <summary>
/// What a syscall sees of the running VM: the memory map, the compute meter, the log sink and a
/// slot for the runtime's own state (Agave's <c>InvokeContext</c>).
/// </summary>
public sealed partial class VmContext
{
    internal VmContext(Executable executable, VmConfig config, VersionRules rules, MemoryMapping memory, ComputeMeter meter)
    {
        Executable = executable;
        Config = config;
        Rules = rules;
        Memory = memory;
        Meter = meter;
    }

    public Executable Executable { get; }
    public VmConfig Config { get; }
    public VersionRules Rules { get; }
    public MemoryMapping Memory { get; }
    public ComputeMeter Meter { get; }

    /// <summary>Runtime state for syscalls (the invoke context); the VM never touches it.</summary>
    public object? Host { get; set; }

    /// <summary>Receives complete log lines ("Program log: ..."); null discards them.</summary>
    public IVmLogSink? LogSink { get; set; }

    /// <summary>
    /// Agave's <c>get_check_aligned</c>: false only for programs owned by the deprecated loader.
    /// Syscalls that translate typed pointers honour it.
    /// </summary>
    public bool CheckAligned { get; set; } = true;

    /// <summary>Agave's <c>consume_checked</c> on the meter.</summary>
    public SyscallError? ConsumeChecked(ulong amount) => Meter.ConsumeChecked(amount);

    public void Log(string line) => LogSink?.Log(line);
}

/// <summary>Destination of program log lines (the runtime's log collector).</summary>
public interface IVmLogSink
{
    void Log(string line);
}

/// <summary>A log sink that keeps every line; handy for tests and tools.</summary>
public sealed class ListLogSink : IVmLogSink
{
    public List<string> Lines { get; } = new();

    public void Log(string line) => Lines.Add(line);
}
