using System.Globalization;
using Stratus.Conformance.Features;
using Stratus.Conformance.Vectors;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Sysvars;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Replays LiteSVM transaction vectors (docs/vectors.md) through <see cref="TransactionProcessor"/> and compares
/// status, compute units, fee, logs, return data, inner instructions and the post-state of every account.
/// </summary>
public sealed class LiteSvmVectorRunner : ICaseRunner
{
    private readonly Func<string, string?> _findDataRoot;
    private readonly bool _isCi;
    private readonly Dictionary<string, DirectoryElfSource> _elfSources = new(StringComparer.Ordinal);

    public LiteSvmVectorRunner() : this(FindSharedDataRoot, IsCiEnvironment()) { }

    /// <param name="findDataRoot">Given a vector's path, the <c>shared/data</c> directory, or null when absent.</param>
    public LiteSvmVectorRunner(Func<string, string?> findDataRoot, bool isCi)
    {
        _findDataRoot = findDataRoot;
        _isCi = isCi;
    }

    public string Kind => CaseKinds.LiteSvmTxn;

    public bool CanRun(string path, ReadOnlySpan<byte> header) => VectorFormat.LooksLikeVector(header);

    public IEnumerable<CaseResult> Run(string path)
    {
        var read = VectorReader.ReadFile(path);
        if (!read.IsOk) return [CaseResult.Fail(Kind, path, "malformed vector: " + read.Error)];
        return [RunVector(path, read.Vector!)];
    }

    public CaseResult RunVector(string id, LiteSvmVector vector)
    {
        if (vector.Divergence != null) return CaseResult.Skip(Kind, id, "divergence: " + vector.Divergence);
        var budget = vector.Inputs.ComputeBudget;
        if (budget.Fixed && budget.Overrides.Keys.FirstOrDefault(k => !FixedBudgetFields.Contains(k)) is { } unsupported)
            return CaseResult.Skip(Kind, id, $"fixed compute budget overrides {unsupported} = {budget.Overrides[unsupported]}; Stratus's costs are constants, only {string.Join(", ", FixedBudgetFields)} can be fixed");

        var dataRoot = _findDataRoot(id);
        if (dataRoot == null)
        {
            const string why = "shared data not found (set STRATUS_SHARED or place ../shared beside the clone)";
            return _isCi ? CaseResult.Fail(Kind, id, why) : CaseResult.Skip(Kind, id, why);
        }
        IElfSource elfs;
        lock (_elfSources)
        {
            if (!_elfSources.TryGetValue(dataRoot, out var src)) _elfSources[dataRoot] = src = new DirectoryElfSource(dataRoot);
            elfs = src;
        }

        if (!TryBuildState(vector, elfs, out var pre, out var error)) return CaseResult.Fail(Kind, id, error!);

        var parse = Transaction.TryParseExact(vector.Inputs.Transaction.Bytes, out var tx);
        if (!parse.IsOk || tx == null) return CaseResult.Fail(Kind, id, "transaction does not parse: " + parse);

        var diffs = new DiffList();
        var expected = vector.Expected;

        // LiteSVM's status cache: the transaction's own signature already seen.
        var signature = tx.SignatureCount > 0 ? tx.Signatures[0].ToString() : "";
        if (vector.Inputs.StatusCache.Contains(signature))
        {
            CompareStatus(diffs, expected, new TransactionError(TransactionErrorKind.AlreadyProcessed));
            diffs.Compare("fee", expected.Fee, 0UL);
            diffs.Compare("compute_units_consumed", expected.ComputeUnitsConsumed, 0UL);
            CompareAccounts(diffs, expected, pre, [], elfs);
            return Finish(id, diffs, "status cache");
        }

        if (!TryBuildFixedBudget(budget, out var fixedBudget, out var budgetError)) return CaseResult.Fail(Kind, id, budgetError!);
        var env = BuildEnvironment(vector, pre, tx, fixedBudget);
        TransactionResult result;
        try
        {
            result = new TransactionProcessor(env).Process(tx);
        }
        catch (Exception e)
        {
            return CaseResult.Fail(Kind, id, $"runtime threw {e.GetType().Name}: {e.Message}");
        }
        if (result.UnsupportedReason != null) return CaseResult.Skip(Kind, id, "unsupported: " + result.UnsupportedReason);

        CompareStatus(diffs, expected, RentCheckAfterFailure(expected, result.Status));
        // Harness rule fee: LiteSVM charges no prioritization fee; Agave's is handed back to the payer for comparison.
        var priority = result.Processed ? result.Fee.PrioritizationFee : 0UL;
        diffs.Compare("fee", expected.Fee, result.Processed ? result.Fee.TransactionFee : 0UL);
        diffs.Compare("compute_units_consumed", expected.ComputeUnitsConsumed, result.ComputeUnitsConsumed);
        CompareLogs(diffs, expected.Logs, result.Logs);
        CompareReturnData(diffs, expected, result);
        CompareInner(diffs, expected, result);
        CompareAccounts(diffs, expected, pre, result.Processed ? WithoutNonceRollback(result, pre, FeePayer(tx)) : [], elfs, FeePayer(tx), priority);
        // Only a mismatch a harness rule explains is skipped; a match is a pass whatever the rules.
        if (diffs.Any && HarnessDifference(vector, result) is { } harness) return CaseResult.Skip(Kind, id, "harness: " + harness);
        return Finish(id, diffs, null);
    }

