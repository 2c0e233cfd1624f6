namespace Stratus.Runtime.Precompiles;

/// <summary>The feature gates the precompiles read, resolved once by the caller.</summary>
/// <param name="Ed25519VerifyStrict"><c>ed25519_precompile_verify_strict</c>: dalek <c>verify_strict</c> instead of <c>verify</c>.</param>
/// <param name="Secp256r1Enabled"><c>enable_secp256r1_precompile</c>: the secp256r1 program id is a precompile at all.</param>
public readonly record struct PrecompileFeatures(bool Ed25519VerifyStrict, bool Secp256r1Enabled)
{
    public const string Ed25519VerifyStrictFeature = "ed25519_precompile_verify_strict";
    public const string EnableSecp256r1Feature = "enable_secp256r1_precompile";

    /// <summary>Every gate on (Agave's <c>FeatureSet::all_enabled()</c> as far as precompiles see it).</summary>
    public static PrecompileFeatures AllEnabled => new(true, true);

    /// <summary>Reads both gates through a predicate over Agave feature names.</summary>
    public static PrecompileFeatures From(Func<string, bool> isActive)
    {
        ArgumentNullException.ThrowIfNull(isActive);
        return new PrecompileFeatures(isActive(Ed25519VerifyStrictFeature), isActive(EnableSecp256r1Feature));
    }
}
