using Google.Protobuf;
using Stratus.Conformance.Features;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Vectors;
using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using ProtoFeatureSet = Stratus.Conformance.Protos.FeatureSet;

namespace Stratus.Conformance.Tests.ExecFixtures;

/// <summary>
/// Turns LiteSVM transaction vectors (conformance-vectors/) into Firedancer-format TxnFixture and InstrFixture
/// messages, so the fixture runners are checked against an oracle nobody here wrote. Only what the vector
/// determines is converted: a vector whose expected result would need a value LiteSVM did not record (the
/// in-transaction state after a builtin or CPI fails, state after a post-execution check fails, a closed account's
/// leftover data) either yields no fixture and a reason, or, where only the accounts are unknown, a fixture without
/// modified_accounts and <c>accountsKnown</c> false: callers must then not compare modified_accounts.
/// loaded_accounts_data_size is not in the vectors: callers must never compare it for converted transaction fixtures.
/// </summary>
internal sealed class VectorFixtureConverter(IElfSource elfs)
{
    public const string TxnEntrypoint = "sol_compat_txn_execute_v1";
    public const string InstrEntrypoint = "sol_compat_instr_execute_v1";

    /// <summary>Compute units the instruction fixtures start with (the default per-instruction limit).</summary>
    public const ulong InstrComputeUnits = 200_000;

    private static readonly Pubkey ComputeBudget = Pubkey.Parse("ComputeBudget111111111111111111111111111111");

    private static readonly Dictionary<Pubkey, string> MigrationGates = new()
    {
        [Pubkey.Parse("Stake11111111111111111111111111111111111111")] = "migrate_stake_program_to_core_bpf",
        [Pubkey.Parse("Config1111111111111111111111111111111111111")] = "migrate_config_program_to_core_bpf",
        [Pubkey.Parse("AddressLookupTab1e1111111111111111111111111")] = "migrate_address_lookup_table_program_to_core_bpf",
    };

    private sealed record Parsed(Transaction Tx, Pubkey[] Keys, bool[] Writable, Dictionary<Pubkey, AcctState> Pre,
        Dictionary<Pubkey, VectorAccount> Post, ProtoFeatureSet Features, List<AcctState> AllState, bool DirectMapping);

    public TxnFixture? ToTxn(LiteSvmVector v, out string? why) => ToTxn(v, out why, out _);

