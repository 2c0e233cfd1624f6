using System.Globalization;
using System.Text;

namespace Stratus.Sbpf.Elf;

/// <summary>The variants of solana-sbpf 0.10.1's <c>ElfError</c>, in declaration order.</summary>
public enum ElfErrorKind : byte
{
    FailedToParse,
    EntrypointOutOfBounds,
    InvalidEntrypoint,
    FailedToGetSection,
    UnresolvedSymbol,
    SectionNotFound,
    RelativeJumpOutOfBounds,
    SymbolHashCollision,
    WrongEndianess,
    WrongAbi,
    WrongMachine,
    WrongClass,
    NotOneTextSection,
    WritableSectionNotSupported,
    AddressOutsideLoadableSection,
    InvalidVirtualAddress,
    UnknownRelocation,
    FailedToReadRelocationInfo,
    WrongType,
    UnknownSymbol,
    ValueOutOfBounds,
    UnsupportedSbpfVersion,
    InvalidProgramHeader,
}

/// <summary>
/// Why an ELF was refused. <see cref="Text"/> carries the string payload (parser message, symbol or
/// section name), <see cref="Value"/> and <see cref="Offset"/> the numeric ones; which are set depends
/// on <see cref="Kind"/> exactly as the payload of the matching sbpf variant.
/// </summary>
public sealed class ElfError : IEquatable<ElfError>
{
    private ElfError(ElfErrorKind kind, string? text = null, ulong value = 0, ulong offset = 0)
    {
        Kind = kind;
        Text = text;
        Value = value;
        Offset = offset;
    }

    public ElfErrorKind Kind { get; }

    /// <summary>FailedToParse: parser message; UnresolvedSymbol / SectionNotFound / FailedToGetSection /
    /// WritableSectionNotSupported: the name.</summary>
    public string? Text { get; }

    /// <summary>UnresolvedSymbol: instruction index; RelativeJumpOutOfBounds: instruction index;
    /// SymbolHashCollision: the key; UnknownSymbol: the symbol index (or st_name); UnknownRelocation: type;
    /// AddressOutsideLoadableSection / InvalidVirtualAddress: the address.</summary>
    public ulong Value { get; }

    /// <summary>UnresolvedSymbol: ELF file offset of the relocation.</summary>
    public ulong Offset { get; }

    public static readonly ElfError EntrypointOutOfBounds = new(ElfErrorKind.EntrypointOutOfBounds);
    public static readonly ElfError InvalidEntrypoint = new(ElfErrorKind.InvalidEntrypoint);
    public static readonly ElfError WrongEndianess = new(ElfErrorKind.WrongEndianess);
    public static readonly ElfError WrongAbi = new(ElfErrorKind.WrongAbi);
    public static readonly ElfError WrongMachine = new(ElfErrorKind.WrongMachine);
    public static readonly ElfError WrongClass = new(ElfErrorKind.WrongClass);
    public static readonly ElfError NotOneTextSection = new(ElfErrorKind.NotOneTextSection);
    public static readonly ElfError FailedToReadRelocationInfo = new(ElfErrorKind.FailedToReadRelocationInfo);
    public static readonly ElfError WrongType = new(ElfErrorKind.WrongType);
    public static readonly ElfError ValueOutOfBounds = new(ElfErrorKind.ValueOutOfBounds);
    public static readonly ElfError UnsupportedSbpfVersion = new(ElfErrorKind.UnsupportedSbpfVersion);
    public static readonly ElfError InvalidProgramHeader = new(ElfErrorKind.InvalidProgramHeader);

    public static ElfError FailedToParse(string message) => new(ElfErrorKind.FailedToParse, message);
    public static ElfError FailedToGetSection(string name) => new(ElfErrorKind.FailedToGetSection, name);
    public static ElfError SectionNotFound(string name) => new(ElfErrorKind.SectionNotFound, name);
    public static ElfError UnresolvedSymbol(string name, ulong instruction, ulong fileOffset) => new(ElfErrorKind.UnresolvedSymbol, name, instruction, fileOffset);
    public static ElfError RelativeJumpOutOfBounds(ulong instruction) => new(ElfErrorKind.RelativeJumpOutOfBounds, value: instruction);
    public static ElfError SymbolHashCollision(uint key) => new(ElfErrorKind.SymbolHashCollision, value: key);
    public static ElfError WritableSectionNotSupported(string name) => new(ElfErrorKind.WritableSectionNotSupported, name);
    public static ElfError AddressOutsideLoadableSection(ulong address) => new(ElfErrorKind.AddressOutsideLoadableSection, value: address);
    public static ElfError InvalidVirtualAddress(ulong address) => new(ElfErrorKind.InvalidVirtualAddress, value: address);
    public static ElfError UnknownRelocation(uint type) => new(ElfErrorKind.UnknownRelocation, value: type);
    public static ElfError UnknownSymbol(ulong index) => new(ElfErrorKind.UnknownSymbol, value: index);

