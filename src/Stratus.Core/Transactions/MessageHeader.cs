namespace Stratus.Core.Transactions;

/// <summary>
/// The three header counts. Static keys are ordered: writable signers, readonly signers, writable
/// non-signers, readonly non-signers.
/// </summary>
public readonly record struct MessageHeader(byte NumRequiredSignatures, byte NumReadonlySignedAccounts, byte NumReadonlyUnsignedAccounts)
{
    public const int Length = 3;
}

/// <summary>Message encoding: legacy, or versioned with version number 0.</summary>
public enum MessageVersion
{
    Legacy = -1,
    V0 = 0,
}
