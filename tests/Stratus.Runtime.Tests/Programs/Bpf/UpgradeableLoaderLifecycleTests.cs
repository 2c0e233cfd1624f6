using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;
using static Stratus.Runtime.Tests.LoaderBank;

namespace Stratus.Runtime.Tests;

/// <summary>
/// The upgradeable loader end to end with real ELFs: stage a buffer, deploy, see the program stay invisible for
/// the rest of its deployment slot and run from the next, upgrade, extend, refuse an ELF that fails
/// verification, close, and migrate to loader v4.
/// </summary>
public class UpgradeableLoaderLifecycleTests
{
    private const string Memo = "elfs/litesvm/spl_memo-4.0.0.so";
    private const string Noop = "elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/noop_aligned.so";
    private const string VerifierError = "elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv0_verifier_err.so";

    private static readonly Pubkey Program = new(Enumerable.Repeat((byte)21, 32).ToArray());
    private static readonly Pubkey Recipient = new(Enumerable.Repeat((byte)23, 32).ToArray());
    private static readonly Pubkey ProgramData = DeriveProgramData(Program);

    private static Pubkey DeriveProgramData(Pubkey program)
    {
        Assert.True(Stratus.Runtime.Syscalls.ProgramAddress.TryFind([program.ToArray()], ProgramIds.BpfLoaderUpgradeable, out var address, out _));
        return address;
    }

    private static LoaderIx Loader(byte[] data, params Meta[] accounts) => new(ProgramIds.BpfLoaderUpgradeable, accounts, data);

