using System.Text.Json;
using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.Core;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests.ExecFixtures;

/// <summary>
/// Mithril's instruction-level sealevel cases (elfs/mithril-sealevel/*/test_*.json, run by Mithril's TestExecute in
/// pkg/sealevel): a program, its accounts and instruction data, and the program's own log lines. Mithril runs the
/// ELF directly in its interpreter with no features and asserts the VM finishes and the logs match; here the program
/// is loaded (BPF loader v2) into the program cache and the instruction runs through the runtime's invoke pipeline
/// (InstrHarness), which must succeed with the same program log lines and a post-state that makes sense.
/// The program runs at the address its ELF is named after: Mithril's token case passes the system program id as
/// the program id, which its bare interpreter ignores but a runtime cannot (the program would not own the mint).
/// </summary>
public class MithrilSealevelTests
{
    private const string Dir = "elfs/mithril-sealevel";
    private static readonly Pubkey BpfLoader2 = Pubkey.Parse("BPFLoader2111111111111111111111111111111111");

    private sealed record Case(string Name, Pubkey ProgramId, InstrContext Context, IReadOnlyList<string> Logs);

    private static Case Load(string relative)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Require(Path.Combine(Dir, relative))));
        var root = doc.RootElement;
        var elfName = Path.GetFileName(root.GetProperty("Program").GetString()!);
        var programId = Pubkey.Parse(Path.GetFileNameWithoutExtension(elfName));
        var elf = File.ReadAllBytes(SharedData.Require(Path.Combine(Dir, elfName)));
        var p = root.GetProperty("Params");
        var ctx = new InstrContext
        {
            ProgramId = ByteString.CopyFrom(programId.AsSpan()),
            Data = ByteString.CopyFrom(Convert.FromBase64String(p.GetProperty("Data").GetString() ?? "")),
            CuAvail = 200_000,
            Features = new FeatureSet(),
        };
        foreach (var a in p.GetProperty("Accounts").EnumerateArray())
        {
            var index = (uint)ctx.Accounts.Count;
            if (a.GetProperty("IsDuplicate").GetBoolean())
            {
                index = a.GetProperty("DuplicateIndex").GetByte();
            }
            else
            {
                var data = a.TryGetProperty("Data", out var d) && d.GetString() is { } b64 ? Convert.FromBase64String(b64) : [];
                ctx.Accounts.Add(new AcctState
                {
                    Address = ByteString.CopyFrom(Pubkey.Parse(a.GetProperty("Key").GetString()!).AsSpan()),
                    Owner = ByteString.CopyFrom(Pubkey.Parse(a.GetProperty("Owner").GetString()!).AsSpan()),
                    Lamports = a.GetProperty("Lamports").GetUInt64(),
                    Data = ByteString.CopyFrom(data),
                    Executable = a.GetProperty("IsExecutable").GetBoolean(),
                    RentEpoch = a.GetProperty("RentEpoch").GetUInt64(),
                });
            }
            ctx.InstrAccounts.Add(new InstrAcct { Index = index, IsSigner = a.GetProperty("IsSigner").GetBoolean(), IsWritable = a.GetProperty("IsWritable").GetBoolean() });
        }
        ctx.Accounts.Add(new AcctState
        {
            Address = ByteString.CopyFrom(programId.AsSpan()),
            Owner = ByteString.CopyFrom(BpfLoader2.AsSpan()),
            Lamports = 1_000_000_000,
            Data = ByteString.CopyFrom(elf),
            Executable = true,
        });
        var logs = root.TryGetProperty("Logs", out var l) ? l.EnumerateArray().Select(x => x.GetString()!).ToArray() : [];
        return new Case(root.GetProperty("Name").GetString()!, programId, ctx, logs);
    }

    private static (InstrEffects Effects, IReadOnlyList<string> Logs) Run(Case c)
    {
        var outcome = InstrHarness.Run(c.Context);
        Assert.Null(outcome.Unsupported);
        Assert.Null(outcome.Rejected);
        var effects = outcome.Effects!;
        Assert.True(effects.Result == 0, $"{c.Name}: result {InstrFixtureRunner.ResultName(effects.Result)}\n" + string.Join("\n", outcome.Logs));
        // The runtime's own lines frame the program's: invoke first, then what the program logged, then consumed and success.
        Assert.Equal($"Program {c.ProgramId} invoke [1]", outcome.Logs[0]);
        Assert.Equal($"Program {c.ProgramId} success", outcome.Logs[^1]);
        Assert.StartsWith($"Program {c.ProgramId} consumed ", outcome.Logs[^2]);
        Assert.Equal(c.Logs, outcome.Logs.Skip(1).SkipLast(2).ToArray());
        Assert.True(effects.CuAvail < c.Context.CuAvail, "the program consumed no compute units");
        Assert.Equal(c.Context.Accounts.Count, effects.ModifiedAccounts.Count);
        for (int i = 0; i < effects.ModifiedAccounts.Count; i++)
        {
            // No lamports move, nothing changes owner or size.
            Assert.Equal(c.Context.Accounts[i].Address, effects.ModifiedAccounts[i].Address);
            Assert.Equal(c.Context.Accounts[i].Lamports, effects.ModifiedAccounts[i].Lamports);
            Assert.Equal(c.Context.Accounts[i].Owner, effects.ModifiedAccounts[i].Owner);
            Assert.Equal(c.Context.Accounts[i].Data.Length, effects.ModifiedAccounts[i].Data.Length);
        }
        return (effects, outcome.Logs);
    }

    [SharedFact(Dir + "/token/test_initialize_mint.json")]
    public void Token_initialize_mint_succeeds_with_mithrils_logs()
    {
        var c = Load("token/test_initialize_mint.json");
        var (effects, _) = Run(c);
        var input = c.Context.Data.Span;
        var mint = effects.ModifiedAccounts[0].Data.Span;
        // spl-token Mint: COption<Pubkey> mint_authority, u64 supply, u8 decimals, bool is_initialized, COption<Pubkey> freeze.
        Assert.Equal(0, input[0]); // InitializeMint
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, mint[..4].ToArray());
        Assert.Equal(input.Slice(2, 32).ToArray(), mint.Slice(4, 32).ToArray());
        Assert.Equal(0UL, BitConverter.ToUInt64(mint.Slice(36, 8)));
        Assert.Equal(input[1], mint[44]);
        Assert.Equal(1, mint[45]);
        Assert.Equal(input[34], mint[46]); // freeze authority present or not, as requested
        // The rent sysvar is read, not written.
        Assert.Equal(c.Context.Accounts[1].Data, effects.ModifiedAccounts[1].Data);
    }

    [SharedFact(Dir + "/pyth/test_update_price.json")]
    public void Pyth_update_price_succeeds_without_logs()
    {
        var c = Load("pyth/test_update_price.json");
        var (effects, _) = Run(c);
        Assert.Empty(c.Logs);
        // The quote's slot (149254448) is older than the publisher's latest one in the account (149255311): the
        // no-fail variant of upd_price ignores it, so nothing changes.
        Assert.Equal(c.Context.Accounts[1].Data, effects.ModifiedAccounts[1].Data);
        Assert.Equal(c.Context.Accounts[0].Data, effects.ModifiedAccounts[0].Data);
    }

    [SharedFact(Dir + "/pyth/test_update_price.json")]
    public void Pyth_update_price_with_a_fresh_slot_records_the_quote()
    {
        var c = Load("pyth/test_update_price.json");
        // upd_price_no_fail_on_error: version, command, status, unused, price, conf, pub_slot. Publish one slot after
        // the account's valid slot, with the clock there too.
        var bytes = c.Context.Data.ToByteArray();
        var pubSlot = BitConverter.ToUInt64(c.Context.Accounts[1].Data.Span.Slice(32, 8)) + 1;
        BitConverter.TryWriteBytes(bytes.AsSpan(32, 8), pubSlot);
        c.Context.Data = ByteString.CopyFrom(bytes);
        var data = c.Context.Data.Span;
        var clock = new Stratus.Runtime.Sysvars.Clock(pubSlot, 0, 0, 0, 0).Serialize();
        c.Context.Accounts.Add(new AcctState
        {
            Address = ByteString.CopyFrom(SysvarIds.Clock.AsSpan()),
            Owner = ByteString.CopyFrom(SysvarIds.Owner.AsSpan()),
            Lamports = 1,
            Data = ByteString.CopyFrom(clock),
        });
        // The v2 oracle takes the clock as a third instruction account.
        c.Context.InstrAccounts.Add(new InstrAcct { Index = (uint)c.Context.Accounts.Count - 1 });
        var (effects, _) = Run(c);
        var before = c.Context.Accounts[1].Data.Span;
        var after = effects.ModifiedAccounts[1].Data.Span;
        Assert.Equal(before[..8].ToArray(), after[..8].ToArray());
        Assert.False(before.SequenceEqual(after), "the price account is unchanged");
        var price = data.Slice(16, 8).ToArray();
        Assert.True(after.IndexOf(price) >= 0 && before.IndexOf(price) < 0, "the published price is not in the account");
    }
}
