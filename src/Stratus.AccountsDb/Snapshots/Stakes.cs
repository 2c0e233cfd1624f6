using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>A stake delegation (<c>solana_stake_interface::state::Delegation</c>, 64 bytes).</summary>
/// <param name="WarmupCooldownRate">Deprecated; still serialized.</param>
public readonly record struct Delegation(Pubkey VoterPubkey, ulong Stake, ulong ActivationEpoch, ulong DeactivationEpoch, double WarmupCooldownRate)
{
    public const int SerializedSize = 64;
}

/// <summary>A stake account's delegation. <see cref="CreditsObserved"/> is only serialized in the <see cref="StakesFormat.Stake"/> format (0 otherwise).</summary>
public readonly record struct StakeDelegation(Pubkey StakePubkey, Delegation Delegation, ulong CreditsObserved);

/// <summary>A vote account with the stake delegated to it and its full account (data is the serialized vote state).</summary>
public sealed record VoteAccountEntry(Pubkey VotePubkey, ulong Stake, Account Account)
{
    /// <summary>
    /// The validator identity, read from the vote state: every VoteStateVersions variant (0..3) starts with a
    /// u32 tag followed by node_pubkey. Null when the data is too short or the tag is unknown.
    /// </summary>
    public Pubkey? NodePubkey
    {
        get
        {
            var data = Account.Data;
            if (data.Length < 4 + Pubkey.Length) return null;
            var tag = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data);
            return tag <= 3 ? Pubkey.Read(data[4..]) : null;
        }
    }
}

/// <summary>Stake totals of one epoch (<c>StakeHistoryEntry</c>).</summary>
public readonly record struct StakeHistoryEntry(ulong Epoch, ulong Effective, ulong Activating, ulong Deactivating);

/// <summary>How a <see cref="Stakes"/> stores delegations: bank fields and legacy epoch stakes use
/// <c>Stakes&lt;Delegation&gt;</c>; versioned epoch stakes use <c>Stakes&lt;Stake&gt;</c> (adds credits_observed).</summary>
public enum StakesFormat
{
    Delegation,
    Stake,
}

/// <summary>The bank's stake cache (<c>Stakes&lt;T&gt;</c>). Lists keep file (hash-map) order.</summary>
public sealed record Stakes(
    StakesFormat Format,
    IReadOnlyList<VoteAccountEntry> VoteAccounts,
    IReadOnlyList<StakeDelegation> StakeDelegations,
    ulong Unused,
    ulong Epoch,
    IReadOnlyList<StakeHistoryEntry> StakeHistory)
{
    /// <summary>Serialized size of an empty Stakes: three u64 lengths and two u64.</summary>
    internal const int MinSerializedSize = 40;

    internal static Stakes Read(ref FieldReader r, string ctx, StakesFormat format)
    {
        var voteCount = r.Length(Pubkey.Length + 8 + SharedTypeCodec.MinAccountSize, ctx, "vote_accounts");
        var votes = new VoteAccountEntry[r.Ok ? voteCount : 0];
        for (var i = 0; i < votes.Length && r.Ok; i++)
        {
            var key = r.Pubkey(ctx, "vote_accounts.pubkey");
            var stake = r.U64(ctx, "vote_accounts.stake");
            var account = SharedTypeCodec.ReadAccount(ref r, ctx);
            votes[i] = new VoteAccountEntry(key, stake, account);
        }

        var entrySize = Pubkey.Length + Delegation.SerializedSize + (format == StakesFormat.Stake ? 8 : 0);
        var delegationCount = r.Length(entrySize, ctx, "stake_delegations");
        var delegations = new StakeDelegation[r.Ok ? delegationCount : 0];
        for (var i = 0; i < delegations.Length && r.Ok; i++)
        {
            var key = r.Pubkey(ctx, "stake_delegations.pubkey");
            var delegation = new Delegation(
                r.Pubkey(ctx, "stake_delegations.voter_pubkey"),
                r.U64(ctx, "stake_delegations.stake"),
                r.U64(ctx, "stake_delegations.activation_epoch"),
                r.U64(ctx, "stake_delegations.deactivation_epoch"),
                r.F64(ctx, "stake_delegations.warmup_cooldown_rate"));
            var credits = format == StakesFormat.Stake ? r.U64(ctx, "stake_delegations.credits_observed") : 0;
            delegations[i] = new StakeDelegation(key, delegation, credits);
        }

        var unused = r.U64(ctx, "unused");
        var epoch = r.U64(ctx, "epoch");
        var historyCount = r.Length(32, ctx, "stake_history");
        var history = new StakeHistoryEntry[r.Ok ? historyCount : 0];
        for (var i = 0; i < history.Length && r.Ok; i++)
        {
            history[i] = new StakeHistoryEntry(
                r.U64(ctx, "stake_history.epoch"),
                r.U64(ctx, "stake_history.effective"),
                r.U64(ctx, "stake_history.activating"),
                r.U64(ctx, "stake_history.deactivating"));
        }
        return new Stakes(format, votes, delegations, unused, epoch, history);
    }
}

/// <summary>A validator identity with its staked vote accounts in an epoch.</summary>
public sealed record NodeVoteAccounts(Pubkey NodeId, IReadOnlyList<Pubkey> VoteAccounts, ulong TotalStake);

/// <summary>A vote account and the voter authorized for the epoch.</summary>
public readonly record struct EpochAuthorizedVoter(Pubkey VoteAccount, Pubkey AuthorizedVoter);

/// <summary>Stakes frozen for leader schedules and vote weights of one epoch (<c>EpochStakes</c>).</summary>
public sealed record EpochStakes(
    ulong Epoch,
    Stakes Stakes,
    ulong TotalStake,
    IReadOnlyList<NodeVoteAccounts> NodeIdToVoteAccounts,
    IReadOnlyList<EpochAuthorizedVoter> EpochAuthorizedVoters)
{
    internal const int MinSerializedSize = Stakes.MinSerializedSize + 24;

    internal static EpochStakes Read(ref FieldReader r, ulong epoch, string ctx, StakesFormat format)
    {
        var stakes = Stakes.Read(ref r, ctx, format);
        var total = r.U64(ctx, "total_stake");
        var nodeCount = r.Length(Pubkey.Length + 16, ctx, "node_id_to_vote_accounts");
        var nodes = new NodeVoteAccounts[r.Ok ? nodeCount : 0];
        for (var i = 0; i < nodes.Length && r.Ok; i++)
        {
            var node = r.Pubkey(ctx, "node_id_to_vote_accounts.node_id");
            var voteCount = r.Length(Pubkey.Length, ctx, "node_id_to_vote_accounts.vote_accounts");
            var votes = new Pubkey[r.Ok ? voteCount : 0];
            for (var j = 0; j < votes.Length && r.Ok; j++) votes[j] = r.Pubkey(ctx, "node_id_to_vote_accounts.vote_accounts");
            var nodeStake = r.U64(ctx, "node_id_to_vote_accounts.total_stake");
            nodes[i] = new NodeVoteAccounts(node, votes, nodeStake);
        }
        var voterCount = r.Length(2 * Pubkey.Length, ctx, "epoch_authorized_voters");
        var voters = new EpochAuthorizedVoter[r.Ok ? voterCount : 0];
        for (var i = 0; i < voters.Length && r.Ok; i++)
            voters[i] = new EpochAuthorizedVoter(r.Pubkey(ctx, "epoch_authorized_voters.vote_account"), r.Pubkey(ctx, "epoch_authorized_voters.authorized_voter"));
        return new EpochStakes(epoch, stakes, total, nodes, voters);
    }
}
