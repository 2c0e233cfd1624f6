using System.Runtime.CompilerServices;
using Stratus.Sbpf.Interpreter;
using Stratus.Sbpf.Memory;

namespace Stratus.Sbpf;

/// <summary>
/// One program invocation's virtual machine (sbpf's <c>EbpfVm</c> as Agave's BPF loader sets it up):
/// the executable's read-only region, a zeroed stack (gapped for V0) and heap, and the caller's input
/// regions, executed by the interpreter against a shared <see cref="ComputeMeter"/>.
/// </summary>
public sealed unsafe class Vm : IDisposable
{
    /// <summary>Agave's default heap (32 KiB).</summary>
    public const int DefaultHeapSize = 32 * 1024;

    private byte[] _stack;
    private byte[] _heap;
    private readonly MemoryRegion _stackRegion;
    private readonly MemoryRegion _heapRegion;
    private bool _disposed;

    private Vm(Executable executable, VmConfig config, VersionRules rules, MemoryMapping memory, ComputeMeter meter,
        MemoryRegion stackRegion, MemoryRegion heapRegion)
    {
        _stackRegion = stackRegion;
        _heapRegion = heapRegion;
        var stack = stackRegion.RawBuffer;
        var heap = heapRegion.RawBuffer;
        Context = new VmContext(executable, config, rules, memory, meter);
        Program = executable.GetDecoded(config.Dialect);
        Frames = GC.AllocateArray<CallFrame>(Math.Max(1, config.MaxCallDepth), pinned: true);
        bool gapped = rules.StackFrameGapsAllowed && config.EnableStackFrameGaps;
        FrameBump = rules.ManualStackFrames ? 0UL : (ulong)config.StackFrameSize * (gapped ? 2UL : 1UL);
        _stack = stack;
        _heap = heap;
        InitialFramePointer = MemoryLayout.StackStart + (rules.ManualStackFrames ? (ulong)stack.Length : (ulong)config.StackFrameSize);
        ResetRegisters();
    }

    public VmContext Context { get; }
    public Executable Executable => Context.Executable;
    public VmConfig Config => Context.Config;

    /// <summary>
    /// r0-r10 (entries 11-15 are scratch). Before a run: the initial values; after: the final ones.
    /// </summary>
    public ulong[] Registers { get; } = new ulong[16];

    /// <summary>
    /// Optional per-instruction hook (sbpf's <c>enable_instruction_tracing</c>): called before each
    /// instruction that passes the meter check, with its pc and r0-r10. Costs nothing when null.
    /// </summary>
    public IInstructionTracer? Tracer { get; set; }

    /// <summary>Call depth when the last run stopped.</summary>
    public int CallDepth { get; internal set; }

    /// <summary>Instruction index where the last run stopped (the failing instruction on error).</summary>
    public ulong Pc { get; private set; }

    /// <summary>Pc of the syscall being dispatched (for syscalls that report it).</summary>
    public ulong SyscallPc { get; internal set; }

    /// <summary>r10 at entry: top of frame 0 (fixed frames) or top of the stack (dynamic frames).</summary>
    public ulong InitialFramePointer { get; }

    internal DecodedProgram Program { get; }

    /// <summary>Memory fault raised by the interpreter's slow path.</summary>
    internal VmError? Fault;
    internal CallFrame[] Frames { get; }
    internal ulong FrameBump { get; }

    /// <summary>
    /// Creates a VM for <paramref name="executable"/> with the given input regions (normally one
    /// writable region at <see cref="MemoryLayout.InputStart"/>). Throws <see cref="ArgumentException"/>
    /// when the regions do not form a valid mapping (sbpf's <c>InvalidMemoryRegion</c>).
    /// </summary>
    public static Vm Create(Executable executable, ComputeMeter meter, IEnumerable<MemoryRegion> inputRegions,
        VmConfig? config = null, int heapSize = DefaultHeapSize)
    {
        var error = TryCreate(executable, meter, inputRegions, out var vm, config, heapSize);
        if (error != null) throw new ArgumentException(error.Message, nameof(inputRegions));
        return vm;
    }

    /// <summary>Creates a VM whose input is one writable region holding <paramref name="input"/>.</summary>
    public static Vm Create(Executable executable, ComputeMeter meter, byte[] input, VmConfig? config = null, int heapSize = DefaultHeapSize) =>
        Create(executable, meter, [MemoryRegion.CreateWritable(input, MemoryLayout.InputStart)], config, heapSize);

