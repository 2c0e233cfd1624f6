using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Precompiles;
using static Stratus.Runtime.Tests.Precompiles.PrecompileData;

namespace Stratus.Runtime.Tests.Precompiles;

public class PrecompileVerifierTests
{
    private static readonly Pubkey Payer = new(Enumerable.Repeat((byte)9, 32).ToArray());
    private static readonly Pubkey Other = new(Enumerable.Repeat((byte)3, 32).ToArray());

    // Account keys: payer, then readonly unsigned programs.
    private static readonly Pubkey[] Keys = [Payer, ProgramIds.Ed25519Precompile, ProgramIds.Secp256k1Precompile, ProgramIds.Secp256r1Precompile, Other];
    private const byte Ed = 1, K1 = 2, R1 = 3, Memo = 4;

    private static Message Build(params (byte Program, byte[] Data)[] instructions)
        => Message.Create(MessageVersion.Legacy, new MessageHeader(1, 0, 4), Keys, Hash.Default,
            [.. instructions.Select(i => new CompiledInstructionSpec(i.Program, [], i.Data))]);

    private static byte[] GoodEd25519()
    {
        var (publicKey, secretKey) = Ed25519Key(1);
        return Ed25519Single(publicKey, Ed25519Sign(secretKey, "ok"u8), "ok"u8);
    }

    private static byte[] GoodSecp256k1(byte index) => Secp256k1Single([.. Enumerable.Repeat((byte)0x31, 32)], "ok"u8, index);

    [Fact]
    public void Identify_GatesOnlySecp256r1()
    {
        var off = new PrecompileFeatures(false, false);
        Assert.Equal(PrecompileKind.Ed25519, PrecompileVerifier.Identify(ProgramIds.Ed25519Precompile, off));
        Assert.Equal(PrecompileKind.Secp256k1, PrecompileVerifier.Identify(ProgramIds.Secp256k1Precompile, off));
        Assert.Equal(PrecompileKind.None, PrecompileVerifier.Identify(ProgramIds.Secp256r1Precompile, off));
        Assert.Equal(PrecompileKind.Secp256r1, PrecompileVerifier.Identify(ProgramIds.Secp256r1Precompile, PrecompileFeatures.AllEnabled));
        Assert.Equal(PrecompileKind.None, PrecompileVerifier.Identify(ProgramIds.System, PrecompileFeatures.AllEnabled));
        Assert.False(PrecompileVerifier.IsPrecompile(Other, PrecompileFeatures.AllEnabled));
    }

    [Fact]
    public void Features_FromPredicateUsesAgaveNames()
    {
        var features = PrecompileFeatures.From(name => name == "ed25519_precompile_verify_strict");
        Assert.True(features.Ed25519VerifyStrict);
        Assert.False(features.Secp256r1Enabled);
        Assert.True(PrecompileFeatures.From(name => name == "enable_secp256r1_precompile").Secp256r1Enabled);
    }

    [Fact]
    public void Verify_DisabledSecp256r1IsNoPrecompile()
    {
        byte[] garbage = [1, 2, 3];
        Assert.Null(PrecompileVerifier.Verify(ProgramIds.Secp256r1Precompile, garbage, InstructionDataList.Of(garbage), new PrecompileFeatures(true, false)));
        Assert.Equal(PrecompileError.InvalidInstructionDataSize,
            PrecompileVerifier.Verify(ProgramIds.Secp256r1Precompile, garbage, InstructionDataList.Of(garbage), PrecompileFeatures.AllEnabled));
    }

    [Fact]
    public void Verify_StrictFlagSelectsDalekRule()
    {
        // R = 0 (CCTV vector 5): accepted by verify, refused by verify_strict.
        var data = Ed25519Single(Hex("10eb7c3acfb2bed3e0d6ab89bf5a3d6afddd1176ce4812e38d9fd485058fdb1f"),
            Hex("00000000000000000000000000000000000000000000000000000000000000009472a69cd9a701a50d130ed52189e2455b23767db52cacb8716fb896ffeeac09"),
            "ed25519vectors 3"u8);
        var datas = InstructionDataList.Of(data);
        Assert.Null(PrecompileVerifier.Verify(ProgramIds.Ed25519Precompile, data, datas, new PrecompileFeatures(false, true)));
        Assert.Equal(PrecompileError.InvalidSignature, PrecompileVerifier.Verify(ProgramIds.Ed25519Precompile, data, datas, new PrecompileFeatures(true, true)));
    }

