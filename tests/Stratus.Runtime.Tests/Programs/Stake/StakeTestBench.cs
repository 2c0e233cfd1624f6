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
using Stratus.Runtime.Programs.Stake;
using Stratus.Runtime.Programs.Vote;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests.Stake;

// The loader tests' Stratus.Runtime.Tests.Meta would otherwise shadow the stake state's Meta.
using Meta = Stratus.Runtime.Programs.Stake.Meta;

/// <summary>
/// Runs one stake instruction through the invoke context over named accounts and sysvars, as Agave's
/// stake_instruction tests drive <c>process_instruction</c>.
/// </summary>
internal sealed class StakeTestBench
{
    public static readonly Rent Rent = Rent.Default;
    public static readonly ulong Reserve = Rent.Default.MinimumBalance(StakeState.Size);
    public const ulong Sol = 1_000_000_000;

    private readonly List<Pubkey> _keys = new();
    private readonly Dictionary<Pubkey, Account> _accounts = new();

    /// <summary>Every feature except the core-BPF migration, which would replace this builtin.</summary>
    public FeatureSet Features = FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.MigrateStakeProgramToCoreBpf);
    public Clock Clock = new(100, 0, 10, 11, 1_000);
    public StakeHistory History = StakeHistory.Empty;
    public bool EpochRewardsActive;

    public List<string> Logs { get; } = new();
    public ulong ComputeUnits { get; private set; }
    public TransactionReturnData ReturnData { get; private set; } = TransactionReturnData.Empty;

    public static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());

    public Account this[Pubkey key] => _accounts[key];

    public void Set(Pubkey key, Account account)
    {
        if (!_keys.Contains(key)) _keys.Add(key);
        _accounts[key] = account;
    }

    public void SetStake(Pubkey key, ulong lamports, StakeState state)
    {
        var data = new byte[StakeState.Size];
        state.Serialize().CopyTo(data, 0);
        Set(key, new Account(lamports, data, ProgramIds.Stake));
    }

    public void SetVote(Pubkey key, params (ulong Epoch, ulong Credits)[] credits)
    {
        var state = VoteState.Create(key, key, key, 0, 0);
        ulong previous = 0;
        foreach (var (epoch, c) in credits)
        {
            state.EpochCredits.Add(new EpochCredits(epoch, c, previous));
            previous = c;
        }
        Set(key, new Account(Sol, VoteStateVersions.Current(state).Serialize(), ProgramIds.Vote));
    }

    public StakeState StateOf(Pubkey key)
    {
        Assert.Null(StakeState.Deserialize(_accounts[key].Data, out var state));
        return state;
    }

    public static Meta MetaFor(Pubkey staker, Pubkey withdrawer, Lockup lockup = default) =>
        new(Reserve, new Authorized(staker, withdrawer), lockup);

    public static byte[] Ix(StakeInstructionKind kind, Action<BincodeWriter>? body = null)
    {
        var w = new BincodeWriter();
        w.WriteU32((uint)kind);
        body?.Invoke(w);
        return w.ToArray();
    }

    /// <summary>Runs the instruction; accounts are (key, signer, writable). Sysvar keys resolve to empty placeholder accounts.</summary>
    public InstructionError? Run(byte[] data, params (Pubkey Key, bool Signer, bool Writable)[] metas)
    {
        foreach (var m in metas)
            if (!_accounts.ContainsKey(m.Key)) Set(m.Key, new Account(0, [], ProgramIds.System));
        var list = _keys.Select(k => new TransactionAccount(k, _accounts[k].Clone())).ToList();
        list.Add(new TransactionAccount(ProgramIds.Stake, new Account(1, "stake_program"u8, ProgramIds.NativeLoader, executable: true)));
        var tx = new TransactionContext(list.ToArray(), Rent);
        var sysvars = new SysvarCache();
        sysvars.Set(SysvarIds.Clock, Clock.Serialize());
        sysvars.Set(SysvarIds.Rent, Rent.Serialize());
        sysvars.Set(SysvarIds.EpochSchedule, EpochSchedule.Custom(32, 32, false).Serialize());
        sysvars.Set(SysvarIds.StakeHistory, History.Data);
        var rewards = new byte[81];
        rewards[80] = EpochRewardsActive ? (byte)1 : (byte)0;
        sysvars.Set(SysvarIds.EpochRewards, rewards);
        var cache = new ProgramCacheForTxBatch(1, RuntimeEnvironment.Create(Features));
        Builtins.Register(cache, Features);
        var log = new LogCollector();
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, Features, sysvars), log, 200_000, 32 * 1024);
        var accounts = metas.Select(m => new InstructionAccount((ushort)_keys.IndexOf(m.Key), m.Signer, m.Writable)).ToArray();
        var error = ctx.ProcessInstruction(data, accounts, [(ushort)_keys.Count], out var units);
        Assert.Null(ctx.UnsupportedReason);
        ComputeUnits = units;
        ReturnData = tx.ReturnData;
        Logs.Clear();
        Logs.AddRange(log.Messages);
        if (error == null)
            for (var i = 0; i < _keys.Count; i++) _accounts[_keys[i]] = tx.AccountAt(i);
        return error;
    }
}
