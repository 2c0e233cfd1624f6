using Stratus.Sbpf.Syscalls;
using System.Buffers.Binary;
using Stratus.Crypto;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls.Bn254;

/// <summary>
/// <c>sol_big_mod_exp(params, result)</c> (Agave 2.2 SyscallBigModExp). params points at
/// BigModExpParams {base ptr, base_len, exponent ptr, exponent_len, modulus ptr, modulus_len} (six u64,
/// 8-aligned). Any length over 512 fails with InvalidLength; the charge is syscall_base_cost +
/// len²/2 + 190 for the longest length; base, exponent and modulus are translated, the power computed,
/// and the result (modulus_len bytes, big-endian, zero-padded) written. r0 is always 0.
/// </summary>
public sealed class SolBigModExp : ISyscall
{
    public static readonly SolBigModExp Instance = new();

    private const int ParamsSize = 48;

    public SyscallError? Invoke(VmContext vm, ulong paramsAddr, ulong resultAddr, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = GuestMemory.TranslateSlice(vm, AccessType.Load, paramsAddr, 1, ParamsSize, 8, out var p);
        if (error != null) return error;
        ulong baseAddr = BinaryPrimitives.ReadUInt64LittleEndian(p);
        ulong baseLen = BinaryPrimitives.ReadUInt64LittleEndian(p.Slice(8));
        ulong exponentAddr = BinaryPrimitives.ReadUInt64LittleEndian(p.Slice(16));
        ulong exponentLen = BinaryPrimitives.ReadUInt64LittleEndian(p.Slice(24));
        ulong modulusAddr = BinaryPrimitives.ReadUInt64LittleEndian(p.Slice(32));
        ulong modulusLen = BinaryPrimitives.ReadUInt64LittleEndian(p.Slice(40));

        if (baseLen > BigModExp.MaxLength || exponentLen > BigModExp.MaxLength || modulusLen > BigModExp.MaxLength)
            return SyscallError.InvalidLength;
        ulong inputLen = Math.Max(Math.Max(baseLen, exponentLen), modulusLen);
        error = vm.ConsumeChecked(Bn254SyscallCosts.BigModExp(inputLen));
        if (error != null) return error;

        error = GuestMemory.TranslateBytes(vm, AccessType.Load, baseAddr, baseLen, out var b);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, exponentAddr, exponentLen, out var e);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, modulusAddr, modulusLen, out var m);
        if (error != null) return error;

        Span<byte> value = stackalloc byte[BigModExp.MaxLength];
        BigModExp.Compute(b, e, m, value);

        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, modulusLen, out var result);
        if (error != null) return error;
        value.Slice(0, (int)modulusLen).CopyTo(result);
        return null;
    }
}
