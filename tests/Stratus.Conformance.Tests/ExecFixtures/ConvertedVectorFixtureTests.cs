using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.Conformance.Tests.Vectors;
using Stratus.Conformance.Vectors;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.ExecFixtures;

/// <summary>
/// The instruction and transaction fixture runners against LiteSVM's answers: every vector LiteSvmVectorRunner passes
/// is converted to a TxnFixture (and, for single-instruction ones, an InstrFixture) wherever the vector determines the
/// expected effects; each converted fixture must pass through the protobuf fixture runner, and a mutated copy must fail
/// naming the mutated field.
/// </summary>
public class ConvertedVectorFixtureTests
{
    private static readonly Lazy<IReadOnlyList<(string Id, LiteSvmVector Vector)>> s_passing = new(() =>
    {
        var runner = new LiteSvmVectorRunner(_ => SharedData.DataPath(""), isCi: SharedData.IsCi);
        return VectorFiles.All
            .Where(v => runner.RunVector(v.Path, v.Vector).Outcome == CaseOutcome.Passed)
            .Select(v => (v.Vector.Id, v.Vector))
            .ToArray();
    });

    private static VectorFixtureConverter Converter() => new(new DirectoryElfSource(SharedData.DataPath("")));

    // LiteSVM vectors carry no loaded_accounts_data_size; modified_accounts only where the vector determines them.
    private static ProtobufFixtureRunner FixtureRunner(bool accountsKnown = true) =>
        accountsKnown
            ? new([new InstrFixtureRunner(), new TxnFixtureRunner(new HashSet<string> { "loaded_accounts_data_size" })])
            : new([new InstrFixtureRunner(new HashSet<string> { "modified_accounts" }), new TxnFixtureRunner(new HashSet<string> { "loaded_accounts_data_size", "modified_accounts" })]);

    [SharedFact("elfs/litesvm")]
    public void Converted_transaction_fixtures_pass_and_mutations_fail()
    {
        var converter = Converter();
        var failures = new List<string>();
        int converted = 0, withAccounts = 0, instructionErrors = 0, notExecuted = 0;
        foreach (var (id, vector) in s_passing.Value)
        {
            var fixture = converter.ToTxn(vector, out _, out var accountsKnown);
            if (fixture == null) continue;
            var runner = FixtureRunner(accountsKnown);
            converted++;
            if (fixture.Output.ModifiedAccounts.Count > 0) withAccounts++;
            if (fixture.Output.InstructionError != 0) instructionErrors++;
            if (!fixture.Output.Executed) notExecuted++;
            var r = runner.RunBytes(id, fixture.ToByteArray());
            if (r.Outcome != CaseOutcome.Passed) { failures.Add(Describe(id, r)); continue; }

            var mutated = fixture.Clone();
            string field;
            if (mutated.Output.ModifiedAccounts.Count > 0) { mutated.Output.ModifiedAccounts[0].Lamports += 1; field = "modified_accounts["; }
            else if (mutated.Output.Executed) { mutated.Output.FeeDetails.TransactionFee += 1; field = "fee_details.transaction_fee"; }
            else { mutated.Output.TxnError += 1; field = "txn_error"; }
            var m = runner.RunBytes(id + "#mutated", mutated.ToByteArray());
            if (m.Outcome != CaseOutcome.Failed || m.Diffs == null || !m.Diffs.Any(d => d.Field.StartsWith(field, StringComparison.Ordinal)))
                failures.Add($"{id}: mutated {field} gave {m.Outcome}: {m.Message}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {converted} converted fixtures:\n" + string.Join("\n", failures.Take(60)));
        var summary = $"{converted} converted, {withAccounts} with modified accounts, {instructionErrors} with an instruction error, {notExecuted} not executed";
        // Floors from the vector set as committed: a converter or runner change that silently drops cases fails here.
        Assert.True(converted >= 640 && withAccounts >= 280 && instructionErrors >= 330 && notExecuted >= 65, summary);
    }

    [SharedFact("elfs/litesvm")]
    public void Converted_instruction_fixtures_pass_and_mutations_fail()
    {
        var converter = Converter();
        var failures = new List<string>();
        int converted = 0, errors = 0, withAccounts = 0;
        var programs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, vector) in s_passing.Value)
        {
            var fixture = converter.ToInstr(vector, out _, out var accountsKnown);
            if (fixture == null) continue;
            var runner = FixtureRunner(accountsKnown);
            converted++;
            if (fixture.Output.Result != 0) errors++;
            if (accountsKnown) withAccounts++;
            programs.Add(new Stratus.Core.Pubkey(fixture.Input.ProgramId.Span).ToString());
            var r = runner.RunBytes(id, fixture.ToByteArray());
            if (r.Outcome != CaseOutcome.Passed) { failures.Add(Describe(id, r)); continue; }

            var mutated = fixture.Clone();
            mutated.Output.CuAvail -= 1;
            var m = runner.RunBytes(id + "#mutated", mutated.ToByteArray());
            if (m.Outcome != CaseOutcome.Failed || m.Diffs?.SingleOrDefault() is not { Field: "cu_avail" } diff
                || diff.Expected != (fixture.Output.CuAvail - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
                failures.Add($"{id}: mutated cu_avail gave {m.Outcome}: {m.Message}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {converted} converted fixtures:\n" + string.Join("\n", failures.Take(60)));
        var summary = $"{converted} converted, {errors} failing, {withAccounts} with accounts compared, {programs.Count} programs: {string.Join(", ", programs)}";
        Assert.True(converted >= 520 && errors >= 300 && withAccounts >= 200 && programs.Count >= 20, summary);
    }

    [SharedFact("elfs/litesvm")]
    public void A_changed_account_byte_is_reported_with_its_offset()
    {
        var converter = Converter();
        var (id, fixture) = s_passing.Value
            .Select(v => (v.Id, Fixture: converter.ToInstr(v.Vector, out _)))
            .First(x => x.Fixture is { Output.Result: 0 } f && f.Output.ModifiedAccounts.Any(a => a.Data.Length > 8 && a.Owner != ProgramIdOwner(f)));
        var mutated = fixture!.Clone();
        var index = mutated.Output.ModifiedAccounts.ToList().FindIndex(a => a.Data.Length > 8);
        var data = mutated.Output.ModifiedAccounts[index].Data.ToByteArray();
        data[5] ^= 0xFF;
        mutated.Output.ModifiedAccounts[index].Data = ByteString.CopyFrom(data);
        var r = FixtureRunner().RunBytes(id, mutated.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        var diff = Assert.Single(r.Diffs!);
        Assert.EndsWith("].data", diff.Field);
        Assert.Contains("at offset 5:", diff.Expected);
        Assert.Contains(AccountStateDiff.Name(mutated.Output.ModifiedAccounts[index].Address), diff.Field);
    }

    private static ByteString ProgramIdOwner(InstrFixture f) => f.Input.ProgramId;

    private static string Describe(string id, CaseResult r) =>
        $"{id}: {r.Outcome} {r.Message}\n  " + string.Join("\n  ", (r.Diffs ?? []).Take(4).Select(d => $"{d.Field}: {d.Expected} / {d.Actual}"));
}
