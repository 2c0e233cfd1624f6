using System.Buffers.Binary;
using Google.Protobuf;
using Stratus.Conformance.Protos;
using Stratus.Conformance.Runners;
using Stratus.Core;

namespace Stratus.Conformance.Tests.ExecFixtures;

/// <summary>
/// The instruction and transaction runners on small hand-built fixtures: a system transfer (150 compute units, the
/// System program's fixed cost in Agave 2.2), contexts the harness refuses, and mutated bytes, which must give a
/// result and never an unhandled exception.
/// </summary>
public class ExecFixtureRunnerTests
{
    private static readonly Pubkey From = Key(1), To = Key(2);
    private static readonly ProtobufFixtureRunner Runner = new(DefaultRunners.KindRunners());

    private static Pubkey Key(byte b)
    {
        var bytes = new byte[32];
        bytes[0] = b;
        bytes[31] = 7;
        return new Pubkey(bytes);
    }

    private static AcctState State(Pubkey key, ulong lamports, Pubkey owner, byte[]? data = null, bool executable = false) => new()
    {
        Address = ByteString.CopyFrom(key.AsSpan()),
        Lamports = lamports,
        Owner = ByteString.CopyFrom(owner.AsSpan()),
        Data = ByteString.CopyFrom(data ?? []),
        Executable = executable,
    };

