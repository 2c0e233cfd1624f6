using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>The feature gates that change these syscalls' behaviour (Agave feature names in the doc comments).</summary>
/// <param name="SimplifyErrorCodes">simplify_alt_bn128_syscall_error_codes: every computation failure returns r0 = 1.</param>
/// <param name="FixMultiplicationInputLength">fix_alt_bn128_multiplication_input_length: multiplication input at most 96 bytes (else 128).</param>
public sealed record Bn254SyscallFeatures(bool SimplifyErrorCodes, bool FixMultiplicationInputLength)
{
    public const string SimplifyErrorCodesFeature = "simplify_alt_bn128_syscall_error_codes";
    public const string FixMultiplicationInputLengthFeature = "fix_alt_bn128_multiplication_input_length";

    public static Bn254SyscallFeatures All { get; } = new(true, true);

    public static Bn254SyscallFeatures From(Func<string, bool> isFeatureActive) =>
        new(isFeatureActive(SimplifyErrorCodesFeature), isFeatureActive(FixMultiplicationInputLengthFeature));
}

/// <summary>solana-poseidon's errors, which only sol_poseidon raises.</summary>
internal static class Bn254SyscallErrors
{
    /// <summary>solana-poseidon's <c>PoseidonSyscallError</c> returned as the syscall's error (its Display text).</summary>
    public static readonly SyscallError PoseidonInvalidParameters = new("Invalid parameters.");

    public static readonly SyscallError PoseidonInvalidEndianness = new("Invalid endianness.");
}
