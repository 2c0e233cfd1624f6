using Stratus.Core;

namespace Stratus.Runtime.Serialization;

/// <summary>Which of the two program-input ABIs a program is given.</summary>
public enum InputLayout : byte
{
    /// <summary>8-byte aligned entries with a 10 KiB realloc area per account (loader v2, v3, v4).</summary>
    Aligned,

    /// <summary>Packed entries, no realloc area (the deprecated loader "BPFLoader1111…").</summary>
    Unaligned,
}

public static class InputLayouts
{
    /// <summary>The layout for a program owned by <paramref name="loader"/>: only the deprecated loader is unaligned.</summary>
    public static InputLayout ForLoader(Pubkey loader) =>
        loader == ProgramIds.BpfLoaderDeprecated ? InputLayout.Unaligned : InputLayout.Aligned;
}
