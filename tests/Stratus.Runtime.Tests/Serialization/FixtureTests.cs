using Stratus.Core.Accounts;
using Stratus.Runtime.Serialization;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// Every case of Firedancer's BPF-loader serialization fixtures (generated against Agave), checked in
/// full: result, buffer bytes, region list (address, length, writability, bytes), instruction-data
/// address and every metadata field. Cases whose flags name a post-2.2 layout run with those layouts.
/// </summary>
public class FixtureTests
{
    public static TheoryData<string> Names() => SerializationFixture.Names();

    [SharedTheory(SerializationFixture.RelativePath)]
    [MemberData(nameof(Names))]
    public void Case_matches_fixture(string name)
    {
        var fixture = SerializationFixture.Get(name);
        var accounts = fixture.CreateTransactionAccounts();
        var invocation = new InstructionInvocation(accounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout);

        var error = InputSerializer.Serialize(invocation, fixture.Options, out var input);

        Assert.Equal(0, fixture.Result); // every case in the file expects success
        Assert.Null(error);
        AssertMatches(fixture, input!);
    }

    [SharedFact(SerializationFixture.RelativePath)]
    public void File_has_169_cases_and_all_are_asserted()
    {
        var all = SerializationFixture.All;
        Assert.Equal(169, all.Count);
        Assert.Equal(all.Count, all.Select(f => f.Name).Distinct().Count());
        Assert.Equal(169, ((IEnumerable<object[]>)Names()).Count());
        // 30 plain cases describe Agave 2.2 itself (mask_out_rent_epoch on, no post-2.2 layout).
        Assert.Equal(30, all.Count(f => !f.IsPostAgave22));
    }

    /// <summary>
    /// The plain cases also describe the unaligned layout under Agave 2.2's own direct mapping: in the
    /// deprecated loader it splits the same way the post-2.2 direct mapping does (no realloc area), so the
    /// deprecated "_dm" cases must come out identical from the 2.2 path.
    /// </summary>
    [SharedFact(SerializationFixture.RelativePath)]
    public void Deprecated_direct_mapping_cases_match_agave_2_2_direct_mapping()
    {
        var cases = SerializationFixture.All
            .Where(f => f.IsDeprecatedLoader && f.AccountDataDirectMapping && f.VirtualAddressSpaceAdjustments && !f.DirectAccountPointers)
            .ToList();
        Assert.Equal(12, cases.Count);
        foreach (var fixture in cases)
        {
            var accounts = fixture.CreateTransactionAccounts();
            var invocation = new InstructionInvocation(accounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout);
            var options = new SerializationOptions
            {
                MaskOutRentEpoch = true,
                BpfAccountDataDirectMapping = true,
                RemoveAccountsExecutableFlagChecks = true,
            };
            Assert.Null(InputSerializer.Serialize(invocation, options, out var input));
            AssertMatches(fixture, input!);
        }
    }

    /// <summary>
    /// After serialization, deserializing the untouched input changes nothing in any mode: every
    /// account keeps its fields and the resize budget is untouched.
    /// </summary>
    [SharedTheory(SerializationFixture.RelativePath)]
    [MemberData(nameof(Names))]
    public void Untouched_input_deserializes_to_the_same_accounts(string name)
    {
        var fixture = SerializationFixture.Get(name);
        var accounts = fixture.CreateTransactionAccounts();
        var before = accounts.Select(a => a.Account.Clone()).ToArray();
        var invocation = new InstructionInvocation(accounts, fixture.InstructionAccounts, fixture.InstructionData, fixture.ProgramId, fixture.Layout);
        Assert.Null(InputSerializer.Serialize(invocation, fixture.Options, out var input));

        long delta = 0;
        Assert.Null(InputDeserializer.Deserialize(invocation, input!, ref delta));

        Assert.Equal(0, delta);
        for (int i = 0; i < accounts.Length; i++)
            Assert.Equal(before[i], accounts[i].Account);
    }

    internal static void AssertMatches(SerializationFixture fixture, SerializedInput input)
    {
        AssertBytes("buffer", fixture.Buffer, input.Buffer);
        Assert.Equal(fixture.InstructionDataOffset, input.InstructionDataAddress);

        var regions = input.Regions;
        Assert.True(fixture.Regions.Length == regions.Count,
            $"{fixture.Name}: {regions.Count} regions, expected {fixture.Regions.Length}: "
            + string.Join(", ", regions.Select(r => $"0x{r.VmAddr:x}+{r.Length}{(r.Writable ? "w" : "r")}")));
        for (int i = 0; i < regions.Count; i++)
        {
            var expected = fixture.Regions[i];
            var actual = regions[i];
            Assert.True(expected.VmAddr == actual.VmAddr, $"{fixture.Name}: region {i} at 0x{actual.VmAddr:x}, expected 0x{expected.VmAddr:x}");
            Assert.True(expected.Writable == actual.Writable, $"{fixture.Name}: region {i} writable={actual.Writable}, expected {expected.Writable}");
            AssertBytes($"region {i}", expected.Data, actual.Span);
        }

        Assert.Equal(fixture.Metadata.Length, input.Accounts.Count);
        for (int i = 0; i < fixture.Metadata.Length; i++)
        {
            var expected = fixture.Metadata[i];
            var actual = input.Accounts[i];
            Assert.Equal(expected.OriginalDataLength, actual.OriginalDataLength);
            if (expected.VmAddr is { } vmAddr) Assert.Equal(vmAddr, actual.VmAddr);
            Assert.Equal(expected.VmKeyAddr, actual.VmKeyAddr);
            Assert.Equal(expected.VmLamportsAddr, actual.VmLamportsAddr);
            Assert.Equal(expected.VmOwnerAddr, actual.VmOwnerAddr);
            Assert.Equal(expected.VmDataAddr, actual.VmDataAddr);
        }
    }

    private static void AssertBytes(string what, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (expected.SequenceEqual(actual)) return;
        int at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at]) at++;
        Assert.Fail($"{what}: length {actual.Length} (expected {expected.Length}), first difference at offset {at}");
    }
}
