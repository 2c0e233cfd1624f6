using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Stratus.Benchmarks.Runtime;

/// <summary>
/// Samples managed allocations through the runtime's GC AllocationTick events (one event per ~100 KB allocated, naming
/// the type of the object that crossed the threshold), so the types that dominate allocation volume show up.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _enabled;

    public bool Enabled { get => _enabled; set => _enabled = value; }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_enabled || e.EventName == null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload == null) return;
        var index = e.PayloadNames!.IndexOf("TypeName");
        var amount = e.PayloadNames.IndexOf("AllocationAmount64");
        if (index < 0 || amount < 0) return;
        var name = e.Payload[index] as string ?? "?";
        var loh = e.PayloadNames.IndexOf("AllocationKind") is var k and >= 0 && Convert.ToInt32(e.Payload[k]) == 1;
        _bytes.AddOrUpdate(loh ? name + " (LOH)" : name, Convert.ToInt64(e.Payload[amount]), (_, v) => v + Convert.ToInt64(e.Payload[amount]));
    }

    public void Print(long transactions, int top = 25)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"allocation samples (GC AllocationTick, ~100 KB each): {total / (double)transactions:N0} B/tx sampled");
        foreach (var (name, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
            Console.WriteLine($"  {bytes / (double)transactions,10:N0} B/tx  {100.0 * bytes / total,5:F1}%  {name}");
    }
}