    /// <summary>Creates and fills a buffer with <paramref name="elf"/> under <see cref="LoaderBank.Authority"/>.</summary>
    private static Pubkey StageBuffer(LoaderBank bank, byte[] elf, byte seed)
    {
        var buffer = new Pubkey(Enumerable.Repeat(seed, 32).ToArray());
        var size = (ulong)UpgradeableLoaderState.SizeOfBuffer(elf.Length);
        var result = bank.Run(
            CreateAccount(buffer, Rent.Default.MinimumBalance(size), size, ProgramIds.BpfLoaderUpgradeable),
            Loader(Tag(0), Meta.W(buffer), Meta.R(Authority)));
        Assert.True(result.IsSuccess, Describe(result));
        for (var offset = 0; offset < elf.Length; offset += 800)
        {
            var chunk = elf.AsSpan(offset, Math.Min(800, elf.Length - offset));
            var data = Tag(1, 12 + chunk.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), (ulong)chunk.Length);
            chunk.CopyTo(data.AsSpan(16));
            result = bank.Run(Loader(data, Meta.W(buffer), Meta.S(Authority)));
            Assert.True(result.IsSuccess, Describe(result));
        }
        Assert.Equal(elf, bank.Get(buffer).Data[UpgradeableLoaderState.BufferMetadataSize..].ToArray());
        return buffer;
    }

    private static TransactionResult Deploy(LoaderBank bank, Pubkey buffer, ulong maxDataLength)
    {
        var data = Tag(2, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), maxDataLength);
        return bank.Run(
            CreateAccount(Program, Rent.Default.MinimumBalance(36), 36, ProgramIds.BpfLoaderUpgradeable),
            Loader(data, Meta.WS(Payer), Meta.W(ProgramData), Meta.W(Program), Meta.W(buffer), Meta.R(SysvarIds.Rent), Meta.R(SysvarIds.Clock),
                Meta.R(ProgramIds.System), Meta.S(Authority)));
    }

    private static TransactionResult Upgrade(LoaderBank bank, Pubkey buffer) =>
        bank.Run(Loader(Tag(3), Meta.W(ProgramData), Meta.W(Program), Meta.W(buffer), Meta.W(Recipient), Meta.R(SysvarIds.Rent),
            Meta.R(SysvarIds.Clock), Meta.S(Authority)));

    private static TransactionResult Invoke(LoaderBank bank, string memo = "hi") =>
        bank.Run(new LoaderIx(Program, [], System.Text.Encoding.UTF8.GetBytes(memo)));

    private static LoaderBank Deployed(byte[] elf, LoaderBank? bank = null)
    {
        bank ??= new LoaderBank();
        var buffer = StageBuffer(bank, elf, 30);
        var result = Deploy(bank, buffer, (ulong)elf.Length * 2);
        Assert.True(result.IsSuccess, Describe(result));
        return bank;
    }

    [SharedFact(Memo)]
    public void Deploys_and_runs_from_the_next_slot()
    {
        var elf = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = new LoaderBank();
        var buffer = StageBuffer(bank, elf, 30);
        var bufferLamports = bank.Get(buffer).Lamports;
        var payerBefore = bank.Get(Payer).Lamports;

        var result = Deploy(bank, buffer, (ulong)elf.Length * 2);
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal($"Deployed program {Program}", result.Logs[^2]);
        Assert.Contains("Program 11111111111111111111111111111111 invoke [2]", result.Logs);
        // Create the program account (150) and the loader (2,370) with its System CPI (150).
        Assert.Equal(150UL + 2_370 + 150, result.ComputeUnitsConsumed);

        var programData = bank.Get(ProgramData);
        var length = UpgradeableLoaderState.SizeOfProgramData(elf.Length * 2L);
        Assert.Equal(length, programData.DataLength);
        Assert.Equal(ProgramIds.BpfLoaderUpgradeable, programData.Owner);
        Assert.Equal(Math.Max(1, Rent.Default.MinimumBalance((ulong)length)), programData.Lamports);
        Assert.True(UpgradeableLoaderState.TryRead(programData.Data, out var state));
        Assert.Equal(UpgradeableLoaderState.ProgramData(10, Authority), state);
        Assert.Equal(elf, programData.Data.Slice(45, elf.Length).ToArray());
        Assert.All(programData.Data[(45 + elf.Length)..].ToArray(), b => Assert.Equal(0, b));
        var program = bank.Get(Program);
        Assert.True(program.Executable);
        Assert.Equal(UpgradeableLoaderState.Program(ProgramData).Serialize(), program.Data.ToArray());
        // The buffer's lamports went to the payer, which paid the ProgramData rent, the program account and the fee.
        Assert.False(bank.Accounts.ContainsKey(buffer));
        Assert.Equal(payerBefore + bufferLamports - programData.Lamports - Rent.Default.MinimumBalance(36) - result.Fee.TransactionFee,
            bank.Get(Payer).Lamports);

        // Deployed in slot 10: not visible until slot 11.
        result = Invoke(bank);
        Assert.Equal(InstructionErrorKind.UnsupportedProgramId, result.Status!.Value.Instruction.Kind);
        Assert.Contains("Program is not deployed", result.Logs);
        bank.Slot = 11;
        result = Invoke(bank, "hello");
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Contains("Program log: Memo (len 5)", result.Logs);
    }

    [SharedFact(Memo, Noop, VerifierError)]
    public void Upgrades_refuses_unverifiable_elfs_and_delays_the_new_code()
    {
        var memo = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = Deployed(memo);
        bank.Slot = 11;

        var bad = StageBuffer(bank, File.ReadAllBytes(SharedData.Require(VerifierError)), 31);
        var result = Upgrade(bank, bad);
        Assert.Equal(InstructionErrorKind.InvalidAccountData, result.Status!.Value.Instruction.Kind);
        Assert.StartsWith("Verifier error: ", result.Logs[1]);
        Assert.Equal(memo, bank.Get(ProgramData).Data.Slice(45, memo.Length).ToArray());

        var noop = File.ReadAllBytes(SharedData.Require(Noop));
        var buffer = StageBuffer(bank, noop, 32);
        var bufferLamports = bank.Get(buffer).Lamports;
        var programDataLamports = bank.Get(ProgramData).Lamports;
        result = Upgrade(bank, buffer);
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal($"Upgraded program {Program}", result.Logs[1]);
        var programData = bank.Get(ProgramData);
        Assert.True(UpgradeableLoaderState.TryRead(programData.Data, out var state));
        Assert.Equal(11UL, state.Slot);
        Assert.Equal(noop, programData.Data.Slice(45, noop.Length).ToArray());
        Assert.All(programData.Data[(45 + noop.Length)..].ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(bufferLamports, bank.Get(Recipient).Lamports + programData.Lamports - programDataLamports);

        // A second upgrade in the same slot is refused; the new code runs from slot 12.
        Assert.Equal(InstructionErrorKind.InvalidArgument, Upgrade(bank, StageBuffer(bank, noop, 33)).Status!.Value.Instruction.Kind);
        Assert.Contains("Program is not deployed", Invoke(bank).Logs);
        bank.Slot = 12;
        result = Invoke(bank);
        Assert.True(result.IsSuccess, Describe(result));
        Assert.DoesNotContain(result.Logs, l => l.StartsWith("Program log: Memo", StringComparison.Ordinal));
    }

    [SharedFact(Memo)]
    public void Extends_with_a_system_transfer_and_redeploys()
    {
        var memo = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = Deployed(memo);
        bank.Slot = 11;
        var before = bank.Get(ProgramData);
        var data = Tag(6, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 10_000);
        var result = bank.Run(Loader(data, Meta.W(ProgramData), Meta.W(Program), Meta.R(ProgramIds.System), Meta.WS(Payer)));
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal("Extended ProgramData account by 10000 bytes", result.Logs[^2]);
        var after = bank.Get(ProgramData);
        Assert.Equal(before.DataLength + 10_000, after.DataLength);
        Assert.Equal(Rent.Default.MinimumBalance((ulong)after.DataLength), after.Lamports);
        Assert.Single(result.InnerInstructions[0]);
        Assert.True(UpgradeableLoaderState.TryRead(after.Data, out var state));
        Assert.Equal(UpgradeableLoaderState.ProgramData(11, Authority), state);
        // Extending redeploys: invisible for the rest of slot 11.
        Assert.Contains("Program is not deployed", Invoke(bank).Logs);
        Assert.Equal(InstructionErrorKind.InvalidArgument, bank.Run(Loader(data, Meta.W(ProgramData), Meta.W(Program), Meta.R(ProgramIds.System), Meta.WS(Payer))).Status!.Value.Instruction.Kind);
    }

    /// <summary>
    /// The System program the loader invokes must be one of the loader instruction's accounts, unless
    /// lift_cpi_caller_restriction is active (then any account of the transaction will do).
    /// </summary>
    [SharedTheory(Memo)]
    [InlineData(true)]
    [InlineData(false)]
    public void Extend_finds_the_system_program_as_prepare_instruction_does(bool lifted)
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.BpfAccountDataDirectMapping);
        if (!lifted) features = features.Without(FeatureId.LiftCpiCallerRestriction);
        var bank = Deployed(File.ReadAllBytes(SharedData.Require(Memo)), new LoaderBank(features));
        bank.Slot = 11;
        var data = Tag(6, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 100);
        var carrier = ComputeUnitLimit(200_000) with { Accounts = [Meta.R(ProgramIds.System)] };
        var result = bank.Run(carrier, Loader(data, Meta.W(ProgramData), Meta.W(Program), Meta.R(Recipient), Meta.WS(Payer)));
        if (lifted)
        {
            Assert.True(result.IsSuccess, Describe(result));
            return;
        }
        Assert.Equal(new TransactionError(TransactionErrorKind.InstructionError, 1, new InstructionError(InstructionErrorKind.MissingAccount)), result.Status);
        Assert.Contains("Unknown program 11111111111111111111111111111111", result.Logs);
    }

    [SharedFact(Memo)]
    public void Closing_the_program_leaves_a_tombstone()
    {
        var bank = Deployed(File.ReadAllBytes(SharedData.Require(Memo)));
        bank.Slot = 11;
        var close = Loader(Tag(5), Meta.W(ProgramData), Meta.W(Recipient), Meta.S(Authority), Meta.W(Program));
        // Closed then invoked in one transaction: the cache already holds the tombstone.
        var result = bank.Run(close, new LoaderIx(Program, [], [1]));
        Assert.Equal(new TransactionError(TransactionErrorKind.InstructionError, 1, new InstructionError(InstructionErrorKind.UnsupportedProgramId)), result.Status);
        Assert.Contains($"Closed Program {Program}", result.Logs);

        result = bank.Run(close);
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal(new byte[4], bank.Accounts.GetValueOrDefault(ProgramData)?.Data.ToArray() ?? new byte[4]);
        Assert.False(bank.Accounts.ContainsKey(ProgramData));
        result = Invoke(bank);
        Assert.Contains("Program is not deployed", result.Logs);
    }

    [SharedFact(Memo)]
    public void Migrates_to_loader_v4()
    {
        var memo = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = Deployed(memo);
        bank.Slot = 11;
        var funds = bank.Get(ProgramData).Lamports + bank.Get(Program).Lamports;
        var migrate = Loader(Tag(8), Meta.W(ProgramData), Meta.W(Program), Meta.S(Authority), Meta.R(ProgramIds.LoaderV4));
        // 2,370 for the loader and 2,000 for each loader-v4 instruction it invokes: over a builtin's default 3,000.
        var result = bank.Run(migrate);
        Assert.Equal(InstructionErrorKind.ComputationalBudgetExceeded, result.Status!.Value.Instruction.Kind);
        result = bank.Run(ComputeUnitLimit(20_000), migrate);
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Equal($"Migrated program {Program}", result.Logs[^2]);
        // SetProgramLength, Copy and Deploy through loader v4 (the upgrade authority signed, so no transfer).
        Assert.Equal(3, result.InnerInstructions[1].Count);
        var program = bank.Get(Program);
        Assert.Equal(ProgramIds.LoaderV4, program.Owner);
        Assert.Equal(funds, program.Lamports);
        Assert.Equal(48 + memo.Length * 2, program.DataLength);
        Assert.Null(Stratus.Runtime.Programs.LoaderV4.LoaderV4State.Read(program.Data, out var state));
        Assert.Equal(new Stratus.Runtime.Programs.LoaderV4.LoaderV4State(11, Authority, Stratus.Runtime.Programs.LoaderV4.LoaderV4Status.Deployed), state);
        Assert.Equal(memo, program.Data.Slice(48, memo.Length).ToArray());
        Assert.False(bank.Accounts.ContainsKey(ProgramData));
        bank.Slot = 12;
        result = Invoke(bank, "v4");
        Assert.True(result.IsSuccess, Describe(result));
        Assert.Contains("Program log: Memo (len 2)", result.Logs);
    }
}
