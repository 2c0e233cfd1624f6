using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Crypto;
using Stratus.Runtime.ComputeBudget;
using Stratus.Runtime.Context;
using Stratus.Runtime.Fees;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Precompiles;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Sysvars;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Processing;

/// <summary>
/// Processes one transaction against a bank's state the way Agave 2.2 (as patched by Tachyon) does:
/// sanitize, signatures, blockhash age or durable nonce, compute budget and fee-payer checks with fee
/// deduction, account loading with the data-size limit, program validation, execution, rent-state
/// checks and the whole-transaction balance check. A failed transaction keeps the fee and the nonce advance.
/// </summary>
public sealed class TransactionProcessor
{
    private readonly ProcessingEnvironment _env;
    private readonly RuntimeEnvironment _runtime;
    private readonly ReservedAccountKeys _reserved;
    private readonly ProgramLoader _loader;
    private readonly (Pubkey Key, ProgramCacheEntry Entry)[] _builtins;

    public TransactionProcessor(ProcessingEnvironment environment, ProgramLoader? loader = null)
    {
        _env = environment;
        _runtime = RuntimeEnvironment.Create(environment.Features);
        _reserved = ReservedAccountKeys.Create(environment.Features.IsActive);
        _loader = loader ?? ProgramLoader.Shared;
        _builtins = Builtins.Entries(environment.Features);
    }

    public ProcessingEnvironment Environment => _env;

    private FeatureSet Features => _env.Features;

    private PrecompileFeatures PrecompileFeatures =>
        new(Features.IsActive(FeatureId.Ed25519PrecompileVerifyStrict), Features.IsActive(FeatureId.EnableSecp256r1Precompile));

    public TransactionResult Process(Transaction transaction)
    {
        // Sanitize (size, signature counts, message rules), then signatures.
        if (transaction.Verify(out _) is { } sanitizeError) return TransactionResult.NotProcessed(sanitizeError);
        var message = transaction.Message;
        if (_env.VerifySignatures)
        {
            var keys = message.StaticAccountKeys;
            var sigs = transaction.Signatures;
            for (var i = 0; i < sigs.Length; i++)
            {
                if (Ed25519.VerifyStrict(sigs[i].AsSpan(), message.Span, keys[i].AsSpan()) != Ed25519Result.Valid)
                    return TransactionResult.NotProcessed(new TransactionError(TransactionErrorKind.SignatureFailure));
            }
        }

        var loadError = AddressLookup.Load(message, _env, out var loaded);
        if (loadError != null) return TransactionResult.NotProcessed(TransactionError.FromAddressLoader(loadError.Value));
        var accountKeys = message.GetAccountKeys(loaded);
        var lockLimit = AccountLocks.LockLimit(Features.IsActive(FeatureId.IncreaseTxAccountLockLimit));
        if (AccountLocks.Validate(accountKeys, lockLimit) is { } lockError) return TransactionResult.NotProcessed(lockError);

        // Before move_precompile_verification_to_svm the bank verifies precompiles with the signatures
        // (verify_transaction, after address loading); a failure means the transaction is never processed.
        var precompileFeatures = PrecompileFeatures;
        if (!Features.IsActive(FeatureId.MovePrecompileVerificationToSvm)
            && PrecompileVerifier.VerifyTransaction(message, precompileFeatures) is { } precompileError)
            return TransactionResult.NotProcessed(precompileError);

        var keyArray = accountKeys.ToArray();
        var writable = message.GetWritableFlags(loaded, _reserved);

        // Blockhash age, else a durable nonce.
        NonceInfo? nonce = null;
        if (!_env.TryGetBlockhash(message.RecentBlockhash, out var lamportsPerSignature))
        {
            if (!TryLoadAndAdvanceNonce(message, keyArray, writable, out var advanced, out lamportsPerSignature))
                return TransactionResult.NotProcessed(new TransactionError(TransactionErrorKind.BlockhashNotFound));
            nonce = advanced;
        }

        // Fee payer.
        var budgetError = ComputeBudgetProcessor.Process(message, Features, out var limits);
        if (budgetError != null) return TransactionResult.NotProcessed(budgetError.Value);
        var feePayerKey = keyArray[0];
        var feePayerSource = _env.GetAccount(feePayerKey);
        if (feePayerSource == null || feePayerSource.Lamports == 0)
            return TransactionResult.NotProcessed(new TransactionError(TransactionErrorKind.AccountNotFound));
        var feePayer = Clone(feePayerSource);
        var loadedRentEpoch = feePayer.RentEpoch;
        var rentFeesDisabled = Features.IsActive(FeatureId.DisableRentFeesCollection);
        var feePayerRent = _env.RentCollector.Collect(feePayerKey, feePayer, rentFeesDisabled);
        var fee = lamportsPerSignature == 0
            ? FeeDetails.Zero
            : FeeCalculator.Calculate(message, loaded, Features, _env.Cluster, lamportsPerSignature, limits);
        var feeError = ValidateFeePayer(feePayerKey, feePayer, fee.Total);
        if (feeError != null) return TransactionResult.NotProcessed(feeError.Value);
        var rollback = BuildRollback(nonce, feePayerKey, feePayer, feePayerRent, loadedRentEpoch);

        // Load the rest.
        var load = LoadAccounts(message, keyArray, writable, feePayer, limits, out var accounts, out var programIndices, out var dataSize, out var rentCollected);
        rentCollected += feePayerRent;
        if (load != null)
        {
            if (!Features.IsActive(FeatureId.EnableTransactionLoadingFailureFees)) return TransactionResult.NotProcessed(load.Value);
            return new TransactionResult { Processed = true, Status = load, Fee = fee, PostAccounts = rollback, LoadedAccountsDataSize = dataSize };
        }

        return Execute(message, keyArray, writable, accounts, programIndices, limits, fee, rollback, dataSize, rentCollected, lamportsPerSignature);
    }

