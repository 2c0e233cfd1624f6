namespace Stratus.Sbpf.Elf;

/// <summary>
/// The fields of sbpf's <c>Config</c> that the ELF loader reads. Defaults are sbpf's <c>Config::default()</c>;
/// Agave's program runtime environment differs (see <see cref="ForAgave"/>).
/// </summary>
public sealed record ElfLoaderConfig
{
    /// <summary>Lowest loadable version (inclusive).</summary>
    public SbpfVersion MinVersion { get; init; } = SbpfVersion.V0;

    /// <summary>Highest loadable version (inclusive).</summary>
    public SbpfVersion MaxVersion { get; init; } = SbpfVersion.V3;

    /// <summary>Deployment-time strictness: unknown syscalls, sh_addr != sh_offset, overlapping ro sections fail.</summary>
    public bool RejectBrokenElfs { get; init; }

    /// <summary>Keep function/section names (debugging); also registers every .symtab function.</summary>
    public bool EnableSymbolAndSectionLabels { get; init; }

    /// <summary>Borrow contiguous read-only sections instead of building a zero-filled copy from vaddr 0.</summary>
    public bool OptimizeRodata { get; init; } = true;

    public bool IsEnabled(SbpfVersion v) => v >= MinVersion && v <= MaxVersion;

    /// <summary>
    /// The environment Agave 2.2 / Tachyon builds in <c>create_program_runtime_environment_v1</c>:
    /// min V0 unless <c>disable_sbpf_v0_execution</c> is active without <c>reenable_sbpf_v0_execution</c>
    /// (then V3); max is the highest <c>enable_sbpf_vN_deployment_and_execution</c> that is active;
    /// <c>optimize_rodata = false</c>; <c>reject_broken_elfs</c> only for deployment.
    /// </summary>
    /// <param name="isFeatureActive">Looks a feature up by its Agave name (e.g. "enable_sbpf_v2_deployment_and_execution").</param>
    /// <param name="deployment">True for the deployment-time environment (<c>morph_into_deployment_environment_v1</c>).</param>
    /// <param name="debuggingFeatures">Agave's <c>debugging_features</c> (labels); false on validators.</param>
    public static ElfLoaderConfig ForAgave(Func<string, bool> isFeatureActive, bool deployment, bool debuggingFeatures = false)
    {
        var min = !isFeatureActive("disable_sbpf_v0_execution") || isFeatureActive("reenable_sbpf_v0_execution")
            ? SbpfVersion.V0
            : SbpfVersion.V3;
        var max = isFeatureActive("enable_sbpf_v3_deployment_and_execution") ? SbpfVersion.V3
            : isFeatureActive("enable_sbpf_v2_deployment_and_execution") ? SbpfVersion.V2
            : isFeatureActive("enable_sbpf_v1_deployment_and_execution") ? SbpfVersion.V1
            : SbpfVersion.V0;
        return new ElfLoaderConfig
        {
            MinVersion = min,
            MaxVersion = max,
            RejectBrokenElfs = deployment,
            EnableSymbolAndSectionLabels = debuggingFeatures,
            OptimizeRodata = false,
        };
    }

    /// <summary>An Agave-style environment with an explicit version range.</summary>
    public static ElfLoaderConfig Agave(SbpfVersion min, SbpfVersion max, bool deployment) => new()
    {
        MinVersion = min,
        MaxVersion = max,
        RejectBrokenElfs = deployment,
        OptimizeRodata = false,
    };
}
