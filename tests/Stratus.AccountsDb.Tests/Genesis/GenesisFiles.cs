namespace Stratus.AccountsDb.Tests.Genesis;

internal static class GenesisFiles
{
    public const string Mainnet = "genesis/mainnet_genesis.bin";
    public const string Devnet = "genesis/devnet_genesis.bin";
    public const string Testnet = "genesis/testnet_genesis.bin";
    public const string Sig2024 = "snapshots/sig-2024/genesis.bin";
    public const string Sig2025 = "snapshots/sig-2025/genesis.bin";
}
