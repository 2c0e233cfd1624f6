using Stratus.Sbpf.Syscalls;
using System.Buffers.Binary;
using Stratus.Crypto.Poseidon;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Fr = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FrModulus>;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>
/// <c>sol_poseidon(parameters, endianness, vals, vals_len, result)</c> (Agave 2.2 SyscallPoseidon).
/// Order: parameters must be 0 (Bn254X5) and endianness 0 (big) or 1 (little), else the
/// PoseidonSyscallError itself fails the call; more than 12 inputs logs and fails with InvalidLength;
/// then the charge a·n² + c; then the 32-byte result, the (ptr, len) array (8-aligned) and every
/// input are translated. Hashing failures (no inputs, an empty or over-long input, a value not below
/// the field modulus) return their code in r0, or 1 under simplify_alt_bn128_syscall_error_codes.
/// </summary>
public sealed class SolPoseidon(Bn254SyscallFeatures features) : ISyscall
{
    private const int SliceDescriptorSize = 16;

    public SyscallError? Invoke(VmContext vm, ulong parameters, ulong endianness, ulong valsAddr, ulong valsLen, ulong resultAddr, out ulong r0)
    {
        r0 = 0;
        if (parameters != 0) return Bn254SyscallErrors.PoseidonInvalidParameters;
        if (endianness > 1) return Bn254SyscallErrors.PoseidonInvalidEndianness;
        bool bigEndian = endianness == 0;
        if (valsLen > PoseidonHasher.MaxInputs)
        {
            vm.Log($"Poseidon hashing {valsLen} sequences is not supported");
            return SyscallError.InvalidLength;
        }
        var cost = Bn254SyscallCosts.Poseidon(valsLen);
        if (cost == null)
        {
            vm.Log("Overflow while calculating the compute cost");
            return SyscallFailures.ArithmeticOverflow;
        }
        var error = vm.ConsumeChecked(cost.Value);
        if (error != null) return error;

        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, PoseidonHasher.HashSize, out var result);
        if (error != null) return error;
        error = GuestMemory.TranslateSlice(vm, AccessType.Load, valsAddr, valsLen, SliceDescriptorSize, 8, out var descriptors);
        if (error != null) return error;

        // Every input is translated before hashing starts; light-poseidon then checks the count, every
        // length, and every conversion, in that order, so the first failure of each kind is kept.
        int count = (int)valsLen;
        Span<Fr> elements = stackalloc Fr[PoseidonHasher.MaxInputs];
        var lengthError = PoseidonError.None;
        var conversionError = PoseidonError.None;
        for (int i = 0; i < count; i++)
        {
            var d = descriptors.Slice(i * SliceDescriptorSize, SliceDescriptorSize);
            ulong ptr = BinaryPrimitives.ReadUInt64LittleEndian(d);
            ulong len = BinaryPrimitives.ReadUInt64LittleEndian(d.Slice(8));
            error = GuestMemory.TranslateBytes(vm, AccessType.Load, ptr, len, out var input);
            if (error != null) return error;
            if (lengthError != PoseidonError.None) continue;
            lengthError = PoseidonHasher.ValidateLength(input);
            if (lengthError != PoseidonError.None || conversionError != PoseidonError.None) continue;
            conversionError = PoseidonHasher.ToFieldElement(input, bigEndian, out elements[i]);
        }

        Fr hash = default;
        var status = PoseidonHasher.CheckInputCount(count);
        if (status == PoseidonError.None) status = lengthError;
        if (status == PoseidonError.None) status = conversionError;
        if (status == PoseidonError.None) status = PoseidonHasher.Hash(elements.Slice(0, count), out hash);
        if (status != PoseidonError.None)
        {
            r0 = features.SimplifyErrorCodes ? 1UL : (ulong)status;
            return null;
        }
        PoseidonHasher.WriteResult(hash, bigEndian, result);
        return null;
    }
}
