using Stratus.Sbpf.Syscalls;
using Stratus.Crypto.Bn254;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>
/// <c>sol_alt_bn128_group_op(op, input, input_len, result)</c> (Agave 2.2 SyscallAltBn128): op 0 adds,
/// 2 multiplies, 3 runs the pairing check; anything else (including 1, subtraction) is InvalidAttribute
/// before any charge. The charge comes first, then the input and the result buffer (64 bytes, or 32
/// for the pairing) are translated, then the computation runs. A computation failure is not a syscall
/// error: r0 carries solana-bn254's error code, or 1 under simplify_alt_bn128_syscall_error_codes.
/// </summary>
public sealed class SolAltBn128GroupOp(Bn254SyscallFeatures features) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong op, ulong inputAddr, ulong inputSize, ulong resultAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        ulong cost;
        int outputLength;
        switch (op)
        {
            case AltBn128.OpAdd:
                cost = SyscallCosts.AltBn128AdditionCost;
                outputLength = AltBn128.AdditionOutputLength;
                break;
            case AltBn128.OpMul:
                cost = SyscallCosts.AltBn128MultiplicationCost;
                outputLength = AltBn128.MultiplicationOutputLength;
                break;
            case AltBn128.OpPairing:
                cost = Bn254SyscallCosts.AltBn128Pairing(inputSize);
                outputLength = AltBn128.PairingOutputLength;
                break;
            default:
                return SyscallFailures.InvalidAttribute;
        }

        var error = vm.ConsumeChecked(cost);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, inputAddr, inputSize, out var input);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, (ulong)outputLength, out var result);
        if (error != null) return error;

        Span<byte> output = stackalloc byte[AltBn128.G1PointSize];
        var status = op switch
        {
            AltBn128.OpAdd => AltBn128.Add(input, output),
            AltBn128.OpMul => AltBn128.Multiply(input, output,
                features.FixMultiplicationInputLength ? AltBn128.MultiplicationInputLength : AltBn128.LegacyMultiplicationInputLength),
            _ => AltBn128.Pairing(input, output),
        };
        if (status != AltBn128Error.None)
        {
            r0 = features.SimplifyErrorCodes ? 1UL : (ulong)status;
            return null;
        }
        output.Slice(0, outputLength).CopyTo(result);
        return null;
    }
}
