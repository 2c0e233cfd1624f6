using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class ProgramAddressTests
{
    private static readonly Pubkey UpgradeableLoader = Pubkey.Parse("BPFLoaderUpgradeab1e11111111111111111111111");

    /// <summary>Guest memory with the seeds' descriptors at 0, their bytes from 1024, the program id at 2048.</summary>
    private static (SyscallTestVm Vm, byte[] Input) Setup(byte[][] seeds, Pubkey programId, ulong budget = 1_000_000)
    {
        var input = new byte[4096];
        int at = 1024;
        for (int i = 0; i < seeds.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(16 * i), Input + (ulong)at);
            BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(16 * i + 8), (ulong)seeds[i].Length);
            seeds[i].CopyTo(input, at);
            at += seeds[i].Length;
        }
        programId.CopyTo(input.AsSpan(2048));
        return (Create(input, budget), input);
    }

    private static (ulong R0, ulong Cost, Pubkey Address) CreateAddress(byte[][] seeds, Pubkey programId)
    {
        var (vm, input) = Setup(seeds, programId);
        using (vm)
        {
            var (r0, cost) = vm.Ok(SolCreateProgramAddress.Instance, Input, (ulong)seeds.Length, Input + 2048, Input + 3000);
            return (r0, cost, Pubkey.Read(input.AsSpan(3000)));
        }
    }

    // Agave bpf_loader syscalls test_create_program_address (the solana-pubkey vectors).
    [Theory]
    [InlineData("", "01", "BwqrghZA2htAcqq8dzP1WDAhTXYTYWj7CHxF5j7TDBAe")]
    [InlineData("e29889", "00", "13yWmRpaTR4r5nAktwLqMpRNr28tnVUZw26rTvPSSB19")]
    [InlineData("54616c6b696e67", "537175697272656c73", "2fnQrngrQT4SeLcdToJAD96phoEjNL2man2kfRLCASVk")]
    public void Agave_vectors(string seed1, string seed2, string expected)
    {
        var (r0, cost, address) = CreateAddress([Convert.FromHexString(seed1), Convert.FromHexString(seed2)], UpgradeableLoader);
        Assert.Equal(0UL, r0);
        Assert.Equal(1500UL, cost);
        Assert.Equal(expected, address.ToString());
        Assert.Null(ProgramAddress.TryCreate([Convert.FromHexString(seed1), Convert.FromHexString(seed2)], UpgradeableLoader, out var direct));
        Assert.Equal(expected, direct.ToString());
    }

    [Fact]
    public void Agave_vector_with_a_pubkey_seed()
    {
        var seed = Pubkey.Parse("SeedPubey1111111111111111111111111111111111").ToArray();
        Assert.Equal("976ymqVnfE32QFe6NfGDctSvVa36LWnvYxhU6G2232YL", CreateAddress([seed, [1]], UpgradeableLoader).Address.ToString());
        Assert.NotEqual(CreateAddress(["Talking"u8.ToArray(), "Squirrels"u8.ToArray()], UpgradeableLoader).Address,
            CreateAddress(["Talking"u8.ToArray()], UpgradeableLoader).Address);
    }

    [Fact]
    public void Seed_limits()
    {
        var tooLong = Enumerable.Repeat((byte)127, 33).ToArray();
        foreach (var seeds in new[] { new[] { tooLong }, new[] { "short_seed"u8.ToArray(), tooLong } })
        {
            var (vm, _) = Setup(seeds, UpgradeableLoader);
            using (vm)
            {
                var (error, cost) = vm.Fail(SolCreateProgramAddress.Instance, Input, (ulong)seeds.Length, Input + 2048, Input + 3000);
                Assert.Equal(SyscallErrorKind.BadSeeds, error.Kind);
                Assert.Equal("Could not create program address with signer seeds: Length of the seed is too long for address generation", error.Message);
                Assert.Equal(1500UL, cost);
            }
        }
        Assert.Equal(0UL, CreateAddress([new byte[32]], UpgradeableLoader).R0);
        var sixteen = Enumerable.Range(1, 16).Select(i => new[] { (byte)i }).ToArray();
        Assert.Equal(0UL, CreateAddress(sixteen, UpgradeableLoader).R0);
        var seventeen = Enumerable.Range(1, 17).Select(i => new[] { (byte)i }).ToArray();
        var (vm17, _) = Setup(seventeen, UpgradeableLoader);
        using (vm17)
            Assert.Equal(SyscallErrorKind.BadSeeds, vm17.Fail(SolCreateProgramAddress.Instance, Input, 17, Input + 2048, Input + 3000).Error.Kind);
        Assert.Equal(PubkeyError.MaxSeedLengthExceeded, ProgramAddress.TryCreate(seventeen, UpgradeableLoader, out _));
        Assert.Equal(PubkeyError.MaxSeedLengthExceeded, ProgramAddress.TryCreate([tooLong], UpgradeableLoader, out _));
    }

    [Fact]
    public void On_curve_hash_returns_one_without_touching_the_output()
    {
        // Find seeds whose hash lands on the curve (about half of all hashes do).
        for (byte b = 0; ; b++)
        {
            if (ProgramAddress.TryCreate([[b]], UpgradeableLoader, out _) != PubkeyError.InvalidSeeds) continue;
            var (vm, _) = Setup([[b]], UpgradeableLoader);
            using (vm)
            {
                // The output address is unmapped: it is never translated when r0 = 1.
                Assert.Equal((1UL, 1500UL), vm.Ok(SolCreateProgramAddress.Instance, Input, 1, Input + 2048, 0x10));
            }
            return;
        }
    }

    [Fact]
    public void Translation_errors_in_order()
    {
        // Seeds ("", [1]): the BwqrghZA… vector, off the curve.
        var (vm, input) = Setup([[], [1]], UpgradeableLoader);
        using (vm)
        {
            SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(SolCreateProgramAddress.Instance, Input + 4, 2, Input + 2048, Input + 3000).Error);
            SyscallAssert.AccessViolation(vm.Fail(SolCreateProgramAddress.Instance, Input + 4088, 1, Input + 2048, Input + 3000).Error, AccessType.Load, Input + 4088, 16);
            // 17 descriptors must translate before the count is rejected.
            SyscallAssert.AccessViolation(vm.Fail(SolCreateProgramAddress.Instance, Input + 4000, 17, 0, 0).Error, AccessType.Load, Input + 4000, 272);
            BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(16), 0x10);
            SyscallAssert.AccessViolation(vm.Fail(SolCreateProgramAddress.Instance, Input, 2, Input + 2048, Input + 3000).Error, AccessType.Load, 0x10, 1);
            BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(16), Input + 1024);
            SyscallAssert.AccessViolation(vm.Fail(SolCreateProgramAddress.Instance, Input, 2, Input + 4090, Input + 3000).Error, AccessType.Load, Input + 4090, 32);
            SyscallAssert.AccessViolation(vm.Fail(SolCreateProgramAddress.Instance, Input, 2, Input + 2048, Program).Error, AccessType.Store, Program, 32);
            vm.Ok(SolCreateProgramAddress.Instance, Input, 2, Input + 2048, Input + 3000);
            Assert.Equal("BwqrghZA2htAcqq8dzP1WDAhTXYTYWj7CHxF5j7TDBAe", Pubkey.Read(input.AsSpan(3000)).ToString());
        }
        var (poor, _) = Setup([[1]], UpgradeableLoader, budget: 1499);
        using (poor)
            SyscallAssert.BudgetExceeded(poor.Fail(SolCreateProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000).Error);
    }

    [Fact]
    public void Try_find_matches_create_with_the_bump_and_charges_per_attempt()
    {
        var seeds = new[] { "Lil'"u8.ToArray(), "Bits"u8.ToArray() };
        for (int i = 0; i < 20; i++)
        {
            var programId = new Pubkey(Stratus.Crypto.Sha256.Hash(BitConverter.GetBytes(i)));
            var (vm, input) = Setup(seeds, programId);
            using (vm)
            {
                var (r0, cost) = vm.Ok(SolTryFindProgramAddress.Instance, Input, 2, Input + 2048, Input + 3000, Input + 3100);
                Assert.Equal(0UL, r0);
                byte bump = input[3100];
                Assert.Equal(1500UL * (256UL - bump), cost);
                Assert.Null(ProgramAddress.TryCreate([.. seeds, [bump]], programId, out var expected));
                Assert.Equal(expected, Pubkey.Read(input.AsSpan(3000)));
                Assert.True(ProgramAddress.TryFind(seeds, programId, out var found, out var foundBump));
                Assert.Equal((expected, bump), (found, foundBump));
                for (int b = bump + 1; b <= 255; b++)
                    Assert.Equal(PubkeyError.InvalidSeeds, ProgramAddress.TryCreate([.. seeds, [(byte)b]], programId, out _));
            }
        }
    }

    [Fact]
    public void Try_find_budget_is_exact()
    {
        byte[][] seeds = [[]];
        var (probe, probeInput) = Setup(seeds, UpgradeableLoader);
        byte bump;
        using (probe)
        {
            probe.Ok(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3100);
            bump = probeInput[3100];
        }
        var (exact, _) = Setup(seeds, UpgradeableLoader, budget: 1500UL * (256UL - bump));
        using (exact)
            exact.Ok(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3100);
        var (shortOne, _) = Setup(seeds, UpgradeableLoader, budget: 1500UL * (255UL - bump));
        using (shortOne)
            SyscallAssert.BudgetExceeded(shortOne.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3100).Error);
    }

    [Fact]
    public void Try_find_with_sixteen_seeds_always_fails_after_256_charges()
    {
        var sixteen = Enumerable.Range(1, 16).Select(i => new[] { (byte)i }).ToArray();
        var (vm, _) = Setup(sixteen, UpgradeableLoader);
        using (vm)
            Assert.Equal((1UL, 256UL * 1500), vm.Ok(SolTryFindProgramAddress.Instance, Input, 16, Input + 2048, Input + 3000, Input + 3100));
        Assert.False(ProgramAddress.TryFind(sixteen, UpgradeableLoader, out _, out _));
    }

    [Fact]
    public void Try_find_output_errors()
    {
        byte[][] seeds = [[]];
        var (vm, _) = Setup(seeds, UpgradeableLoader);
        using (vm)
        {
            // Agave call_program_address_common(overlap = true): bump inside the address.
            var (overlap, _) = vm.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3010);
            Assert.Same(SyscallFailures.CopyOverlapping, overlap);
            SyscallAssert.Kind(SyscallErrorKind.CopyOverlapping, vm.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3000).Error);
            vm.Ok(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3032);
            // The bump is translated before the address.
            SyscallAssert.AccessViolation(vm.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Program, Program).Error, AccessType.Store, Program, 1);
            SyscallAssert.AccessViolation(vm.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Program, Input).Error, AccessType.Store, Program, 32);
            var tooLong = new byte[33];
            var (bad, _) = Setup([tooLong], UpgradeableLoader);
            using (bad)
                Assert.Equal(SyscallErrorKind.BadSeeds, bad.Fail(SolTryFindProgramAddress.Instance, Input, 1, Input + 2048, Input + 3000, Input + 3100).Error.Kind);
        }
    }
}