    /// <summary>The message sbpf's <c>Display</c> gives (what Agave logs as "Program log"-less ic_msg).</summary>
    public override string ToString() => Kind switch
    {
        ElfErrorKind.FailedToParse => "Failed to parse ELF file: " + Text,
        ElfErrorKind.EntrypointOutOfBounds => "Entrypoint out of bounds",
        ElfErrorKind.InvalidEntrypoint => "Invalid entrypoint",
        ElfErrorKind.FailedToGetSection => "Failed to get section " + Text,
        ElfErrorKind.UnresolvedSymbol => string.Create(CultureInfo.InvariantCulture, $"Unresolved symbol ({Text}) at instruction #{Value} (ELF file offset 0x{Offset:x})"),
        ElfErrorKind.SectionNotFound => "Section not found: " + Text,
        ElfErrorKind.RelativeJumpOutOfBounds => string.Create(CultureInfo.InvariantCulture, $"Relative jump out of bounds at instruction #{Value}"),
        ElfErrorKind.SymbolHashCollision => string.Create(CultureInfo.InvariantCulture, $"Symbol hash collision 0x{Value:x}"),
        ElfErrorKind.WrongEndianess => "Incompatible ELF: wrong endianess",
        ElfErrorKind.WrongAbi => "Incompatible ELF: wrong ABI",
        ElfErrorKind.WrongMachine => "Incompatible ELF: wrong machine",
        ElfErrorKind.WrongClass => "Incompatible ELF: wrong class",
        ElfErrorKind.NotOneTextSection => "Multiple or no text sections, consider removing llc option: -function-sections",
        ElfErrorKind.WritableSectionNotSupported => $"Found writable section ({Text}) in ELF, read-write data not supported",
        ElfErrorKind.AddressOutsideLoadableSection => string.Create(CultureInfo.InvariantCulture, $"Relocation failed, no loadable section contains virtual address 0x{Value:x}"),
        ElfErrorKind.InvalidVirtualAddress => string.Create(CultureInfo.InvariantCulture, $"Relocation failed, invalid referenced virtual address 0x{Value:x}"),
        ElfErrorKind.UnknownRelocation => string.Create(CultureInfo.InvariantCulture, $"Relocation failed, unknown type {Value}"),
        ElfErrorKind.FailedToReadRelocationInfo => "Failed to read relocation info",
        ElfErrorKind.WrongType => "Incompatible ELF: wrong type",
        ElfErrorKind.UnknownSymbol => string.Create(CultureInfo.InvariantCulture, $"Unknown symbol with index {Value}"),
        ElfErrorKind.ValueOutOfBounds => "Offset or value is out of bounds",
        ElfErrorKind.UnsupportedSbpfVersion => "Detected sbpf_version required by the executable which are not enabled",
        ElfErrorKind.InvalidProgramHeader => "Invalid ELF program header",
        _ => Kind.ToString(),
    };

    /// <summary>
    /// The value as Rust's derived <c>Debug</c> prints it (e.g. <c>UnresolvedSymbol("log", 39, 312)</c>);
    /// the expectation tables are recorded in this form.
    /// </summary>
    public string ToRustDebugString()
    {
        string Str(string? s) => RustDebugString(s ?? string.Empty);
        string U(ulong v) => v.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            ElfErrorKind.FailedToParse => $"FailedToParse({Str(Text)})",
            ElfErrorKind.FailedToGetSection => $"FailedToGetSection({Str(Text)})",
            ElfErrorKind.SectionNotFound => $"SectionNotFound({Str(Text)})",
            ElfErrorKind.WritableSectionNotSupported => $"WritableSectionNotSupported({Str(Text)})",
            ElfErrorKind.UnresolvedSymbol => $"UnresolvedSymbol({Str(Text)}, {U(Value)}, {U(Offset)})",
            ElfErrorKind.RelativeJumpOutOfBounds => $"RelativeJumpOutOfBounds({U(Value)})",
            ElfErrorKind.SymbolHashCollision => $"SymbolHashCollision({U(Value)})",
            ElfErrorKind.AddressOutsideLoadableSection => $"AddressOutsideLoadableSection({U(Value)})",
            ElfErrorKind.InvalidVirtualAddress => $"InvalidVirtualAddress({U(Value)})",
            ElfErrorKind.UnknownRelocation => $"UnknownRelocation({U(Value)})",
            ElfErrorKind.UnknownSymbol => $"UnknownSymbol({U(Value)})",
            ElfErrorKind.UnsupportedSbpfVersion => "UnsupportedSBPFVersion",
            _ => Kind.ToString(),
        };
    }

    /// <summary>Quotes a string the way Rust's <c>Debug for str</c> does (escapes quotes, backslash, controls).</summary>
    public static string RustDebugString(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case 0: sb.Append("\\0"); break;
                default:
                    if (rune.Value < 0x20 || (rune.Value >= 0x7F && rune.Value < 0xA0) || IsRustNonPrintable(rune))
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:x}}}");
                    else
                        sb.Append(rune.ToString());
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    // Rust escapes unassigned/format/separator code points and, at the start of a string only in
    // newer versions, grapheme extenders; format and separator categories cover what ELF names produce.
    private static bool IsRustNonPrintable(Rune r)
    {
        var cat = Rune.GetUnicodeCategory(r);
        return cat is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate
            || (cat == UnicodeCategory.SpaceSeparator && r.Value != ' ');
    }

    public bool Equals(ElfError? other) =>
        other is not null && Kind == other.Kind && Text == other.Text && Value == other.Value && Offset == other.Offset;

    public override bool Equals(object? obj) => Equals(obj as ElfError);

    public override int GetHashCode() => HashCode.Combine(Kind, Text, Value, Offset);
}
