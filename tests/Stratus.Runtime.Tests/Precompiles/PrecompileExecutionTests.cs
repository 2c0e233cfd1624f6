using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Precompiles;
using Stratus.Runtime.Sysvars;
using static Stratus.Runtime.Tests.Precompiles.PrecompileData;

namespace Stratus.Runtime.Tests.Precompiles;

/// <summary>
/// Precompile instructions inside the transaction processor, both sides of
/// <c>move_precompile_verification_to_svm</c> (Agave 2.2 <c>process_precompile</c> / bank <c>verify_precompiles</c>).
/// </summary>
public class PrecompileExecutionTests
{
    private static readonly Pubkey Payer = new(Enumerable.Repeat((byte)9, 32).ToArray());
    private static readonly Pubkey Recipient = new(Enumerable.Repeat((byte)4, 32).ToArray());
    private static readonly Hash Blockhash = new(Enumerable.Repeat((byte)7, 32).ToArray());

    // payer (signer, writable), recipient (writable), then readonly programs.
    private static readonly Pubkey[] Keys = [Payer, Recipient, ProgramIds.Ed25519Precompile, ProgramIds.System, ProgramIds.Secp256r1Precompile];
    private const byte Ed = 2, Sys = 3, R1 = 4;

    private static byte[] GoodEd25519()
    {
        var (publicKey, secretKey) = Ed25519Key(1);
        return Ed25519Single(publicKey, Ed25519Sign(secretKey, "ok"u8), "ok"u8);
    }

    private static byte[] BadEd25519()
    {
        var data = GoodEd25519();
        data[^1] ^= 1;
        return data;
    }

    private static byte[] Transfer(ulong lamports)
    {
        var data = new byte[12];
        data[0] = 2;
        BitConverter.TryWriteBytes(data.AsSpan(4), lamports);
        return data;
    }

    private static TransactionResult Run(bool svm, params (byte Program, byte[] Accounts, byte[] Data)[] instructions)
    {
        var message = Message.Create(MessageVersion.Legacy, new MessageHeader(1, 0, 3), Keys, Blockhash,
            [.. instructions.Select(i => new CompiledInstructionSpec(i.Program, i.Accounts, i.Data))]);
        var tx = Transaction.Create([default(Signature)], message);
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        if (!svm) features = features.Without(FeatureId.MovePrecompileVerificationToSvm);
        var nativeProgram = new Account(1, "native"u8.ToArray(), ProgramIds.NativeLoader, true, 0);
        var accounts = new Dictionary<Pubkey, IReadOnlyAccount>
        {
            [Payer] = new Account(10_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch),
            [ProgramIds.Ed25519Precompile] = nativeProgram,
            [ProgramIds.Secp256r1Precompile] = nativeProgram,
            [ProgramIds.System] = nativeProgram,
        };
        var env = new ProcessingEnvironment
        {
            Slot = 10,
            Features = features,
            Cluster = ClusterProfile.Solana,
            Sysvars = new SysvarCache(),
            GetAccount = key => accounts.GetValueOrDefault(key),
            LastBlockhash = Blockhash,
            VerifySignatures = false,
        };
        return new TransactionProcessor(env).Process(tx);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Valid_precompile_succeeds_without_logs_or_units(bool svm)
    {
        var result = Run(svm, (Ed, [], GoodEd25519()));
        Assert.True(result.Processed);
        Assert.Null(result.UnsupportedReason);
        Assert.Null(result.Status);
        Assert.Empty(result.Logs);
        Assert.Equal(0UL, result.ComputeUnitsConsumed);
        // One transaction signature and one precompile signature.
        Assert.Equal(10_000UL, result.Fee.Total);
    }

    [Fact]
    public void Svm_failure_is_the_instructions_custom_error_and_keeps_the_fee()
    {
        var result = Run(true, (Sys, [0, 1], Transfer(1_000_000)), (Ed, [], BadEd25519()));
        Assert.True(result.Processed);
        Assert.Equal(TransactionError.FromInstruction(1, PrecompileError.InvalidSignature.ToInstructionError()), result.Status);
        Assert.Equal("InstructionError(1, Custom(2))", result.Status.ToString());
        // The transfer ran and logged; the precompile logged nothing; the transfer is rolled back.
        Assert.Equal(["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"], result.Logs);
        Assert.Equal(150UL, result.ComputeUnitsConsumed);
        Assert.DoesNotContain(result.PostAccounts, a => a.Key == Recipient);
        Assert.Equal(10_000_000_000UL - 10_000, result.PostAccounts.Single(a => a.Key == Payer).Account.Lamports);
    }

    [Fact]
    public void Bank_failure_rejects_the_transaction_before_execution()
    {
        var result = Run(false, (Sys, [0, 1], Transfer(1_000_000)), (Ed, [], BadEd25519()));
        Assert.False(result.Processed);
        Assert.Equal("InstructionError(1, Custom(2))", result.Status.ToString());
        Assert.Empty(result.Logs);
    }

    [Fact]
    public void Precompile_reads_other_instructions_data()
    {
        // Offsets pointing at instruction 1 (the transfer's 12 bytes) cannot hold a 32-byte key.
        var data = GoodEd25519();
        data[8] = 1; // public_key_instruction_index (u16 after the 2-byte header and two u16 fields)
        data[9] = 0;
        var result = Run(true, (Ed, [], data), (Sys, [0, 1], Transfer(1_000_000)));
        Assert.Equal("InstructionError(0, Custom(3))", result.Status.ToString());
    }

    [Fact]
    public void Disabled_secp256r1_is_an_ordinary_program_id()
    {
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.EnableSecp256r1Precompile);
        Assert.False(PrecompileVerifier.IsPrecompile(ProgramIds.Secp256r1Precompile,
            new PrecompileFeatures(true, features.IsActive(FeatureId.EnableSecp256r1Precompile))));
        // Enabled: garbage data fails verification with InvalidInstructionDataSize.
        Assert.Equal("InstructionError(0, Custom(4))", Run(true, (R1, [], [1, 2, 3])).Status.ToString());
    }
}
