using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Programs.Bpf;

/// <summary>
/// Agave 2.2's reading of a VM store fault under <c>bpf_account_data_direct_mapping</c> (bpf_loader
/// <c>execute</c>): a store access violation inside an account's data or realloc area means the program
/// wrote data it may not change, reported as the instruction error that names why.
/// </summary>
internal static class AccountDataWriteFault
{
    /// <summary>
    /// The instruction error for <paramref name="error"/>, or null when it is not a store access violation
    /// in the data (plus realloc area, except for the deprecated loader) of one of <paramref name="accounts"/>.
    /// The first instruction account whose range holds the address is the one judged.
    /// </summary>
    public static InstructionError? Classify(TransactionContext tx, VmError error,
        IReadOnlyList<SerializedAccountMetadata> accounts, bool isLoaderDeprecated)
    {
        if (error.Kind != VmErrorKind.AccessViolation || error.AccessType != AccessType.Store) return null;
        ulong reallocArea = isLoaderDeprecated ? 0UL : AccountLimits.MaxPermittedDataIncrease;
        for (int i = 0; i < accounts.Count; i++)
        {
            ulong start = accounts[i].VmDataAddr;
            ulong end = SaturatingAdd(SaturatingAdd(start, accounts[i].OriginalDataLength), reallocArea);
            if (error.Address < start || error.Address >= end) continue;
            using var account = tx.BorrowInstructionAccount(tx.CurrentInstructionContext, i, out var borrowError);
            if (borrowError != null) return borrowError;
            if (!tx.RemoveAccountsExecutableFlagChecks && account.Executable) return new InstructionError(InstructionErrorKind.ExecutableDataModified);
            return new InstructionError(account.IsWritable ? InstructionErrorKind.ExternalAccountDataModified : InstructionErrorKind.ReadonlyDataModified);
        }
        return null;
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
}
