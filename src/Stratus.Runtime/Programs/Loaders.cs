using Stratus.Core;

namespace Stratus.Runtime.Programs;

/// <summary>The program owners that make an account executable (Agave's <c>PROGRAM_OWNERS</c>).</summary>
public static class Loaders
{
    public static bool IsLoader(in Pubkey owner) =>
        owner == ProgramIds.BpfLoaderUpgradeable || owner == ProgramIds.BpfLoader
        || owner == ProgramIds.BpfLoaderDeprecated || owner == ProgramIds.LoaderV4;

    public static readonly Pubkey[] All =
        [ProgramIds.BpfLoaderUpgradeable, ProgramIds.BpfLoader, ProgramIds.BpfLoaderDeprecated, ProgramIds.LoaderV4];
}
