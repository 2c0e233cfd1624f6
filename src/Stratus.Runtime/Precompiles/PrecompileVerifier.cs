using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// Agave 2.2's precompile table and its two callers. Before <c>move_precompile_verification_to_svm</c> the
/// bank runs <see cref="VerifyTransaction"/> over the whole message before execution (in replay a failure
/// rejects the entry); after it, the message processor calls <see cref="Verify{T}"/> per precompile
/// instruction inside execution, consuming no compute units, and the error becomes that instruction's
/// <c>InstructionError::Custom</c>. Either way the code is <see cref="PrecompileErrorExtensions.ToInstructionError"/>.
/// </summary>
public static class PrecompileVerifier
{
    /// <summary>
    /// Which precompile <paramref name="programId"/> is, if any (agave-precompiles <c>get_precompile</c>):
    /// secp256r1 only counts while <c>enable_secp256r1_precompile</c> is active.
    /// </summary>
    public static PrecompileKind Identify(in Pubkey programId, PrecompileFeatures features)
    {
        if (programId == ProgramIds.Secp256k1Precompile) return PrecompileKind.Secp256k1;
        if (programId == ProgramIds.Ed25519Precompile) return PrecompileKind.Ed25519;
        if (features.Secp256r1Enabled && programId == ProgramIds.Secp256r1Precompile) return PrecompileKind.Secp256r1;
        return PrecompileKind.None;
    }

    public static bool IsPrecompile(in Pubkey programId, PrecompileFeatures features)
        => Identify(programId, features) != PrecompileKind.None;

    /// <summary>
    /// Verifies one precompile instruction. <paramref name="instructionData"/> is its own data;
    /// <paramref name="instructionDatas"/> is every top-level instruction's data in the transaction
    /// (including this one). Null when the signatures check out or the program is not an enabled precompile.
    /// </summary>
    public static PrecompileError? Verify<T>(in Pubkey programId, ReadOnlySpan<byte> instructionData, T instructionDatas, PrecompileFeatures features)
        where T : IInstructionDataSource, allows ref struct
        => Verify(Identify(programId, features), instructionData, instructionDatas, features);

    public static PrecompileError? Verify<T>(PrecompileKind kind, ReadOnlySpan<byte> instructionData, T instructionDatas, PrecompileFeatures features)
        where T : IInstructionDataSource, allows ref struct
        => kind switch
        {
            PrecompileKind.Ed25519 => Ed25519Precompile.Verify(instructionData, instructionDatas, features.Ed25519VerifyStrict),
            PrecompileKind.Secp256k1 => Secp256k1Precompile.Verify(instructionData, instructionDatas),
            PrecompileKind.Secp256r1 => Secp256r1Precompile.Verify(instructionData, instructionDatas),
            _ => null,
        };

    /// <summary>
    /// The runtime's <c>verify_precompiles</c>: every instruction whose program is an enabled precompile, in
    /// order; the first failure is <c>InstructionError(index, Custom(code))</c>.
    /// </summary>
    public static TransactionError? VerifyTransaction(Message message, PrecompileFeatures features)
    {
        ArgumentNullException.ThrowIfNull(message);
        var keys = message.StaticAccountKeys;
        var datas = new MessageInstructionData(message);
        for (var i = 0; i < message.InstructionCount; i++)
        {
            var programIdIndex = message.Instructions[i].ProgramIdIndex;
            // A sanitized message's program ids are static keys; anything else is no precompile.
            if (programIdIndex >= keys.Length) continue;
            var kind = Identify(keys[programIdIndex], features);
            if (kind == PrecompileKind.None) continue;
            var error = Verify(kind, message.GetInstructionData(i), datas, features);
            if (error is { } e) return TransactionError.FromInstruction((byte)i, e.ToInstructionError());
        }
        return null;
    }
}
