namespace Stratus.Core.Accounts;

/// <summary>An account loaded for a transaction together with its address (Agave's <c>TransactionAccount</c>).</summary>
public readonly record struct TransactionAccount(Pubkey Key, Account Account);
