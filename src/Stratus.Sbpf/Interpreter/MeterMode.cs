namespace Stratus.Sbpf.Interpreter;

/// <summary>Compile-time switch for instruction metering; the JIT specialises the loop per mode.</summary>
internal interface IMeterMode
{
    static abstract bool Enabled { get; }
}

internal struct MeterOn : IMeterMode
{
    public static bool Enabled => true;
}

internal struct MeterOff : IMeterMode
{
    public static bool Enabled => false;
}

/// <summary>Compile-time switch for the per-instruction trace hook.</summary>
internal interface ITraceMode
{
    static abstract bool Enabled { get; }
}

internal struct TraceOn : ITraceMode
{
    public static bool Enabled => true;
}

internal struct TraceOff : ITraceMode
{
    public static bool Enabled => false;
}
