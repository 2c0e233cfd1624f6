using Stratus.Sbpf;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>The alt_bn128, Poseidon and big_mod_exp syscalls by the names programs link against.</summary>
public static class Bn254Syscalls
{
    public const string AltBn128GroupOp = "sol_alt_bn128_group_op";
    public const string AltBn128Compression = "sol_alt_bn128_compression";
    public const string Poseidon = "sol_poseidon";
    public const string BigModExp = "sol_big_mod_exp";

    /// <summary>
    /// Implementations for the four names (the registry decides, by feature, which are registered).
    /// </summary>
    public static IReadOnlyDictionary<string, ISyscall> Create(Bn254SyscallFeatures features) => new Dictionary<string, ISyscall>
    {
        [AltBn128GroupOp] = new SolAltBn128GroupOp(features),
        [AltBn128Compression] = new SolAltBn128Compression(features),
        [Poseidon] = new SolPoseidon(features),
        [BigModExp] = SolBigModExp.Instance,
    };

    public static IReadOnlyDictionary<string, ISyscall> Create(Func<string, bool> isFeatureActive) =>
        Create(Bn254SyscallFeatures.From(isFeatureActive));
}