    /// <summary>
    /// A runtime answer that differs from LiteSVM's only because of a harness rule the processor cannot be told
    /// about (docs/vectors.md): checks LiteSVM does not make, or state LiteSVM holds that a bank cannot.
    /// </summary>
    private static string? HarnessDifference(LiteSvmVector vector, TransactionResult result)
    {
        var expected = vector.Expected;
        if (result.Status is { } status && (expected.Error == null || expected.Error.Kind != status.Kind.ToString()))
        {
            switch (status.Kind)
            {
                case TransactionErrorKind.MaxLoadedAccountsDataSizeExceeded:
                    return "loaded_accounts_data_size is not checked by LiteSVM; the runtime reports " + status;
                case TransactionErrorKind.TooManyAccountLocks:
                case TransactionErrorKind.AccountLoadedTwice:
                case TransactionErrorKind.AccountInUse:
                    return "account_locks are not checked by LiteSVM; the runtime reports " + status;
                case TransactionErrorKind.SanitizeFailure when vector.Inputs.Transaction.Bytes.Length > Transaction.MaxSize:
                    return $"LiteSVM does not enforce the {Transaction.MaxSize}-byte packet limit ({vector.Inputs.Transaction.Bytes.Length} bytes)";
                case TransactionErrorKind.InsufficientFundsForFee when !result.Processed && HasComputeUnitPrice(vector):
                    return "LiteSVM charges no prioritization fee; with it the payer cannot pay (" + status + ")";
            }
        }
        // LiteSVM's account map keeps a zero-lamport account with data; a bank loads it as a new, empty account.
        foreach (var a in vector.Inputs.Accounts)
            if (a.Exists && a.Lamports == 0 && a.Data.Length > 0)
                return $"pre-state holds zero-lamport account {a.Address} with {a.Data.Length} bytes of data, which a bank cannot hold";
        return null;
    }

    /// <summary>
    /// Harness rule rent_state_check: LiteSVM runs its post-execution rent check also after an instruction failed, and a
    /// rent failure then replaces the instruction error. When LiteSVM reports InsufficientFundsForRent, its logs end
    /// with a program failure and the runtime reports an instruction error, that error is what LiteSVM's rent check
    /// replaced (the logs, compared separately, show the same failure), so the expected status is taken as matched.
    /// </summary>
    private static TransactionError? RentCheckAfterFailure(VectorExpected expected, TransactionError? actual)
    {
        if (actual is not { Kind: TransactionErrorKind.InstructionError } || expected.Error is not { Kind: nameof(TransactionErrorKind.InsufficientFundsForRent) })
            return actual;
        var last = expected.Logs.Count > 0 ? expected.Logs[^1] : "";
        if (!last.StartsWith("Program ", StringComparison.Ordinal) || !last.Contains(" failed: ", StringComparison.Ordinal)) return actual;
        return new TransactionError(TransactionErrorKind.InsufficientFundsForRent, (byte)(expected.Error.Index ?? 0));
    }

