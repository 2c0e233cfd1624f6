using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Precompiles;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Sysvars;
using FeatureSet = Stratus.Core.Features.FeatureSet;

namespace Stratus.Conformance.Runners;

/// <summary>
/// sol_compat_txn_execute_v1 (solfuzz-agave's transaction harness, Firedancer's fd_txn_harness): a bank at the
/// clock's slot (10 without a clock) holding the fixture's accounts (zero-lamport ones do not exist) plus the
/// builtin program accounts, the blockhash queue from the bank (oldest first; the newest is the last blockhash),
/// no signature verification, and one transaction processed as Agave does. The result records whether it was
/// committed, the TransactionError and InstructionError codes (ordinal + 1), units, fees, loaded size, return data,
/// the post-state of every writable account after execution and, on failure, the rollback accounts.
/// </summary>
internal static class TxnHarness
{
    /// <summary>Agave's MAX_PROCESSING_AGE: a blockhash this many entries behind the newest is still valid.</summary>
    public const int MaxProcessingAge = 150;

    /// <summary>lamports_per_signature of blockhashes in the historical queue (a plain list of hashes).</summary>
    public const ulong DefaultLamportsPerSignature = 5000;

    public sealed record Outcome(TxnResult? Result, string? Rejected, string? Unsupported, IReadOnlyList<string> Logs);

    public static Outcome Run(TxnContext? ctx)
    {
        if (ctx == null) return Reject("no transaction context");
        var bank = ctx.Bank;
        var features = FixtureBank.ResolveFeatures(bank?.Features ?? ctx.EpochCtx?.Features, out var unknown);
        if (features == null) return new(null, null, unknown, []);

        var accounts = new Dictionary<Pubkey, Account>();
        foreach (var state in ctx.AccountSharedData)
        {
            var read = FixtureBank.ReadAccount(state, out var error);
            if (read == null) return Reject(error!);
            if (read.Value.Account.Lamports == 0) continue;
            accounts[read.Value.Key] = read.Value.Account;
        }
        foreach (var (key, name) in BuiltinAccounts)
            if (!accounts.ContainsKey(key)) accounts[key] = new Account(1, System.Text.Encoding.ASCII.GetBytes(name), ProgramIds.NativeLoader, true, 0);

        IReadOnlyAccount? Get(Pubkey key) => accounts.TryGetValue(key, out var a) ? a : null;
        var sysvars = FixtureBank.BuildSysvars(Get, defaultLastRestartSlot: true);
        var slot = sysvars.Clock?.Slot ?? (ctx.SlotCtx is { Slot: > 0 } s ? s.Slot : FixtureBank.DefaultSlot);
        var rent = sysvars.Rent ?? Stratus.Runtime.Sysvars.Rent.Default;

        var queue = new List<(Hash Hash, ulong LamportsPerSignature)>();
        if (bank != null && bank.BlockhashQueue.Count > 0)
        {
            foreach (var e in bank.BlockhashQueue)
            {
                if (e.Blockhash.Length != 32) return Reject($"blockhash queue entry is {e.Blockhash.Length} bytes");
                queue.Add((Hash.Read(e.Blockhash.Span), e.LamportsPerSignature));
            }
        }
        else
        {
            foreach (var h in ctx.BlockhashQueue)
            {
                if (h.Length != 32) return Reject($"blockhash queue entry is {h.Length} bytes");
                queue.Add((Hash.Read(h.Span), DefaultLamportsPerSignature));
            }
        }
        if (queue.Count == 0) queue.Add((default, DefaultLamportsPerSignature));
        // A repeated hash keeps its newest position (the queue is a map from hash to its latest entry).
        var ages = new Dictionary<Hash, (int Index, ulong Lps)>();
        for (int i = 0; i < queue.Count; i++) ages[queue[i].Hash] = (i, queue[i].LamportsPerSignature);
        var newest = queue.Count - 1;
        var lastLps = bank is { RbhLamportsPerSignature: > 0 } ? bank.RbhLamportsPerSignature : queue[^1].LamportsPerSignature;

        var env = new ProcessingEnvironment
        {
            Slot = slot,
            Features = features,
            Cluster = ClusterProfile.Solana,
            Sysvars = sysvars,
            GetAccount = Get,
            LastBlockhash = queue[^1].Hash,
            LastLamportsPerSignature = lastLps,
            IsBlockhashValid = (in Hash hash, out ulong lps) =>
            {
                if (ages.TryGetValue(hash, out var info) && newest - info.Index <= MaxProcessingAge) { lps = info.Lps; return true; }
                lps = 0;
                return false;
            },
            RentCollector = RentCollector.Default with { Rent = rent },
            VerifySignatures = false,
            EpochTotalStake = bank?.TotalEpochStake ?? 0,
        };

        var wire = TxnWire.Build(ctx.Tx, out var wireError);
        if (wire == null) return Reject(wireError!);
        var parse = Transaction.TryParseExact(wire, out var tx);
        if (!parse.IsOk || tx == null) return Reject("transaction does not parse: " + parse);

        var result = new TransactionProcessor(env).Process(tx);
        if (result.UnsupportedReason != null) return new(null, null, result.UnsupportedReason, result.Logs);
        return new(ToResult(tx, result, features), null, null, result.Logs);
    }

