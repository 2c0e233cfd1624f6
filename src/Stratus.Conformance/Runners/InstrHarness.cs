using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Precompiles;
using Stratus.Runtime.Programs.Bpf;

namespace Stratus.Conformance.Runners;

/// <summary>
/// sol_compat_instr_execute_v1 (solfuzz-agave's instruction harness, Firedancer's fd_instr_harness): the
/// fixture's accounts become the transaction's accounts in order, sysvars come from those accounts (clock, epoch
/// schedule, rent and last-restart-slot get the genesis defaults when absent), the program cache holds the builtins
/// and every loader-owned account, and the one instruction runs with cu_avail units. The effects are the result
/// (InstructionError ordinal + 1), custom code, units left, return data and the post-state of every account.
/// </summary>
internal static class InstrHarness
{
    /// <param name="Effects">What the harness produced, or null.</param>
    /// <param name="Rejected">Why the harness produced nothing (a context Firedancer's harness refuses).</param>
    /// <param name="Unsupported">What Stratus does not implement that the instruction reached.</param>
    /// <param name="Logs">The instruction's log lines (for diagnostics).</param>
    public sealed record Outcome(InstrEffects? Effects, string? Rejected, string? Unsupported, IReadOnlyList<string> Logs);

    public static Outcome Run(InstrContext? ctx)
    {
        if (ctx == null) return Reject("no instruction context");
        if (ctx.ProgramId.Length != Pubkey.Length) return Reject($"program id is {ctx.ProgramId.Length} bytes");
        if (ctx.Accounts.Count > FixtureBank.MaxAccounts) return Reject($"{ctx.Accounts.Count} accounts, above {FixtureBank.MaxAccounts}");
        if (ctx.InstrAccounts.Count > FixtureBank.MaxAccounts) return Reject($"{ctx.InstrAccounts.Count} instruction accounts, above {FixtureBank.MaxAccounts}");
        var features = FixtureBank.ResolveFeatures(ctx.Features ?? ctx.EpochContext?.Features, out var unknown);
        if (features == null) return Unsupported(unknown!);

        var programId = new Pubkey(ctx.ProgramId.Span);
        var accounts = new TransactionAccount[ctx.Accounts.Count];
        var byKey = new Dictionary<Pubkey, Account>();
        int programIndex = -1;
        for (int i = 0; i < accounts.Length; i++)
        {
            var read = FixtureBank.ReadAccount(ctx.Accounts[i], out var error);
            if (read == null) return Reject($"account {i}: {error}");
            var (key, account) = read.Value;
            accounts[i] = new TransactionAccount(key, account);
            byKey.TryAdd(key, account.Clone());
            if (programIndex < 0 && key == programId) programIndex = i;
        }
        if (programIndex < 0) return Reject("the program id is not among the accounts");

        var instructionAccounts = new InstructionAccount[ctx.InstrAccounts.Count];
        for (int i = 0; i < instructionAccounts.Length; i++)
        {
            var ia = ctx.InstrAccounts[i];
            if (ia.Index >= accounts.Length) return Reject($"instruction account {i} indexes account {ia.Index} of {accounts.Length}");
            instructionAccounts[i] = new InstructionAccount((ushort)ia.Index, ia.IsSigner, ia.IsWritable);
        }

        IReadOnlyAccount? Get(Pubkey key) => byKey.TryGetValue(key, out var a) ? a : null;
        var sysvars = FixtureBank.BuildSysvars(Get, defaultLastRestartSlot: true);
        var slot = sysvars.Clock?.Slot ?? FixtureBank.DefaultSlot;
        var runtime = RuntimeEnvironment.Create(features);
        var programs = FixtureBank.BuildProgramCache(slot, features, byKey.Keys, Get, runtime);
        var (blockhash, lamportsPerSignature) = FixtureBank.LastRecentBlockhash(sysvars);
        var rent = sysvars.Rent ?? Stratus.Runtime.Sysvars.Rent.Default;
        var context = new TransactionContext(accounts, rent)
        {
            RemoveAccountsExecutableFlagChecks = features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks),
        };
        var environment = new EnvironmentConfig(blockhash, lamportsPerSignature, features, sysvars);
        var log = new LogCollector(null);
        var invoke = new InvokeContext(context, programs, environment, log, ctx.CuAvail, ComputeBudgetLimits.MinHeapFrameBytes);

        var data = ctx.Data.ToByteArray();
        ushort[] programIndices = [(ushort)programIndex];
        var precompileFeatures = new PrecompileFeatures(features.IsActive(FeatureId.Ed25519PrecompileVerifyStrict), features.IsActive(FeatureId.EnableSecp256r1Precompile));
        var precompile = PrecompileVerifier.Identify(programId, precompileFeatures);
        InstructionError? result;
        if (precompile != PrecompileKind.None)
            result = invoke.ProcessPrecompile(data, instructionAccounts, programIndices,
                () => PrecompileVerifier.Verify(precompile, data, InstructionDataList.Of(data), precompileFeatures)?.ToInstructionError());
        else
            result = invoke.ProcessInstruction(data, instructionAccounts, programIndices, out _);
        if (invoke.UnsupportedReason != null) return new(null, null, invoke.UnsupportedReason, log.ToArray());

        var effects = new InstrEffects { CuAvail = invoke.Remaining };
        if (result is { } err)
        {
            effects.Result = (int)err.Kind + 1;
            if (err.Kind == InstructionErrorKind.Custom && precompile == PrecompileKind.None) effects.CustomErr = err.Custom;
        }
        foreach (var a in context.Accounts) effects.ModifiedAccounts.Add(FixtureBank.ToState(a.Key, a.Account));
        if (context.ReturnData.Data.Length > 0) effects.ReturnData = ByteString.CopyFrom(context.ReturnData.Data);
        return new(effects, null, null, log.ToArray());
    }

    private static Outcome Reject(string why) => new(null, why, null, []);

    private static Outcome Unsupported(string why) => new(null, null, why, []);
}