    private static byte[] TransferData(ulong lamports)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 2);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        return data;
    }

    internal static InstrFixture Transfer(ulong amount, ulong balance = 1_000_000)
    {
        var system = State(ProgramIds.System, 1, ProgramIds.NativeLoader, "system_program"u8.ToArray(), executable: true);
        var ctx = new InstrContext
        {
            ProgramId = ByteString.CopyFrom(ProgramIds.System.AsSpan()),
            Accounts = { State(From, balance, ProgramIds.System), State(To, 0, ProgramIds.System), system },
            InstrAccounts = { new InstrAcct { Index = 0, IsSigner = true, IsWritable = true }, new InstrAcct { Index = 1, IsWritable = true } },
            Data = ByteString.CopyFrom(TransferData(amount)),
            CuAvail = 10_000,
            Features = new FeatureSet(),
        };
        var ok = amount <= balance;
        var effects = new InstrEffects
        {
            CuAvail = 10_000 - 150,
            Result = ok ? 0 : 26, // Custom (SystemError::ResultWithNegativeLamports = 1)
            CustomErr = ok ? 0u : 1u,
            ModifiedAccounts =
            {
                State(From, ok ? balance - amount : balance, ProgramIds.System),
                State(To, ok ? amount : 0, ProgramIds.System),
                system.Clone(),
            },
        };
        return new InstrFixture { Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_instr_execute_v1" }, Input = ctx, Output = effects };
    }

    [Fact]
    public void System_transfer_passes()
    {
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("t", Transfer(250_000).ToByteArray()).Outcome);
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("t", Transfer(2_000_000).ToByteArray()).Outcome);
    }

    [Fact]
    public void Wrong_expectations_fail_naming_each_field()
    {
        var f = Transfer(250_000);
        f.Output.Result = 3;
        f.Output.ModifiedAccounts[1].Lamports = 1;
        f.Output.ReturnData = ByteString.CopyFrom(1, 2);
        var r = Runner.RunBytes("t", f.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Equal([$"modified_accounts[{To}].lamports", "result", "return_data"], r.Diffs!.Select(d => d.Field).Order(StringComparer.Ordinal).ToArray());
        var result = r.Diffs!.Single(d => d.Field == "result");
        Assert.Equal("3 (InvalidInstructionData)", result.Expected);
        Assert.Equal("0 (ok)", result.Actual);
    }

    [Fact]
    public void Older_fixtures_listing_only_changed_accounts_compare()
    {
        var f = Transfer(250_000);
        f.Output.ModifiedAccounts.RemoveAt(2);
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("t", f.ToByteArray()).Outcome);
        f.Output.ModifiedAccounts.RemoveAt(1);
        var r = Runner.RunBytes("t", f.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        var diff = Assert.Single(r.Diffs!);
        Assert.Equal($"modified_accounts[{To}]", diff.Field);
        Assert.Equal("absent", diff.Expected);
    }

    [Fact]
    public void Contexts_the_harness_refuses_fail_with_the_reason()
    {
        var f = Transfer(1);
        f.Input.InstrAccounts[1].Index = 9;
        var r = Runner.RunBytes("t", f.ToByteArray());
        Assert.Equal(CaseOutcome.Failed, r.Outcome);
        Assert.Contains("instruction account 1 indexes account 9 of 3", r.Message);

        f = Transfer(1);
        f.Input.Accounts.RemoveAt(2);
        r = Runner.RunBytes("t", f.ToByteArray());
        Assert.Contains("program id is not among the accounts", r.Message);

        f = Transfer(1);
        f.Input.Features.Features.Add(0x0123456789abcdefUL);
        r = Runner.RunBytes("t", f.ToByteArray());
        Assert.Equal(CaseOutcome.Skipped, r.Outcome);
        Assert.Contains("0x0123456789abcdef", r.Message);
    }

    [Fact]
    public void A_transaction_whose_accounts_are_missing_is_not_executed()
    {
        var payer = Key(3);
        var message = new TransactionMessage
        {
            IsLegacy = true,
            Header = new MessageHeader { NumRequiredSignatures = 1, NumReadonlyUnsignedAccounts = 1 },
            AccountKeys = { ByteString.CopyFrom(payer.AsSpan()), ByteString.CopyFrom(ProgramIds.System.AsSpan()) },
            RecentBlockhash = ByteString.CopyFrom(new byte[32]),
            Instructions = { new Protos.CompiledInstruction { ProgramIdIndex = 1, Accounts = { 0, 0 }, Data = ByteString.CopyFrom(TransferData(1)) } },
        };
        var fixture = new TxnFixture
        {
            Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_txn_execute_v1" },
            Input = new TxnContext { Tx = new SanitizedTransaction { Message = message }, Bank = new TxnBank { Features = new FeatureSet() } },
            Output = new TxnResult { TxnError = 3 }, // AccountNotFound: the fee payer does not exist
        };
        Assert.Equal(CaseOutcome.Passed, Runner.RunBytes("t", fixture.ToByteArray()).Outcome);

        // Funded, the payer pays 5000 per signature and the self-transfer succeeds.
        fixture.Input.AccountSharedData.Add(State(payer, 1_000_000, ProgramIds.System));
        fixture.Output = new TxnResult
        {
            Executed = true,
            ExecutedUnits = 150,
            FeeDetails = new Protos.FeeDetails { TransactionFee = 5000 },
            ModifiedAccounts = { State(payer, 995_000, ProgramIds.System) },
        };
        var r = Runner.RunBytes("t", fixture.ToByteArray());
        Assert.True(r.Outcome == CaseOutcome.Failed && r.Diffs!.Single().Field == "loaded_accounts_data_size", r.Message);
        fixture.Output.LoadedAccountsDataSize = (ulong)"system_program".Length;
        r = Runner.RunBytes("t", fixture.ToByteArray());
        Assert.True(r.Outcome == CaseOutcome.Passed, r.Message + string.Join("; ", (r.Diffs ?? []).Select(d => $"{d.Field}: {d.Expected}/{d.Actual}")));
    }

    [Fact]
    public void Mutated_and_truncated_fixtures_never_throw()
    {
        var rng = new Random(1234);
        var inputs = new List<byte[]> { Transfer(5).ToByteArray(), Transfer(5_000_000).ToByteArray() };
        foreach (var original in inputs)
        {
            for (int i = 0; i < 400; i++)
            {
                var bytes = (byte[])original.Clone();
                for (int k = 0; k < 1 + rng.Next(3); k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                var r = Runner.RunBytes("m", bytes);
                Assert.NotNull(r.Message ?? r.Outcome.ToString());
            }
            for (int n = 0; n < original.Length; n += 7)
                _ = Runner.RunBytes("t", original[..n]);
        }
    }
}
