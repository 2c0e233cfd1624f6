using Stratus.Sbpf.Syscalls;
using Stratus.Crypto.Bn254;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>
/// <c>sol_alt_bn128_compression(op, input, input_len, result)</c> (Agave 2.2 SyscallAltBn128Compression):
/// ops 0..3 are G1 compress (result 32 bytes), G1 decompress (64), G2 compress (64) and G2 decompress
/// (128), each charged syscall_base_cost plus its own cost; other ops are InvalidAttribute before any
/// charge. Failures return solana-bn254's compression error code in r0 (1 under
/// simplify_alt_bn128_syscall_error_codes).
/// </summary>
public sealed class SolAltBn128Compression(Bn254SyscallFeatures features) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong op, ulong inputAddr, ulong inputSize, ulong resultAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        ulong cost;
        int outputLength;
        switch (op)
        {
            case AltBn128Compression.OpG1Compress:
                cost = SyscallCosts.AltBn128G1Compress;
                outputLength = AltBn128Compression.G1CompressedSize;
                break;
            case AltBn128Compression.OpG1Decompress:
                cost = SyscallCosts.AltBn128G1Decompress;
                outputLength = AltBn128Compression.G1Size;
                break;
            case AltBn128Compression.OpG2Compress:
                cost = SyscallCosts.AltBn128G2Compress;
                outputLength = AltBn128Compression.G2CompressedSize;
                break;
            case AltBn128Compression.OpG2Decompress:
                cost = SyscallCosts.AltBn128G2Decompress;
                outputLength = AltBn128Compression.G2Size;
                break;
            default:
                return SyscallFailures.InvalidAttribute;
        }

        var error = vm.ConsumeChecked(SyscallCosts.SyscallBaseCost + cost);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, inputAddr, inputSize, out var input);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, (ulong)outputLength, out var result);
        if (error != null) return error;

        Span<byte> output = stackalloc byte[AltBn128Compression.G2Size];
        var status = op switch
        {
            AltBn128Compression.OpG1Compress => AltBn128Compression.G1Compress(input, output),
            AltBn128Compression.OpG1Decompress => AltBn128Compression.G1Decompress(input, output),
            AltBn128Compression.OpG2Compress => AltBn128Compression.G2Compress(input, output),
            _ => AltBn128Compression.G2Decompress(input, output),
        };
        if (status != AltBn128CompressionError.None)
        {
            r0 = features.SimplifyErrorCodes ? 1UL : (ulong)status;
            return null;
        }
        output.Slice(0, outputLength).CopyTo(result);
        return null;
    }
}
