using System.Diagnostics;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// One stage of a load: wall time and the whole process's CPU time (all threads, RocksDB's included), and at its end
/// the process's resident set (bytes) and the managed heap's share of it (bytes).
/// </summary>
public readonly record struct LoadStage(string Name, TimeSpan Wall, TimeSpan Cpu, long ResidentBytes, long ManagedHeapBytes);

/// <summary>Cuts a load into consecutive stages; <see cref="Mark"/> ends the current one.</summary>
internal sealed class LoadStageClock
{
    private readonly List<LoadStage> _stages = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private TimeSpan _lastWall;
    private TimeSpan _lastCpu = ProcessCpu();

    public IReadOnlyList<LoadStage> Stages => _stages;

    public void Mark(string name)
    {
        var wall = _wall.Elapsed;
        var cpu = ProcessCpu();
        _stages.Add(new LoadStage(name, wall - _lastWall, cpu - _lastCpu, ResidentBytes(), GC.GetGCMemoryInfo().HeapSizeBytes));
        _lastWall = wall;
        _lastCpu = cpu;
    }

    /// <summary>VmRSS from /proc (Linux); the working set elsewhere.</summary>
    private static long ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim()) * 1024;
        }
        catch (IOException)
        {
        }
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
