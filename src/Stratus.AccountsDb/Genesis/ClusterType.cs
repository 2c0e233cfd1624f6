namespace Stratus.AccountsDb.Genesis;

/// <summary>The network a genesis config belongs to; the value is the bincode variant index.</summary>
public enum ClusterType : uint
{
    Testnet = 0,
    MainnetBeta = 1,
    Devnet = 2,
    Development = 3,
}
