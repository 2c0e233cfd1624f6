using System.Buffers.Binary;
using Stratus.Crypto;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

public class HashSyscallTests
{
    private static readonly SolHash Sha = new(SyscallHashKind.Sha256);
    private static readonly SolHash Keccak = new(SyscallHashKind.Keccak256);
    private static readonly SolHash Blake = new(SyscallHashKind.Blake3);

    private static void Slice(byte[] input, int at, ulong pointer, ulong length)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(at), pointer);
        BinaryPrimitives.WriteUInt64LittleEndian(input.AsSpan(at + 8), length);
    }

    // Well-known digests of the empty string and of "hello world".
    [Theory]
    [InlineData(SyscallHashKind.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")]
    [InlineData(SyscallHashKind.Keccak256, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", "47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad")]
    [InlineData(SyscallHashKind.Blake3, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", "d74981efa70a0c880b8d8c1985d075dbcbf679b99a5f9914e5aaf96b831a9e24")]
    public void Digests_over_slices(SyscallHashKind kind, string empty, string helloWorld)
    {
        var syscall = new SolHash(kind);
        var input = new byte[256];
        "hello"u8.CopyTo(input.AsSpan(100));
        " world"u8.CopyTo(input.AsSpan(120));
        Slice(input, 0, Input + 100, 5);
        Slice(input, 16, 0, 0);
        Slice(input, 32, Input + 120, 6);
        using var vm = Create(input);

        var (_, cost) = vm.Ok(syscall, Input, 3, Input + 200);
        Assert.Equal(helloWorld, Convert.ToHexStringLower(input.AsSpan(200, 32)));
        Assert.Equal(85UL + 10 + 10 + 10, cost);

        var (_, emptyCost) = vm.Ok(syscall, 0xdead, 0, Input + 200);
        Assert.Equal(empty, Convert.ToHexStringLower(input.AsSpan(200, 32)));
        Assert.Equal(85UL, emptyCost);
    }

    [Fact]
    public void Byte_cost_is_half_the_length_per_slice()
    {
        var input = new byte[4096];
        Slice(input, 0, Input + 1000, 1000);
        Slice(input, 16, Input + 100, 21);
        using var vm = Create(input);
        Assert.Equal(85UL + 500 + 10, vm.Ok(Sha, Input, 2, Input + 3000).Cost);
        Assert.Equal(Sha256.Hash(input.AsSpan(1000, 1000).ToArray().Concat(input.AsSpan(100, 21).ToArray()).ToArray()), input[3000..3032]);
    }

    [Fact]
    public void Too_many_slices_logs_and_charges_nothing()
    {
        using var vm = Create(new byte[64]);
        var (error, cost) = vm.Fail(Keccak, Input, 20_001, Input);
        Assert.Same(SyscallFailures.TooManySlices, error);
        Assert.Equal("Hashing too many sequences", error.Message);
        Assert.Equal(0UL, cost);
        Assert.Equal(["Keccak256 Hashing 20001 sequences in one syscall is over the limit 20000"], vm.Logs.Lines);
        vm.Fail(Sha, Input, ulong.MaxValue, Input);
        Assert.Equal("Sha256 Hashing 18446744073709551615 sequences in one syscall is over the limit 20000", vm.Logs.Lines[^1]);
        // 20,000 passes the limit check and fails later, on the slice array.
        SyscallAssert.AccessViolation(vm.Fail(Blake, Input, 20_000, Input).Error, AccessType.Load, Input, 320_000);
    }

    [Fact]
    public void Errors_in_agave_order()
    {
        var input = new byte[256];
        Slice(input, 0, Input + 250, 10);
        Slice(input, 24, Input, 8);
        using var vm = Create(input);
        // Result first (after the base cost) …
        var (result, cost) = vm.Fail(Sha, 0, 0, Program + 0x10_0000);
        SyscallAssert.AccessViolation(result, AccessType.Store, Program + 0x10_0000, 32);
        Assert.Equal(85UL, cost);
        // … then the slice array (8-aligned) …
        SyscallAssert.Kind(SyscallErrorKind.UnalignedPointer, vm.Fail(Sha, Input + 4, 1, Input + 128).Error);
        // … then each slice before its cost.
        var (slice, sliceCost) = vm.Fail(Sha, Input, 1, Input + 128);
        SyscallAssert.AccessViolation(slice, AccessType.Load, Input + 250, 10);
        Assert.Equal(85UL, sliceCost);
        using var poor = Create(input, budget: 84);
        SyscallAssert.BudgetExceeded(poor.Fail(Sha, 0, 0, Input).Error);

        vm.Context.CheckAligned = false;
        vm.Ok(Sha, Input + 24, 1, Input + 128);
        Assert.Equal(Sha256.Hash(input.AsSpan(0, 8).ToArray()), input[128..160]);
    }

    [Fact]
    public void Result_may_alias_the_input()
    {
        var input = new byte[64];
        "abc"u8.CopyTo(input.AsSpan(32));
        Slice(input, 0, Input + 32, 3);
        using var vm = Create(input);
        vm.Ok(Sha, Input, 1, Input + 32);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(input.AsSpan(32, 32)));
    }

    [Fact]
    public void Secp256k1_recover_returns_the_key_or_an_error_code()
    {
        var secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hash = Keccak256.Hash("message"u8);
        var signature = new byte[64];
        Assert.True(Secp256k1.SignRecoverable(hash, secret, signature, out int recoveryId));
        var publicKey = new byte[64];
        Assert.True(Secp256k1.DerivePublicKey(secret, publicKey));

        var input = new byte[256];
        hash.CopyTo(input, 0);
        signature.CopyTo(input, 32);
        using var vm = Create(input);
        var (r0, cost) = vm.Ok(SolSecp256k1Recover.Instance, Input, (ulong)recoveryId, Input + 32, Input + 128);
        Assert.Equal(0UL, r0);
        Assert.Equal(25_000UL, cost);
        Assert.Equal(publicKey, input[128..192]);

        Array.Clear(input, 128, 64);
        Assert.Equal(2UL, vm.Ok(SolSecp256k1Recover.Instance, Input, 4, Input + 32, Input + 128).R0);
        Assert.Equal(2UL, vm.Ok(SolSecp256k1Recover.Instance, Input, 256 + (ulong)recoveryId, Input + 32, Input + 128).R0);
        input.AsSpan(32, 32).Clear(); // r = 0
        Assert.Equal(3UL, vm.Ok(SolSecp256k1Recover.Instance, Input, (ulong)recoveryId, Input + 32, Input + 128).R0);
        input.AsSpan(32, 32).Fill(0xff); // r ≥ n
        Assert.Equal(3UL, vm.Ok(SolSecp256k1Recover.Instance, Input, (ulong)recoveryId, Input + 32, Input + 128).R0);
        Assert.All(input[128..192], b => Assert.Equal(0, b));

        // Translation order: hash, signature, result.
        SyscallAssert.AccessViolation(vm.Fail(SolSecp256k1Recover.Instance, Input + 240, 0, Input + 250, Program).Error, AccessType.Load, Input + 240, 32);
        SyscallAssert.AccessViolation(vm.Fail(SolSecp256k1Recover.Instance, Input, 0, Input + 250, Program).Error, AccessType.Load, Input + 250, 64);
        SyscallAssert.AccessViolation(vm.Fail(SolSecp256k1Recover.Instance, Input, 0, Input, Program).Error, AccessType.Store, Program, 64);
        using var poor = Create(input, budget: 24_999);
        SyscallAssert.BudgetExceeded(poor.Fail(SolSecp256k1Recover.Instance, Input, 0, Input + 32, Input + 128).Error);
    }
}