    public TxnFixture? ToTxn(LiteSvmVector v, out string? why, out bool accountsKnown)
    {
        accountsKnown = true;
        var p = Parse(v, out why);
        if (p == null) return null;
        var e = v.Expected;
        var result = new TxnResult();
        var payer = p.Keys[0];
        if (e.Success)
        {
            if (!WritablePost(p, out var modified, out why)) return null;
            result.Executed = true;
            result.FeeDetails = new Protos.FeeDetails { TransactionFee = e.Fee };
            result.ExecutedUnits = e.ComputeUnitsConsumed;
            if (e.ReturnData is { } rd) result.ReturnData = ByteString.CopyFrom(rd.Data);
            result.ModifiedAccounts.AddRange(modified);
        }
        else
        {
            var err = e.Error!;
            if (!Enum.TryParse<TransactionErrorKind>(err.Kind, out var kind)) { why = "error kind " + err.Kind + " unknown"; return null; }
            result.TxnError = (uint)kind + 1;
            if (kind == TransactionErrorKind.SignatureFailure) { why = "the harness does not verify signatures"; return null; }
            if (UsesNonce(v, p)) { why = "durable nonce: the rollback nonce account state is not in the vector"; return null; }
            if (ReturnsData(v)) { why = "return data of a failed transaction is not recorded by LiteSVM"; return null; }
            if (e.Fee == 0)
            {
                // Not processed (sanitize, compute-budget or fee-payer checks): nothing but the error.
                if (kind == TransactionErrorKind.InstructionError)
                {
                    if (!Enum.TryParse<InstructionErrorKind>(err.InstructionErrorKind, out var nik)) { why = "instruction error " + err.InstructionErrorKind + " unknown"; return null; }
                    result.InstructionError = (uint)nik + 1;
                    result.InstructionErrorIndex = (uint)(err.Index ?? 0);
                    if (err.Custom is { } nc && !IsPrecompileAt(p, err.Index ?? 0)) result.CustomError = nc;
                }
            }
            else if (kind == TransactionErrorKind.InstructionError)
            {
                accountsKnown = UnchangedOnFailure(v, p, out _);
                if (!Enum.TryParse<InstructionErrorKind>(err.InstructionErrorKind, out var ik)) { why = "instruction error " + err.InstructionErrorKind + " unknown"; return null; }
                result.Executed = true;
                result.InstructionError = (uint)ik + 1;
                result.InstructionErrorIndex = (uint)(err.Index ?? 0);
                if (err.Custom is { } c && !IsPrecompileAt(p, err.Index ?? 0)) result.CustomError = c;
                result.FeeDetails = new Protos.FeeDetails { TransactionFee = e.Fee };
                result.ExecutedUnits = e.ComputeUnitsConsumed;
                var payerPost = PostState(p, payer)!;
                for (int i = 0; i < p.Keys.Length && accountsKnown; i++)
                    if (p.Writable[i]) result.ModifiedAccounts.Add(i == 0 ? payerPost : p.Pre.GetValueOrDefault(p.Keys[i]) ?? Empty(p.Keys[i]));
                result.RollbackAccounts.Add(payerPost);
            }
            else if (kind is TransactionErrorKind.InsufficientFundsForRent or TransactionErrorKind.UnbalancedTransaction)
            {
                // Decided after execution: the in-transaction post-state is not in the vector.
                accountsKnown = false;
                result.Executed = true;
                result.FeeDetails = new Protos.FeeDetails { TransactionFee = e.Fee };
                result.ExecutedUnits = e.ComputeUnitsConsumed;
                result.RollbackAccounts.Add(PostState(p, payer)!);
            }
            else
            {
                // Fees-only: the transaction failed to load after the fee payer was charged.
                result.Executed = true;
                result.FeeDetails = new Protos.FeeDetails { TransactionFee = e.Fee };
                result.RollbackAccounts.Add(PostState(p, payer)!);
            }
        }
        why = null;
        return new TxnFixture
        {
            Metadata = new FixtureMetadata { FnEntrypoint = TxnEntrypoint },
            Input = new TxnContext
            {
                Tx = ToProto(p.Tx),
                Bank = new TxnBank
                {
                    BlockhashQueue = { new BlockhashQueueEntry { Blockhash = ByteString.CopyFrom(v.Inputs.Blockhash.AsSpan()), LamportsPerSignature = v.Inputs.LamportsPerSignature } },
                    RbhLamportsPerSignature = (uint)v.Inputs.LamportsPerSignature,
                    Features = p.Features,
                },
                AccountSharedData = { p.AllState },
            },
            Output = result,
        };
    }

    public InstrFixture? ToInstr(LiteSvmVector v, out string? why) => ToInstr(v, out why, out _);

