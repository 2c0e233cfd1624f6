namespace Stratus.Sbpf;

/// <summary>
/// VM settings (the parts of sbpf's <c>Config</c> that change execution). Agave's program runtime
/// uses the defaults here, with <see cref="EnableStackFrameGaps"/> and <see cref="AlignedMemoryMapping"/>
/// off only under <c>bpf_account_data_direct_mapping</c>.
/// </summary>
public sealed record VmConfig
{
    public static readonly VmConfig Default = new();

    public int MaxCallDepth { get; init; } = 64;

    public int StackFrameSize { get; init; } = 4096;

    /// <summary>V0 only: unmapped 4 KiB gaps between the stack frames.</summary>
    public bool EnableStackFrameGaps { get; init; } = true;

    /// <summary>
    /// sbpf's <c>aligned_memory_mapping</c>. When off (Agave 2.2 under <c>bpf_account_data_direct_mapping</c>),
    /// a load or store may run on from one input region into the next, as sbpf's unaligned mapping allows;
    /// when on, an access must lie inside one region (as Firedancer's input regions require).
    /// </summary>
    public bool AlignedMemoryMapping { get; init; } = true;

    /// <summary>Count and limit executed instructions against the compute meter.</summary>
    public bool EnableInstructionMeter { get; init; } = true;

    /// <summary>Which definition of V3 to follow (X1 runs <see cref="SbpfDialect.Sbpf0_10"/>).</summary>
    public SbpfDialect Dialect { get; init; } = SbpfDialect.Sbpf0_10;

    /// <summary>Bytes of the stack region (frame size × max call depth).</summary>
    public int StackSize => StackFrameSize * MaxCallDepth;

    /// <summary>
    /// The config Agave 2.2's program runtime (v1) builds: call depth 64, 4 KiB frames, metering on,
    /// stack gaps and the aligned memory mapping unless <c>bpf_account_data_direct_mapping</c> is active.
    /// </summary>
    public static VmConfig ForAgave(bool directMapping = false) =>
        Default with { EnableStackFrameGaps = !directMapping, AlignedMemoryMapping = !directMapping };

    /// <summary>
    /// Agave's <c>calculate_heap_cost</c>: (ceil(heap / 32 KiB) − 1) × <paramref name="heapCost"/>
    /// (default 8), saturating; charged with <c>consume_checked</c> before the VM is created.
    /// </summary>
    public static ulong HeapCost(uint heapSize, ulong heapCost = 8)
    {
        const ulong page = 32 * 1024;
        ulong pages = ((ulong)heapSize + page - 1) / page;
        ulong extra = pages == 0 ? 0 : pages - 1;
        return extra > ulong.MaxValue / Math.Max(heapCost, 1) ? ulong.MaxValue : extra * heapCost;
    }
}
