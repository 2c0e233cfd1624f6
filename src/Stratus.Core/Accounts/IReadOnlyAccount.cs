namespace Stratus.Core.Accounts;

/// <summary>Read access to an account's fields (Agave's <c>ReadableAccount</c>).</summary>
public interface IReadOnlyAccount
{
    ulong Lamports { get; }
    ReadOnlySpan<byte> Data { get; }
    Pubkey Owner { get; }
    bool Executable { get; }
    ulong RentEpoch { get; }
}
