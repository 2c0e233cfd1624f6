using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Programs.Vote;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests.Vote;

/// <summary>The vote program through the invoke context, following Agave's vote_processor tests.</summary>
public class VoteProgramTests
{
    private static readonly Pubkey VoteKey = Key(1);
    private static readonly Pubkey Node = Key(2);
    private static readonly Pubkey Voter = Key(3);
    private static readonly Pubkey Withdrawer = Key(4);
    private static readonly Pubkey Other = Key(5);

    private static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    private sealed record Meta(Pubkey Key, bool Signer, bool Writable = false);

    private sealed class Env
    {
        public FeatureSet Features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        public Clock Clock = Clock.Default;
        public Rent Rent = Rent.Free;
        public EpochSchedule Schedule = EpochSchedule.Custom(32, 32, false);
        public (ulong, Hash)[]? SlotHashes = [];
    }

    private static (InstructionError? Error, Dictionary<Pubkey, Account> Accounts, InvokeContext Ctx) Run(
        byte[] data, Dictionary<Pubkey, Account> accounts, Meta[] metas, Env? env = null)
    {
        env ??= new Env();
        var keys = accounts.Keys.ToList();
        foreach (var m in metas) if (!keys.Contains(m.Key)) keys.Add(m.Key);
        var list = keys.Select(k => new TransactionAccount(k, accounts.TryGetValue(k, out var a) ? a.Clone() : new Account(0, [], ProgramIds.System))).ToList();
        list.Add(new TransactionAccount(ProgramIds.Vote, new Account(1, "vote_program"u8, ProgramIds.NativeLoader, executable: true)));
        var tx = new TransactionContext(list.ToArray(), env.Rent);
        var sysvars = new SysvarCache();
        sysvars.Set(SysvarIds.Clock, env.Clock.Serialize());
        sysvars.Set(SysvarIds.Rent, env.Rent.Serialize());
        sysvars.Set(SysvarIds.EpochSchedule, env.Schedule.Serialize());
        if (env.SlotHashes != null) sysvars.Set(SysvarIds.SlotHashes, Programs.Vote.SlotHashes.Serialize(env.SlotHashes));
        var cache = new ProgramCacheForTxBatch(1, RuntimeEnvironment.Create(env.Features));
        Builtins.Register(cache, env.Features);
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, env.Features, sysvars), new LogCollector(), 200_000, 32 * 1024);
        var ixAccounts = metas.Select(m => new InstructionAccount((ushort)keys.IndexOf(m.Key), m.Signer, m.Writable)).ToArray();
        var error = ctx.ProcessInstruction(data, ixAccounts, [(ushort)keys.Count], out _);
        var result = new Dictionary<Pubkey, Account>();
        for (var i = 0; i < keys.Count; i++) result[keys[i]] = tx.AccountAt(i);
        return (error, result, ctx);
    }

    private static Account VoteAccount(ulong lamports, VoteState state, int size = VoteLimits.CurrentSize)
    {
        var data = new byte[size];
        VoteStateVersions.Current(state).Serialize().CopyTo(data, 0);
        return new Account(lamports, data, ProgramIds.Vote);
    }

    private static VoteState StateOf(Account account)
    {
        Assert.Null(VoteStateVersions.Deserialize(account.Data, out var v));
        return v.ConvertToCurrent();
    }

    private static byte[] Ix(uint tag, Action<BincodeWriter>? body = null)
    {
        var w = new BincodeWriter();
        w.WriteU32(tag);
        body?.Invoke(w);
        return w.ToArray();
    }

    private static byte[] Initialize(Pubkey node, Pubkey voter, Pubkey withdrawer, byte commission) =>
        Ix(0, w => { w.WritePubkey(node); w.WritePubkey(voter); w.WritePubkey(withdrawer); w.WriteU8(commission); });

    private static byte[] Authorize(Pubkey key, VoteAuthorize kind) => Ix(1, w => { w.WritePubkey(key); w.WriteU32((uint)kind); });

    private static byte[] Withdraw(ulong lamports) => Ix(3, w => w.WriteU64(lamports));

    private static Meta[] InitMetas(bool nodeSigns = true) =>
        [new(VoteKey, false, true), new(SysvarIds.Rent, false), new(SysvarIds.Clock, false), new(Node, nodeSigns)];

    [Fact]
    public void Initialize_account()
    {
        var fresh = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(100, new byte[VoteLimits.CurrentSize], ProgramIds.Vote) };
        var (error, accounts, ctx) = Run(Initialize(Node, VoteKey, VoteKey, 0), fresh, InitMetas());
        Assert.Null(error);
        Assert.Equal(200_000UL - VoteProgram.ComputeUnits, ctx.Remaining);
        var state = StateOf(accounts[VoteKey]);
        Assert.Equal(Node, state.NodePubkey);
        Assert.Equal(VoteKey, state.AuthorizedVoters.Get(0));

        Assert.Equal(InstructionErrorKind.AccountAlreadyInitialized,
            Run(Initialize(Node, VoteKey, VoteKey, 0), new() { [VoteKey] = accounts[VoteKey] }, InitMetas()).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidAccountData,
            Run(Initialize(Node, VoteKey, VoteKey, 0), new() { [VoteKey] = new Account(100, new byte[2 * VoteLimits.CurrentSize], ProgramIds.Vote) }, InitMetas()).Error!.Value.Kind);
        // A 1.14.11-sized account cannot be initialized in 2.2.
        Assert.Equal(InstructionErrorKind.InvalidAccountData,
            Run(Initialize(Node, VoteKey, VoteKey, 0), new() { [VoteKey] = new Account(100, new byte[VoteLimits.V1_14_11Size], ProgramIds.Vote) }, InitMetas()).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(Initialize(Node, VoteKey, VoteKey, 0), fresh, InitMetas(false)).Error!.Value.Kind);
        // Rent: the default rent needs far more than 100 lamports for 3,762 bytes.
        Assert.Equal(InstructionErrorKind.InsufficientFunds, Run(Initialize(Node, VoteKey, VoteKey, 0), fresh, InitMetas(), new Env { Rent = Rent.Default }).Error!.Value.Kind);
        // The sysvar accounts must be the sysvars.
        Assert.Equal(InstructionErrorKind.InvalidArgument,
            Run(Initialize(Node, VoteKey, VoteKey, 0), fresh, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(SysvarIds.Clock, false), new(Node, true)]).Error!.Value.Kind);
    }

    [Fact]
    public void Decode_and_owner_failures()
    {
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run([], accounts, [new(VoteKey, false, true)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(Ix(16), accounts, [new(VoteKey, false, true)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.NotEnoughAccountKeys, Run(Withdraw(1), accounts, []).Error!.Value.Kind);
        var foreign = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(100, new byte[VoteLimits.CurrentSize], ProgramIds.System) };
        Assert.Equal(InstructionErrorKind.InvalidAccountOwner, Run(Withdraw(1), foreign, [new(VoteKey, true, true)]).Error!.Value.Kind);
    }

    [Fact]
    public void Authorize_withdrawer_then_withdraw_everything()
    {
        const ulong lamports = 1_000_000;
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(lamports, VoteState.Create(Node, VoteKey, VoteKey, 0, 0)) };
        var (error, after, _) = Run(Authorize(Withdrawer, VoteAuthorize.Withdrawer), accounts, [new(VoteKey, true, true), new(SysvarIds.Clock, false)]);
        Assert.Null(error);
        Assert.Equal(Withdrawer, StateOf(after[VoteKey]).AuthorizedWithdrawer);

        var withdrawMetas = new Meta[] { new(VoteKey, false, true), new(Withdrawer, true, true) };
        (error, after, _) = Run(Withdraw(lamports), new() { [VoteKey] = after[VoteKey] }, withdrawMetas);
        Assert.Null(error);
        Assert.Equal(0UL, after[VoteKey].Lamports);
        Assert.Equal(lamports, after[Withdrawer].Lamports);
        Assert.Null(VoteStateVersions.Deserialize(after[VoteKey].Data, out var closed));
        Assert.True(closed.IsUninitialized);

        // The original account's withdrawer is the vote key itself.
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(Withdraw(lamports), accounts, withdrawMetas).Error!.Value.Kind);
        var signed = new Meta[] { new(VoteKey, true, true), new(Withdrawer, true, true) };
        Assert.Equal(InstructionErrorKind.InsufficientFunds, Run(Withdraw(lamports + 1), accounts, signed).Error!.Value.Kind);
        (error, after, _) = Run(Withdraw(42), accounts, signed);
        Assert.Null(error);
        Assert.Equal(lamports - 42, after[VoteKey].Lamports);
        Assert.Equal(42UL, after[Withdrawer].Lamports);
        // Partial withdrawals must leave the account rent exempt.
        Assert.Equal(InstructionErrorKind.InsufficientFunds, Run(Withdraw(42), accounts, signed, new Env { Rent = Rent.Default }).Error!.Value.Kind);
    }

    [Theory]
    [InlineData(new ulong[] { 2, 1 }, 1UL, true)]   // credits in the previous epoch: still active
    [InlineData(new ulong[] { 2, 1 }, 2UL, true)]
    [InlineData(new ulong[] { 2, 1 }, 3UL, false)]  // a full epoch without credits
    [InlineData(new ulong[] { 2, 1, 0 }, 2UL, true)] // the last entry is epoch 2, even with no new credits
    [InlineData(new ulong[0], 10UL, false)]
    public void Closing_an_active_vote_account(ulong[] credits, ulong epoch, bool rejected)
    {
        var state = VoteState.Create(Node, VoteKey, VoteKey, 0, 0);
        ulong total = 0;
        for (var e = 0; e < credits.Length; e++)
        {
            state.EpochCredits.Add(new EpochCredits((ulong)e, total + credits[e], total));
            total += credits[e];
        }
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(500, state) };
        var (error, _, _) = Run(Withdraw(500), accounts, [new(VoteKey, true, true), new(Other, false, true)], new Env { Clock = Clock.Default with { Epoch = epoch } });
        if (rejected) Assert.Equal(VoteError.ActiveVoteAccountClose.ToInstructionError(), error);
        else Assert.Null(error);
    }

    [Fact]
    public void Update_validator_identity()
    {
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        var data = Ix(4);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(data, accounts, [new(VoteKey, false, true), new(Other, true), new(Withdrawer, false)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(data, accounts, [new(VoteKey, false, true), new(Other, false), new(Withdrawer, true)]).Error!.Value.Kind);
        var (error, after, _) = Run(data, accounts, [new(VoteKey, false, true), new(Other, true), new(Withdrawer, true)]);
        Assert.Null(error);
        Assert.Equal(Other, StateOf(after[VoteKey]).NodePubkey);
    }

    [Fact]
    public void Update_commission_halves_rule()
    {
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 10, 0)) };
        var metas = new Meta[] { new(VoteKey, false, true), new(Withdrawer, true) };
        byte[] Commission(byte c) => Ix(5, w => w.WriteU8(c));
        var late = new Env { Clock = Clock.Default with { Slot = 20 } };
        // Increases are refused in the second half of an epoch, decreases are allowed any time.
        Assert.Equal(VoteError.CommissionUpdateTooLate.ToInstructionError(), Run(Commission(11), accounts, metas, late).Error);
        var (error, after, _) = Run(Commission(5), accounts, metas, late);
        Assert.Null(error);
        Assert.Equal(5, StateOf(after[VoteKey]).Commission);
        Assert.Null(Run(Commission(11), accounts, metas, new Env { Clock = Clock.Default with { Slot = 16 } }).Error);
        // Without allow_commission_decrease_at_any_time the rule holds for decreases too.
        var strict = new Env { Clock = late.Clock, Features = late.Features.Without(FeatureId.AllowCommissionDecreaseAtAnyTime) };
        Assert.Equal(VoteError.CommissionUpdateTooLate.ToInstructionError(), Run(Commission(5), accounts, metas, strict).Error);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(Commission(5), accounts, [new(VoteKey, true, true)]).Error!.Value.Kind);
    }

    [Fact]
    public void Authorize_voter_rules()
    {
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        var env = new Env { Clock = Clock.Default with { Epoch = 1, LeaderScheduleEpoch = 2 } };
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature,
            Run(Authorize(Other, VoteAuthorize.Voter), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false)], env).Error!.Value.Kind);
        var (error, after, _) = Run(Authorize(Other, VoteAuthorize.Voter), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Voter, true)], env);
        Assert.Null(error);
        var state = StateOf(after[VoteKey]);
        Assert.Equal(Voter, state.AuthorizedVoters.Get(1));
        Assert.Equal(Other, state.AuthorizedVoters.Get(3));
        Assert.Equal(new PriorVoter(Voter, 0, 3), state.PriorVoters.Last);
        // A second change targeting the same epoch is too soon; the withdrawer may also authorize.
        Assert.Equal(VoteError.TooSoonToReauthorize.ToInstructionError(),
            Run(Authorize(Node, VoteAuthorize.Voter), new() { [VoteKey] = after[VoteKey] }, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Withdrawer, true)], env).Error);
        Assert.Null(Run(Authorize(Other, VoteAuthorize.Voter), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Withdrawer, true)], env).Error);
    }

    [Fact]
    public void Authorize_checked_needs_new_authority_signature()
    {
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        var data = Ix(7, w => w.WriteU32(1));
        Assert.Equal(InstructionErrorKind.NotEnoughAccountKeys, Run(data, accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Withdrawer, true)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature,
            Run(data, accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Withdrawer, true), new(Other, false)]).Error!.Value.Kind);
        var (error, after, _) = Run(data, accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(Withdrawer, true), new(Other, true)]);
        Assert.Null(error);
        Assert.Equal(Other, StateOf(after[VoteKey]).AuthorizedWithdrawer);
    }

    [Fact]
    public void Authorize_with_seed()
    {
        var @base = Key(9);
        var owner = Key(10);
        Assert.Null(PubkeyDerivation.CreateWithSeed(@base, "WITHDRAWER_SEED", owner, out var derived));
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, derived, 0, 0)) };
        byte[] Data(string seed) => Ix(10, w =>
        {
            w.WriteU32(1);
            w.WritePubkey(owner);
            w.WriteU64((ulong)seed.Length);
            w.WriteBytes(global::System.Text.Encoding.UTF8.GetBytes(seed));
            w.WritePubkey(Other);
        });
        var (error, after, _) = Run(Data("WITHDRAWER_SEED"), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(@base, true)]);
        Assert.Null(error);
        Assert.Equal(Other, StateOf(after[VoteKey]).AuthorizedWithdrawer);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(Data("OTHER_SEED"), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(@base, true)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(Data("WITHDRAWER_SEED"), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(@base, false)]).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.NotEnoughAccountKeys, Run(Data("WITHDRAWER_SEED"), accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false)]).Error!.Value.Kind);
    }

    private static byte[] TowerSync(ulong? root, (ulong Offset, byte Conf)[] offsets, Hash hash, long? timestamp, uint tag = 14)
    {
        return Ix(tag, w =>
        {
            w.WriteU64(root ?? ulong.MaxValue);
            w.WriteU8((byte)offsets.Length);
            foreach (var (offset, conf) in offsets)
            {
                var v = offset;
                while (v >= 0x80) { w.WriteU8((byte)(v | 0x80)); v >>= 7; }
                w.WriteU8((byte)v);
                w.WriteU8(conf);
            }
            w.WriteHash(hash);
            w.WriteU8(timestamp.HasValue ? (byte)1 : (byte)0);
            if (timestamp is { } t) w.WriteU64((ulong)t);
            if (tag is 14 or 15) w.WriteHash(default);
        });
    }

    [Fact]
    public void Tower_sync_lands_votes()
    {
        var hash = new Hash(Enumerable.Repeat((byte)0x33, 32).ToArray());
        var env = new Env { SlotHashes = [(200, hash), (198, default), (100, default)], Clock = Clock.Default with { Slot = 203, Epoch = 0 } };
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        var data = TowerSync(100, [(98, 2), (2, 1)], hash, 1_700_000_000);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, Run(data, accounts, [new(VoteKey, false, true)], env).Error!.Value.Kind);
        var (error, after, _) = Run(data, accounts, [new(VoteKey, false, true), new(Voter, true)], env);
        Assert.Null(error);
        var state = StateOf(after[VoteKey]);
        Assert.Equal(100UL, state.RootSlot);
        Assert.Equal([new LandedVote(5, new Lockout(198, 2)), new LandedVote(3, new Lockout(200, 1))], state.Votes);
        Assert.Equal(new BlockTimestamp(200, 1_700_000_000), state.LastTimestamp);
        // A new root earns no credits for votes the tower never held, but starts the epoch's entry.
        Assert.Equal([new EpochCredits(0, 0, 0)], state.EpochCredits);

        // The compact update (tag 12) decodes the same lockouts without a block id.
        Assert.Null(Run(TowerSync(100, [(98, 2), (2, 1)], hash, null, 12), accounts, [new(VoteKey, false, true), new(Voter, true)],
            new Env { SlotHashes = env.SlotHashes, Clock = env.Clock, Features = env.Features.Without(FeatureId.DeprecateLegacyVoteIxs) }).Error);
        // With legacy votes deprecated the compact update is refused; without tower sync enabled, tower sync is.
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(TowerSync(100, [(98, 2), (2, 1)], hash, null, 12), accounts, [new(VoteKey, false, true), new(Voter, true)], env).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData,
            Run(data, accounts, [new(VoteKey, false, true), new(Voter, true)], new Env { SlotHashes = env.SlotHashes, Clock = env.Clock, Features = env.Features.Without(FeatureId.EnableTowerSyncIx) }).Error!.Value.Kind);
        Assert.Equal(VoteError.SlotHashMismatch.ToInstructionError(), Run(TowerSync(100, [(98, 2), (2, 1)], default, null), accounts, [new(VoteKey, false, true), new(Voter, true)], env).Error);
        Assert.Equal(InstructionErrorKind.UnsupportedSysvar,
            Run(data, accounts, [new(VoteKey, false, true), new(Voter, true)], new Env { SlotHashes = null, Clock = env.Clock }).Error!.Value.Kind);
        var uninitialized = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(100, new byte[VoteLimits.CurrentSize], ProgramIds.Vote) };
        Assert.Equal(InstructionErrorKind.UninitializedAccount, Run(data, uninitialized, [new(VoteKey, false, true), new(Voter, true)], env).Error!.Value.Kind);
    }

    [Fact]
    public void Legacy_vote_gated_and_processed()
    {
        var hash = new Hash(Enumerable.Repeat((byte)0x44, 32).ToArray());
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100, VoteState.Create(Node, Voter, Withdrawer, 0, 0)) };
        var data = Ix(2, w => { w.WriteU64(1); w.WriteU64(7); w.WriteHash(hash); w.WriteU8(1); w.WriteU64(55); });
        var metas = new Meta[] { new(VoteKey, false, true), new(SysvarIds.SlotHashes, false), new(SysvarIds.Clock, false), new(Voter, true) };
        var env = new Env { SlotHashes = [(7, hash)], Clock = Clock.Default with { Slot = 8 } };
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(data, accounts, metas, env).Error!.Value.Kind);
        env.Features = env.Features.Without(FeatureId.DeprecateLegacyVoteIxs);
        var (error, after, _) = Run(data, accounts, metas, env);
        Assert.Null(error);
        var state = StateOf(after[VoteKey]);
        Assert.Equal([new LandedVote(1, new Lockout(7, 1))], state.Votes);
        Assert.Equal(new BlockTimestamp(7, 55), state.LastTimestamp);
        Assert.Equal(InstructionErrorKind.InvalidArgument,
            Run(data, accounts, [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(SysvarIds.Clock, false), new(Voter, true)], env).Error!.Value.Kind);
    }

    [Fact]
    public void Small_account_keeps_1_14_11_layout_until_rent_allows_growth()
    {
        var state = VoteState.Create(Node, Voter, Withdrawer, 0, 0);
        var data = new byte[VoteLimits.V1_14_11Size];
        VoteStateVersions.V1_14_11(state).Serialize().CopyTo(data, 0);
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(Rent.Default.MinimumBalance(VoteLimits.V1_14_11Size), data, ProgramIds.Vote) };
        var metas = new Meta[] { new(VoteKey, false, true), new(Withdrawer, true) };
        var commission = Ix(5, w => w.WriteU8(1));
        var (error, after, _) = Run(commission, accounts, metas, new Env { Rent = Rent.Default });
        Assert.Null(error);
        Assert.Equal(VoteLimits.V1_14_11Size, after[VoteKey].DataLength);
        Assert.Equal(1u, BitConverter.ToUInt32(after[VoteKey].Data));

        accounts[VoteKey] = new Account(Rent.Default.MinimumBalance(VoteLimits.CurrentSize), data, ProgramIds.Vote);
        (error, after, _) = Run(commission, accounts, metas, new Env { Rent = Rent.Default });
        Assert.Null(error);
        Assert.Equal(VoteLimits.CurrentSize, after[VoteKey].DataLength);
        Assert.Equal(2u, BitConverter.ToUInt32(after[VoteKey].Data));
    }

    // Oracle: LiteSVM 0.2.0 (Agave 2.2.0 vote program) with web3.js VoteProgram.createAccount(commission 7)
    // then VoteProgram.authorize(voter → new voter) at its default clock (all zero); account bytes as it left them.
    private const string LiteSvmAfterInit =
        "02000000ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d16e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2e4fbfccd80505bf107"
        + "0000000000000000" + "00" + "0100000000000000" + "0000000000000000ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c";

    private const string LiteSvmAfterAuthorize =
        "02000000ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d16e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2e4fbfccd80505bf107"
        + "0000000000000000" + "00" + "0200000000000000" + "0000000000000000ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c"
        + "01000000000000008a875fff1eb38451577acd5afee405456568dd7c89e090863a0557bc7af49f17"
        + "ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c" + "0000000000000000" + "0100000000000000";

    [Fact]
    public void Matches_litesvm_initialize_and_authorize()
    {
        var init = Convert.FromHexString(LiteSvmAfterInit);
        var node = new Pubkey(init.AsSpan(4, 32));
        var withdrawer = new Pubkey(init.AsSpan(36, 32));
        var voter = new Pubkey(init.AsSpan(init.Length - 32, 32));
        var newVoter = new Pubkey(Convert.FromHexString(LiteSvmAfterAuthorize).AsSpan(134, 32));

        var fresh = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(100_000_000, new byte[VoteLimits.CurrentSize], ProgramIds.Vote) };
        var (error, after, _) = Run(Initialize(node, voter, withdrawer, 7), fresh,
            [new(VoteKey, false, true), new(SysvarIds.Rent, false), new(SysvarIds.Clock, false), new(node, true)], new Env { Rent = Rent.Default });
        Assert.Null(error);
        var expected = new byte[VoteLimits.CurrentSize];
        init.CopyTo(expected, 0);
        // Prior voters: 32 empty entries, then index 31 and is_empty; epoch credits and timestamp stay zero.
        var priorEnd = init.Length + 32 * 48;
        expected[priorEnd] = 31;
        expected[priorEnd + 8] = 1;
        Assert.Equal(expected, after[VoteKey].Data.ToArray());

        (error, after, _) = Run(Authorize(newVoter, VoteAuthorize.Voter), new() { [VoteKey] = after[VoteKey] },
            [new(VoteKey, false, true), new(SysvarIds.Clock, false), new(voter, true)]);
        Assert.Null(error);
        var authorized = new byte[VoteLimits.CurrentSize];
        Convert.FromHexString(LiteSvmAfterAuthorize).CopyTo(authorized, 0);
        Assert.Equal(authorized, after[VoteKey].Data.ToArray());
    }

    // Oracle: LiteSVM 0.2.0 (Agave 2.2.0). After the initialize above: SlotHashes [(200,0x33..),(198,0x22..),(100,0x11..)],
    // clock slot 203 epoch 0, TowerSync root 100 [(198,2),(200,1)] ts 1,700,000,000; then SlotHashes
    // [(210,0x44..),(208,0x55..),(200,0x33..),(198,0x22..)], clock slot 212 epoch 1, TowerSync root 198
    // [(200,3),(208,2),(210,1)] ts 1,700,000,010; replaying it fails with VoteTooOld. Account bytes: head (0..220),
    // zeros, tail (1600..end).
    private const string LiteSvmTower1Head =
            "02000000ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d16e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2" +
            "e4fbfccd80505bf107020000000000000005c6000000000000000200000003c800000000000000010000000164000000000000000100000000000000" +
            "0000000000000000ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c0000000000000000000000000000000000000000" +
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000";

    private const string LiteSvmTower1Tail =
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
            "0000000000000000000000000000000000000000000000000000000000000000000000001f0000000000000001010000000000000000000000000000" +
            "0000000000000000000000000000000000c80000000000000000f15365";

    private const int LiteSvmTower1End = 1749;

    private const string LiteSvmTower2Head =
            "02000000ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d16e7a1cdd29b0b78fd13af4c5598feff4ef2a97166e3ca6f2" +
            "e4fbfccd80505bf107030000000000000003c8000000000000000300000004d0000000000000000200000002d2000000000000000100000001c60000" +
            "000000000001000000000000000100000000000000ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c00000000000000" +
            "00000000000000000000000000000000000000000000000000000000000000000000000000000000";

    private const string LiteSvmTower2Tail =
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
            "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001f00000000000000010100" +
            "00000000000001000000000000000d000000000000000000000000000000d2000000000000000af15365";

    private const int LiteSvmTower2End = 1762;

    private static byte[] OracleBytes(string head, string tail, int end)
    {
        var data = new byte[VoteLimits.CurrentSize];
        Convert.FromHexString(head).CopyTo(data, 0);
        var t = Convert.FromHexString(tail);
        Assert.Equal(end, 1600 + t.Length);
        t.CopyTo(data, 1600);
        return data;
    }

    private static byte[] TowerSyncIx(ulong root, (byte Offset, byte Conf)[] lockouts, byte hashByte, long timestamp) =>
        TowerSync(root, lockouts.Select(l => ((ulong)l.Offset, l.Conf)).ToArray(), new Hash(Enumerable.Repeat(hashByte, 32).ToArray()), timestamp);

    private static (ulong, Hash) SlotHash(ulong slot, byte b) => (slot, new Hash(Enumerable.Repeat(b, 32).ToArray()));

    [Fact]
    public void Matches_litesvm_tower_syncs()
    {
        var init = Convert.FromHexString(LiteSvmAfterInit);
        var node = new Pubkey(init.AsSpan(4, 32));
        var withdrawer = new Pubkey(init.AsSpan(36, 32));
        var voter = new Pubkey(init.AsSpan(init.Length - 32, 32));
        var state = VoteState.Create(node, voter, withdrawer, 7, 0);
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100_000_000, state) };
        var metas = new Meta[] { new(VoteKey, false, true), new(voter, true) };

        var env1 = new Env { SlotHashes = [SlotHash(200, 0x33), SlotHash(198, 0x22), SlotHash(100, 0x11)], Clock = new Clock(203, 0, 0, 0, 1_700_000_000) };
        var (error, after, _) = Run(TowerSyncIx(100, [(98, 2), (2, 1)], 0x33, 1_700_000_000), accounts, metas, env1);
        Assert.Null(error);
        Assert.Equal(OracleBytes(LiteSvmTower1Head, LiteSvmTower1Tail, LiteSvmTower1End), after[VoteKey].Data.ToArray());

        var env2 = new Env { SlotHashes = [SlotHash(210, 0x44), SlotHash(208, 0x55), SlotHash(200, 0x33), SlotHash(198, 0x22)], Clock = new Clock(212, 0, 1, 1, 1_700_000_010) };
        var second = TowerSyncIx(198, [(2, 3), (8, 2), (2, 1)], 0x44, 1_700_000_010);
        (error, after, _) = Run(second, new() { [VoteKey] = after[VoteKey] }, metas, env2);
        Assert.Null(error);
        Assert.Equal(OracleBytes(LiteSvmTower2Head, LiteSvmTower2Tail, LiteSvmTower2End), after[VoteKey].Data.ToArray());
        Assert.Equal(VoteError.VoteTooOld.ToInstructionError(), Run(second, new() { [VoteKey] = after[VoteKey] }, metas, env2).Error);
    }

    // Oracle: LiteSVM 0.2.0 (Agave 2.2.0, all features on, default epoch schedule) on the initialized account
    // above: legacy Vote, UpdateVoteState and CompactUpdateVoteState are InvalidInstructionData; a commission
    // increase one slot past mid-epoch is CommissionUpdateTooLate, a decrease there and an increase at mid-epoch
    // succeed (commission 7 → 3 → 9); tag 16 is InvalidInstructionData.
    [Fact]
    public void Matches_litesvm_gates_and_commission_rule()
    {
        var init = Convert.FromHexString(LiteSvmAfterInit);
        var withdrawer = new Pubkey(init.AsSpan(36, 32));
        var voter = new Pubkey(init.AsSpan(init.Length - 32, 32));
        var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = VoteAccount(100_000_000, VoteState.Create(new Pubkey(init.AsSpan(4, 32)), voter, withdrawer, 7, 0)) };
        var schedule = EpochSchedule.Default;
        Assert.Equal(524_256UL, schedule.FirstNormalSlot);
        var h = new byte[32];
        byte[] legacy = [2, 0, 0, 0, .. BitConverter.GetBytes(1UL), .. BitConverter.GetBytes(0UL), .. h, 0];
        byte[] compact = [12, 0, 0, 0, .. BitConverter.GetBytes(0UL), 1, 1, 1, .. h, 0];
        byte[] update = [8, 0, 0, 0, .. BitConverter.GetBytes(1UL), .. BitConverter.GetBytes(1UL), 1, 0, 0, 0, 0, .. h, 0];
        Assert.Equal(InstructionErrorKind.InvalidInstructionData,
            Run(legacy, accounts, [new(VoteKey, false, true), new(SysvarIds.SlotHashes, false), new(SysvarIds.Clock, false), new(voter, true)], new Env { Schedule = schedule }).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(compact, accounts, [new(VoteKey, false, true), new(voter, true)], new Env { Schedule = schedule }).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(update, accounts, [new(VoteKey, false, true), new(voter, true)], new Env { Schedule = schedule }).Error!.Value.Kind);
        Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run(Ix(16), accounts, [new(VoteKey, false, true)], new Env { Schedule = schedule }).Error!.Value.Kind);

        var late = schedule.FirstNormalSlot + schedule.SlotsPerEpoch / 2 + 1;
        var metas = new Meta[] { new(VoteKey, false, true), new(withdrawer, true) };
        var lateEnv = new Env { Schedule = schedule, Clock = new Clock(late, 0, 20, 20, 0) };
        Assert.Equal(VoteError.CommissionUpdateTooLate.ToInstructionError(), Run(Ix(5, w => w.WriteU8(9)), accounts, metas, lateEnv).Error);
        var (error, after, _) = Run(Ix(5, w => w.WriteU8(3)), accounts, metas, lateEnv);
        Assert.Null(error);
        (error, after, _) = Run(Ix(5, w => w.WriteU8(9)), after, metas, new Env { Schedule = schedule, Clock = new Clock(late - 1, 0, 20, 20, 0) });
        Assert.Null(error);
        Assert.Equal(9, StateOf(after[VoteKey]).Commission);
    }

    [Fact]
    public void Mutated_vote_accounts_give_errors_not_exceptions()
    {
        var init = Convert.FromHexString(LiteSvmAfterInit);
        var voter = new Pubkey(init.AsSpan(init.Length - 32, 32));
        var baseData = OracleBytes(LiteSvmTower1Head, LiteSvmTower1Tail, LiteSvmTower1End);
        var env = new Env { SlotHashes = [SlotHash(210, 0x44), SlotHash(208, 0x55), SlotHash(200, 0x33), SlotHash(198, 0x22)], Clock = new Clock(212, 0, 1, 1, 1_700_000_010) };
        var ix = TowerSyncIx(198, [(2, 3), (8, 2), (2, 1)], 0x44, 1_700_000_010);
        var rng = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var data = (byte[])baseData.Clone();
            for (var k = 0; k < 3; k++) data[rng.Next(LiteSvmTower1End)] = (byte)rng.Next(256);
            var accounts = new Dictionary<Pubkey, Account> { [VoteKey] = new Account(100_000_000, data, ProgramIds.Vote) };
            _ = Run(ix, accounts, [new(VoteKey, false, true), new(voter, true)], env);
            _ = Run(Ix(5, w => w.WriteU8(1)), accounts, [new(VoteKey, true, true)], env);
        }
    }
}