    /// <summary>
    /// Harness rule nonce_on_failure: a failed transaction commits only the fee, so the advanced nonce Agave keeps
    /// in its rollback (a separate nonce account, or the nonce data of a nonce fee payer) is put back to the pre-state.
    /// </summary>
    private static IReadOnlyList<TransactionAccount> WithoutNonceRollback(TransactionResult result, Dictionary<Pubkey, Account> pre, Pubkey feePayer)
    {
        if (result.Status == null) return result.PostAccounts;
        var kept = new List<TransactionAccount>(result.PostAccounts.Count);
        foreach (var a in result.PostAccounts)
        {
            if (a.Key != feePayer) continue;
            if (pre.TryGetValue(a.Key, out var before) && !before.Data.SequenceEqual(a.Account.Data))
            {
                var payer = a.Account.Clone();
                payer.SetData(before.Data);
                kept.Add(new TransactionAccount(a.Key, payer));
            }
            else kept.Add(a);
        }
        return kept;
    }

    private static bool HasComputeUnitPrice(LiteSvmVector vector)
    {
        // SetComputeUnitPrice is compute-budget instruction 3.
        var parse = Transaction.TryParseExact(vector.Inputs.Transaction.Bytes, out var tx);
        if (!parse.IsOk || tx == null) return false;
        var message = tx.Message;
        var keys = message.StaticAccountKeys;
        for (int i = 0; i < message.InstructionCount; i++)
        {
            var ix = message.Instructions[i];
            if (ix.ProgramIdIndex < keys.Length && keys[ix.ProgramIdIndex] == ComputeBudgetProgram
                && ix.DataLength > 0 && message.Bytes.Span[ix.DataOffset] == 3)
                return true;
        }
        return false;
    }

    private static readonly Pubkey ComputeBudgetProgram = Pubkey.Parse("ComputeBudget111111111111111111111111111111");

    private CaseResult Finish(string id, DiffList diffs, string? note)
    {
        if (!diffs.Any) return CaseResult.Pass(Kind, id);
        var fields = string.Join(", ", diffs.Diffs.Select(d => d.Field).Take(6)) + (diffs.Diffs.Count > 6 ? ", ..." : "");
        return CaseResult.Fail(Kind, id, (note != null ? note + ": " : "") + "differs in " + fields, diffs.Diffs);
    }

    /// <summary>Every account a vector's inputs hold: sysvars, builtins, precompiles, programs (ELF read from <paramref name="elfs"/>) and the pre-state.</summary>
    public static bool TryBuildState(LiteSvmVector vector, IElfSource elfs, out Dictionary<Pubkey, Account> accounts, out string? error)
    {
        accounts = new Dictionary<Pubkey, Account>();
        var inputs = vector.Inputs;
        foreach (var named in inputs.Sysvars.Concat(inputs.Builtins).Concat(inputs.Precompiles))
            if (!TryAdd(accounts, named.Account, elfs, out error)) return false;
        foreach (var p in inputs.Programs)
        {
            if (!elfs.TryGet(p.Elf, p.Sha256, out var bytes, out error)) return false;
            accounts[p.Address] = new Account(p.Lamports, bytes, p.Owner, p.Executable, p.RentEpoch);
        }
        foreach (var a in inputs.Accounts)
            if (!TryAdd(accounts, a, elfs, out error)) return false;
        error = null;
        return true;
    }

