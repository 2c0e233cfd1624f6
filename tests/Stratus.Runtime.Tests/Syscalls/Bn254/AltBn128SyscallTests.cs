using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

public class AltBn128SyscallTests
{
    // EIP-196 chfast1 (addition), chfast1 (multiplication) and EIP-197 two_point_match_2 (pairing).
    private const string AddInput = "18b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f3726607c2b7f58a84bd6145f00c9c2bc0bb1a187f20ff2c92963a88019e7c6a014eed06614e20c147e940f2d70da3f74c9a17df361706a4485c742bd6788478fa17d7";
    private const string AddOutput = "2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c915";
    private const string MulInput = "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb20400000000000000000000000000000000000000000000000011138ce750fa15c2";
    private const string MulOutput = "070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc";
    private const string G2Generator = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    private const string G1Generator = "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002";
    private const string G1GeneratorNeg = "000000000000000000000000000000000000000000000000000000000000000130644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";

    private static readonly SolAltBn128GroupOp Simplified = new(Bn254SyscallFeatures.All);
    private static readonly SolAltBn128GroupOp Legacy = new(new Bn254SyscallFeatures(SimplifyErrorCodes: false, FixMultiplicationInputLength: false));

    [Fact]
    public void Addition_writes_the_sum_and_charges_334()
    {
        using var vm = Bn254TestVm.Create();
        var input = vm.Put(0, Hex.Decode(AddInput));
        var (error, r0, cost) = vm.Call(Simplified, 0, input, 128, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(334UL, cost);
        Assert.Equal(AddOutput, Hex.Encode(vm.Read(Bn254TestVm.Input + 1024, 64)));
    }

    [Fact]
    public void Multiplication_charges_3840()
    {
        using var vm = Bn254TestVm.Create();
        var input = vm.Put(0, Hex.Decode(MulInput));
        var (error, r0, cost) = vm.Call(Simplified, 2, input, 96, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(3840UL, cost);
        Assert.Equal(MulOutput, Hex.Encode(vm.Read(Bn254TestVm.Input + 1024, 64)));
    }

    [Fact]
    public void Pairing_charges_per_pair_plus_input_and_returns_one_or_zero()
    {
        using var vm = Bn254TestVm.Create();
        var pairs = Hex.Decode(G1Generator + G2Generator + G1GeneratorNeg + G2Generator);
        var input = vm.Put(0, pairs);
        var (error, r0, cost) = vm.Call(Simplified, 3, input, (ulong)pairs.Length, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(36_364UL + 12_121 + 85 + 384 + 32, cost);
        Assert.Equal("0000000000000000000000000000000000000000000000000000000000000001", Hex.Encode(vm.Read(Bn254TestVm.Input + 1024, 32)));

        var one = Hex.Decode(G1Generator + G2Generator);
        vm.Put(0, one);
        (error, r0, cost) = vm.Call(Simplified, 3, input, 192, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(36_364UL + 85 + 192 + 32, cost);
        Assert.Equal(new byte[32], vm.Read(Bn254TestVm.Input + 1024, 32));
    }

    [Fact]
    public void Empty_pairing_input_is_one_and_costs_one_pair()
    {
        using var vm = Bn254TestVm.Create();
        var (error, r0, cost) = vm.Call(Simplified, 3, 0, 0, Bn254TestVm.Input);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(36_364UL + 85 + 32, cost);
        Assert.Equal(1, vm.Memory[31]);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(4UL)]
    [InlineData(ulong.MaxValue)]
    public void Unknown_op_is_InvalidAttribute_before_any_charge(ulong op)
    {
        using var vm = Bn254TestVm.Create();
        var (error, _, cost) = vm.Call(Simplified, op, Bn254TestVm.Input, 128, Bn254TestVm.Input);
        Assert.NotNull(error);
        Assert.Equal(SyscallErrorKind.InvalidAttribute, error!.Kind);
        Assert.Equal("InvalidAttribute", error.Message);
        Assert.Equal(0UL, cost);
    }

    [Fact]
    public void Invalid_point_returns_one_without_writing()
    {
        using var vm = Bn254TestVm.Create();
        var bad = Hex.Decode(AddInput);
        bad[63] ^= 1; // P no longer on the curve
        var input = vm.Put(0, bad);
        vm.Memory.AsSpan(1024, 64).Fill(0xAA);
        foreach (var syscall in new[] { Simplified, Legacy })
        {
            var (error, r0, cost) = vm.Call(syscall, 0, input, 128, Bn254TestVm.Input + 1024);
            Assert.Null(error);
            Assert.Equal(1UL, r0); // InvalidInputData is code 1 either way
            Assert.Equal(334UL, cost);
            Assert.All(vm.Read(Bn254TestVm.Input + 1024, 64), b => Assert.Equal(0xAA, b));
        }
    }

    [Fact]
    public void Addition_input_longer_than_128_bytes_is_invalid()
    {
        using var vm = Bn254TestVm.Create();
        var input = vm.Put(0, Hex.Decode(AddInput));
        var (error, r0, _) = vm.Call(Simplified, 0, input, 129, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(1UL, r0);
    }

    [Fact]
    public void Multiplication_accepts_128_bytes_until_the_length_fix()
    {
        using var vm = Bn254TestVm.Create();
        var bytes = Hex.Decode(MulInput).Concat(Enumerable.Repeat((byte)0x5A, 32)).ToArray();
        var input = vm.Put(0, bytes);
        var (error, r0, _) = vm.Call(Legacy, 2, input, 128, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(MulOutput, Hex.Encode(vm.Read(Bn254TestVm.Input + 1024, 64)));
        (error, r0, _) = vm.Call(Simplified, 2, input, 128, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(1UL, r0);
        (error, r0, _) = vm.Call(Legacy, 2, input, 129, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(1UL, r0);
    }

    [Fact]
    public void Budget_is_charged_before_translation()
    {
        using var vm = Bn254TestVm.Create(budget: 333);
        var (error, _, _) = vm.Call(Simplified, 0, 0, 128, 0);
        Assert.NotNull(error);
        Assert.Equal("ComputationalBudgetExceeded", error!.InstructionError);
        Assert.Equal(0UL, vm.Remaining);
    }

    [Fact]
    public void Input_then_result_are_translated()
    {
        using var vm = Bn254TestVm.Create();
        var (error, _, cost) = vm.Call(Simplified, 0, 0x10, 128, Bn254TestVm.Input);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        Assert.Equal(AccessType.Load, error.Ebpf!.AccessType);
        Assert.Equal(334UL, cost);

        var input = vm.Put(0, Hex.Decode(AddInput));
        (error, _, _) = vm.Call(Simplified, 0, input, 128, Bn254TestVm.ReadOnly);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        Assert.Equal(AccessType.Store, error.Ebpf!.AccessType);
        Assert.Equal(Bn254TestVm.ReadOnly, error.Ebpf.Address);
        Assert.Equal(64UL, error.Ebpf.Size);

        // The result buffer is translated (and must be mapped) even when the input is invalid.
        vm.Memory[63] ^= 1;
        (error, _, _) = vm.Call(Simplified, 0, input, 128, 0x10);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
    }

    [Fact]
    public void Pairing_result_is_32_bytes_so_a_32_byte_buffer_at_the_end_suffices()
    {
        using var vm = Bn254TestVm.Create(size: 4096);
        var input = vm.Put(0, Hex.Decode(G1Generator + G2Generator + G1GeneratorNeg + G2Generator));
        var (error, r0, _) = vm.Call(Simplified, 3, input, 384, Bn254TestVm.Input + 4096 - 32);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        (error, _, _) = vm.Call(Simplified, 0, input, 128, Bn254TestVm.Input + 4096 - 32);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
    }
}
