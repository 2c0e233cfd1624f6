namespace Stratus.Runtime.Serialization;

/// <summary>
/// Where one instruction account landed in the input (Agave's <c>SerializedAccountMetadata</c>); a
/// duplicate repeats its first occurrence. <see cref="VmAddr"/> is the address of the entry's first
/// byte in the aligned layout (0 in the unaligned one) — what SIMD-0449 exposes to programs.
/// </summary>
public readonly record struct SerializedAccountMetadata(
    ulong OriginalDataLength,
    ulong VmAddr,
    ulong VmKeyAddr,
    ulong VmLamportsAddr,
    ulong VmOwnerAddr,
    ulong VmDataAddr);
