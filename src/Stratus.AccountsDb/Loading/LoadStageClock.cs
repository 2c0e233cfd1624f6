using System.Diagnostics;

namespace Stratus.AccountsDb.Loading;

/// <summary>One stage of a load: wall time and the whole process's CPU time (all threads, RocksDB's included).</summary>
public readonly record struct LoadStage(string Name, TimeSpan Wall, TimeSpan Cpu);

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
        _stages.Add(new LoadStage(name, wall - _lastWall, cpu - _lastCpu));
        _lastWall = wall;
        _lastCpu = cpu;
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
