using Stratus.Core.Transactions;

namespace Stratus.Runtime.Precompiles;

/// <summary>
/// solana-precompile-error 2.2's <c>PrecompileError</c>. The value is the discriminant, which is also the
/// <c>InstructionError::Custom</c> code a failed precompile reports.
/// </summary>
public enum PrecompileError : uint
{
    InvalidPublicKey = 0,
    InvalidRecoveryId = 1,
    InvalidSignature = 2,
    InvalidDataOffsets = 3,
    InvalidInstructionDataSize = 4,
}

public static class PrecompileErrorExtensions
{
    /// <summary>
    /// Both of Agave's paths report <c>InstructionError::Custom(error as u32)</c>: <c>verify_precompiles</c>
    /// maps it explicitly, and the SVM path's <c>InstructionError::from</c> (ToPrimitive) yields Custom for
    /// any value with no bits above 32 that is not one of the reserved builtin codes (0–4 are not).
    /// </summary>
    public static InstructionError ToInstructionError(this PrecompileError error) => InstructionError.FromCustom((uint)error);
}