    private TransactionResult Execute(Message message, Pubkey[] keys, bool[] writable, TransactionAccount[] accounts, ushort[][] programIndices,
        in ComputeBudgetLimits limits, FeeDetails fee, TransactionAccount[] rollback, uint dataSize, ulong rentCollected, ulong lamportsPerSignature)
    {
        var before = Sum(accounts);
        var rentCollector = _env.RentCollector;
        var fixedBudget = _env.FixedComputeBudget;
        var context = new TransactionContext(accounts, rentCollector.Rent,
            fixedBudget?.MaxInstructionStackDepth ?? TransactionContext.DefaultInstructionStackCapacity,
            fixedBudget?.MaxInstructionTraceLength ?? TransactionContext.DefaultInstructionTraceCapacity)
        {
            RemoveAccountsExecutableFlagChecks = Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks),
            InvokeUnits = fixedBudget?.InvokeUnits ?? SyscallCosts.InvokeUnits,
        };
        var pre = new RentState?[accounts.Length];
        for (var i = 0; i < accounts.Length; i++)
            if (writable[i]) pre[i] = rentCollector.GetRentState(accounts[i].Account);

        var log = new LogCollector(_env.LogBytesLimit);
        var programs = BuildProgramCache(keys);
        var environment = new EnvironmentConfig(_env.InstructionBlockhash ?? _env.LastBlockhash, _env.LastLamportsPerSignature, Features, _env.Sysvars,
            _env.EpochTotalStake, _env.EpochVoteAccountStake);
        var invoke = new InvokeContext(context, programs, environment, log,
            fixedBudget?.ComputeUnitLimit ?? limits.ComputeUnitLimit, fixedBudget?.HeapSize ?? limits.UpdatedHeapBytes);

        TransactionError? status = null;
        ulong executedUnits = 0;
        var precompileFeatures = PrecompileFeatures;
        var verifyInSvm = Features.IsActive(FeatureId.MovePrecompileVerificationToSvm);
        for (var i = 0; i < message.InstructionCount; i++)
        {
            var ix = message.GetInstruction(i);
            var programId = keys[ix.ProgramIdIndex];
            var precompile = PrecompileVerifier.Identify(programId, precompileFeatures);
            var instructionAccounts = new InstructionAccount[ix.Accounts.Length];
            for (var a = 0; a < ix.Accounts.Length; a++)
            {
                var index = ix.Accounts[a];
                instructionAccounts[a] = new InstructionAccount(index, message.IsSigner(index), writable[index]);
            }
            var compiled = message.Instructions[i];
            var data = message.Bytes.Slice(compiled.DataOffset, compiled.DataLength);
            InstructionError? error;
            if (precompile != PrecompileKind.None)
            {
                Func<InstructionError?>? verify = null;
                if (verifyInSvm)
                {
                    var kind = precompile;
                    verify = () => PrecompileVerifier.Verify(kind, data.Span, new MessageInstructionData(message), precompileFeatures)?.ToInstructionError();
                }
                error = invoke.ProcessPrecompile(data, instructionAccounts, programIndices[i], verify);
            }
            else
            {
                error = invoke.ProcessInstruction(data, instructionAccounts, programIndices[i], out var units);
                executedUnits += units;
            }
            if (invoke.UnsupportedReason != null) break;
            if (error != null)
            {
                status = TransactionError.FromInstruction((byte)i, error.Value);
                break;
            }
        }