    [Theory]
    [InlineData(PrecompileError.InvalidPublicKey, 0u)]
    [InlineData(PrecompileError.InvalidRecoveryId, 1u)]
    [InlineData(PrecompileError.InvalidSignature, 2u)]
    [InlineData(PrecompileError.InvalidDataOffsets, 3u)]
    [InlineData(PrecompileError.InvalidInstructionDataSize, 4u)]
    public void ErrorsBecomeCustomCodes(PrecompileError error, uint code)
        => Assert.Equal(new InstructionError(InstructionErrorKind.Custom, code), error.ToInstructionError());

    [Fact]
    public void VerifyTransaction_PassesWhenEveryPrecompileChecksOut()
    {
        var message = Build((Memo, [1, 2, 3]), (Ed, GoodEd25519()), (K1, GoodSecp256k1(2)));
        Assert.Null(PrecompileVerifier.VerifyTransaction(message, PrecompileFeatures.AllEnabled));
    }

    [Fact]
    public void VerifyTransaction_ReportsTheFirstFailingInstruction()
    {
        // Instruction 1 is fine, 2 fails (its secp256k1 signature sits at index 0, the memo), 3 fails too.
        var message = Build((Memo, [1, 2, 3]), (Ed, GoodEd25519()), (K1, GoodSecp256k1(0)), (Ed, [1]));
        var error = PrecompileVerifier.VerifyTransaction(message, PrecompileFeatures.AllEnabled);
        Assert.Equal(TransactionError.FromInstruction(2, InstructionError.FromCustom((uint)PrecompileError.InvalidSignature)), error);
        Assert.Equal("InstructionError(2, Custom(2))", error!.Value.ToString());
    }

    [Fact]
    public void VerifyTransaction_SkipsSecp256r1UntilEnabled()
    {
        var message = Build((R1, [0, 0]));
        Assert.Null(PrecompileVerifier.VerifyTransaction(message, new PrecompileFeatures(true, false)));
        Assert.Equal(TransactionError.FromInstruction(0, InstructionError.FromCustom(4)),
            PrecompileVerifier.VerifyTransaction(message, PrecompileFeatures.AllEnabled));
    }

    [Fact]
    public void VerifyTransaction_OffsetsSeeTheWholeMessage()
    {
        // An ed25519 instruction whose message is instruction 0's data.
        var (publicKey, secretKey) = Ed25519Key(2);
        byte[] memo = [.. "signed memo"u8];
        var single = Ed25519Single(publicKey, Ed25519Sign(secretKey, memo), memo);
        var data = single[..(Ed25519Precompile.DataStart + 96)];
        (SignatureOffsets.Read(data.AsSpan(2)) with { MessageDataOffset = 0, MessageInstructionIndex = 0 }).Write(data.AsSpan(2));
        Assert.Null(PrecompileVerifier.VerifyTransaction(Build((Memo, memo), (Ed, data)), PrecompileFeatures.AllEnabled));
        Assert.Equal(TransactionError.FromInstruction(1, InstructionError.FromCustom(2)),
            PrecompileVerifier.VerifyTransaction(Build((Memo, [.. memo[..^1], 0]), (Ed, data)), PrecompileFeatures.AllEnabled));
    }

    [Fact]
    public void SignatureCounts_TakeTheFirstByteWhateverItsValidity()
    {
        var message = Build((Ed, [2, 0]), (K1, [3]), (R1, [5, 9, 9]), (Ed, []), (Memo, [7]), (Ed, GoodEd25519()));
        var counts = PrecompileSignatureCounts.Count(message);
        Assert.Equal(new PrecompileSignatureCounts(Secp256k1: 3, Ed25519: 3, Secp256r1: 5), counts);
        Assert.Equal(11UL, counts.Total);
        Assert.Equal(200UL, PrecompileSignatureCounts.CountSignatures(ProgramIds.Ed25519Precompile, [200, 1]));
        Assert.Equal(0UL, PrecompileSignatureCounts.CountSignatures(ProgramIds.Secp256k1Precompile, []));
        Assert.Equal(0UL, PrecompileSignatureCounts.CountSignatures(Other, [200]));
    }

    [Fact]
    public void MessageInstructionData_ExposesEveryInstruction()
    {
        var message = Build((Memo, [1]), (Ed, [2, 3]));
        var datas = new MessageInstructionData(message);
        Assert.Equal(2, datas.Count);
        Assert.Equal([2, 3], datas[1].ToArray());
    }
}
