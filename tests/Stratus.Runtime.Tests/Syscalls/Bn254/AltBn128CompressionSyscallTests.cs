using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

public class AltBn128CompressionSyscallTests
{
    private const string G2Generator = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

    private static readonly SolAltBn128Compression Simplified = new(Bn254SyscallFeatures.All);
    private static readonly SolAltBn128Compression Legacy = new(new Bn254SyscallFeatures(false, false));

    [Theory]
    [InlineData(0UL, 64, 32, 130UL)]
    [InlineData(1UL, 32, 64, 498UL)]
    [InlineData(2UL, 128, 64, 186UL)]
    [InlineData(3UL, 64, 128, 13_710UL)]
    public void Each_op_charges_base_plus_its_cost(ulong op, int inputSize, int outputSize, ulong expectedCost)
    {
        using var vm = Bn254TestVm.Create();
        var (error, r0, cost) = vm.Call(Simplified, op, Bn254TestVm.Input, (ulong)inputSize, Bn254TestVm.Input + 4096);
        Assert.Null(error);
        Assert.Equal(0UL, r0); // all-zero input is the identity, which (de)compresses to zeros
        Assert.Equal(expectedCost, cost);
        Assert.Equal(new byte[outputSize], vm.Read(Bn254TestVm.Input + 4096, outputSize));
        // The output length is exactly the op's: a buffer one byte shorter at the region's end faults.
        var (tooShort, _, _) = vm.Call(Simplified, op, Bn254TestVm.Input, (ulong)inputSize, Bn254TestVm.Input + (ulong)vm.Memory.Length - (ulong)outputSize + 1);
        Assert.Equal(SyscallErrorKind.Ebpf, tooShort!.Kind);
    }

    [Fact]
    public void G1_generator_round_trip_uses_arkworks_flags()
    {
        using var vm = Bn254TestVm.Create();
        var g = new byte[64];
        g[31] = 1;
        g[63] = 2;
        var input = vm.Put(0, g);
        var (error, r0, _) = vm.Call(Simplified, 0, input, 64, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        // y = 2 is the smaller root, so no flag: the compressed form is x itself.
        Assert.Equal(g[..32], vm.Read(Bn254TestVm.Input + 1024, 32));

        vm.Memory[1024] |= 0x80; // ask for the larger root, p - 2
        (error, r0, _) = vm.Call(Simplified, 1, Bn254TestVm.Input + 1024, 32, Bn254TestVm.Input + 2048);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(
            "0000000000000000000000000000000000000000000000000000000000000001" +
            "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45",
            Hex.Encode(vm.Read(Bn254TestVm.Input + 2048, 64)));
    }

    [Fact]
    public void G2_generator_round_trip()
    {
        using var vm = Bn254TestVm.Create();
        var input = vm.Put(0, Hex.Decode(G2Generator));
        var (error, r0, _) = vm.Call(Simplified, 2, input, 128, Bn254TestVm.Input + 1024);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        (error, r0, _) = vm.Call(Simplified, 3, Bn254TestVm.Input + 1024, 64, Bn254TestVm.Input + 2048);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(G2Generator, Hex.Encode(vm.Read(Bn254TestVm.Input + 2048, 128)));
    }

    [Theory]
    [InlineData(0UL, 63, 5UL)]
    [InlineData(1UL, 33, 5UL)]
    [InlineData(2UL, 127, 5UL)]
    [InlineData(3UL, 65, 5UL)]
    public void Wrong_input_size_is_InvalidInputSize(ulong op, int inputSize, ulong legacyCode)
    {
        using var vm = Bn254TestVm.Create();
        var (error, r0, _) = vm.Call(Legacy, op, Bn254TestVm.Input, (ulong)inputSize, Bn254TestVm.Input + 4096);
        Assert.Null(error);
        Assert.Equal(legacyCode, r0);
        (error, r0, _) = vm.Call(Simplified, op, Bn254TestVm.Input, (ulong)inputSize, Bn254TestVm.Input + 4096);
        Assert.Null(error);
        Assert.Equal(1UL, r0);
    }

    [Fact]
    public void Failures_have_per_operation_codes_before_simplification()
    {
        using var vm = Bn254TestVm.Create();
        // x = 0 has no G1 point (3 is not a square mod p); x = p is out of range for every op.
        var zeroWithFlag = new byte[64];
        zeroWithFlag[0] = 0x80;
        vm.Put(0, zeroWithFlag);
        Assert.Equal(1UL, vm.Call(Legacy, 1, Bn254TestVm.Input, 32, Bn254TestVm.Input + 4096).R0);
        var p = Hex.Decode("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
        vm.Put(0, p);
        vm.Put(32, p);
        vm.Put(64, p);
        vm.Put(96, p);
        Assert.Equal(2UL, vm.Call(Legacy, 3, Bn254TestVm.Input, 64, Bn254TestVm.Input + 4096).R0);
        Assert.Equal(3UL, vm.Call(Legacy, 0, Bn254TestVm.Input, 64, Bn254TestVm.Input + 4096).R0);
        Assert.Equal(4UL, vm.Call(Legacy, 2, Bn254TestVm.Input, 128, Bn254TestVm.Input + 4096).R0);
        Assert.Equal(1UL, vm.Call(Simplified, 2, Bn254TestVm.Input, 128, Bn254TestVm.Input + 4096).R0);
    }

    [Fact]
    public void Unknown_op_is_InvalidAttribute()
    {
        using var vm = Bn254TestVm.Create();
        var (error, _, cost) = vm.Call(Simplified, 4, Bn254TestVm.Input, 64, Bn254TestVm.Input);
        Assert.Equal(SyscallErrorKind.InvalidAttribute, error!.Kind);
        Assert.Equal(0UL, cost);
    }
}
