namespace Stratus.Runtime.Programs.Vote;

/// <summary>
/// The 32-entry circular buffer of replaced voters. <see cref="Index"/> is kept as read (bincode usize), so
/// an out-of-range value from an account survives a round trip; <see cref="Last"/> is then empty, as in Rust.
/// </summary>
public sealed class PriorVoters
{
    public PriorVoter[] Buffer { get; } = new PriorVoter[VoteLimits.MaxPriorVoters];

    public ulong Index { get; set; } = VoteLimits.MaxPriorVoters - 1;

    public bool IsEmpty { get; set; } = true;

    public void Append(PriorVoter item)
    {
        // Rust's checked_add would panic only at usize::MAX, which an account cannot reach through appends.
        Index = unchecked(Index + 1) % VoteLimits.MaxPriorVoters;
        Buffer[Index] = item;
        IsEmpty = false;
    }

    public PriorVoter? Last => !IsEmpty && Index < VoteLimits.MaxPriorVoters ? Buffer[Index] : null;

    public PriorVoters Clone()
    {
        var copy = new PriorVoters { Index = Index, IsEmpty = IsEmpty };
        Buffer.CopyTo(copy.Buffer, 0);
        return copy;
    }
}
