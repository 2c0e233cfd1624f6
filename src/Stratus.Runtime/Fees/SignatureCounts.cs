using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Fees;

/// <summary>
/// Signatures a transaction pays for on Solana: its own (the header's num_required_signatures) and those its
/// precompile instructions verify, each counted from the first data byte (0 when the data is empty). Sums wrap
/// like Agave's <c>get_precompile_signature_details</c>, though no real transaction comes near.
/// </summary>
public readonly record struct SignatureCounts(ulong Transaction, ulong Ed25519, ulong Secp256k1, ulong Secp256r1)
{
    /// <summary>Counts over the top-level instructions. Program id indexes past the static keys are skipped (unsanitized input).</summary>
    public static SignatureCounts FromMessage(Message message)
    {
        ulong ed25519 = 0, secp256k1 = 0, secp256r1 = 0;
        var keys = message.StaticAccountKeys;
        var instructions = message.Instructions;
        for (var i = 0; i < instructions.Length; i++)
        {
            var programIndex = instructions[i].ProgramIdIndex;
            if (programIndex >= keys.Length) continue;
            ref readonly var program = ref keys[programIndex];
            if (program == ProgramIds.Ed25519Precompile) ed25519 += FirstByte(message, i);
            else if (program == ProgramIds.Secp256k1Precompile) secp256k1 += FirstByte(message, i);
            else if (program == ProgramIds.Secp256r1Precompile) secp256r1 += FirstByte(message, i);
        }
        return new SignatureCounts(message.Header.NumRequiredSignatures, ed25519, secp256k1, secp256r1);
    }

    private static ulong FirstByte(Message message, int instruction)
    {
        var data = message.GetInstructionData(instruction);
        return data.IsEmpty ? 0UL : data[0];
    }
}
