using System.Globalization;

namespace Stratus.Sbpf.Elf;

/// <summary>The variants of solana-sbpf 0.10.1's <c>ElfParserError</c> (the dependency-less ELF64 parser).</summary>
public enum ElfParserErrorKind : byte
{
    InvalidFileHeader,
    InvalidProgramHeader,
    InvalidSectionHeader,
    InvalidString,
    StringTooLong,
    OutOfBounds,
    InvalidSize,
    Overlap,
    SectionNotInOrder,
    NoSectionNameStringTable,
    InvalidDynamicSectionTable,
    InvalidRelocationTable,
    InvalidAlignment,
    NoStringTable,
    NoDynamicStringTable,
}

/// <summary>A parser failure; only <see cref="ElfParserErrorKind.StringTooLong"/> carries data.</summary>
public sealed class ElfParserError
{
    private static readonly ElfParserError[] Simple = CreateSimple();

    private ElfParserError(ElfParserErrorKind kind, string? text = null, int maximumLength = 0)
    {
        Kind = kind;
        Text = text;
        MaximumLength = maximumLength;
    }

    public ElfParserErrorKind Kind { get; }

    /// <summary>StringTooLong: the unterminated bytes, decoded lossily as UTF-8.</summary>
    public string? Text { get; }

    /// <summary>StringTooLong: the length limit that applied.</summary>
    public int MaximumLength { get; }

    public static ElfParserError Of(ElfParserErrorKind kind) => Simple[(int)kind];

    public static ElfParserError StringTooLong(string text, int maximumLength) => new(ElfParserErrorKind.StringTooLong, text, maximumLength);

    public static readonly ElfParserError InvalidFileHeader = Of(ElfParserErrorKind.InvalidFileHeader);
    public static readonly ElfParserError InvalidProgramHeader = Of(ElfParserErrorKind.InvalidProgramHeader);
    public static readonly ElfParserError InvalidSectionHeader = Of(ElfParserErrorKind.InvalidSectionHeader);
    public static readonly ElfParserError OutOfBounds = Of(ElfParserErrorKind.OutOfBounds);
    public static readonly ElfParserError InvalidSize = Of(ElfParserErrorKind.InvalidSize);
    public static readonly ElfParserError Overlap = Of(ElfParserErrorKind.Overlap);
    public static readonly ElfParserError SectionNotInOrder = Of(ElfParserErrorKind.SectionNotInOrder);
    public static readonly ElfParserError NoSectionNameStringTable = Of(ElfParserErrorKind.NoSectionNameStringTable);
    public static readonly ElfParserError InvalidDynamicSectionTable = Of(ElfParserErrorKind.InvalidDynamicSectionTable);
    public static readonly ElfParserError InvalidAlignment = Of(ElfParserErrorKind.InvalidAlignment);
    public static readonly ElfParserError NoStringTable = Of(ElfParserErrorKind.NoStringTable);
    public static readonly ElfParserError NoDynamicStringTable = Of(ElfParserErrorKind.NoDynamicStringTable);

    /// <summary>The parser's own message (the text wrapped by <c>ElfError::FailedToParse</c>).</summary>
    public override string ToString() => Kind switch
    {
        ElfParserErrorKind.InvalidFileHeader => "invalid file header",
        ElfParserErrorKind.InvalidProgramHeader => "invalid program header",
        ElfParserErrorKind.InvalidSectionHeader => "invalid section header",
        ElfParserErrorKind.InvalidString => "invalid string",
        ElfParserErrorKind.StringTooLong => string.Create(CultureInfo.InvariantCulture, $"Section or symbol name `{Text}` is longer than `{MaximumLength}` bytes"),
        ElfParserErrorKind.OutOfBounds => "value out of bounds",
        ElfParserErrorKind.InvalidSize => "invalid size",
        ElfParserErrorKind.Overlap => "values overlap",
        ElfParserErrorKind.SectionNotInOrder => "sections not in ascending order",
        ElfParserErrorKind.NoSectionNameStringTable => "no section name string table found",
        ElfParserErrorKind.InvalidDynamicSectionTable => "invalid dynamic section table",
        ElfParserErrorKind.InvalidRelocationTable => "invalid relocation table",
        ElfParserErrorKind.InvalidAlignment => "invalid alignment",
        ElfParserErrorKind.NoStringTable => "no string table",
        ElfParserErrorKind.NoDynamicStringTable => "no dynamic string table",
        _ => Kind.ToString(),
    };

    /// <summary>How the loader reports a parser failure (sbpf's <c>From&lt;ElfParserError&gt; for ElfError</c>).</summary>
    public ElfError ToElfError() => Kind switch
    {
        ElfParserErrorKind.InvalidProgramHeader => ElfError.InvalidProgramHeader,
        ElfParserErrorKind.OutOfBounds => ElfError.ValueOutOfBounds,
        _ => ElfError.FailedToParse(ToString()),
    };

    private static ElfParserError[] CreateSimple()
    {
        var values = Enum.GetValues<ElfParserErrorKind>();
        var result = new ElfParserError[values.Length];
        foreach (var k in values)
            result[(int)k] = new ElfParserError(k);
        return result;
    }
}