        if (status == null && invoke.UnsupportedReason == null)
        {
            for (var i = 0; i < accounts.Length; i++)
            {
                if (pre[i] is not { } preState) continue;
                var post = rentCollector.GetRentState(accounts[i].Account);
                if (keys[i] != ProgramIds.Incinerator && !RentCollector.TransitionAllowed(preState, post))
                {
                    status = new TransactionError(TransactionErrorKind.InsufficientFundsForRent, (byte)i);
                    break;
                }
            }
        }
        if (status == null && Sum(accounts) != before) status = new TransactionError(TransactionErrorKind.UnbalancedTransaction);

        var returnData = context.ReturnData.Data.Length == 0 ? null : context.ReturnData;
        return new TransactionResult
        {
            Processed = true,
            Status = status,
            UnsupportedReason = invoke.UnsupportedReason,
            Fee = fee,
            ComputeUnitsConsumed = executedUnits,
            Logs = log.ToArray(),
            ReturnData = returnData,
            InnerInstructions = InnerInstructions(context),
            PostAccounts = status == null ? accounts : rollback,
            ExecutedAccounts = accounts,
            ExecutedWritable = writable,
            LoadedAccountsDataSize = dataSize,
            RentCollected = rentCollected,
        };
    }

    private static UInt128? Sum(TransactionAccount[] accounts)
    {
        UInt128 sum = 0;
        foreach (var a in accounts) sum += a.Account.Lamports;
        return sum;
    }

    private ProgramCacheForTxBatch BuildProgramCache(Pubkey[] keys)
    {
        var cache = new ProgramCacheForTxBatch(_env.Slot, _runtime);
        foreach (var (key, entry) in _builtins) cache.Add(key, entry);
        foreach (var key in keys)
        {
            if (cache.Contains(key)) continue;
            var account = _env.GetAccount(key);
            if (account == null || !Loaders.IsLoader(account.Owner)) continue;
            var entry = _loader.Load(key, _env.GetAccount, _runtime);
            if (entry != null) cache.Add(key, entry);
        }
        return cache;
    }

    private static IReadOnlyList<IReadOnlyList<InnerInstruction>> InnerInstructions(TransactionContext context)
    {
        var outer = new List<List<InnerInstruction>>();
        for (var i = 0; i < context.InstructionTraceLength; i++)
        {
            var ix = context.GetInstructionContextAtTraceIndex(i);
            if (ix.StackHeight == 1)
            {
                outer.Add(new List<InnerInstruction>());
                continue;
            }
            if (outer.Count == 0) continue;
            var program = ix.ProgramAccountCount == 0 ? (byte)0 : (byte)ix.ProgramAccounts[^1];
            var accounts = new byte[ix.AccountCount];
            for (var a = 0; a < accounts.Length; a++) accounts[a] = (byte)ix.Accounts[a].IndexInTransaction;
            outer[^1].Add(new InnerInstruction(program, accounts, ix.Data.ToArray(), Math.Min(ix.StackHeight, 255)));
        }
        return outer;
    }

    private static Account Clone(IReadOnlyAccount source) =>
        new(source.Lamports, source.Data, source.Owner, source.Executable, source.RentEpoch);

    /// <summary>Agave's <c>validate_fee_payer</c>: a live system (or nonce) account that can pay and stays rent-valid.</summary>
    private TransactionError? ValidateFeePayer(in Pubkey key, Account payer, ulong fee)
    {
        if (payer.Lamports == 0) return new TransactionError(TransactionErrorKind.AccountNotFound);
        ulong minBalance;
        if (payer.Owner != ProgramIds.System) return new TransactionError(TransactionErrorKind.InvalidAccountForFee);
        if (payer.DataLength == 0) minBalance = 0;
        else if (payer.DataLength == NonceState.Size && NonceState.TryRead(payer.Data, out var state) && state.IsInitialized)
            minBalance = _env.RentCollector.Rent.MinimumBalance(NonceState.Size);
        else return new TransactionError(TransactionErrorKind.InvalidAccountForFee);
        if (payer.Lamports < minBalance || payer.Lamports - minBalance < fee)
            return new TransactionError(TransactionErrorKind.InsufficientFundsForFee);
        var pre = _env.RentCollector.GetRentState(payer);
        payer.Lamports -= fee;
        var post = _env.RentCollector.GetRentState(payer);
        if (key != ProgramIds.Incinerator && !RentCollector.TransitionAllowed(pre, post))
            return new TransactionError(TransactionErrorKind.InsufficientFundsForRent, 0);
        return null;
    }

    private sealed record NonceInfo(Pubkey Address, Account Account);

    private static TransactionAccount[] BuildRollback(NonceInfo? nonce, in Pubkey feePayerKey, Account feePayer, ulong rentDebit, ulong loadedRentEpoch)
    {
        var payer = feePayer.Clone();
        payer.Lamports += rentDebit;
        if (nonce == null)
        {
            payer.RentEpoch = loadedRentEpoch;
            return [new TransactionAccount(feePayerKey, payer)];
        }
        if (nonce.Address == feePayerKey)
        {
            payer.SetData(nonce.Account.Data);
            return [new TransactionAccount(feePayerKey, payer)];
        }
        return [new TransactionAccount(nonce.Address, nonce.Account.Clone()), new TransactionAccount(feePayerKey, payer)];
    }

    /// <summary>
    /// Agave's <c>check_load_and_advance_message_nonce_account</c>: instruction 0 must be a System
    /// AdvanceNonceAccount on a writable, system-owned, current-version nonce holding the transaction's
    /// blockhash, signed by the nonce authority, and the nonce must be able to advance.
    /// </summary>
    private bool TryLoadAndAdvanceNonce(Message message, Pubkey[] keys, bool[] writable, out NonceInfo? nonce, out ulong lamportsPerSignature)
    {
        nonce = null;
        lamportsPerSignature = 0;
        var nextDurable = NonceState.DurableNonceFrom(_env.LastBlockhash);
        if (message.RecentBlockhash == nextDurable) return false;
        if (message.InstructionCount == 0) return false;
        var ix = message.GetInstruction(0);
        if (keys[ix.ProgramIdIndex] != ProgramIds.System) return false;
        if (ix.Data.Length < 4 || global::System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(ix.Data) != (uint)SystemInstructionKind.AdvanceNonceAccount) return false;
        if (ix.Accounts.Length == 0 || !writable[ix.Accounts[0]]) return false;
        var address = keys[ix.Accounts[0]];
        var source = _env.GetAccount(address);
        if (source == null || source.Owner != ProgramIds.System) return false;
        if (!NonceState.TryRead(source.Data, out var state) || !state.IsCurrentVersion || !state.IsInitialized) return false;
        if (state.DurableNonce != message.RecentBlockhash) return false;
        var authorized = false;
        foreach (var index in ix.Accounts)
            if (message.IsSigner(index) && keys[index] == state.Authority) { authorized = true; break; }
        if (!authorized) return false;
        var account = Clone(source);
        var advanced = NonceState.Initialized(state.Authority, nextDurable, _env.LastLamportsPerSignature).Serialize();
        if (advanced.Length > account.DataLength) return false;
        advanced.CopyTo(account.DataMut);
        lamportsPerSignature = state.LamportsPerSignature;
        nonce = new NonceInfo(address, account);
        return true;
    }

    private TransactionError? LoadAccounts(Message message, Pubkey[] keys, bool[] writable, Account feePayer, in ComputeBudgetLimits limits,
        out TransactionAccount[] accounts, out ushort[][] programIndices, out uint dataSize, out ulong rentCollected)
    {
        accounts = new TransactionAccount[keys.Length];
        programIndices = [];
        dataSize = 0;
        rentCollected = 0;
        var limit = limits.LoadedAccountsBytes;
        var rentFeesDisabled = Features.IsActive(FeatureId.DisableRentFeesCollection);

        TransactionError? Accumulate(ref uint total, long size)
        {
            if (size > uint.MaxValue) return new TransactionError(TransactionErrorKind.MaxLoadedAccountsDataSizeExceeded);
            total = (uint)Math.Min(uint.MaxValue, (ulong)total + (ulong)size);
            return total > limit ? new TransactionError(TransactionErrorKind.MaxLoadedAccountsDataSizeExceeded) : null;
        }

        var size = 0u;
        var error = Accumulate(ref size, feePayer.DataLength);
        if (error != null) { dataSize = size; return error; }
        accounts[0] = new TransactionAccount(keys[0], feePayer);
        // A read-only account no instruction lists (only invoked as a program) is unreachable by programs and never
        // written, so the bank's own object is used instead of a copy: program accounts of loader v1/v2 hold the whole
        // ELF, and copying it for every transaction was most of the allocation volume of a token transfer.
        Span<bool> listed = stackalloc bool[keys.Length];
        for (var i = 0; i < message.InstructionCount; i++)
            foreach (var index in message.GetInstructionAccounts(i))
                if (index < listed.Length) listed[index] = true;
        for (var i = 1; i < keys.Length; i++)
        {
            Account account;
            int loadedSize;
            if (keys[i] == SysvarIds.Instructions)
            {
                account = new Account(0, InstructionsSysvar.Build(message, message.GetAccountKeys(new LoadedAddresses(keys[message.StaticAccountKeyCount..(message.StaticAccountKeyCount + message.LookupWritableCount)], keys[(message.StaticAccountKeyCount + message.LookupWritableCount)..])), writable), SysvarIds.Owner);
                loadedSize = 0;
            }
            else if (_env.GetAccount(keys[i]) is { Lamports: > 0 } source)
            {
                account = !writable[i] && !listed[i] && source is Account shared ? shared : Clone(source);
                loadedSize = account.DataLength;
                if (writable[i]) rentCollected += _env.RentCollector.Collect(keys[i], account, rentFeesDisabled);
            }
            else
            {
                account = new Account { RentEpoch = RentCollector.RentExemptRentEpoch };
                loadedSize = 0;
            }
            if ((error = Accumulate(ref size, loadedSize)) != null) { dataSize = size; return error; }
            accounts[i] = new TransactionAccount(keys[i], account);
        }

        var removeExecutableChecks = Features.IsActive(FeatureId.RemoveAccountsExecutableFlagChecks);
        var validatedLoaders = new HashSet<Pubkey>();
        programIndices = new ushort[message.InstructionCount][];
        for (var i = 0; i < message.InstructionCount; i++)
        {
            var programIndex = message.Instructions[i].ProgramIdIndex;
            var programId = keys[programIndex];
            if (programId == ProgramIds.NativeLoader)
            {
                programIndices[i] = [];
                continue;
            }
            var program = _env.GetAccount(programId);
            if (program == null || program.Lamports == 0)
            {
                dataSize = size;
                return new TransactionError(TransactionErrorKind.ProgramAccountNotFound);
            }
            if (!removeExecutableChecks && !program.Executable)
            {
                dataSize = size;
                return new TransactionError(TransactionErrorKind.InvalidProgramForExecution);
            }
            programIndices[i] = [programIndex];
            var owner = program.Owner;
            if (owner == ProgramIds.NativeLoader || validatedLoaders.Contains(owner)) continue;
            var ownerAccount = _env.GetAccount(owner);
            if (ownerAccount == null || ownerAccount.Lamports == 0)
            {
                dataSize = size;
                return new TransactionError(TransactionErrorKind.ProgramAccountNotFound);
            }
            if (ownerAccount.Owner != ProgramIds.NativeLoader || (!removeExecutableChecks && !ownerAccount.Executable))
            {
                dataSize = size;
                return new TransactionError(TransactionErrorKind.InvalidProgramForExecution);
            }
            if ((error = Accumulate(ref size, ownerAccount.Data.Length)) != null) { dataSize = size; return error; }
            validatedLoaders.Add(owner);
        }
        dataSize = size;
        return null;
    }
}
