namespace Stratus.Core;

/// <summary>Sysvar account addresses (solana-sdk-ids 2.2 <c>sysvar</c> module).</summary>
public static class SysvarIds
{
    /// <summary>Owner of every sysvar account.</summary>
    public static readonly Pubkey Owner = Pubkey.Parse("Sysvar1111111111111111111111111111111111111");

    public static readonly Pubkey Clock = Pubkey.Parse("SysvarC1ock11111111111111111111111111111111");
    public static readonly Pubkey EpochRewards = Pubkey.Parse("SysvarEpochRewards1111111111111111111111111");
    public static readonly Pubkey EpochSchedule = Pubkey.Parse("SysvarEpochSchedu1e111111111111111111111111");
    /// <summary>Deprecated.</summary>
    public static readonly Pubkey Fees = Pubkey.Parse("SysvarFees111111111111111111111111111111111");
    public static readonly Pubkey Instructions = Pubkey.Parse("Sysvar1nstructions1111111111111111111111111");
    public static readonly Pubkey LastRestartSlot = Pubkey.Parse("SysvarLastRestartS1ot1111111111111111111111");
    /// <summary>Deprecated.</summary>
    public static readonly Pubkey RecentBlockhashes = Pubkey.Parse("SysvarRecentB1ockHashes11111111111111111111");
    public static readonly Pubkey Rent = Pubkey.Parse("SysvarRent111111111111111111111111111111111");
    /// <summary>Deprecated.</summary>
    public static readonly Pubkey Rewards = Pubkey.Parse("SysvarRewards111111111111111111111111111111");
    public static readonly Pubkey SlotHashes = Pubkey.Parse("SysvarS1otHashes111111111111111111111111111");
    public static readonly Pubkey SlotHistory = Pubkey.Parse("SysvarS1otHistory11111111111111111111111111");
    public static readonly Pubkey StakeHistory = Pubkey.Parse("SysvarStakeHistory1111111111111111111111111");

    /// <summary>Every sysvar address above except the owner.</summary>
    public static readonly Pubkey[] All =
    [
        Clock, EpochRewards, EpochSchedule, Fees, Instructions, LastRestartSlot, RecentBlockhashes,
        Rent, Rewards, SlotHashes, SlotHistory, StakeHistory,
    ];
}
