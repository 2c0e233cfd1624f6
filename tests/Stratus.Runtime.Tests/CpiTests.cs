using System.Text;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Crypto;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Cross-program invocation through real programs: Mithril's sbpf fixtures that CPI from C and Rust into the
/// System program with a PDA signer (Allocate 1337 bytes, per Mithril's interpreter tests) and from C into a
/// BPF program.
/// </summary>
public class CpiTests
{
    internal static readonly Pubkey Payer = new(Enumerable.Repeat((byte)9, 32).ToArray());
    internal static readonly Pubkey Program = new(Enumerable.Repeat((byte)21, 32).ToArray());
    private static readonly Pubkey ProgramData = new(Enumerable.Repeat((byte)22, 32).ToArray());
    private static readonly Hash Blockhash = new(Enumerable.Repeat((byte)7, 32).ToArray());

    internal static (Pubkey Address, byte Bump) FindProgramAddress(byte[] seed, Pubkey program)
    {
        for (var bump = 255; bump >= 0; bump--)
        {
            var buffer = seed.Concat(new[] { (byte)bump }).Concat(program.AsSpan().ToArray()).Concat("ProgramDerivedAddress"u8.ToArray()).ToArray();
            var hash = Sha256.Hash(buffer);
            if (!Ed25519PublicKey.IsValid(hash)) return (new Pubkey(hash), (byte)bump);
        }
        throw new InvalidOperationException();
    }

    internal static Dictionary<Pubkey, IReadOnlyAccount> ProgramAccounts(string elf)
    {
        var program = new byte[36];
        program[0] = 2;
        ProgramData.AsSpan().CopyTo(program.AsSpan(4));
        var bytes = File.ReadAllBytes(SharedData.Require(elf));
        var programData = new byte[45 + bytes.Length];
        programData[0] = 3;
        bytes.CopyTo(programData, 45);
        var native = new Account(1, "native"u8.ToArray(), ProgramIds.NativeLoader, true, 0);
        return new Dictionary<Pubkey, IReadOnlyAccount>
        {
            [Payer] = new Account(10_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch),
            [Program] = new Account(10_000_000, program, ProgramIds.BpfLoaderUpgradeable, true, 0),
            [ProgramData] = new Account(100_000_000, programData, ProgramIds.BpfLoaderUpgradeable, false, 0),
            [ProgramIds.System] = native,
            [ProgramIds.BpfLoaderUpgradeable] = native,
        };
    }

