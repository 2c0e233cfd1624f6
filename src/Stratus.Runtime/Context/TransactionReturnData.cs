using Stratus.Core;

namespace Stratus.Runtime.Context;

/// <summary>The return data a transaction ended with: the program that set it last and the bytes (at most 1,024).</summary>
public sealed record TransactionReturnData(Pubkey ProgramId, byte[] Data)
{
    public const int MaxLength = 1024;

    public static TransactionReturnData Empty { get; } = new(default, []);
}