    /// <summary>As <see cref="Create(Executable, ComputeMeter, IEnumerable{MemoryRegion}, VmConfig?, int)"/>, reporting a bad mapping as an error.</summary>
    public static VmError? TryCreate(Executable executable, ComputeMeter meter, IEnumerable<MemoryRegion> inputRegions, out Vm vm,
        VmConfig? config = null, int heapSize = DefaultHeapSize)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(meter);
        config ??= VmConfig.Default;
        if (config.MaxCallDepth < 1 || config.StackFrameSize < 1 || heapSize < 0)
            throw new ArgumentOutOfRangeException(nameof(config));
        var rules = VersionRules.For(executable.Version, config.Dialect);
        bool gapped = rules.StackFrameGapsAllowed && config.EnableStackFrameGaps;
        var stack = VmMemoryPool.Rent(config.StackSize);
        var heap = VmMemoryPool.Rent(heapSize);
        var stackRegion = new MemoryRegion(stack, 0, stack.Length, MemoryLayout.StackStart, writable: true, gapped ? (ulong)config.StackFrameSize : 0);
        var heapRegion = new MemoryRegion(heap, 0, heap.Length, MemoryLayout.HeapStart, writable: true);
        // Pooled buffers are handed out zeroed only where a previous VM could have touched them: the regions
        // record what this VM can reach so that Dispose zeroes just that.
        stackRegion.StartTracking();
        heapRegion.StartTracking();
        var regions = new List<MemoryRegion>
        {
            new(executable.ReadOnlyRegion, 0, executable.ReadOnlyRegion.Length, executable.ReadOnlyRegionVaddr, writable: false),
            stackRegion,
            heapRegion,
        };
        regions.AddRange(inputRegions);
        var error = MemoryMapping.TryCreate(regions, config, rules, out var mapping);
        if (error != null)
        {
            VmMemoryPool.Return(stack);
            VmMemoryPool.Return(heap);
            vm = null!;
            return error;
        }
        vm = new Vm(executable, config, rules, mapping, meter, stackRegion, heapRegion);
        return null;
    }

    /// <summary>Stack region bytes (frame 0 first, without gaps).</summary>
    public Span<byte> Stack
    {
        get
        {
            _stackRegion.TouchAll();
            return _stack;
        }
    }

    /// <summary>Heap region bytes.</summary>
    public Span<byte> Heap
    {
        get
        {
            _heapRegion.TouchAll();
            return _heap;
        }
    }

    /// <summary>
    /// sbpf <c>execute_program</c> (interpreted): r1 = input start, r10 = initial frame pointer, other
    /// registers 0, pc = entry point; runs to the root exit or an error.
    /// </summary>
    public VmResult Execute()
    {
        ResetRegisters();
        Registers[1] = MemoryLayout.InputStart;
        return Run(Executable.EntryPc);
    }

    /// <summary>Runs from <paramref name="entryPc"/> with <see cref="Registers"/> exactly as they are.</summary>
    public VmResult Run(ulong entryPc)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var meter = Context.Meter;
        ulong initial = meter.Remaining;
        var memory = Context.Memory;
        EngineState st;
        for (int i = 0; i < 16; i++) st.Regs[i] = Registers[i];
        st.Code = (DecodedInsn*)Unsafe.AsPointer(ref Program.Code[0]);
        st.Frames = (CallFrame*)Unsafe.AsPointer(ref Frames[0]);
        st.Table = memory.Table;
        st.SlotCount = Program.SlotCount;
        st.Depth = 0;
        st.MaxDepth = Config.MaxCallDepth;
        st.FailKind = default;
        st.FrameBump = FrameBump;
        st.TextVaddr = Program.TextVaddr;
        st.Pc = entryPc;
        st.ReturnValue = 0;
        st.Synced = 0;
        st.Budget = 0;
        memory.Pin();
        VmError? error;
        try
        {
            error = (Config.EnableInstructionMeter, Tracer != null) switch
            {
                (true, false) => Engine.Run<MeterOn, TraceOff>(this, &st),
                (false, false) => Engine.Run<MeterOff, TraceOff>(this, &st),
                (true, true) => Engine.Run<MeterOn, TraceOn>(this, &st),
                (false, true) => Engine.Run<MeterOff, TraceOn>(this, &st),
            };
        }
        finally
        {
            memory.Unpin();
        }
        for (int i = 0; i < 16; i++) Registers[i] = st.Regs[i];
        Pc = st.Pc;
        CallDepth = st.Depth;
        ulong consumed = Config.EnableInstructionMeter && initial > meter.Remaining ? initial - meter.Remaining : 0;
        return new VmResult(st.ReturnValue, error, consumed);
    }

    private void ResetRegisters()
    {
        Array.Clear(Registers);
        Registers[10] = InitialFramePointer;
    }

    /// <summary>Zeroes what this VM could have touched, so the pooled buffer is all zero again.</summary>
    private static void Release(byte[] buffer, MemoryRegion region)
    {
        if (buffer.Length == 0) return;
        if (region.TouchedEnd > region.TouchedStart)
            buffer.AsSpan(region.TouchedStart, region.TouchedEnd - region.TouchedStart).Clear();
        VmMemoryPool.Return(buffer);
    }

    /// <summary>Returns the stack and heap buffers to the per-thread pool.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Release(_stack, _stackRegion);
        Release(_heap, _heapRegion);
        _stack = [];
        _heap = [];
    }
}
