using System.Text;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;
using static Stratus.Runtime.Tests.CpiTests;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Real programs under Agave 2.2's <c>bpf_account_data_direct_mapping</c> (never active on X1, but on
/// under <c>FeatureSet::all_enabled</c>): account data is its own VM region, a store the program may not
/// make faults in the VM and is reported as the account rule it broke, and after a CPI the caller's
/// regions follow the callee's changes (length, realloc area, writability).
/// </summary>
public class DirectMappingTests
{
    private const string Counter = "elfs/litesvm/counter.so";
    private static readonly Pubkey CounterAccount = new(Enumerable.Repeat((byte)41, 32).ToArray());
    private static readonly Pubkey OtherProgram = new(Enumerable.Repeat((byte)42, 32).ToArray());

    /// <summary>Counter's Increment (instruction data [0]) on a 4-byte counter owned by <paramref name="owner"/>.</summary>
    private static TransactionResult Increment(Pubkey owner, bool directMapping, uint start = 0)
    {
        var accounts = ProgramAccounts(Counter);
        accounts[CounterAccount] = new Account(1_000_000_000, BitConverter.GetBytes(start), owner, false, RentCollector.RentExemptRentEpoch);
        Pubkey[] keys = [Payer, CounterAccount, Program];
        return Run(accounts, keys, new MessageHeader(1, 0, 1), new CompiledInstructionSpec(2, [1], [0]), directMapping: directMapping);
    }

    [SharedFact(Counter)]
    public void Owned_account_data_is_written_in_place()
    {
        var result = Increment(Program, directMapping: true, start: 41);
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        var post = result.PostAccounts.Single(a => a.Key == CounterAccount).Account;
        Assert.Equal(42u, BitConverter.ToUInt32(post.Data));
    }

    // Agave's execute(): the store faults in the counter's read-only data region, and the fault is
    // reported as the instruction error (after the meter is depleted, as for any VM fault).
    [SharedFact(Counter)]
    public void Store_into_data_of_an_account_the_program_does_not_own_is_external_account_data_modified()
    {
        var result = Increment(OtherProgram, directMapping: true);
        Assert.Equal("InstructionError(0, ExternalAccountDataModified)", result.Status.ToString());
        Assert.Equal($"Program {Program} failed: instruction modified data of an account it does not own", result.Logs[^1]);
        Assert.DoesNotContain(result.Logs, l => l.Contains("Access violation"));
        Assert.Equal(200_000UL, result.ComputeUnitsConsumed);
    }

    // Without direct mapping the write lands in the copied input and deserialization refuses it: same
    // error, but the program ran to completion so only its own units are charged.
    [SharedFact(Counter)]
    public void Without_direct_mapping_the_same_write_is_refused_by_deserialization()
    {
        var result = Increment(OtherProgram, directMapping: false);
        Assert.Equal("InstructionError(0, ExternalAccountDataModified)", result.Status.ToString());
        Assert.True(result.ComputeUnitsConsumed < 200_000UL, result.ToString());
    }

    private const string WriteToAccount = "elfs/x1-tachyon/svm_tests_example-programs_write-to-account/write_to_account_program.so";

    /// <summary>Agave's SVM example program: [1] sets data[0] = 100, [3, u64 size] reallocs (no zeroing).</summary>
    private static TransactionResult WriteTo(Account target, bool writable, byte[] data, FeatureId? alsoWithout = null)
    {
        var accounts = ProgramAccounts(WriteToAccount);
        accounts[CounterAccount] = target;
        Pubkey[] keys = writable ? [Payer, CounterAccount, Program] : [Payer, Program, CounterAccount];
        var header = new MessageHeader(1, 0, writable ? (byte)1 : (byte)2);
        var ix = writable ? new CompiledInstructionSpec(2, [1], data) : new CompiledInstructionSpec(1, [2], data);
        return Run(accounts, keys, header, ix, directMapping: true, alsoWithout: alsoWithout);
    }

    [SharedFact(WriteToAccount)]
    public void Store_into_data_of_a_read_only_account_is_readonly_data_modified()
    {
        var target = new Account(1_000_000_000, new byte[8], Program, false, RentCollector.RentExemptRentEpoch);
        var result = WriteTo(target, writable: false, [1]);
        Assert.Equal("InstructionError(0, ReadonlyDataModified)", result.Status.ToString());
        Assert.Equal($"Program {Program} failed: instruction modified data of a read-only account", result.Logs[^1]);
        Assert.Equal(200_000UL, result.ComputeUnitsConsumed);
    }

