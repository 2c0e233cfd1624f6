using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// agave runtime-transaction <c>get_precompile_signature_details</c>: the signature count each precompile
/// instruction claims (its first data byte, 0 for empty data), per precompile. Counted by program id alone,
/// without feature gates and without checking the instruction is well formed; the fee rules decide which
/// counts they charge for (secp256r1 only once its feature is active).
/// </summary>
public readonly record struct PrecompileSignatureCounts(ulong Secp256k1, ulong Ed25519, ulong Secp256r1)
{
    public ulong Total => Secp256k1 + Ed25519 + Secp256r1;

    /// <summary>The signatures one instruction adds to the count for its program, 0 when it is no precompile.</summary>
    public static ulong CountSignatures(in Pubkey programId, ReadOnlySpan<byte> instructionData)
        => KindOf(programId) == PrecompileKind.None || instructionData.IsEmpty ? 0UL : instructionData[0];

    public static PrecompileSignatureCounts Count(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var keys = message.StaticAccountKeys;
        ulong secp256k1 = 0, ed25519 = 0, secp256r1 = 0;
        for (var i = 0; i < message.InstructionCount; i++)
        {
            var programIdIndex = message.Instructions[i].ProgramIdIndex;
            if (programIdIndex >= keys.Length) continue;
            var kind = KindOf(keys[programIdIndex]);
            if (kind == PrecompileKind.None) continue;
            var data = message.GetInstructionData(i);
            ulong claimed = data.IsEmpty ? 0UL : data[0];
            switch (kind)
            {
                case PrecompileKind.Secp256k1: secp256k1 += claimed; break;
                case PrecompileKind.Ed25519: ed25519 += claimed; break;
                default: secp256r1 += claimed; break;
            }
        }
        return new PrecompileSignatureCounts(secp256k1, ed25519, secp256r1);
    }

    private static PrecompileKind KindOf(in Pubkey programId)
        => PrecompileVerifier.Identify(programId, PrecompileFeatures.AllEnabled);
}