    private static bool TryAdd(Dictionary<Pubkey, Account> accounts, VectorAccount a, IElfSource elfs, out string? error)
    {
        if (!a.Exists) { error = null; return true; }
        if (!a.Data.TryMaterialize(elfs, out var data, out error)) return false;
        accounts[a.Address] = new Account(a.Lamports, data, a.Owner, a.Executable, a.RentEpoch);
        return true;
    }

    /// <summary>
    /// The environment a vector's transaction runs in (features, sysvars, blockhash and fee rate as LiteSVM had them),
    /// reading accounts from <paramref name="pre"/> when the processor asks, so a caller replaying a sequence of
    /// transactions can commit each one's post-state into the same dictionary. <paramref name="tx"/> supplies the blockhash
    /// LiteSVM hands to instructions (harness rule nonce_advance).
    /// </summary>
    public static ProcessingEnvironment BuildEnvironment(LiteSvmVector vector, IReadOnlyDictionary<Pubkey, Account> pre, Transaction tx, FixedComputeBudget? fixedBudget = null, bool verifySignatures = true)
    {
        var inputs = vector.Inputs;
        var features = new FeatureSet.Builder();
        foreach (var key in inputs.FeatureSet.Active)
            if (FeatureIds.TryGetValue(key, out var fid)) features.Activate(fid, 0);
        // Harness rule builtins: LiteSVM registers exactly inputs.builtins whatever the migration gates say, so a
        // builtin listed there stays a builtin (Agave would expect its core-BPF replacement).
        foreach (var b in inputs.Builtins)
            if (MigrationGates.TryGetValue(b.Account.Address, out var gate)) features.Deactivate(gate);
        var sysvars = new SysvarCache();
        foreach (var s in inputs.Sysvars)
            if (s.Account.Exists && pre.TryGetValue(s.Account.Address, out var acct)) sysvars.Set(s.Account.Address, acct.Data);
        var slot = sysvars.Clock?.Slot ?? 1;
        return new ProcessingEnvironment
        {
            Slot = slot,
            Features = features.Build(),
            Cluster = ClusterProfile.Solana,
            Sysvars = sysvars,
            GetAccount = key => pre.TryGetValue(key, out var a) ? a : null,
            LastBlockhash = inputs.Blockhash,
            // Harness rule nonce_advance: LiteSVM hands instructions the transaction's recent blockhash.
            InstructionBlockhash = tx.Message.RecentBlockhash,
            FixedComputeBudget = fixedBudget,
            LastLamportsPerSignature = inputs.LamportsPerSignature,
            RentCollector = RentCollector.Default with { Rent = sysvars.Rent ?? Rent.Default },
            LogBytesLimit = vector.Harness.LogBytesLimit > 0 ? vector.Harness.LogBytesLimit : null,
            VerifySignatures = verifySignatures,
        };
    }

    // The ComputeBudget fields FixedComputeBudget carries (Agave names).
    private static readonly string[] FixedBudgetFields = ["compute_unit_limit", "heap_size", "max_instruction_stack_depth", "max_instruction_trace_length", "invoke_units"];

    private static bool TryBuildFixedBudget(VectorComputeBudget budget, out FixedComputeBudget? result, out string? error)
    {
        result = null;
        error = null;
        if (!budget.Fixed) return true;
        var v = new ulong[FixedBudgetFields.Length];
        for (int i = 0; i < v.Length; i++)
        {
            if (!budget.Values.TryGetValue(FixedBudgetFields[i], out v[i])) { error = "fixed compute budget lacks " + FixedBudgetFields[i]; return false; }
            if (i is > 0 and < 4 && v[i] > int.MaxValue) { error = $"fixed compute budget {FixedBudgetFields[i]} = {v[i]} is out of range"; return false; }
        }
        result = new FixedComputeBudget(v[0], (uint)v[1], (int)v[2], (int)v[3], v[4]);
        return true;
    }