    // Before remove_accounts_executable_flag_checks an executable account's data is frozen, whoever owns it.
    [SharedFact(WriteToAccount)]
    public void Store_into_data_of_an_executable_account_is_executable_data_modified()
    {
        var target = new Account(1_000_000_000, new byte[8], Program, true, RentCollector.RentExemptRentEpoch);
        var result = WriteTo(target, writable: true, [1], FeatureId.RemoveAccountsExecutableFlagChecks);
        Assert.Equal("InstructionError(0, ExecutableDataModified)", result.Status.ToString());
        Assert.Equal(200_000UL, result.ComputeUnitsConsumed); // a VM fault, not a deserialization refusal
    }

    // The program grows its own account into the realloc area (a separate region under direct mapping);
    // deserialization moves those bytes into the account.
    [SharedFact(WriteToAccount)]
    public void Realloc_into_the_realloc_region_grows_the_account()
    {
        var target = new Account(1_000_000_000, [1, 2, 3, 4, 5], Program, false, RentCollector.RentExemptRentEpoch);
        var data = new byte[9];
        data[0] = 3;
        BitConverter.TryWriteBytes(data.AsSpan(1), 1_000UL);
        var result = WriteTo(target, writable: true, data);
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        var post = result.PostAccounts.Single(a => a.Key == CounterAccount).Account;
        Assert.Equal(1_000, post.DataLength);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, post.Data[..5].ToArray());
        Assert.True(post.Data[5..].IndexOfAnyExcept((byte)0) < 0);
    }

    [SharedFact(WriteToAccount)]
    public void Write_to_a_writable_owned_account_goes_straight_to_its_data()
    {
        var target = new Account(1_000_000_000, new byte[3], Program, false, RentCollector.RentExemptRentEpoch);
        var result = WriteTo(target, writable: true, [1]);
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        Assert.Equal(new byte[] { 100, 0, 0 }, result.PostAccounts.Single(a => a.Key == CounterAccount).Account.Data.ToArray());
    }

    // The callee (System Allocate) grows the caller's PDA from 0 to 1,337 bytes: the caller's length
    // fields and realloc area must follow, and deserialization must accept the unchanged length.
    [SharedTheory("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so", "elfs/mithril-sbpf/cpi_rust_to_system_program_allocate.so")]
    [InlineData("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so")]
    [InlineData("elfs/mithril-sbpf/cpi_rust_to_system_program_allocate.so")]
    public void Account_grown_by_the_callee_is_seen_by_the_caller(string elf)
    {
        var accounts = ProgramAccounts(elf);
        var (pda, bump) = FindProgramAddress(Encoding.ASCII.GetBytes("You pass butter"), Program);
        accounts[pda] = new Account(1_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch);
        Pubkey[] keys = [Payer, pda, ProgramIds.System, Program];
        var result = Run(accounts, keys, new MessageHeader(1, 0, 2), new CompiledInstructionSpec(3, [2, 1], [bump]), directMapping: true);
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        var post = result.PostAccounts.Single(a => a.Key == pda).Account;
        Assert.Equal(1337, post.DataLength);
        Assert.True(post.IsDataZeroed());
        Assert.Equal(ProgramIds.System, post.Owner);
    }

    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void C_program_invokes_bpf_program_with_checked_account_info_pointers()
    {
        var accounts = ProgramAccounts("elfs/mithril-sbpf/cpi_c_to_bpf.so");
        var from = new Pubkey(Enumerable.Repeat((byte)31, 32).ToArray());
        var to = new Pubkey(Enumerable.Repeat((byte)32, 32).ToArray());
        accounts[from] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        accounts[to] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        Pubkey[] keys = [Payer, from, to, Program];
        var result = Run(accounts, keys, new MessageHeader(3, 0, 1), new CompiledInstructionSpec(3, [3, 1, 2], [0]), new Rent(0, 0, 0), directMapping: true);
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        Assert.Equal(9_000UL, result.PostAccounts.Single(a => a.Key == from).Account.Lamports);
        Assert.Equal(11_000UL, result.PostAccounts.Single(a => a.Key == to).Account.Lamports);
    }
}
