using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// A serialized program input: the host buffer, the regions that map it (and, with direct mapping, the
/// accounts' own data) into the VM from 0x4_0000_0000, and per-account addresses for CPI and
/// deserialization.
/// </summary>
public sealed class SerializedInput
{
    internal SerializedInput(byte[] buffer, InputRegion[] regions, SerializedAccountMetadata[] accounts,
        ulong instructionDataAddress, InputLayout layout, SerializationOptions options)
    {
        Buffer = buffer;
        Regions = regions;
        Accounts = accounts;
        InstructionDataAddress = instructionDataAddress;
        Layout = layout;
        Options = options;
    }

    /// <summary>The serialized bytes (everything except directly mapped account data).</summary>
    public byte[] Buffer { get; }

    /// <summary>Input regions in ascending address order.</summary>
    public IReadOnlyList<InputRegion> Regions { get; }

    /// <summary>One entry per instruction account.</summary>
    public IReadOnlyList<SerializedAccountMetadata> Accounts { get; }

    /// <summary>Guest address of the instruction data.</summary>
    public ulong InstructionDataAddress { get; }

    public InputLayout Layout { get; }

    public SerializationOptions Options { get; }

    /// <summary>The regions as VM memory regions, ready for <c>Vm.Create</c>.</summary>
    public MemoryRegion[] CreateMemoryRegions()
    {
        var result = new MemoryRegion[Regions.Count];
        for (int i = 0; i < result.Length; i++) result[i] = Regions[i].ToMemoryRegion();
        return result;
    }
}
