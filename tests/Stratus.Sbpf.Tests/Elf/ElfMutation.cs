using System.Buffers.Binary;
using System.Globalization;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>
/// Applies a mutation spec to a copy of an ELF: ';'-separated ops, each "t=N" (truncate to N bytes) or
/// "b|w|d|q@OFFSET=HEX" (store a 1/2/4/8-byte little-endian value; bytes past the end are dropped).
/// </summary>
internal static class ElfMutation
{
    public static byte[] Apply(byte[] original, string spec)
    {
        var bytes = (byte[])original.Clone();
        if (spec.Length == 0) return bytes;
        Span<byte> le = stackalloc byte[8];
        foreach (var op in spec.Split(';'))
        {
            if (op[0] == 't')
            {
                int n = int.Parse(op.AsSpan(2), CultureInfo.InvariantCulture);
                bytes = bytes.AsSpan(0, Math.Min(n, bytes.Length)).ToArray();
                continue;
            }
            int width = op[0] switch { 'b' => 1, 'w' => 2, 'd' => 4, 'q' => 8, _ => throw new FormatException(op) };
            int eq = op.IndexOf('=', StringComparison.Ordinal);
            int offset = int.Parse(op.AsSpan(2, eq - 2), CultureInfo.InvariantCulture);
            ulong value = ulong.Parse(op.AsSpan(eq + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            BinaryPrimitives.WriteUInt64LittleEndian(le, value);
            for (int i = 0; i < width; i++)
                if (offset + i < bytes.Length) bytes[offset + i] = le[i];
        }
        return bytes;
    }
}
