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

/// <summary>Errors these syscalls raise that the VM's own helpers do not define.</summary>
internal static class Bn254SyscallErrors
{
    public static readonly SyscallError InvalidAttribute = new(SyscallErrorKind.InvalidAttribute, "InvalidAttribute");

    public static readonly SyscallError ArithmeticOverflow = new(SyscallErrorKind.ArithmeticOverflow, "Arithmetic overflow");

    /// <summary>solana-poseidon's <c>PoseidonSyscallError</c> returned as the syscall's error (its Display text).</summary>
    public static readonly SyscallError PoseidonInvalidParameters = new("Invalid parameters.");

    public static readonly SyscallError PoseidonInvalidEndianness = new("Invalid endianness.");
}

/// <summary>
/// Agave's <c>translate_slice::&lt;T&gt;</c> for types wider than a byte: the mapping of count·size
/// bytes (InvalidLength past isize::MAX, nothing for zero elements), then, when the program checks
/// alignment, UnalignedPointer unless the host address is a multiple of the alignment. Agave backs
/// every region with 16-byte aligned memory, so the host alignment is the offset into the backing
/// buffer's aligned start.
/// </summary>
internal static class TypedTranslation
{
    public static SyscallError? Translate(VmContext vm, AccessType access, ulong vaddr, ulong count, int elementSize, int alignment, out Span<byte> bytes)
    {
        bytes = default;
        if (count == 0) return null;
        ulong total = count > ulong.MaxValue / (ulong)elementSize ? ulong.MaxValue : count * (ulong)elementSize;
        if (total > long.MaxValue) return SyscallError.InvalidLength;
        var error = vm.Memory.Locate(access, vaddr, total, out var region, out int offset);
        if (error != null) return SyscallError.FromVm(error);
        int hostOffset = region!.Offset + offset;
        if (vm.CheckAligned && hostOffset % alignment != 0) return SyscallError.UnalignedPointer;
        bytes = region.Buffer.AsSpan(hostOffset, (int)total);
        return null;
    }

    /// <summary>translate_slice::&lt;u8&gt; (no alignment requirement).</summary>
    public static SyscallError? Bytes(VmContext vm, AccessType access, ulong vaddr, ulong length, out Span<byte> bytes) =>
        GuestMemory.TranslateBytes(vm, access, vaddr, length, out bytes);
}