    private static readonly Dictionary<Pubkey, FeatureId> MigrationGates = new()
    {
        [Pubkey.Parse("Stake11111111111111111111111111111111111111")] = FeatureId.MigrateStakeProgramToCoreBpf,
        [Pubkey.Parse("Config1111111111111111111111111111111111111")] = FeatureId.MigrateConfigProgramToCoreBpf,
        [Pubkey.Parse("AddressLookupTab1e1111111111111111111111111")] = FeatureId.MigrateAddressLookupTableProgramToCoreBpf,
    };

    // Feature ids as the vectors list them: Solana and X1 ids of every gate, plus the re-keyed aliases.
    private static readonly Dictionary<Pubkey, FeatureId> FeatureIds = BuildFeatureIds();

    private static Dictionary<Pubkey, FeatureId> BuildFeatureIds()
    {
        var map = new Dictionary<Pubkey, FeatureId>();
        foreach (var info in FeatureTable.All)
        {
            map[info.X1Key] = info.Id;
            if (info.SolanaKey is { } s) map[s] = info.Id;
        }
        foreach (var (id, key) in FeatureAliases.Aliases) map.TryAdd(key, id);
        return map;
    }

    private static void CompareStatus(DiffList diffs, VectorExpected expected, TransactionError? actual)
    {
        diffs.Compare("status", expected.Success ? "ok" : "error", actual == null ? "ok" : "error");
        if (expected.Error == null && actual is { } unexpected) diffs.Add("error", "none", unexpected.ToString());
        if (expected.Error is { } missing && actual == null) diffs.Add("error", missing.Debug, "none");
        if (expected.Error is not { } want || actual is not { } got) return;
        diffs.Compare("error.kind", want.Kind, got.Kind.ToString());
        if (want.Kind != got.Kind.ToString()) { diffs.Add("error", want.Debug, got.ToString()); return; }
        if (want.Index is { } idx) diffs.Compare("error.index", (ulong)idx, got.Index);
        if (want.InstructionErrorKind is { } ik)
        {
            diffs.Compare("error.instruction_error", ik, got.Instruction.Kind.ToString());
            if (want.Custom is { } c) diffs.Compare("error.custom", (ulong)c, got.Instruction.Custom);
        }
    }

