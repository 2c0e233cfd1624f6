using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;
using Stratus.Core.Transactions;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Transaction fixtures (txn.proto, <c>sol_compat_txn_execute_v1</c>): processes the transaction through
/// <see cref="TxnHarness"/> and compares every TxnResult field the fixture's generation records.
/// </summary>
public sealed class TxnFixtureRunner : IFixtureKindRunner
{
    private readonly IReadOnlySet<string> _ignored;

    public TxnFixtureRunner() : this(new HashSet<string>()) { }

    /// <param name="ignoredFields">
    /// TxnResult fields not compared: only for fixtures made by a converter whose oracle does not record them
    /// (LiteSVM vectors carry no loaded_accounts_data_size, nor the in-transaction state after a failure). Real fixtures
    /// compare everything.
    /// </param>
    internal TxnFixtureRunner(IReadOnlySet<string> ignoredFields) => _ignored = ignoredFields;

    public IReadOnlyCollection<string> Kinds { get; } = [CaseKinds.Txn];

    public CaseResult Run(string id, Recognition recognition, IMessage fixture)
    {
        if (fixture is not TxnFixture f)
            return CaseResult.Fail(recognition.Kind, id, $"unexpected message {fixture.Descriptor.Name} for a transaction fixture");
        if (f.Output == null)
            return CaseResult.Skip(recognition.Kind, id, "fixture has no expected output (the harness produced none)");
        TxnHarness.Outcome outcome;
        try
        {
            outcome = TxnHarness.Run(f.Input);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return CaseResult.Fail(recognition.Kind, id, $"harness threw {e.GetType().Name}: {e.Message}");
        }
        if (outcome.Unsupported != null) return CaseResult.Skip(recognition.Kind, id, "unsupported: " + outcome.Unsupported);
        if (outcome.Result == null)
            return CaseResult.Fail(recognition.Kind, id, $"harness rejects the context ({outcome.Rejected}) but the fixture has a result");
        var diffs = Compare(f.Output, outcome.Result, _ignored);
        if (!diffs.Any) return CaseResult.Pass(recognition.Kind, id);
        var fields = string.Join(", ", diffs.Diffs.Select(d => d.Field).Take(5)) + (diffs.Diffs.Count > 5 ? ", ..." : "");
        return CaseResult.Fail(recognition.Kind, id, "result differs in " + fields, diffs.Diffs);
    }

    internal static DiffList Compare(TxnResult expected, TxnResult actual, IReadOnlySet<string>? ignored = null)
    {
        var d = new DiffList();
        bool Want(string field) => ignored == null || !ignored.Contains(field);
        d.Compare("executed", expected.Executed, actual.Executed);
        d.Compare("txn_error", TxnErrorName(expected.TxnError), TxnErrorName(actual.TxnError));
        d.Compare("instruction_error", InstrFixtureRunner.ResultName((int)expected.InstructionError), InstrFixtureRunner.ResultName((int)actual.InstructionError));
        d.Compare("instruction_error_index", expected.InstructionErrorIndex, (ulong)actual.InstructionErrorIndex);
        d.Compare("custom_error", expected.CustomError, (ulong)actual.CustomError);
        d.Compare("return_data", expected.ReturnData.Span, actual.ReturnData.Span);
        d.Compare("executed_units", expected.ExecutedUnits, actual.ExecutedUnits);
        if (Want("loaded_accounts_data_size")) d.Compare("loaded_accounts_data_size", expected.LoadedAccountsDataSize, actual.LoadedAccountsDataSize);
        d.Compare("fee_details", expected.FeeDetails == null ? "absent" : "present", actual.FeeDetails == null ? "absent" : "present");
        if (expected.FeeDetails != null && actual.FeeDetails != null)
        {
            d.Compare("fee_details.transaction_fee", expected.FeeDetails.TransactionFee, actual.FeeDetails.TransactionFee);
            d.Compare("fee_details.prioritization_fee", expected.FeeDetails.PrioritizationFee, actual.FeeDetails.PrioritizationFee);
        }

        if (expected.ResultingState != null || expected.IsOk || expected.SanitizationError)
        {
            // Older generations: is_ok / sanitization_error and one resulting_state (the writable accounts as committed).
            d.Compare("is_ok", expected.IsOk, actual.Executed && actual.TxnError == 0);
            d.Compare("sanitization_error", expected.SanitizationError, !actual.Executed);
            var committed = actual.TxnError == 0 ? actual.ModifiedAccounts : actual.RollbackAccounts;
            AccountStateDiff.Compare(d, "resulting_state.acct_states", expected.ResultingState?.AcctStates ?? [], committed);
            return d;
        }
        if (Want("modified_accounts")) AccountStateDiff.Compare(d, "modified_accounts", expected.ModifiedAccounts, actual.ModifiedAccounts);
        AccountStateDiff.Compare(d, "rollback_accounts", expected.RollbackAccounts, actual.RollbackAccounts);
        return d;
    }

    /// <summary>The txn_error code with the TransactionError it stands for (code = ordinal + 1).</summary>
    public static string TxnErrorName(uint code) =>
        code == 0 ? "0 (ok)"
        : Enum.IsDefined(typeof(TransactionErrorKind), code - 1) ? $"{code} ({(TransactionErrorKind)(code - 1)})"
        : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