    public InstrFixture? ToInstr(LiteSvmVector v, out string? why, out bool accountsKnown)
    {
        accountsKnown = true;
        var p = Parse(v, out why);
        if (p == null) return null;
        var message = p.Tx.Message;
        if (message.InstructionCount != 1) { why = $"{message.InstructionCount} instructions"; return null; }
        if (message.AddressTableLookups.Length > 0) { why = "address lookup tables"; return null; }
        if (Array.IndexOf(p.Keys, SysvarIds.Instructions) >= 0) { why = "the instructions sysvar is built per transaction"; return null; }
        var e = v.Expected;
        if (!e.Success && e.Error!.Kind != nameof(TransactionErrorKind.InstructionError)) { why = "fails outside the instruction: " + e.Error.Kind; return null; }
        if (e.ComputeUnitsConsumed > InstrComputeUnits) { why = "consumes more than the instruction budget"; return null; }
        if (!e.Success && e.Error!.InstructionErrorKind == nameof(InstructionErrorKind.ComputationalBudgetExceeded)) { why = "depends on the compute budget"; return null; }
        if (e.Logs.Any(l => l.Contains("exceeded CUs meter", StringComparison.Ordinal))) { why = "depends on the compute budget"; return null; }

        var ix = message.GetInstruction(0);
        var programId = p.Keys[ix.ProgramIdIndex];
        // Nonce initialize/advance record the bank's blockhash, which an instruction context carries only as the
        // RecentBlockhashes sysvar the vector holds as LiteSVM left it.
        if (programId == ProgramIds.System && ix.Data.Length >= 4 && ix.Data[0] is 4 or 6 && ix.Data[1] == 0 && ix.Data[2] == 0 && ix.Data[3] == 0)
        {
            why = "nonce instruction: reads the bank's blockhash";
            return null;
        }
        // The instruction sees every account as loaded, the fee payer already charged.
        var accounts = new List<AcctState>();
        var payerPre = p.Pre.GetValueOrDefault(p.Keys[0]);
        if (payerPre == null) { why = "no fee payer"; return null; }
        foreach (var key in p.Keys)
        {
            var s = (p.Pre.GetValueOrDefault(key) ?? Empty(key)).Clone();
            if (key == p.Keys[0]) s.Lamports -= e.Fee;
            accounts.Add(s);
        }
        // State the transaction did not name goes in too (program data, sysvars), but not builtin program accounts: with
        // lift_cpi_caller_restriction a CPI finds its callee among the context's accounts, so a builtin the transaction
        // left out must stay out (anchor/transfer_sol_system_program_missing fails with MissingAccount for that reason).
        foreach (var s in p.AllState)
            if (Array.IndexOf(p.Keys, new Pubkey(s.Address.Span)) < 0 && new Pubkey(s.Owner.Span) != ProgramIds.NativeLoader) accounts.Add(s.Clone());

        var ctx = new InstrContext { ProgramId = ByteString.CopyFrom(programId.AsSpan()), Data = ByteString.CopyFrom(ix.Data), CuAvail = InstrComputeUnits, Features = p.Features };
        ctx.Accounts.AddRange(accounts);
        foreach (var index in ix.Accounts)
            ctx.InstrAccounts.Add(new InstrAcct { Index = index, IsSigner = message.IsSigner(index), IsWritable = p.Writable[index] });

        var effects = new InstrEffects { CuAvail = InstrComputeUnits - e.ComputeUnitsConsumed };
        if (e.Success)
        {
            foreach (var s in accounts)
            {
                var key = new Pubkey(s.Address.Span);
                if (Array.IndexOf(p.Keys, key) < 0) { effects.ModifiedAccounts.Add(s.Clone()); continue; }
                var post = PostState(p, key);
                if (post == null)
                {
                    if (s.Lamports != 0) { why = $"account {key} is closed: its leftover data is not in the vector"; return null; }
                    post = s.Clone();
                }
                effects.ModifiedAccounts.Add(post);
            }
            if (e.ReturnData is { } rd) effects.ReturnData = ByteString.CopyFrom(rd.Data);
        }
        else
        {
            if (ReturnsData(v)) { why = "return data of a failed transaction is not recorded by LiteSVM"; return null; }
            accountsKnown = UnchangedOnFailure(v, p, out _);
            if (!Enum.TryParse<InstructionErrorKind>(e.Error!.InstructionErrorKind, out var ik)) { why = "instruction error " + e.Error.InstructionErrorKind + " unknown"; return null; }
            effects.Result = (int)ik + 1;
            // The harness records no custom code for precompiles.
            if (e.Error.Custom is { } c && !Precompiles.Contains(programId)) effects.CustomErr = c;
            if (accountsKnown) effects.ModifiedAccounts.AddRange(accounts.Select(a => a.Clone()));
        }
        why = null;
        return new InstrFixture { Metadata = new FixtureMetadata { FnEntrypoint = InstrEntrypoint }, Input = ctx, Output = effects };
    }

