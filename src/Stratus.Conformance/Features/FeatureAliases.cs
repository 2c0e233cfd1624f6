using Stratus.Core;
using Stratus.Core.Features;

namespace Stratus.Conformance.Features;

/// <summary>
/// Ids under which fixture generators (Firedancer's feature map) know a gate that Tachyon knows under another id:
/// later Solana re-keys, and Firedancer's own re-key of <c>disable_sbpf_v0_execution</c> (its Agave id shares its
/// first 8 bytes with <c>reenable_sbpf_v0_execution</c>, so the u64 form cannot tell them apart).
/// </summary>
internal static class FeatureAliases
{
    public static readonly (FeatureId Id, Pubkey Key)[] Aliases =
    [
        (FeatureId.StakeMinimumDelegationForRewards, Pubkey.Parse("MinimumDe1egat1onForRewardsWi11BeDe1eted111")),
        (FeatureId.EnableBigModExpSyscall, Pubkey.Parse("expH2ppKPW2ANEdEmAjfhSEcnBQJfmoX4FjuNpe9ttg")),
        (FeatureId.BpfAccountDataDirectMapping, Pubkey.Parse("AjX3A4Nv2rzUuATEUWLP4rrBaBropyUnHxEvFDj1dKbx")),
        (FeatureId.BpfAccountDataDirectMapping, Pubkey.Parse("GJVDwRkUPNdk9QaK4VsU4g1N41QNxhy1hevjf8kz45Mq")),
        (FeatureId.TimelyVoteCredits, Pubkey.Parse("2oXpeh141pPZCTCFHBsvCwG2BtaHZZAtrVhwaxSy6brS")),
        (FeatureId.EnableLoaderV4, Pubkey.Parse("LoaderV4WasAbandoned11111111111111111111111")),
        (FeatureId.EnableSecp256r1Precompile, Pubkey.Parse("sryYyFwxzJop1Bh9XpyiVWjZP4nfHExiqNp3Dh71W9i")),
        (FeatureId.DisableSbpfV0Execution, Pubkey.Parse("XTestFeature1111111111111111111111111111111")),
        (FeatureId.EnableSbpfV3DeploymentAndExecution, Pubkey.Parse("5cC3foj77CWun58pC51ebHFUWavHWKarWyR5UUik7dnC")),
        (FeatureId.RemoveAccountsExecutableFlagChecks, Pubkey.Parse("FfgtauHUWKeXTzjXkua9Px4tNGBFHKZ9WaigM5VbbzFx")),
        (FeatureId.AccountsLtHash, Pubkey.Parse("LtHaSHHsUge7EWTPVrmpuexKz6uVHZXZL6cgJa7W7Zn")),
        (FeatureId.DropUnchainedMerkleShreds, Pubkey.Parse("3A9WtMU4aHuryD3VN7SFKdfXto8HStLb1Jj6HjkgfnGL")),
        (FeatureId.EnableTurbineExtendedFanoutExperiments, Pubkey.Parse("BZn14Liea52wtBwrXUxTv6vojuTTmfc7XGEDTXrvMD7b")),
        (FeatureId.ReenableZkElgamalProofProgram, Pubkey.Parse("zkexuyPRdyTVbZqEAREueqL2xvvoBhRgth9xGSc1tMN")),
        (FeatureId.EnableExtendProgramChecked, Pubkey.Parse("ExtendProgCheckedWi11BeDe1eted11111111111111")),
    ];
}
