using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Programs.LoaderV4;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;
using static Stratus.Runtime.Tests.LoaderBank;

namespace Stratus.Runtime.Tests;

/// <summary>Loader v4 end to end with a real ELF: create, write, deploy, cooldown, retract, transfer, finalize, close.</summary>
public class LoaderV4LifecycleTests
{
    private const string Memo = "elfs/litesvm/spl_memo-4.0.0.so";

    private static readonly Pubkey Program = new(Enumerable.Repeat((byte)41, 32).ToArray());
    private static readonly Pubkey NewAuthority = new(Enumerable.Repeat((byte)42, 32).ToArray());

    private static LoaderIx V4(byte[] data, params Meta[] accounts) => new(ProgramIds.LoaderV4, accounts, data);

    private static LoaderIx Unit(LoaderV4InstructionKind kind, params Meta[] extra) =>
        V4(LoaderV4Instruction.Encode(kind), [Meta.W(Program), Meta.S(Authority), .. extra]);

    private static TransactionResult Invoke(LoaderBank bank, string memo = "hi") =>
        bank.Run(new LoaderIx(Program, [], System.Text.Encoding.UTF8.GetBytes(memo)));

    private static LoaderBank Written(byte[] elf)
    {
        var bank = new LoaderBank();
        var size = (ulong)(LoaderV4State.ProgramDataOffset + elf.Length);
        var result = bank.Run(
            CreateAccount(Program, Rent.Default.MinimumBalance(size), 0, ProgramIds.LoaderV4),
            V4(LoaderV4Instruction.EncodeSetProgramLength((uint)elf.Length), Meta.W(Program), Meta.S(Authority), Meta.W(Payer)));
        Assert.True(result.IsSuccess, Describe(result));
        var account = bank.Get(Program);
        Assert.True(account.Executable);
        Assert.Null(LoaderV4State.Read(account.Data, out var state));
        Assert.Equal(new LoaderV4State(0, Authority, LoaderV4Status.Retracted), state);
        for (var offset = 0; offset < elf.Length; offset += 800)
        {
            var chunk = elf.AsSpan(offset, Math.Min(800, elf.Length - offset));
            var data = Tag(0, 12 + chunk.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), (ulong)chunk.Length);
            chunk.CopyTo(data.AsSpan(16));
            result = bank.Run(V4(data, Meta.W(Program), Meta.S(Authority)));
            Assert.True(result.IsSuccess, Describe(result));
        }
        Assert.Equal(elf, bank.Get(Program).Data[LoaderV4State.ProgramDataOffset..].ToArray());
        return bank;
    }

    [SharedFact(Memo)]
    public void Deploys_runs_retracts_and_finalizes()
    {
        var elf = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = Written(elf);

        // Writing past the end and writing without the authority's signature are refused.
        var outOfBounds = Tag(0, 13);
        BinaryPrimitives.WriteUInt32LittleEndian(outOfBounds.AsSpan(4), (uint)elf.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(outOfBounds.AsSpan(8), 1);
        var result = bank.Run(V4(outOfBounds, Meta.W(Program), Meta.S(Authority)));
        Assert.Equal(InstructionErrorKind.AccountDataTooSmall, result.Status!.Value.Instruction.Kind);
        Assert.Contains("Write out of bounds", result.Logs);
        result = bank.Run(V4(outOfBounds, Meta.W(Program), Meta.R(Authority)));
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, result.Status!.Value.Instruction.Kind);

        result = bank.Run(Unit(LoaderV4InstructionKind.Deploy));
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal(LoaderV4Program.DefaultComputeUnits, result.ComputeUnitsConsumed);
        Assert.Null(LoaderV4State.Read(bank.Get(Program).Data, out var state));
        Assert.Equal(new LoaderV4State(10, Authority, LoaderV4Status.Deployed), state);

        result = Invoke(bank);
        Assert.Equal(InstructionErrorKind.UnsupportedProgramId, result.Status!.Value.Instruction.Kind);
        Assert.Contains("Program is not deployed", result.Logs);
        // Cooldown: no retraction in the deployment slot.
        result = bank.Run(Unit(LoaderV4InstructionKind.Retract));
        Assert.Contains("Program was deployed recently, cooldown still in effect", result.Logs);

        bank.Slot = 11;
        result = Invoke(bank, "four");
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Contains("Program log: Memo (len 4)", result.Logs);

        // Retract, then the program is gone for the rest of the transaction. (An invoked program stays writable
        // only when the upgradeable loader is among the message's keys.)
        result = bank.Run(Unit(LoaderV4InstructionKind.Retract, Meta.R(ProgramIds.BpfLoaderUpgradeable)), new LoaderIx(Program, [], [0x61]));
        Assert.True(result.Status!.Value.Index == 1, Describe(result));
        Assert.Equal(new TransactionError(TransactionErrorKind.InstructionError, 1, new InstructionError(InstructionErrorKind.UnsupportedProgramId)), result.Status);
        result = bank.Run(Unit(LoaderV4InstructionKind.Retract));
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Contains("Program is not deployed", Invoke(bank).Logs);

        // Transfer needs the new authority's signature, then the old authority no longer works.
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, bank.Run(Unit(LoaderV4InstructionKind.TransferAuthority, Meta.R(NewAuthority))).Status!.Value.Instruction.Kind);
        result = bank.Run(Unit(LoaderV4InstructionKind.TransferAuthority, Meta.S(NewAuthority)));
        Assert.True(result.IsSuccess, Describe(result));
        result = bank.Run(Unit(LoaderV4InstructionKind.Deploy));
        Assert.Equal(InstructionErrorKind.IncorrectAuthority, result.Status!.Value.Instruction.Kind);
        Assert.Contains("Incorrect authority provided", result.Logs);
        result = bank.Run(V4(LoaderV4Instruction.Encode(LoaderV4InstructionKind.TransferAuthority), Meta.W(Program), Meta.S(NewAuthority), Meta.S(Authority)));
        Assert.True(result.IsSuccess, Describe(result));

        result = bank.Run(Unit(LoaderV4InstructionKind.Deploy));
        Assert.True(result.IsSuccess, Describe(result));
        // Finalizing needs a deployed program; the program may name itself as its next version.
        bank.Slot = 12;
        result = bank.Run(Unit(LoaderV4InstructionKind.Finalize, Meta.R(Program)));
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Null(LoaderV4State.Read(bank.Get(Program).Data, out state));
        Assert.Equal(new LoaderV4State(11, Program, LoaderV4Status.Finalized), state);
        Assert.True(Invoke(bank).IsSuccess);
        result = bank.Run(V4(LoaderV4Instruction.Encode(LoaderV4InstructionKind.Retract), Meta.W(Program), Meta.S(Program)));
        Assert.Equal(InstructionErrorKind.Immutable, result.Status!.Value.Instruction.Kind);
    }

    [SharedFact(Memo)]
    public void Copies_and_closes()
    {
        var elf = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = Written(elf);
        // Copy the first 100 bytes over offset 200 from itself is refused (the source is the program, already borrowed).
        var result = bank.Run(V4(LoaderV4Instruction.EncodeCopy(200, 0, 100), Meta.W(Program), Meta.S(Authority), Meta.R(Program)));
        Assert.Equal(InstructionErrorKind.AccountBorrowFailed, result.Status!.Value.Instruction.Kind);
        // A source that is not a program.
        result = bank.Run(V4(LoaderV4Instruction.EncodeCopy(0, 0, 1), Meta.W(Program), Meta.S(Authority), Meta.R(Payer)));
        Assert.Contains("Source is not a program", result.Logs);

        // Closing returns everything to the recipient and needs one.
        result = bank.Run(V4(LoaderV4Instruction.EncodeSetProgramLength(0), Meta.W(Program), Meta.S(Authority)));
        Assert.Contains("Closing a program requires a recipient account", result.Logs);
        var lamports = bank.Get(Program).Lamports;
        var before = bank.Get(Authority).Lamports;
        result = bank.Run(V4(LoaderV4Instruction.EncodeSetProgramLength(0), Meta.W(Program), Meta.S(Authority), Meta.W(Authority)));
        Assert.True(result.IsSuccess, Describe(result));
        Assert.False(bank.Accounts.ContainsKey(Program));
        Assert.Equal(before + lamports, bank.Get(Authority).Lamports);
    }

    [SharedFact(Memo)]
    public void Is_not_a_builtin_without_enable_loader_v4()
    {
        var bank = new LoaderBank(FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.BpfAccountDataDirectMapping).Without(FeatureId.EnableLoaderV4));
        var result = bank.Run(CreateAccount(Program, 10_000_000, 0, ProgramIds.LoaderV4),
            V4(LoaderV4Instruction.EncodeSetProgramLength(10), Meta.W(Program), Meta.S(Authority), Meta.W(Payer)));
        Assert.Equal(new TransactionError(TransactionErrorKind.InstructionError, 1, new InstructionError(InstructionErrorKind.UnsupportedProgramId)), result.Status);
    }
}
