namespace Stratus.Conformance.Features;

/// <summary>
/// Ids under which fixture generators (Firedancer's feature map) know a gate that Tachyon knows under another id:
/// later Solana re-keys, and Firedancer's own re-key of <c>disable_sbpf_v0_execution</c> (its Agave id shares its
/// first 8 bytes with <c>reenable_sbpf_v0_execution</c>, so the u64 form cannot tell them apart).
/// </summary>
internal static class FeatureAliases
{
    public static readonly (string Name, string Id)[] Aliases =
    [
        ("stake_minimum_delegation_for_rewards", "MinimumDe1egat1onForRewardsWi11BeDe1eted111"),
        ("enable_big_mod_exp_syscall", "expH2ppKPW2ANEdEmAjfhSEcnBQJfmoX4FjuNpe9ttg"),
        ("bpf_account_data_direct_mapping", "AjX3A4Nv2rzUuATEUWLP4rrBaBropyUnHxEvFDj1dKbx"),
        ("bpf_account_data_direct_mapping", "GJVDwRkUPNdk9QaK4VsU4g1N41QNxhy1hevjf8kz45Mq"),
        ("timely_vote_credits", "2oXpeh141pPZCTCFHBsvCwG2BtaHZZAtrVhwaxSy6brS"),
        ("enable_loader_v4", "LoaderV4WasAbandoned11111111111111111111111"),
        ("enable_secp256r1_precompile", "sryYyFwxzJop1Bh9XpyiVWjZP4nfHExiqNp3Dh71W9i"),
        ("disable_sbpf_v0_execution", "XTestFeature1111111111111111111111111111111"),
        ("enable_sbpf_v3_deployment_and_execution", "5cC3foj77CWun58pC51ebHFUWavHWKarWyR5UUik7dnC"),
        ("remove_accounts_executable_flag_checks", "FfgtauHUWKeXTzjXkua9Px4tNGBFHKZ9WaigM5VbbzFx"),
        ("accounts_lt_hash", "LtHaSHHsUge7EWTPVrmpuexKz6uVHZXZL6cgJa7W7Zn"),
        ("drop_unchained_merkle_shreds", "3A9WtMU4aHuryD3VN7SFKdfXto8HStLb1Jj6HjkgfnGL"),
        ("enable_turbine_extended_fanout_experiments", "BZn14Liea52wtBwrXUxTv6vojuTTmfc7XGEDTXrvMD7b"),
        ("reenable_zk_elgamal_proof_program", "zkexuyPRdyTVbZqEAREueqL2xvvoBhRgth9xGSc1tMN"),
        ("enable_extend_program_checked", "ExtendProgCheckedWi11BeDe1eted11111111111111"),
    ];
}
