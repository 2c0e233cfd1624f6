using Stratus.Core.Accounts;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// The fixture inputs serialized in every mode and read back through VM memory the way a program
/// reads its input: whatever the mode, the program must see the same accounts, instruction data and
/// program id. Agave 2.2 direct mapping must also present exactly the copy-mode bytes at the same
/// addresses (it only moves where they live on the host).
/// </summary>
public class LayoutConsistencyTests
{
    public static TheoryData<string> Names() => SerializationFixture.Names();

    public static readonly (string Name, SerializationOptions Options)[] Modes =
    [
        ("copy", new SerializationOptions { MaskOutRentEpoch = true }),
        ("2.2 direct mapping", new SerializationOptions { MaskOutRentEpoch = true, BpfAccountDataDirectMapping = true }),
        ("split copy", new SerializationOptions { MaskOutRentEpoch = true, VirtualAddressSpaceAdjustments = true }),
        ("split direct", new SerializationOptions { MaskOutRentEpoch = true, VirtualAddressSpaceAdjustments = true, AccountDataDirectMapping = true }),
        ("copy + pointers", new SerializationOptions { MaskOutRentEpoch = true, DirectAccountPointersInProgramInput = true }),
        ("split direct + pointers", new SerializationOptions
        {
            MaskOutRentEpoch = true, VirtualAddressSpaceAdjustments = true, AccountDataDirectMapping = true, DirectAccountPointersInProgramInput = true,
        }),
    ];

    [SharedTheory(SerializationFixture.RelativePath)]
    [MemberData(nameof(Names))]
    public void Every_mode_presents_the_same_accounts_to_the_program(string name)
    {
        var fixture = SerializationFixture.Get(name);
        foreach (var (modeName, options) in Modes)
        {
            var accounts = fixture.CreateTransactionAccounts();
            var invocation = new InstructionInvocation(accounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout);
            Assert.Null(InputSerializer.Serialize(invocation, options, out var input));
            using var vm = new TestVm(input!);
            var view = ProgramInputReader.Read(vm, fixture.Layout);

            Assert.Equal(fixture.InstructionData, view.InstructionData);
            Assert.Equal(fixture.ProgramId, view.ProgramId);
            Assert.Equal(fixture.InstructionAccounts.Length, view.Accounts.Count);
            for (int i = 0; i < view.Accounts.Count; i++)
            {
                var seen = view.Accounts[i];
                int first = Array.FindIndex(fixture.InstructionAccounts, a => a.IndexInTransaction == fixture.InstructionAccounts[i].IndexInTransaction);
                var ix = fixture.InstructionAccounts[first];
                var expected = fixture.Accounts[ix.IndexInTransaction];
                string where = $"{name} [{modeName}] account {i}";
                Assert.True((first == i ? -1 : first) == seen.DuplicateOf, where + " duplicate marker");
                Assert.True(expected.Key == seen.Key, where + " key");
                Assert.True(expected.Owner == seen.Owner, where + " owner");
                Assert.True(expected.Lamports == seen.Lamports, where + " lamports");
                Assert.True(expected.Data.AsSpan().SequenceEqual(seen.Data), where + " data");
                Assert.True(expected.Executable == seen.Executable, where + " executable");
                Assert.True(ulong.MaxValue == seen.RentEpoch, where + " rent epoch");
                Assert.True(ix.IsSigner == seen.IsSigner && ix.IsWritable == seen.IsWritable, where + " flags");
                if (fixture.Layout == InputLayout.Aligned)
                    Assert.True(input!.Accounts[i].VmAddr == view.Accounts[first].EntryAddress, where + " entry address");
            }

            if (fixture.Layout == InputLayout.Aligned && options.DirectAccountPointersInProgramInput)
            {
                // SIMD-0449: an 8-aligned table of entry addresses follows the program id.
                ulong table = view.EndAddress + (ulong)InputSerializer.AlignOffset(view.EndAddress);
                for (int i = 0; i < view.Accounts.Count; i++)
                {
                    int first = view.Accounts[i].DuplicateOf < 0 ? i : view.Accounts[i].DuplicateOf;
                    Assert.Equal(view.Accounts[first].EntryAddress, vm.ReadU64(table + 8 * (ulong)i));
                }
            }
        }
    }

    [SharedTheory(SerializationFixture.RelativePath)]
    [MemberData(nameof(Names))]
    public void Agave_2_2_direct_mapping_shows_the_copy_layout_bytes(string name)
    {
        var fixture = SerializationFixture.Get(name);
        var copyOptions = new SerializationOptions { MaskOutRentEpoch = true };
        var directOptions = copyOptions with { BpfAccountDataDirectMapping = true };
        var copyAccounts = fixture.CreateTransactionAccounts();
        var directAccounts = fixture.CreateTransactionAccounts();
        Assert.Null(InputSerializer.Serialize(new InstructionInvocation(copyAccounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout), copyOptions, out var copy));
        Assert.Null(InputSerializer.Serialize(new InstructionInvocation(directAccounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout), directOptions, out var direct));

        if (!fixture.IsPostAgave22)
            Assert.Equal(fixture.Buffer, copy!.Buffer);
        Assert.Single(copy!.Regions);

        // Regions tile the input without gaps and, joined, are the copy-mode buffer.
        var joined = new List<byte>();
        ulong next = MemoryLayout.InputStart;
        foreach (var region in direct!.Regions)
        {
            Assert.Equal(next, region.VmAddr);
            Assert.Equal((ulong)region.Length, region.AddressSpaceReserved);
            joined.AddRange(region.Span.ToArray());
            next += (ulong)region.Length;
        }
        Assert.Equal(copy.Buffer, joined.ToArray());
        Assert.Equal(copy.Accounts, direct.Accounts);
        Assert.Equal(copy.InstructionDataAddress, direct.InstructionDataAddress);

        // Data regions map the accounts' own buffers; data and realloc regions are writable exactly
        // when the program may change the account's data.
        for (int r = 0; r < direct.Regions.Count; r++)
        {
            var region = direct.Regions[r];
            if (region.AccountIndex < 0) continue;
            var ix = fixture.InstructionAccounts[region.AccountIndex];
            var account = directAccounts[ix.IndexInTransaction].Account;
            bool canChange = ix.IsWritable && account.Owner == fixture.ProgramId;
            Assert.Same(account.DataBuffer, region.Host);
            Assert.Equal(canChange, region.Writable);
            if (fixture.Layout == InputLayout.Aligned)
            {
                var realloc = direct.Regions[r + 1];
                Assert.Equal(canChange, realloc.Writable);
                Assert.Equal(AccountLimits.MaxPermittedDataIncrease + InputSerializer.AlignOffset((ulong)account.DataLength), realloc.Length);
            }
        }
    }
}
