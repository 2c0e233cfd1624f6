using System.Globalization;

namespace Stratus.Conformance.Runners;

/// <summary>Collects field-by-field differences between an expected and an actual result.</summary>
public sealed class DiffList
{
    private readonly List<FieldDiff> _diffs = new();

    public IReadOnlyList<FieldDiff> Diffs => _diffs;

    public bool Any => _diffs.Count > 0;

    public void Add(string field, string expected, string actual) => _diffs.Add(new FieldDiff(field, expected, actual));

    public void Compare(string field, ulong expected, ulong actual)
    {
        if (expected != actual) Add(field, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture));
    }

    public void Compare(string field, long expected, long actual)
    {
        if (expected != actual) Add(field, expected.ToString(CultureInfo.InvariantCulture), actual.ToString(CultureInfo.InvariantCulture));
    }

    public void CompareHex(string field, ulong expected, ulong actual)
    {
        if (expected != actual) Add(field, Hex(expected), Hex(actual));
    }

    public void Compare(string field, bool expected, bool actual)
    {
        if (expected != actual) Add(field, expected ? "true" : "false", actual ? "true" : "false");
    }

    public void Compare(string field, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal)) Add(field, expected, actual);
    }

    /// <summary>Byte strings: reports lengths and the first differing offset rather than dumping both.</summary>
    public void Compare(string field, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.SequenceEqual(actual)) return;
        int at = expected.CommonPrefixLength(actual);
        Add(field, Describe(expected, at), Describe(actual, at));
    }

    public static string Hex(ulong v) => "0x" + v.ToString("x16", CultureInfo.InvariantCulture);

    private static string Describe(ReadOnlySpan<byte> bytes, int firstDiff)
    {
        const int window = 16;
        var shown = firstDiff < bytes.Length ? bytes.Slice(firstDiff, Math.Min(window, bytes.Length - firstDiff)) : ReadOnlySpan<byte>.Empty;
        var hex = Convert.ToHexString(shown).ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} bytes; at offset {firstDiff}: {(hex.Length == 0 ? "<end>" : hex)}");
    }
}
