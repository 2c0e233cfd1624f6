using Stratus.Core;
using Stratus.Crypto;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Agave's <c>translate_and_check_program_address_inputs</c>: the seed list (16-byte descriptors),
/// BadSeeds(MaxSeedLengthExceeded) for more than 16 seeds, then per seed in order the length check
/// (BadSeeds for more than 32 bytes) and its translation, then the program id.
/// </summary>
internal static class SeedInputs
{
    public static SyscallError? Translate(VmContext vm, ulong seedsAddr, ulong seedsLen, ulong programIdAddr, out Span<byte> descriptors, out Pubkey programId)
    {
        programId = default;
        var error = GuestMemory.TranslateSliceOfSlices(vm, seedsAddr, seedsLen, out descriptors);
        if (error != null) return error;
        int count = descriptors.Length / GuestMemory.SliceDescriptorSize;
        if (count > ProgramAddress.MaxSeeds) return SyscallFailures.BadSeeds(PubkeyError.MaxSeedLengthExceeded);
        for (int i = 0; i < count; i++)
        {
            var (pointer, length) = GuestMemory.ReadSliceDescriptor(descriptors, i);
            if (length > ProgramAddress.MaxSeedLength) return SyscallFailures.BadSeeds(PubkeyError.MaxSeedLengthExceeded);
            error = GuestMemory.TranslateBytes(vm, AccessType.Load, pointer, length, out _);
            if (error != null) return error;
        }
        error = GuestMemory.TranslateType(vm, AccessType.Load, programIdAddr, Pubkey.Length, 1, out var id);
        if (error != null) return error;
        programId = Pubkey.Read(id);
        return null;
    }

    /// <summary>A hasher fed with every seed (already validated by <see cref="Translate"/>).</summary>
    public static Sha256Hasher HashSeeds(VmContext vm, ReadOnlySpan<byte> descriptors)
    {
        var hasher = Sha256Hasher.Create();
        int count = descriptors.Length / GuestMemory.SliceDescriptorSize;
        for (int i = 0; i < count; i++)
        {
            var (pointer, length) = GuestMemory.ReadSliceDescriptor(descriptors, i);
            GuestMemory.TranslateBytes(vm, AccessType.Load, pointer, length, out var seed);
            hasher.Update(seed);
        }
        return hasher;
    }
}

/// <summary>
/// <c>sol_create_program_address(seeds, seeds_len, program_id, address)</c>: charges
/// create_program_address_units; r0 = 1 when the seeds give an on-curve hash, otherwise writes the
/// 32-byte address and returns 0.
/// </summary>
public sealed class SolCreateProgramAddress : ISyscall
{
    public static readonly SolCreateProgramAddress Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong seedsAddr, ulong seedsLen, ulong programIdAddr, ulong addressAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.CreateProgramAddressUnits);
        if (error != null) return error;
        error = SeedInputs.Translate(vm, seedsAddr, seedsLen, programIdAddr, out var descriptors, out var programId);
        if (error != null) return error;
        var hasher = SeedInputs.HashSeeds(vm, descriptors);
        if (ProgramAddress.CreateFromHasher(ref hasher, programId, out var address) != null)
        {
            r0 = 1;
            return null;
        }
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, addressAddr, Pubkey.Length, out var output);
        if (error != null) return error;
        address.CopyTo(output);
        return null;
    }
}

/// <summary>
/// <c>sol_try_find_program_address(seeds, seeds_len, program_id, address, bump_seed)</c>: charges
/// create_program_address_units, then tries bumps 255 down to 1, charging the same again after each
/// failed attempt (with 16 seeds every attempt fails: 17 seeds exceed MAX_SEEDS). On success
/// translates the bump byte and the address, refuses overlapping outputs (CopyOverlapping), writes
/// both and returns 0; r0 = 1 when no bump works.
/// </summary>
public sealed class SolTryFindProgramAddress : ISyscall
{
    public static readonly SolTryFindProgramAddress Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong seedsAddr, ulong seedsLen, ulong programIdAddr, ulong addressAddr, ulong bumpAddr, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.CreateProgramAddressUnits);
        if (error != null) return error;
        error = SeedInputs.Translate(vm, seedsAddr, seedsLen, programIdAddr, out var descriptors, out var programId);
        if (error != null) return error;
        bool tooManyWithBump = descriptors.Length / GuestMemory.SliceDescriptorSize >= ProgramAddress.MaxSeeds;
        var seedsHasher = SeedInputs.HashSeeds(vm, descriptors);
        Span<byte> bumpSeed = stackalloc byte[1];
        for (int bump = 255; bump > 0; bump--)
        {
            if (!tooManyWithBump)
            {
                var hasher = seedsHasher;
                bumpSeed[0] = (byte)bump;
                hasher.Update(bumpSeed);
                if (ProgramAddress.CreateFromHasher(ref hasher, programId, out var address) == null)
                {
                    error = GuestMemory.TranslateType(vm, AccessType.Store, bumpAddr, 1, 1, out var bumpOut);
                    if (error != null) return error;
                    error = GuestMemory.TranslateBytes(vm, AccessType.Store, addressAddr, Pubkey.Length, out var addressOut);
                    if (error != null) return error;
                    if (!GuestMemory.HostNonOverlapping(bumpOut, addressOut)) return SyscallFailures.CopyOverlapping;
                    bumpOut[0] = (byte)bump;
                    address.CopyTo(addressOut);
                    return null;
                }
            }
            error = vm.ConsumeChecked(SyscallCosts.CreateProgramAddressUnits);
            if (error != null) return error;
        }
        r0 = 1;
        return null;
    }
}
