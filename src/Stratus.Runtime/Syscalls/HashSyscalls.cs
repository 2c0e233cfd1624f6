using Stratus.Crypto;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

public enum SyscallHashKind : byte
{
    Sha256,
    Keccak256,
    Blake3,
}

/// <summary>
/// <c>sol_sha256</c>, <c>sol_keccak256</c>, <c>sol_blake3</c> (Agave's <c>SyscallHash</c>):
/// (vals, vals_len, result). More than sha256_max_slices slices logs a message and fails with
/// TooManySlices before anything is charged; otherwise charges sha256_base_cost, translates the
/// 32-byte result, then for each slice translates it and charges max(mem_op_base_cost,
/// sha256_byte_cost × len / 2) before hashing it.
/// </summary>
public sealed class SolHash(SyscallHashKind kind) : ISyscall
{
    public SyscallHashKind Kind { get; } = kind;

    private string Name => Kind switch
    {
        SyscallHashKind.Sha256 => "Sha256",
        SyscallHashKind.Keccak256 => "Keccak256",
        _ => "Blake3",
    };

    public SyscallError? Invoke(VmContext vm, ulong valsAddr, ulong valsLen, ulong resultAddr, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        if (valsLen > SyscallCosts.Sha256MaxSlices)
        {
            vm.Log($"{Name} Hashing {valsLen} sequences in one syscall is over the limit {SyscallCosts.Sha256MaxSlices}");
            return SyscallFailures.TooManySlices;
        }
        var error = vm.ConsumeChecked(SyscallCosts.Sha256BaseCost);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, 32, out var result);
        if (error != null) return error;

        var hasher = new Hasher(Kind);
        if (valsLen > 0)
        {
            error = GuestMemory.TranslateSliceOfSlices(vm, valsAddr, valsLen, out var descriptors);
            if (error != null) return error;
            int count = descriptors.Length / GuestMemory.SliceDescriptorSize;
            for (int i = 0; i < count; i++)
            {
                var (pointer, length) = GuestMemory.ReadSliceDescriptor(descriptors, i);
                error = GuestMemory.TranslateBytes(vm, AccessType.Load, pointer, length, out var bytes);
                if (error != null) return error;
                error = vm.ConsumeChecked(Math.Max(SyscallCosts.MemOpBaseCost, SyscallCosts.Sha256ByteCost * (length / 2)));
                if (error != null) return error;
                hasher.Update(bytes);
            }
        }
        hasher.Finish(result);
        return null;
    }

    /// <summary>The three incremental hashers behind one switch (each is a mutable struct).</summary>
    private struct Hasher
    {
        private readonly SyscallHashKind _kind;
        private Sha256Hasher _sha256;
        private Keccak256Hasher _keccak;
        private Blake3Hasher _blake3;

        public Hasher(SyscallHashKind kind)
        {
            _kind = kind;
            switch (kind)
            {
                case SyscallHashKind.Sha256: _sha256 = Sha256Hasher.Create(); break;
                case SyscallHashKind.Keccak256: _keccak = Keccak256Hasher.Create(); break;
                default: _blake3 = Blake3Hasher.Create(); break;
            }
        }

        public void Update(ReadOnlySpan<byte> data)
        {
            switch (_kind)
            {
                case SyscallHashKind.Sha256: _sha256.Update(data); break;
                case SyscallHashKind.Keccak256: _keccak.Update(data); break;
                default: _blake3.Update(data); break;
            }
        }

        public void Finish(Span<byte> output)
        {
            Span<byte> digest = stackalloc byte[32];
            switch (_kind)
            {
                case SyscallHashKind.Sha256: _sha256.Finish(digest); break;
                case SyscallHashKind.Keccak256: _keccak.Finish(digest); break;
                default: _blake3.Finalize(digest); break;
            }
            // The result is written last: it may alias the inputs.
            digest.CopyTo(output);
        }
    }
}

/// <summary>
/// <c>sol_secp256k1_recover(hash, recovery_id, signature, result)</c>: charges secp256k1_recover_cost,
/// translates the 32-byte hash, 64-byte signature and 64-byte result, then returns 0 with the key or
/// the recovery error code (1 invalid hash, 2 invalid recovery id, 3 invalid signature) in r0.
/// </summary>
public sealed class SolSecp256k1Recover : ISyscall
{
    public static readonly SolSecp256k1Recover Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong hashAddr, ulong recoveryId, ulong signatureAddr, ulong resultAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.Secp256k1RecoverCost);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, hashAddr, Secp256k1.HashSize, out var hash);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, signatureAddr, Secp256k1.SignatureSize, out var signature);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, resultAddr, Secp256k1.PublicKeySize, out var result);
        if (error != null) return error;
        Span<byte> key = stackalloc byte[Secp256k1.PublicKeySize];
        var outcome = Secp256k1.Recover(hash, recoveryId, signature, key);
        if (outcome == Secp256k1RecoverError.Success) key.CopyTo(result);
        r0 = (ulong)outcome;
        return null;
    }
}
