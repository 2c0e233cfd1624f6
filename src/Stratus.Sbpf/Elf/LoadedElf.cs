namespace Stratus.Sbpf.Elf;

/// <summary>What one of the two parsers produced, before the caller stamps the selected version.</summary>
internal sealed record LoadedElf(
    SbpfVersion ParserVersion,
    byte[] Text,
    ulong TextVaddr,
    ulong TextFileOffset,
    ulong EntryPc,
    LoaderFunctionRegistry Functions,
    ReadOnlySection ReadOnly);
