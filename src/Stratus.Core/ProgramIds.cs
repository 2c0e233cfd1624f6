namespace Stratus.Core;

/// <summary>Addresses of the builtin, loader, precompile and core programs (solana-sdk-ids 2.2).</summary>
public static class ProgramIds
{
    public static readonly Pubkey System = Pubkey.Parse("11111111111111111111111111111111");
    public static readonly Pubkey Vote = Pubkey.Parse("Vote111111111111111111111111111111111111111");
    public static readonly Pubkey Stake = Pubkey.Parse("Stake11111111111111111111111111111111111111");
    /// <summary>The deprecated stake config account (not a program, but reserved like one).</summary>
    public static readonly Pubkey StakeConfig = Pubkey.Parse("StakeConfig11111111111111111111111111111111");
    public static readonly Pubkey Config = Pubkey.Parse("Config1111111111111111111111111111111111111");

    /// <summary>Loader v1 ("BPFLoader1111…"), deprecated; programs get the unaligned input layout.</summary>
    public static readonly Pubkey BpfLoaderDeprecated = Pubkey.Parse("BPFLoader1111111111111111111111111111111111");
    /// <summary>Loader v2 ("BPFLoader2111…").</summary>
    public static readonly Pubkey BpfLoader = Pubkey.Parse("BPFLoader2111111111111111111111111111111111");
    /// <summary>Loader v3, the upgradeable loader.</summary>
    public static readonly Pubkey BpfLoaderUpgradeable = Pubkey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");
    public static readonly Pubkey LoaderV4 = Pubkey.Parse("LoaderV411111111111111111111111111111111111");
    public static readonly Pubkey NativeLoader = Pubkey.Parse("NativeLoader1111111111111111111111111111111");

    public static readonly Pubkey ComputeBudget = Pubkey.Parse("ComputeBudget111111111111111111111111111111");
    public static readonly Pubkey AddressLookupTable = Pubkey.Parse("AddressLookupTab1e1111111111111111111111111");
    public static readonly Pubkey Feature = Pubkey.Parse("Feature111111111111111111111111111111111111");
    public static readonly Pubkey Incinerator = Pubkey.Parse("1nc1nerator11111111111111111111111111111111");

    public static readonly Pubkey Ed25519Precompile = Pubkey.Parse("Ed25519SigVerify111111111111111111111111111");
    public static readonly Pubkey Secp256k1Precompile = Pubkey.Parse("KeccakSecp256k11111111111111111111111111111");
    public static readonly Pubkey Secp256r1Precompile = Pubkey.Parse("Secp256r1SigVerify1111111111111111111111111");

    public static readonly Pubkey ZkElGamalProof = Pubkey.Parse("ZkE1Gama1Proof11111111111111111111111111111");
    public static readonly Pubkey ZkTokenProof = Pubkey.Parse("ZkTokenProof1111111111111111111111111111111");
}
