using Stratus.Core;

namespace Stratus.Conformance.Vectors;

/// <summary>
/// An account before or after the transaction. <see cref="Exists"/> is false for an address LiteSVM does not hold
/// (every other field is then zero/empty and the owner is the system program).
/// </summary>
public sealed record VectorAccount(
    Pubkey Address,
    bool Exists,
    ulong Lamports,
    VectorAccountData Data,
    Pubkey Owner,
    bool Executable,
    ulong RentEpoch);

/// <summary>One piece of account data: literal bytes, a run of zeros, or a whole ELF file from the shared data.</summary>
public abstract record DataPart(int Length);

public sealed record BytesPart(byte[] Bytes) : DataPart(Bytes.Length);

public sealed record ZerosPart(int Count) : DataPart(Count);

/// <param name="Path">Relative to the shared <c>data</c> directory, e.g. <c>elfs/litesvm/spl_memo-4.0.0.so</c>.</param>
public sealed record ElfPart(string Path, string Sha256, int ElfLength) : DataPart(ElfLength);

/// <summary>
/// Account data as the vector encodes it: inline base64, or <c>data_parts</c> concatenated (zero runs and
/// references to shared ELF files keep large accounts and program bytes out of the repository).
/// </summary>
public sealed class VectorAccountData
{
    public VectorAccountData(IReadOnlyList<DataPart> parts, int length)
    {
        Parts = parts;
        Length = length;
    }

    public static VectorAccountData Empty { get; } = new([], 0);

    public IReadOnlyList<DataPart> Parts { get; }

    public int Length { get; }

    /// <summary>True when the data is given entirely inline (no ELF reference).</summary>
    public bool IsSelfContained => Parts.All(p => p is not ElfPart);

    public IEnumerable<ElfPart> ElfReferences => Parts.OfType<ElfPart>();

    /// <summary>The bytes; ELF parts are read through <paramref name="elfs"/> (which checks their sha256).</summary>
    public bool TryMaterialize(IElfSource? elfs, out byte[] bytes, out string? error)
    {
        bytes = new byte[Length];
        int offset = 0;
        foreach (var part in Parts)
        {
            switch (part)
            {
                case BytesPart b:
                    b.Bytes.CopyTo(bytes, offset);
                    break;
                case ZerosPart:
                    break;
                case ElfPart e:
                    if (elfs == null) { error = $"data references ELF {e.Path} but no ELF source was given"; return false; }
                    if (!elfs.TryGet(e.Path, e.Sha256, out var elf, out error)) return false;
                    if (elf.Length != e.ElfLength) { error = $"ELF {e.Path} is {elf.Length} bytes, vector says {e.ElfLength}"; return false; }
                    elf.CopyTo(bytes, offset);
                    break;
            }
            offset += part.Length;
        }
        error = null;
        return true;
    }

    /// <summary>The bytes when the data is self-contained; throws otherwise (tests and tools).</summary>
    public byte[] ToArray() =>
        TryMaterialize(null, out var bytes, out var error) ? bytes : throw new InvalidOperationException(error);
}
