using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using static Stratus.Runtime.Tests.Serialization.Scenario;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// Serialize → change the input as a program would (guest stores through the VM's memory mapping, or a
/// real SBPF run) → deserialize, in every layout and mode. Expected errors are Agave 2.2's
/// (<c>deserialize_parameters</c> with <c>BorrowedAccount</c>'s rules).
/// </summary>
public class RoundTripTests
{
    public static TheoryData<InputLayout, int> AllModes()
    {
        var data = new TheoryData<InputLayout, int>();
        foreach (var layout in new[] { InputLayout.Aligned, InputLayout.Unaligned })
            for (int m = 0; m < Modes.Length; m++)
                data.Add(layout, m);
        return data;
    }

    public static TheoryData<int> AlignedModes()
    {
        var data = new TheoryData<int>();
        for (int m = 0; m < Modes.Length; m++) data.Add(m);
        return data;
    }

    private static Scenario Make(InputLayout layout, int mode, Action<TransactionAccount[]>? adjust = null) =>
        new(layout, Modes[mode].Options, adjust);

    private static void AssertUnchangedExcept(Scenario s, params int[] changedTransactionIndexes)
    {
        for (int i = 0; i < s.Transaction.Length; i++)
            if (!changedTransactionIndexes.Contains(i))
                Assert.Equal(s.Before[i], s.Transaction[i].Account);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Lamport_transfer_between_owned_accounts_is_applied(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        using (var vm = s.Vm())
        {
            Assert.Null(vm.WriteU64(s.LamportsAddr(A), 900));
            Assert.Null(vm.WriteU64(s.LamportsAddr(B), 600));
        }
        Assert.Null(s.Deserialize());
        Assert.Equal(900UL, s.Account(A).Lamports);
        Assert.Equal(600UL, s.Account(B).Lamports);
        Assert.Equal(0, s.ResizeDelta);
        AssertUnchangedExcept(s, 1, 2);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Data_written_in_place_is_applied(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        using (var vm = s.Vm())
            Assert.Null(vm.Write(s.DataAddr(A) + 1, [0xAA, 0xBB]));
        Assert.Null(s.Deserialize());
        Assert.Equal(new byte[] { 1, 0xAA, 0xBB, 4, 5 }, s.Account(A).Data.ToArray());
        AssertUnchangedExcept(s, 1);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Foreign_account_lamports_may_grow_but_not_shrink(InputLayout layout, int mode)
    {
        var grow = Make(layout, mode);
        using (var vm = grow.Vm()) Assert.Null(vm.WriteU64(grow.LamportsAddr(C), 701));
        Assert.Null(grow.Deserialize());
        Assert.Equal(701UL, grow.Account(C).Lamports);

        var shrink = Make(layout, mode);
        using (var vm = shrink.Vm()) Assert.Null(vm.WriteU64(shrink.LamportsAddr(C), 699));
        Assert.Equal(InstructionErrorKind.ExternalAccountLamportSpend, shrink.Deserialize()?.Kind);
        Assert.Equal(700UL, shrink.Account(C).Lamports);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Readonly_account_lamports_may_not_change(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        using (var vm = s.Vm()) Assert.Null(vm.WriteU64(s.LamportsAddr(R), 301));
        Assert.Equal(InstructionErrorKind.ReadonlyLamportChange, s.Deserialize()?.Kind);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Foreign_or_readonly_data_writes_are_refused(InputLayout layout, int mode)
    {
        foreach (var (position, error) in new[] { (C, InstructionErrorKind.ExternalAccountDataModified), (R, InstructionErrorKind.ReadonlyDataModified) })
        {
            var s = Make(layout, mode);
            using var vm = s.Vm();
            var storeError = vm.Write(s.DataAddr(position), [0x42]);
            if (s.IsCopy)
            {
                // One writable buffer: the program can write, deserialization refuses the change.
                Assert.Null(storeError);
                Assert.Equal(error, s.Deserialize()?.Kind);
            }
            else
            {
                // The account's data region is mapped read-only, so the store itself faults.
                Assert.Equal(VmErrorKind.AccessViolation, storeError?.Kind);
                Assert.Null(s.Deserialize());
            }
            Assert.Equal(s.Before[s.Instruction[position].IndexInTransaction], s.Account(position));
        }
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Writing_foreign_data_back_unchanged_is_not_an_error(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        if (s.IsCopy)
            using (var vm = s.Vm()) Assert.Null(vm.Write(s.DataAddr(C), [9, 9, 9]));
        Assert.Null(s.Deserialize());
        AssertUnchangedExcept(s);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Realloc_up_to_10_KiB_is_applied_with_the_program_bytes(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        ulong grown = 5 + AccountLimits.MaxPermittedDataIncrease;
        using (var vm = s.Vm())
        {
            Assert.Null(vm.WriteU64(s.DataLengthAddr(A), grown));
            var tail = vm.Write(s.DataAddr(A) + 5, [0xC1, 0xC2]);
            var last = vm.Write(s.DataAddr(A) + grown - 1, [0xCF]);
            if (s.IsSplit)
            {
                // Post-2.2 data regions end at the current length; growing into the reserved space is a
                // VM-side feature of those layouts that this memory mapping does not provide.
                Assert.Equal(VmErrorKind.AccessViolation, tail?.Kind);
                Assert.Equal(VmErrorKind.AccessViolation, last?.Kind);
            }
            else
            {
                Assert.Null(tail);
                Assert.Null(last);
            }
        }
        Assert.Null(s.Deserialize());
        var data = s.Account(A).Data;
        Assert.Equal((int)grown, data.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, data[..5].ToArray());
        if (!s.IsSplit)
        {
            Assert.Equal(0xC1, data[5]);
            Assert.Equal(0xC2, data[6]);
            Assert.Equal(0xCF, data[^1]);
            Assert.True(data[7..^1].IndexOfAnyExcept((byte)0) < 0);
        }
        else
        {
            Assert.True(data[5..].IndexOfAnyExcept((byte)0) < 0);
        }
        Assert.Equal(AccountLimits.MaxPermittedDataIncrease, s.ResizeDelta);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Realloc_beyond_10_KiB_is_invalid(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        using (var vm = s.Vm()) Assert.Null(vm.WriteU64(s.DataLengthAddr(A), 5 + AccountLimits.MaxPermittedDataIncrease + 1));
        Assert.Equal(InstructionErrorKind.InvalidRealloc, s.Deserialize()?.Kind);
        Assert.Equal(5, s.Account(A).DataLength);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Data_longer_than_10_MiB_is_invalid(int mode)
    {
        var s = Make(InputLayout.Aligned, mode, tx => tx[1].Account.Resize(AccountLimits.MaxPermittedDataLength));
        using (var vm = s.Vm()) Assert.Null(vm.WriteU64(s.DataLengthAddr(A), AccountLimits.MaxPermittedDataLength + 1UL));
        Assert.Equal(InstructionErrorKind.InvalidRealloc, s.Deserialize()?.Kind);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Shrinking_an_owned_account_truncates_it(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        using (var vm = s.Vm()) Assert.Null(vm.WriteU64(s.DataLengthAddr(A), 2));
        Assert.Null(s.Deserialize());
        Assert.Equal(new byte[] { 1, 2 }, s.Account(A).Data.ToArray());
        Assert.Equal(-3, s.ResizeDelta);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Resizing_foreign_or_readonly_accounts_is_refused(int mode)
    {
        var foreign = Make(InputLayout.Aligned, mode);
        using (var vm = foreign.Vm()) Assert.Null(vm.WriteU64(foreign.DataLengthAddr(C), 4));
        Assert.Equal(InstructionErrorKind.AccountDataSizeChanged, foreign.Deserialize()?.Kind);

        var readOnly = Make(InputLayout.Aligned, mode);
        using (var vm = readOnly.Vm()) Assert.Null(vm.WriteU64(readOnly.DataLengthAddr(R), 3));
        Assert.Equal(InstructionErrorKind.ReadonlyDataModified, readOnly.Deserialize()?.Kind);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Growth_past_the_transaction_budget_is_refused(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        s.ResizeDelta = AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction - 10;
        using (var vm = s.Vm()) Assert.Null(vm.WriteU64(s.DataLengthAddr(A), 5 + 11));
        Assert.Equal(InstructionErrorKind.MaxAccountsDataAllocationsExceeded, s.Deserialize()?.Kind);

        var fits = Make(InputLayout.Aligned, mode);
        fits.ResizeDelta = AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction - 10;
        using (var vm = fits.Vm()) Assert.Null(vm.WriteU64(fits.DataLengthAddr(A), 5 + 10));
        Assert.Null(fits.Deserialize());
        Assert.Equal(AccountLimits.MaxPermittedAccountsDataAllocationsPerTransaction, fits.ResizeDelta);
    }

    [Fact]
    public void Unaligned_layout_ignores_data_length_and_owner_changes()
    {
        foreach (var (name, options) in Modes)
        {
            var s = new Scenario(InputLayout.Unaligned, options);
            using (var vm = s.Vm())
            {
                Assert.Null(vm.WriteU64(s.DataLengthAddr(A), 1));
                Assert.Null(vm.Write(s.OwnerAddr(Z), Foreign.AsSpan()));
            }
            Assert.True(s.Deserialize() == null, name);
            AssertUnchangedExcept(s);
        }
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Owner_of_a_zeroed_owned_account_can_be_reassigned(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        using (var vm = s.Vm()) Assert.Null(vm.Write(s.OwnerAddr(Z), Foreign.AsSpan()));
        Assert.Null(s.Deserialize());
        Assert.Equal(Foreign, s.Account(Z).Owner);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Owner_change_needs_zeroed_data_owned_writable_account(int mode)
    {
        foreach (var position in new[] { A, C, R })
        {
            var s = Make(InputLayout.Aligned, mode);
            using (var vm = s.Vm()) Assert.Null(vm.Write(s.OwnerAddr(position), Key(0xEE).AsSpan()));
            Assert.Equal(InstructionErrorKind.ModifiedProgramId, s.Deserialize()?.Kind);
        }

        // Data is applied before the owner, so zeroing the data in the same run makes reassignment legal.
        var zeroed = Make(InputLayout.Aligned, mode);
        using (var vm = zeroed.Vm())
        {
            Assert.Null(vm.Write(zeroed.DataAddr(A), new byte[5]));
            Assert.Null(vm.Write(zeroed.OwnerAddr(A), Foreign.AsSpan()));
        }
        Assert.Null(zeroed.Deserialize());
        Assert.Equal(Foreign, zeroed.Account(A).Owner);
        Assert.Equal(new byte[5], zeroed.Account(A).Data.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Executable_flag_blocks_writes_until_its_checks_are_removed(InputLayout layout, int mode)
    {
        var options = Modes[mode].Options;
        var strict = new Scenario(layout, options);
        using (var vm = strict.Vm()) Assert.Null(vm.WriteU64(strict.LamportsAddr(E), 901));
        Assert.Equal(InstructionErrorKind.ExecutableLamportChange, strict.Deserialize()?.Kind);

        var strictData = new Scenario(layout, options);
        using (var vm = strictData.Vm())
        {
            var store = vm.Write(strictData.DataAddr(E), [1]);
            if (strictData.IsCopy)
            {
                Assert.Null(store);
                Assert.Equal(InstructionErrorKind.ExecutableDataModified, strictData.Deserialize()?.Kind);
            }
            else
            {
                Assert.Equal(VmErrorKind.AccessViolation, store?.Kind);
            }
        }

        var relaxed = new Scenario(layout, options with { RemoveAccountsExecutableFlagChecks = true });
        using (var vm = relaxed.Vm())
        {
            Assert.Null(vm.WriteU64(relaxed.LamportsAddr(E), 901));
            Assert.Null(vm.Write(relaxed.DataAddr(E), [2]));
        }
        Assert.Null(relaxed.Deserialize());
        Assert.Equal(901UL, relaxed.Account(E).Lamports);
        Assert.Equal(new byte[] { 2 }, relaxed.Account(E).Data.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void First_refused_account_in_instruction_order_is_the_error(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        using (var vm = s.Vm())
        {
            Assert.Null(vm.WriteU64(s.LamportsAddr(A), 990)); // allowed, applied before the failure
            Assert.Null(vm.WriteU64(s.LamportsAddr(C), 1)); // refused: foreign spend
            Assert.Null(vm.WriteU64(s.LamportsAddr(R), 1)); // refused too, but later
        }
        Assert.Equal(InstructionErrorKind.ExternalAccountLamportSpend, s.Deserialize()?.Kind);
        Assert.Equal(990UL, s.Account(A).Lamports);
        Assert.Equal(300UL, s.Account(R).Lamports);
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Lamports_are_checked_before_data(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        if (!s.IsCopy) return; // R's data is not writable through the VM in the mapped modes
        using (var vm = s.Vm())
        {
            Assert.Null(vm.WriteU64(s.LamportsAddr(R), 301));
            Assert.Null(vm.Write(s.DataAddr(R), [0]));
        }
        Assert.Equal(InstructionErrorKind.ReadonlyLamportChange, s.Deserialize()?.Kind);
    }

    [Theory]
    [MemberData(nameof(AlignedModes))]
    public void Duplicate_entries_are_not_read_back(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        // The duplicate of A is the last entry: the 8 bytes before the instruction-data length.
        ulong duplicateEntry = s.Input.InstructionDataAddress - 16;
        using (var vm = s.Vm())
        {
            Assert.Equal(new byte[] { A, 0, 0, 0, 0, 0, 0, 0 }, vm.Read(duplicateEntry, 8));
            Assert.Null(vm.Write(duplicateEntry, [0xFF, 1, 2, 3, 4, 5, 6, 7]));
        }
        Assert.Null(s.Deserialize());
        AssertUnchangedExcept(s);
        Assert.Equal(s.Meta(A), s.Meta(DupA));
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void Rent_epoch_is_masked_only_under_the_feature(InputLayout layout, int mode)
    {
        foreach (bool mask in new[] { false, true })
        {
            var s = new Scenario(layout, Modes[mode].Options with { MaskOutRentEpoch = mask });
            using var vm = s.Vm();
            var view = ProgramInputReader.Read(vm, layout);
            Assert.Equal(mask ? ulong.MaxValue : 7UL, view.Accounts[A].RentEpoch);
            Assert.Equal(mask ? ulong.MaxValue : 0UL, view.Accounts[B].RentEpoch);
        }
    }

    [Theory]
    [MemberData(nameof(AllModes))]
    public void A_real_program_run_transfers_lamports_and_edits_data(InputLayout layout, int mode)
    {
        var s = Make(layout, mode);
        var program = new TestVm.Program()
            .AddU64(s.LamportsAddr(A), -250)
            .AddU64(s.LamportsAddr(B), 250)
            .StoreU8(s.DataAddr(A) + 4, 0x99);
        using (var vm = s.Vm(program))
        {
            var result = vm.Execute();
            Assert.True(result.IsOk, result.ToString());
            Assert.Equal(0UL, result.ReturnValue);
        }
        Assert.Null(s.Deserialize());
        Assert.Equal(750UL, s.Account(A).Lamports);
        Assert.Equal(750UL, s.Account(B).Lamports);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0x99 }, s.Account(A).Data.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_real_program_run_reallocates_into_the_realloc_area(int mode)
    {
        var s = Make(InputLayout.Aligned, mode);
        var program = new TestVm.Program()
            .StoreU64(s.DataLengthAddr(B), 3)
            .StoreU8(s.DataAddr(B) + 0, 0x10)
            .StoreU8(s.DataAddr(B) + 2, 0x30);
        using (var vm = s.Vm(program))
            Assert.True(vm.Execute().IsOk);
        Assert.Null(s.Deserialize());
        Assert.Equal(new byte[] { 0x10, 0, 0x30 }, s.Account(B).Data.ToArray());
        Assert.Equal(3, s.ResizeDelta);
    }

    [Fact]
    public void A_real_program_writing_readonly_data_faults_under_direct_mapping()
    {
        var s = Make(InputLayout.Aligned, 1);
        using var vm = s.Vm(new TestVm.Program().StoreU8(s.DataAddr(R), 1));
        var result = vm.Execute();
        Assert.Equal(VmErrorKind.AccessViolation, result.Error?.Kind);
        Assert.Equal(new byte[] { 4, 4, 4, 4 }, s.Account(R).Data.ToArray());
    }
}
