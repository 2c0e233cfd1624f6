using Stratus.Core.Transactions;

namespace Stratus.Runtime.Programs.System;

/// <summary>The System program's custom errors (solana-system-interface <c>SystemError</c>), reported as Custom(n).</summary>
public enum SystemError : uint
{
    AccountAlreadyInUse = 0,
    ResultWithNegativeLamports = 1,
    InvalidProgramId = 2,
    InvalidAccountDataLength = 3,
    MaxSeedLengthExceeded = 4,
    AddressWithSeedMismatch = 5,
    NonceNoRecentBlockhashes = 6,
    NonceBlockhashNotExpired = 7,
    NonceUnexpectedBlockhashValue = 8,
}

public static class SystemErrors
{
    public static InstructionError ToInstructionError(this SystemError error) => InstructionError.FromCustom((uint)error);
}
