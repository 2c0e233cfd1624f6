namespace Stratus.Sbpf.Syscalls;

/// <summary>
/// Rust's <c>str::from_utf8</c> validation, reporting its <c>Utf8Error</c> (valid_up_to and
/// error_len) so syscall errors print exactly as Agave's.
/// </summary>
public static class RustUtf8
{
    /// <summary>Null when <paramref name="bytes"/> is valid UTF-8; otherwise Rust's Utf8Error text.</summary>
    public static string? Validate(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte first = bytes[i];
            if (first < 0x80)
            {
                i++;
                continue;
            }
            int width = first switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            if (width == 0) return Error(i, 1);
            if (i + 1 >= bytes.Length) return Error(i, null);
            byte second = bytes[i + 1];
            bool secondOk = width switch
            {
                2 => IsCont(second),
                3 => first switch
                {
                    0xE0 => second is >= 0xA0 and <= 0xBF,
                    0xED => second is >= 0x80 and <= 0x9F,
                    _ => IsCont(second),
                },
                _ => first switch
                {
                    0xF0 => second is >= 0x90 and <= 0xBF,
                    0xF4 => second is >= 0x80 and <= 0x8F,
                    _ => IsCont(second),
                },
            };
            if (!secondOk) return Error(i, 1);
            for (int k = 2; k < width; k++)
            {
                if (i + k >= bytes.Length) return Error(i, null);
                if (!IsCont(bytes[i + k])) return Error(i, k);
            }
            i += width;
        }
        return null;
    }

    private static bool IsCont(byte b) => (b & 0xC0) == 0x80;

    private static string Error(int validUpTo, int? errorLen) => errorLen is { } len
        ? $"invalid utf-8 sequence of {len} bytes from index {validUpTo}"
        : $"incomplete utf-8 byte sequence from index {validUpTo}";

    /// <summary>Rust's <c>{:?}</c> of a byte vector: "[1, 2, 3]".</summary>
    public static string DebugBytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new System.Text.StringBuilder(bytes.Length * 4 + 2);
        sb.Append('[');
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(bytes[i]);
        }
        return sb.Append(']').ToString();
    }
}
