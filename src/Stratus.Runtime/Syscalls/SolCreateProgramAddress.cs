using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Syscalls.Cpi;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// <c>sol_create_program_address</c> (1,500 units): more than 16 seeds or a seed over 32 bytes is BadSeeds;
/// seeds that land on the curve return 1 and leave the output alone.
/// </summary>
public sealed class SolCreateProgramAddress : ISyscall
{
    public const ulong Cost = 1_500;

    public SyscallError? Invoke(VmContext vm, ulong seedsAddr, ulong seedsLen, ulong programIdAddr, ulong addressAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(Cost);
        if (e != null) return e;
        const string tooLong = "Could not create program address with signer seeds: Length of the seed is too long for address generation";
        e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, seedsAddr, seedsLen, 16, 8, out var raw);
        if (e != null) return e;
        if (seedsLen > (ulong)Programs.PubkeyDerivation.MaxSeeds) return new SyscallError(SyscallErrorKind.BadSeeds, tooLong);
        var descriptors = raw.ToArray();
        var seeds = new byte[(int)seedsLen][];
        for (var i = 0; i < seeds.Length; i++)
        {
            var n = BinaryPrimitives.ReadUInt64LittleEndian(descriptors.AsSpan(i * 16 + 8));
            if (n > (ulong)Programs.PubkeyDerivation.MaxSeedLength) return new SyscallError(SyscallErrorKind.BadSeeds, tooLong);
            e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, BinaryPrimitives.ReadUInt64LittleEndian(descriptors.AsSpan(i * 16)), n, 1, 1, out var seed);
            if (e != null) return e;
            seeds[i] = seed.ToArray();
        }
        e = SyscallHelpers.TranslateType(vm, AccessType.Load, programIdAddr, 32, 1, out var id);
        if (e != null) return e;
        if (CpiTranslation.CreateProgramAddress(seeds, new Pubkey(id), out var address) != null)
        {
            r0 = 1;
            return null;
        }
        e = SyscallHelpers.TranslateType(vm, AccessType.Store, addressAddr, 32, 1, out var output);
        if (e != null) return e;
        address.AsSpan().CopyTo(output);
        return null;
    }
}