    private Parsed? Parse(LiteSvmVector v, out string? why)
    {
        why = null;
        if (v.Divergence != null) { why = "divergence"; return null; }
        if (v.Inputs.ComputeBudget.Fixed) { why = "fixed compute budget"; return null; }
        if (v.Inputs.StatusCache.Count > 0) { why = "status cache"; return null; }
        var parse = Transaction.TryParseExact(v.Inputs.Transaction.Bytes, out var tx);
        if (!parse.IsOk || tx == null) { why = "transaction does not parse"; return null; }
        var message = tx.Message;
        for (int i = 0; i < message.InstructionCount; i++)
        {
            var ix = message.GetInstruction(i);
            if (ix.ProgramIdIndex >= message.StaticAccountKeyCount) { why = "program index outside the static keys"; return null; }
            // LiteSVM charges no prioritization fee; a fixture's fee would not be Agave's.
            if (message.StaticAccountKeys[ix.ProgramIdIndex] == ComputeBudget && ix.Data.Length > 0 && ix.Data[0] == 3) { why = "compute unit price"; return null; }
            // LiteSVM hands nonce instructions the transaction's blockhash where a bank hands its own (harness rule nonce_advance).
            if (message.StaticAccountKeys[ix.ProgramIdIndex] == ProgramIds.System && ix.Data.Length >= 4 && ix.Data[0] is 4 or 6 && ix.Data[1] == 0 && ix.Data[2] == 0 && ix.Data[3] == 0)
            {
                why = "nonce instruction: LiteSVM passes the transaction's blockhash";
                return null;
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in v.Inputs.FeatureSet.Active)
            names.UnionWith(FeatureSetMap.Default.NamesOf(FeatureSetMap.Prefix(key.AsSpan())));
        // LiteSVM keeps every builtin it lists a builtin, whatever the migration gates say.
        foreach (var b in v.Inputs.Builtins)
            if (MigrationGates.TryGetValue(b.Account.Address, out var gate)) names.Remove(gate);
        var features = new ProtoFeatureSet();
        features.Features.AddRange(FeatureSetMap.Default.PrefixesOf(names));

        var pre = new Dictionary<Pubkey, AcctState>();
        var all = new List<AcctState>();
        void Add(VectorAccount a)
        {
            if (!a.Exists) return;
            if (!a.Data.TryMaterialize(elfs, out var data, out var error)) throw new InvalidOperationException(error);
            var s = new AcctState { Address = ByteString.CopyFrom(a.Address.AsSpan()), Lamports = a.Lamports, Data = ByteString.CopyFrom(data), Executable = a.Executable, Owner = ByteString.CopyFrom(a.Owner.AsSpan()) };
            if (pre.ContainsKey(a.Address)) all.RemoveAll(x => x.Address == s.Address);
            pre[a.Address] = s;
            all.Add(s);
        }
        foreach (var n in v.Inputs.Sysvars.Concat(v.Inputs.Builtins).Concat(v.Inputs.Precompiles)) Add(n.Account);
        foreach (var prog in v.Inputs.Programs)
        {
            if (!elfs.TryGet(prog.Elf, prog.Sha256, out var elf, out var error)) throw new InvalidOperationException(error);
            var s = new AcctState { Address = ByteString.CopyFrom(prog.Address.AsSpan()), Lamports = prog.Lamports, Data = ByteString.CopyFrom(elf), Executable = prog.Executable, Owner = ByteString.CopyFrom(prog.Owner.AsSpan()) };
            pre[prog.Address] = s;
            all.Add(s);
        }
        foreach (var a in v.Inputs.Accounts) Add(a);
        foreach (var s in all)
            if (s.Lamports == 0) { why = "pre-state holds a zero-lamport account (a bank does not)"; return null; }

        // LiteSVM runs its rent check after a failed instruction too and reports that instead (harness rule rent_state_check).
        if (v.Expected.Error is { Kind: nameof(TransactionErrorKind.InsufficientFundsForRent) } && v.Expected.Logs.Count > 0
            && v.Expected.Logs[^1].StartsWith("Program ", StringComparison.Ordinal) && v.Expected.Logs[^1].Contains(" failed: ", StringComparison.Ordinal))
        {
            why = "LiteSVM's rent check replaced an instruction error";
            return null;
        }
        var lookups = v.Inputs.Transaction.LoadedAddresses;
        var loaded = lookups == null ? null : new LoadedAddresses(lookups.Writable.ToArray(), lookups.Readonly.ToArray());
        if (message.AddressTableLookups.Length > 0 && loaded == null) { why = "lookup tables without loaded addresses"; return null; }
        var keys = message.GetAccountKeys(loaded).ToArray();
        var featureSet = new Stratus.Core.Features.FeatureSet.Builder();
        foreach (var name in names)
            if (FeatureTable.TryGetByName(name, out var id)) featureSet.Activate(id, 0);
        var built = featureSet.Build();
        var writable = message.GetWritableFlags(loaded, ReservedAccountKeys.Create(built.IsActive));

        var post = new Dictionary<Pubkey, VectorAccount>();
        foreach (var a in v.Expected.Accounts) post[a.Address] = a;
        return new Parsed(tx, keys, writable, pre, post, features, all, names.Contains("bpf_account_data_direct_mapping"));
    }

    /// <summary>The post-state the vector gives for an account, or null when it does not exist afterwards.</summary>
    private AcctState? PostState(Parsed p, Pubkey key)
    {
        if (!p.Post.TryGetValue(key, out var a))
            return p.Pre.GetValueOrDefault(key)?.Clone();
        if (!a.Exists || a.Lamports == 0) return null;
        if (!a.Data.TryMaterialize(elfs, out var data, out var error)) throw new InvalidOperationException(error);
        return new AcctState { Address = ByteString.CopyFrom(key.AsSpan()), Lamports = a.Lamports, Data = ByteString.CopyFrom(data), Executable = a.Executable, Owner = ByteString.CopyFrom(a.Owner.AsSpan()) };
    }

    private bool WritablePost(Parsed p, out List<AcctState> modified, out string? why)
    {
        modified = new List<AcctState>();
        for (int i = 0; i < p.Keys.Length; i++)
        {
            if (!p.Writable[i]) continue;
            var post = PostState(p, p.Keys[i]);
            if (post == null)
            {
                if (p.Pre.ContainsKey(p.Keys[i])) { why = $"account {p.Keys[i]} is closed: its leftover data is not in the vector"; return false; }
                post = Empty(p.Keys[i]);
            }
            modified.Add(post);
        }
        why = null;
        return true;
    }

    // A failed BPF program leaves the accounts as loaded unless something it invoked changed them first, or it wrote
    // account data in place (direct mapping).
    private static bool UnchangedOnFailure(LiteSvmVector v, Parsed p, out string? why)
    {
        why = null;
        if (p.DirectMapping) { why = "direct mapping: a failed program's in-place writes are not in the vector"; return false; }
        var message = p.Tx.Message;
        var failing = v.Expected.Error?.Index ?? 0;
        for (int i = 0; i < message.InstructionCount; i++)
        {
            var program = p.Keys[message.GetInstruction(i).ProgramIdIndex];
            if (i < failing && program != ComputeBudget) { why = "instructions before the failing one changed state"; return false; }
            if (i == failing && !(p.Pre.TryGetValue(program, out var acct) && IsBpfLoader(new Pubkey(acct.Owner.Span))))
            {
                why = "a builtin failed: its partial changes are not in the vector";
                return false;
            }
        }
        if (v.Expected.InnerInstructions.Count > 0) { why = "the failing program invoked others first"; return false; }
        return true;
    }

    private static bool ReturnsData(LiteSvmVector v) => v.Expected.Logs.Any(l => l.StartsWith("Program return:", StringComparison.Ordinal));

    private static readonly HashSet<Pubkey> Precompiles = [ProgramIds.Ed25519Precompile, ProgramIds.Secp256k1Precompile, ProgramIds.Secp256r1Precompile];

    // The harness records no custom code when the failing instruction is a precompile's.
    private static bool IsPrecompileAt(Parsed p, int index) =>
        index < p.Tx.Message.InstructionCount && Precompiles.Contains(p.Keys[p.Tx.Message.GetInstruction(index).ProgramIdIndex]);

    private static bool IsBpfLoader(Pubkey owner) =>
        owner == ProgramIds.BpfLoader || owner == ProgramIds.BpfLoaderDeprecated || owner == ProgramIds.BpfLoaderUpgradeable;

    private static bool UsesNonce(LiteSvmVector v, Parsed p) => p.Tx.Message.RecentBlockhash != v.Inputs.Blockhash;

    private static AcctState Empty(Pubkey key) => new() { Address = ByteString.CopyFrom(key.AsSpan()), Owner = ByteString.CopyFrom(new byte[32]) };

    private static SanitizedTransaction ToProto(Transaction tx)
    {
        var m = tx.Message;
        var msg = new TransactionMessage
        {
            IsLegacy = m.Version == MessageVersion.Legacy,
            Header = new Protos.MessageHeader
            {
                NumRequiredSignatures = m.Header.NumRequiredSignatures,
                NumReadonlySignedAccounts = m.Header.NumReadonlySignedAccounts,
                NumReadonlyUnsignedAccounts = m.Header.NumReadonlyUnsignedAccounts,
            },
            RecentBlockhash = ByteString.CopyFrom(m.RecentBlockhash.AsSpan()),
        };
        foreach (var k in m.StaticAccountKeys) msg.AccountKeys.Add(ByteString.CopyFrom(k.AsSpan()));
        for (int i = 0; i < m.InstructionCount; i++)
        {
            var ix = m.GetInstruction(i);
            var ci = new Protos.CompiledInstruction { ProgramIdIndex = ix.ProgramIdIndex, Data = ByteString.CopyFrom(ix.Data) };
            foreach (var a in ix.Accounts) ci.Accounts.Add(a);
            msg.Instructions.Add(ci);
        }
        for (int i = 0; i < m.AddressTableLookups.Length; i++)
        {
            var l = m.GetAddressTableLookup(i);
            var pl = new MessageAddressTableLookup { AccountKey = ByteString.CopyFrom(l.AccountKey.AsSpan()) };
            foreach (var w in l.WritableIndexes) pl.WritableIndexes.Add(w);
            foreach (var r in l.ReadonlyIndexes) pl.ReadonlyIndexes.Add(r);
            msg.AddressTableLookups.Add(pl);
        }
        var sanitized = new SanitizedTransaction { Message = msg };
        foreach (var s in tx.Signatures) sanitized.Signatures.Add(ByteString.CopyFrom(s.AsSpan()));
        return sanitized;
    }
}