    private static TxnResult ToResult(Transaction tx, TransactionResult r, FeatureSet features)
    {
        var output = new TxnResult { Executed = r.Processed };
        if (r.Status is { } status)
        {
            output.TxnError = (uint)status.Kind + 1;
            if (status.Kind == TransactionErrorKind.InstructionError)
            {
                output.InstructionError = (uint)status.Instruction.Kind + 1;
                output.InstructionErrorIndex = status.Index;
                if (status.Instruction.Kind == InstructionErrorKind.Custom && !IsPrecompileInstruction(tx, status.Index, features))
                    output.CustomError = status.Instruction.Custom;
            }
        }
        if (!r.Processed) return output;
        output.FeeDetails = new Protos.FeeDetails { TransactionFee = r.Fee.TransactionFee, PrioritizationFee = r.Fee.PrioritizationFee };
        output.LoadedAccountsDataSize = r.LoadedAccountsDataSize;
        bool executed = r.ExecutedAccounts.Count > 0;
        if (executed)
        {
            output.ExecutedUnits = r.ComputeUnitsConsumed;
            if (r.ReturnData is { Data.Length: > 0 } rd) output.ReturnData = ByteString.CopyFrom(rd.Data);
            for (int i = 0; i < r.ExecutedAccounts.Count; i++)
                if (i < r.ExecutedWritable.Count && r.ExecutedWritable[i])
                    output.ModifiedAccounts.Add(FixtureBank.ToState(r.ExecutedAccounts[i].Key, r.ExecutedAccounts[i].Account));
        }
        if (r.Status != null)
            foreach (var a in r.PostAccounts) output.RollbackAccounts.Add(FixtureBank.ToState(a.Key, a.Account));
        return output;
    }

    private static bool IsPrecompileInstruction(Transaction tx, uint index, FeatureSet features)
    {
        var message = tx.Message;
        if (index >= message.InstructionCount) return false;
        var programIndex = message.Instructions[(int)index].ProgramIdIndex;
        if (programIndex >= message.StaticAccountKeyCount) return false;
        var pf = new PrecompileFeatures(features.IsActive(FeatureId.Ed25519PrecompileVerifyStrict), features.IsActive(FeatureId.EnableSecp256r1Precompile));
        return PrecompileVerifier.IsPrecompile(message.StaticAccountKeys[programIndex], pf);
    }

    private static Outcome Reject(string why) => new(null, why, null, []);

    /// <summary>The accounts a genesis bank holds for its builtins (Agave's native-loader accounts: 1 lamport, the name as data).</summary>
    private static readonly (Pubkey Key, string Name)[] BuiltinAccounts =
    [
        (ProgramIds.System, "system_program"),
        (ProgramIds.Vote, "vote_program"),
        (ProgramIds.Stake, "stake_program"),
        (ProgramIds.Config, "config_program"),
        (ProgramIds.BpfLoaderDeprecated, "solana_bpf_loader_deprecated_program"),
        (ProgramIds.BpfLoader, "solana_bpf_loader_program"),
        (ProgramIds.BpfLoaderUpgradeable, "solana_bpf_loader_upgradeable_program"),
        (ProgramIds.ComputeBudget, "compute_budget_program"),
        (ProgramIds.AddressLookupTable, "address_lookup_table_program"),
    ];
}