    internal static TransactionResult Run(Dictionary<Pubkey, IReadOnlyAccount> accounts, Pubkey[] keys, MessageHeader header, CompiledInstructionSpec ix,
        Rent? rent = null, bool directMapping = false, FeatureId? alsoWithout = null, FixedComputeBudget? fixedBudget = null)
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        if (alsoWithout is { } off) features = features.Without(off);
        var message = Message.Create(MessageVersion.Legacy, header, keys, Blockhash, [ix]);
        var env = new ProcessingEnvironment
        {
            Slot = 10,
            Features = directMapping ? features : features.Without(FeatureId.BpfAccountDataDirectMapping),
            Cluster = ClusterProfile.Solana,
            Sysvars = new SysvarCache(),
            GetAccount = key => accounts.GetValueOrDefault(key),
            LastBlockhash = Blockhash,
            VerifySignatures = false,
            RentCollector = RentCollector.Default with { Rent = rent ?? Rent.Default },
            FixedComputeBudget = fixedBudget,
        };
        var result = new TransactionProcessor(env).Process(Transaction.Create(new Signature[header.NumRequiredSignatures], message));
        Assert.Null(result.UnsupportedReason);
        return result;
    }

    [SharedTheory("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so", "elfs/mithril-sbpf/cpi_rust_to_system_program_allocate.so")]
    [InlineData("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so")]
    [InlineData("elfs/mithril-sbpf/cpi_rust_to_system_program_allocate.so")]
    public void Allocate_through_system_program_with_pda_signer(string elf)
    {
        var accounts = ProgramAccounts(elf);
        var (pda, bump) = FindProgramAddress(Encoding.ASCII.GetBytes("You pass butter"), Program);
        accounts[pda] = new Account(1_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch);
        // payer, pda (writable), then readonly: system, program.
        Pubkey[] keys = [Payer, pda, ProgramIds.System, Program];
        var result = Run(accounts, keys, new MessageHeader(1, 0, 2), new CompiledInstructionSpec(3, [2, 1], [bump]));
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        var post = result.PostAccounts.Single(a => a.Key == pda).Account;
        Assert.Equal(1337, post.DataLength);
        Assert.Equal(ProgramIds.System, post.Owner);
        Assert.Equal($"Program {Program} invoke [1]", result.Logs[0]);
        Assert.Contains("Program 11111111111111111111111111111111 invoke [2]", result.Logs);
        Assert.Equal(2, result.InnerInstructions[0][0].StackHeight);
    }

    [SharedFact("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so")]
    public void Wrong_bump_is_bad_seeds_or_escalation()
    {
        var accounts = ProgramAccounts("elfs/mithril-sbpf/cpi_c_to_system_program_allocate.so");
        var (pda, bump) = FindProgramAddress(Encoding.ASCII.GetBytes("You pass butter"), Program);
        accounts[pda] = new Account(1_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch);
        Pubkey[] keys = [Payer, pda, ProgramIds.System, Program];
        var result = Run(accounts, keys, new MessageHeader(1, 0, 2), new CompiledInstructionSpec(3, [2, 1], [(byte)(bump - 1)]));
        Assert.NotNull(result.Status);
        Assert.Equal(TransactionErrorKind.InstructionError, result.Status!.Value.Kind);
        Assert.Equal(0, result.PostAccounts.Single(a => a.Key == Payer).Account.DataLength);
        Assert.DoesNotContain(result.PostAccounts, a => a.Key == pda);
    }

    // Mithril's TestInterpreter_Cpi_C_Bpf_Program_Call: two program-owned signer accounts, 1,000 lamports move from the first to the second.
    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void C_program_invokes_bpf_program()
    {
        var accounts = ProgramAccounts("elfs/mithril-sbpf/cpi_c_to_bpf.so");
        var from = new Pubkey(Enumerable.Repeat((byte)31, 32).ToArray());
        var to = new Pubkey(Enumerable.Repeat((byte)32, 32).ToArray());
        // The program asserts Mithril's balances (10,000 each), so rent is free here to keep both accounts valid.
        accounts[from] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        accounts[to] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        Pubkey[] keys = [Payer, from, to, Program];
        var result = Run(accounts, keys, new MessageHeader(3, 0, 1), new CompiledInstructionSpec(3, [3, 1, 2], [0]), new Rent(0, 0, 0));
        Assert.True(result.Status == null, string.Join("\n", result.Logs) + "\n" + result.Status);
        Assert.Equal(9_000UL, result.PostAccounts.Single(a => a.Key == from).Account.Lamports);
        Assert.Equal(11_000UL, result.PostAccounts.Single(a => a.Key == to).Account.Lamports);
        Assert.Contains($"Program {Program} invoke [2]", result.Logs);
    }

    private static (Dictionary<Pubkey, IReadOnlyAccount> Accounts, Pubkey From, Pubkey To) CToBpf()
    {
        var accounts = ProgramAccounts("elfs/mithril-sbpf/cpi_c_to_bpf.so");
        var from = new Pubkey(Enumerable.Repeat((byte)31, 32).ToArray());
        var to = new Pubkey(Enumerable.Repeat((byte)32, 32).ToArray());
        accounts[from] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        accounts[to] = new Account(10_000, [], Program, false, RentCollector.RentExemptRentEpoch);
        return (accounts, from, to);
    }

    // Agave's prepare_instruction: a CPI may not sign for an account the caller did not get signed.
    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void Signer_escalation_is_refused()
    {
        var (accounts, from, to) = CToBpf();
        Pubkey[] keys = [Payer, from, to, Program];
        var result = Run(accounts, keys, new MessageHeader(1, 0, 1), new CompiledInstructionSpec(3, [3, 1, 2], [0]), new Rent(0, 0, 0));
        Assert.Equal("InstructionError(0, PrivilegeEscalation)", result.Status.ToString());
        Assert.Contains($"{from}'s signer privilege escalated", result.Logs);
        Assert.Equal($"Program {Program} failed: Cross-program invocation with unauthorized signer or writable account", result.Logs[^1]);
    }

    // ... nor make writable an account the caller only reads.
    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void Writable_escalation_is_refused()
    {
        var (accounts, from, to) = CToBpf();
        Pubkey[] keys = [Payer, to, from, Program];
        var result = Run(accounts, keys, new MessageHeader(3, 1, 1), new CompiledInstructionSpec(3, [3, 2, 1], [0]), new Rent(0, 0, 0));
        Assert.Equal("InstructionError(0, PrivilegeEscalation)", result.Status.ToString());
        Assert.Contains($"{from}'s writable privilege escalated", result.Logs);
    }

    // check_authorized_program: precompiles (and loaders) cannot be the target of a CPI.
    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void Precompile_target_is_not_supported()
    {
        var (accounts, from, to) = CToBpf();
        accounts[ProgramIds.Ed25519Precompile] = new Account(1, "native"u8.ToArray(), ProgramIds.NativeLoader, true, 0);
        Pubkey[] keys = [Payer, from, to, ProgramIds.Ed25519Precompile, Program];
        var result = Run(accounts, keys, new MessageHeader(3, 0, 2), new CompiledInstructionSpec(4, [3, 1, 2], [0]), new Rent(0, 0, 0));
        Assert.Equal("InstructionError(0, ProgramFailedToComplete)", result.Status.ToString());
        Assert.Equal($"Program {Program} failed: Program {ProgramIds.Ed25519Precompile} is not supported", result.Logs[^1]);
    }

    // Agave charges ComputeBudget.invoke_units per CPI; a fixed budget (LiteSVM's with_compute_budget) may raise it.
    [SharedFact("elfs/mithril-sbpf/cpi_c_to_bpf.so")]
    public void Cpi_charges_the_budgets_invoke_units()
    {
        var (accounts, from, to) = CToBpf();
        Pubkey[] keys = [Payer, from, to, Program];
        TransactionResult RunWith(ulong invokeUnits) =>
            Run(accounts, keys, new MessageHeader(3, 0, 1), new CompiledInstructionSpec(3, [3, 1, 2], [0]), new Rent(0, 0, 0),
                fixedBudget: new FixedComputeBudget(200_000, 32 * 1024, InvokeUnits: invokeUnits));
        var standard = RunWith(1_000);
        var raised = RunWith(5_000);
        Assert.True(standard.Status == null, string.Join("\n", standard.Logs));
        Assert.True(raised.Status == null, string.Join("\n", raised.Logs));
        Assert.Equal(4_000UL, raised.ComputeUnitsConsumed - standard.ComputeUnitsConsumed);
        // The whole limit for one CPI: the charge itself exhausts the meter.
        var exhausted = RunWith(200_000);
        Assert.Equal("InstructionError(0, ComputationalBudgetExceeded)", exhausted.Status.ToString());
    }
}
