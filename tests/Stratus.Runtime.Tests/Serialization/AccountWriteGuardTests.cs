using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>The order and outcome of Agave 2.2 <c>BorrowedAccount</c> checks, one setter at a time.</summary>
public class AccountWriteGuardTests
{
    private static readonly Pubkey Program = Scenario.ProgramId;
    private static readonly Pubkey Foreign = Scenario.Foreign;

    private static InstructionErrorKind? Apply(Account account, bool writable, Func<AccountWriteGuard, InstructionErrorKind?> action,
        bool removeExecutableChecks = false, long delta = 0)
    {
        var guard = new AccountWriteGuard(account, Program, writable, removeExecutableChecks, ref delta);
        return action(guard);
    }

    [Fact]
    public void Lamports_rules_in_agave_order()
    {
        // A foreign spend is reported before the read-only and executable checks.
        Assert.Equal(InstructionErrorKind.ExternalAccountLamportSpend,
            Apply(new Account(10, [], Foreign, executable: true), false, g => g.SetLamports(9)));
        Assert.Equal(InstructionErrorKind.ReadonlyLamportChange,
            Apply(new Account(10, [], Foreign, executable: true), false, g => g.SetLamports(11)));
        Assert.Equal(InstructionErrorKind.ExecutableLamportChange,
            Apply(new Account(10, [], Program, executable: true), true, g => g.SetLamports(11)));
        Assert.Null(Apply(new Account(10, [], Program, executable: true), true, g => g.SetLamports(11), removeExecutableChecks: true));
        var account = new Account(10, [], Foreign);
        Assert.Null(Apply(account, true, g => g.SetLamports(12)));
        Assert.Equal(12UL, account.Lamports);
    }

    [Fact]
    public void Data_change_rules_in_agave_order()
    {
        Assert.Equal(InstructionErrorKind.ExecutableDataModified,
            Apply(new Account(0, [1], Foreign, executable: true), false, g => g.CanDataBeChanged()));
        Assert.Equal(InstructionErrorKind.ReadonlyDataModified,
            Apply(new Account(0, [1], Foreign), false, g => g.CanDataBeChanged()));
        Assert.Equal(InstructionErrorKind.ExternalAccountDataModified,
            Apply(new Account(0, [1], Foreign), true, g => g.CanDataBeChanged()));
        Assert.Null(Apply(new Account(0, [1], Program), true, g => g.CanDataBeChanged()));
    }

    [Fact]
    public void Resize_rules_come_before_change_rules()
    {
        Assert.Equal(InstructionErrorKind.AccountDataSizeChanged,
            Apply(new Account(0, [1], Foreign), false, g => g.SetDataFromSlice([1, 2])));
        Assert.Equal(InstructionErrorKind.ExternalAccountDataModified,
            Apply(new Account(0, [1], Foreign), true, g => g.SetDataFromSlice([2])));
        Assert.Equal(InstructionErrorKind.InvalidRealloc,
            Apply(new Account(0, [1], Program), true, g => g.SetDataLength(AccountLimits.MaxPermittedDataLength + 1UL)));
        Assert.Equal(InstructionErrorKind.MaxAccountsDataAllocationsExceeded,
            Apply(new Account(0, [1], Program), true, g => g.SetDataLength(3), delta: AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction - 1));
        Assert.Equal(InstructionErrorKind.ReadonlyDataModified,
            Apply(new Account(0, [1], Program), false, g => g.SetDataLength(2)));
    }

    [Fact]
    public void Resizes_update_the_transaction_delta()
    {
        long delta = 5;
        var account = new Account(0, [1, 2, 3], Program);
        var guard = new AccountWriteGuard(account, Program, true, false, ref delta);
        Assert.Null(guard.SetDataLength(10));
        Assert.Equal(12, delta);
        Assert.Null(guard.SetDataFromSlice([9]));
        Assert.Equal(3, delta);
        Assert.Equal(new byte[] { 9 }, account.Data.ToArray());
        Assert.Null(guard.SetDataLength(1)); // unchanged length: no effect
        Assert.Equal(3, delta);
    }

    [Fact]
    public void Owner_rules_all_report_modified_program_id()
    {
        Assert.Equal(InstructionErrorKind.ModifiedProgramId, Apply(new Account(0, [], Foreign), true, g => g.SetOwner(Program)));
        Assert.Equal(InstructionErrorKind.ModifiedProgramId, Apply(new Account(0, [], Program), false, g => g.SetOwner(Foreign)));
        Assert.Equal(InstructionErrorKind.ModifiedProgramId, Apply(new Account(0, [], Program, executable: true), true, g => g.SetOwner(Foreign)));
        Assert.Equal(InstructionErrorKind.ModifiedProgramId, Apply(new Account(0, [0, 1], Program), true, g => g.SetOwner(Foreign)));
        var account = new Account(0, [0, 0], Program);
        Assert.Null(Apply(account, true, g => g.SetOwner(Foreign)));
        Assert.Equal(Foreign, account.Owner);
    }
}
