using System.Text;

namespace Stratus.Conformance.Vectors;

/// <summary>Recognition of vector files by content.</summary>
public static class VectorFormat
{
    /// <summary>Value of the top-level <c>format</c> member.</summary>
    public const string FormatName = "stratus-litesvm-txn-vector";

    /// <summary>The <c>version</c> this decoder reads.</summary>
    public const int SupportedVersion = 2;

    /// <summary><c>format</c> of the reference files (feature-sets/, compute-budgets/, harnesses/).</summary>
    public const string FeatureSetFormatName = "stratus-litesvm-feature-set";

    public const string ComputeBudgetFormatName = "stratus-litesvm-compute-budget";

    public const string HarnessFormatName = "stratus-litesvm-harness";

    public const string AccountSetFormatName = "stratus-litesvm-account-set";

    /// <summary>The <c>version</c> of reference files this decoder reads.</summary>
    public const int SupportedReferenceVersion = 1;

    /// <summary>The kind name used in conformance results.</summary>
    public const string Kind = "litesvm-txn";

    private static readonly byte[] FormatValue = Encoding.ASCII.GetBytes("\"" + FormatName + "\"");
    private static readonly byte[] FormatKey = Encoding.ASCII.GetBytes("\"format\"");

    /// <summary>
    /// True when <paramref name="header"/> (the first bytes of a file) starts a JSON object whose <c>format</c> member
    /// names this format. The generator writes <c>format</c> first, so it is always within the first few hundred bytes.
    /// </summary>
    public static bool LooksLikeVector(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("\uFEFF"u8)) header = header[3..];
        int i = 0;
        while (i < header.Length && header[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        if (i >= header.Length || header[i] != (byte)'{') return false;
        var rest = header[i..];
        int key = rest.IndexOf(FormatKey);
        if (key < 0) return false;
        var afterKey = rest[(key + FormatKey.Length)..];
        int j = 0;
        while (j < afterKey.Length && afterKey[j] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') j++;
        if (j >= afterKey.Length || afterKey[j] != (byte)':') return false;
        j++;
        while (j < afterKey.Length && afterKey[j] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') j++;
        return afterKey[j..].StartsWith(FormatValue);
    }

    /// <summary>Reads the start of <paramref name="path"/> and applies <see cref="LooksLikeVector(ReadOnlySpan{byte})"/>; false when unreadable.</summary>
    public static bool LooksLikeVector(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            Span<byte> buffer = stackalloc byte[512];
            int total = 0;
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
            return LooksLikeVector(buffer[..total]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