    private static void CompareLogs(DiffList diffs, IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        int n = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < n; i++)
        {
            if (expected[i] != actual[i])
            {
                // The line after the first difference usually names the failure ("Program ... failed: ...").
                diffs.Add($"logs[{i}]", string.Join(" | ", expected.Skip(i).Take(2)), string.Join(" | ", actual.Skip(i).Take(2)));
                return;
            }
        }
        if (expected.Count != actual.Count)
            diffs.Add("logs.count", expected.Count.ToString(CultureInfo.InvariantCulture) + (expected.Count > n ? "; next: " + expected[n] : ""),
                actual.Count.ToString(CultureInfo.InvariantCulture) + (actual.Count > n ? "; next: " + actual[n] : ""));
    }

    private static void CompareReturnData(DiffList diffs, VectorExpected expected, TransactionResult result)
    {
        var got = result.ReturnData;
        if (got != null && got.Data.Length == 0) got = null;
        var want = expected.ReturnData;
        // LiteSVM 0.2 drops return data of failed transactions; the logs (which carry "Program return:") still compare.
        if (want == null && got != null && !expected.Success) return;
        if (want == null && got == null) return;
        if (want == null || got == null)
        {
            diffs.Add("return_data", want == null ? "none" : $"{want.ProgramId} {want.Data.Length} bytes", got == null ? "none" : $"{got.ProgramId} {got.Data.Length} bytes");
            return;
        }
        diffs.Compare("return_data.program_id", want.ProgramId.ToString(), got.ProgramId.ToString());
        diffs.Compare("return_data.data", want.Data, got.Data);
    }

    private static void CompareInner(DiffList diffs, VectorExpected expected, TransactionResult result)
    {
        var actual = new List<(int Index, IReadOnlyList<InnerInstruction> List)>();
        for (int i = 0; i < result.InnerInstructions.Count; i++)
            if (result.InnerInstructions[i].Count > 0) actual.Add((i, result.InnerInstructions[i]));
        var want = expected.InnerInstructions;
        if (want.Count != actual.Count)
        {
            diffs.Add("inner_instructions.count", string.Join(",", want.Select(w => $"{w.Index}:{w.Instructions.Count}")), string.Join(",", actual.Select(a => $"{a.Index}:{a.List.Count}")));
            return;
        }
        for (int i = 0; i < want.Count; i++)
        {
            var w = want[i];
            var (index, list) = actual[i];
            var p = $"inner_instructions[{i}]";
            diffs.Compare(p + ".index", (ulong)w.Index, (ulong)index);
            if (w.Instructions.Count != list.Count) { diffs.Compare(p + ".count", (ulong)w.Instructions.Count, (ulong)list.Count); continue; }
            for (int j = 0; j < list.Count; j++)
            {
                var q = $"{p}.instructions[{j}]";
                diffs.Compare(q + ".program_id_index", (ulong)w.Instructions[j].ProgramIdIndex, list[j].ProgramIdIndex);
                diffs.Compare(q + ".accounts", w.Instructions[j].Accounts, list[j].Accounts);
                diffs.Compare(q + ".data", w.Instructions[j].Data, list[j].Data);
                diffs.Compare(q + ".stack_height", (ulong)w.Instructions[j].StackHeight, (ulong)list[j].StackHeight);
            }
        }
    }

    private static void CompareAccounts(DiffList diffs, VectorExpected expected, Dictionary<Pubkey, Account> pre, IReadOnlyList<TransactionAccount> post, IElfSource elfs,
        Pubkey feePayer = default, ulong prioritizationFee = 0)
    {
        var committed = new Dictionary<Pubkey, Account>();
        foreach (var a in post) committed[a.Key] = a.Account;
        foreach (var want in expected.Accounts)
        {
            Account? got = committed.TryGetValue(want.Address, out var c) ? c : pre.GetValueOrDefault(want.Address);
            // A zero-lamport account is gone once Agave commits it; LiteSVM's map keeps it (harness difference).
            if (got != null && got.Lamports == 0) got = null;
            bool wantExists = want.Exists && want.Lamports != 0;
            var p = "accounts[" + want.Address + "]";
            if (!wantExists || got == null)
            {
                diffs.Compare(p + ".exists", wantExists, got != null);
                continue;
            }
            var lamports = got.Lamports;
            if (want.Address == feePayer) lamports += prioritizationFee;
            diffs.Compare(p + ".lamports", want.Lamports, lamports);
            diffs.Compare(p + ".owner", want.Owner.ToString(), got.Owner.ToString());
            diffs.Compare(p + ".executable", want.Executable, got.Executable);
            // Harness rule rent_collection: LiteSVM never rewrites rent_epoch, where Agave marks a rent-exempt
            // account loaded by the transaction with RENT_EXEMPT_RENT_EPOCH.
            var preEpoch = pre.TryGetValue(want.Address, out var before) ? before.RentEpoch : 0;
            if (!(got.RentEpoch == ulong.MaxValue && want.RentEpoch == preEpoch))
                diffs.Compare(p + ".rent_epoch", want.RentEpoch, got.RentEpoch);
            if (want.Data.TryMaterialize(elfs, out var wantData, out var error)) diffs.Compare(p + ".data", wantData, got.Data);
            else diffs.Add(p + ".data", error!, "");
        }
    }

    private static Pubkey FeePayer(Transaction tx) =>
        tx.Message.StaticAccountKeys.Length > 0 ? tx.Message.StaticAccountKeys[0] : default;

    private static bool IsCiEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>$STRATUS_SHARED/data</c>, else the first <c>shared/data</c> beside an ancestor of the vector (../shared beside the clone).</summary>
    public static string? FindSharedDataRoot(string vectorPath)
    {
        var env = Environment.GetEnvironmentVariable("STRATUS_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(Path.Combine(env, "data"))) return Path.GetFullPath(Path.Combine(env, "data"));
        for (var dir = new FileInfo(Path.GetFullPath(vectorPath)).Directory; dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
