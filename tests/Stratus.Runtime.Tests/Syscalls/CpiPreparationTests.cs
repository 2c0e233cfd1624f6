using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Syscalls.Cpi;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// The checks every CPI and native invoke share (Tachyon's prepare_instruction) and the CPI target check
/// (check_authorized_program), run inside a caller instruction that was not given the callee program.
/// </summary>
public class CpiPreparationTests
{
    private static readonly Pubkey Caller = new(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly Pubkey Callee = new(Enumerable.Repeat((byte)2, 32).ToArray());
    private static readonly Pubkey Data = new(Enumerable.Repeat((byte)3, 32).ToArray());

    private static (InvokeContext Ctx, LogCollector Log) CallerContext(FeatureSet features)
    {
        var accounts = new[]
        {
            new TransactionAccount(Caller, new Account(1, [], ProgramIds.NativeLoader, executable: true)),
            new TransactionAccount(Callee, new Account(1, [], ProgramIds.NativeLoader, executable: true)),
            new TransactionAccount(Data, new Account(10, [], Caller)),
        };
        var tx = new TransactionContext(accounts, Rent.Default);
        var cache = new ProgramCacheForTxBatch(1, RuntimeEnvironment.Create(features));
        var log = new LogCollector();
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, features, new SysvarCache()), log, 200_000, 32 * 1024);
        // The caller's instruction holds only the data account: the callee is in the transaction, not in the caller.
        tx.NextInstructionContext.Configure([0], [new InstructionAccount(2, false, true)], Array.Empty<byte>());
        Assert.Null(tx.Push());
        return (ctx, log);
    }

    private static InstructionError? Prepare(InvokeContext ctx, out ushort programIndex)
    {
        Assert.Null(ctx.Transaction.GetCurrentInstructionContext(out var caller));
        return InstructionPreparation.Prepare(ctx, caller, Callee, [new NativeAccountMeta(Data, false, true)], [],
            out _, out _, out programIndex);
    }

    // lift_cpi_caller_restriction (active on X1): the callee may be any account of the transaction.
    [Fact]
    public void Lifted_caller_restriction_finds_the_callee_in_the_transaction()
    {
        var (ctx, log) = CallerContext(FeatureSet.AllEnabled(ClusterProfile.X1));
        Assert.True(ctx.Features.IsActive(FeatureId.LiftCpiCallerRestriction));
        Assert.Null(Prepare(ctx, out var programIndex));
        Assert.Equal(1, programIndex);
        Assert.Empty(log.Messages);
    }

    // Before it, the callee had to be one of the caller's instruction accounts.
    [Fact]
    public void Without_the_lift_the_callee_must_be_a_caller_account()
    {
        var (ctx, log) = CallerContext(FeatureSet.AllEnabled(ClusterProfile.X1).Without(FeatureId.LiftCpiCallerRestriction));
        Assert.Equal(InstructionErrorKind.MissingAccount, Prepare(ctx, out _)!.Value.Kind);
        Assert.Equal([$"Unknown program {Callee}"], log.Messages);
    }

    // Tachyon's check_authorized_program lets a program invoke only Upgrade (3), SetAuthority (4), Close (5) and,
    // with enable_bpf_loader_set_authority_checked_ix, SetAuthorityChecked (7) of the upgradeable loader.
    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, true)]
    [InlineData(7, true)]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(6, false)]
    [InlineData(8, false)]
    [InlineData(9, false)] // ExtendProgramChecked: refused even with enable_extend_program_checked active
    public void Upgradeable_loader_targets_as_tachyon(byte tag, bool allowed)
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.X1);
        Assert.True(features.IsActive(FeatureId.EnableExtendProgramChecked));
        var (ctx, _) = CallerContext(features);
        var error = SolInvokeSigned.CheckAuthorizedProgram(ctx, ProgramIds.BpfLoaderUpgradeable, new byte[] { tag, 0, 0, 0 });
        Assert.Equal(allowed, error == null);
        if (!allowed) Assert.Equal($"Program {ProgramIds.BpfLoaderUpgradeable} is not supported", error!.Message);
    }

    [Fact]
    public void Set_authority_checked_needs_its_feature()
    {
        var (ctx, _) = CallerContext(FeatureSet.AllEnabled(ClusterProfile.X1).Without(FeatureId.EnableBpfLoaderSetAuthorityCheckedIx));
        Assert.NotNull(SolInvokeSigned.CheckAuthorizedProgram(ctx, ProgramIds.BpfLoaderUpgradeable, new byte[] { 7, 0, 0, 0 }));
        Assert.Null(SolInvokeSigned.CheckAuthorizedProgram(ctx, ProgramIds.BpfLoaderUpgradeable, new byte[] { 4, 0, 0, 0 }));
    }
}
