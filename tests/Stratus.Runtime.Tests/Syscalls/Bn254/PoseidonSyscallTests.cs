using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

public class PoseidonSyscallTests
{
    private static readonly SolPoseidon Simplified = new(Bn254SyscallFeatures.All);
    private static readonly SolPoseidon Legacy = new(new Bn254SyscallFeatures(false, false));

    private const int Descriptors = 0;
    private const int Data = 1024;
    private const ulong Result = Bn254TestVm.Input + 8192;

    /// <summary>Lays out inputs at Data.. and their (ptr, len) descriptors at Descriptors.</summary>
    private static ulong Lay(Bn254TestVm vm, params byte[][] inputs)
    {
        int at = Data;
        for (int i = 0; i < inputs.Length; i++)
        {
            var addr = vm.Put(at, inputs[i]);
            vm.PutU64(Descriptors + 16 * i, addr);
            vm.PutU64(Descriptors + 16 * i + 8, (ulong)inputs[i].Length);
            at += Math.Max(inputs[i].Length, 1) + 64;
        }
        return Bn254TestVm.Input + Descriptors;
    }

    private static byte[] Filled(byte value, int length = 32) => Enumerable.Repeat(value, length).ToArray();

    [Fact]
    public void Hashes_big_and_little_endian_and_charges_a_n2_plus_c()
    {
        using var vm = Bn254TestVm.Create();
        var vals = Lay(vm, Filled(1), Filled(2));
        var (error, r0, cost) = vm.Call(Simplified, 0, 0, vals, 2, Result);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(61UL * 4 + 542, cost);
        Assert.Equal("0d54e1938f8a8c1c7deb5e0355f26319207b84fe9ca2ce1b26e735c829821990", Hex.Encode(vm.Read(Result, 32)));
        (error, r0, _) = vm.Call(Simplified, 0, 1, vals, 2, Result);
        Assert.Null(error);
        Assert.Equal("90198229c835e7261bcea29cfe847b201963f255035eeb7d1c8c8a8f93e1540d", Hex.Encode(vm.Read(Result, 32)));
    }

    [Fact]
    public void Twelve_inputs_of_one()
    {
        using var vm = Bn254TestVm.Create();
        var one = new byte[32];
        one[31] = 1;
        var vals = Lay(vm, Enumerable.Repeat(one, 12).ToArray());
        var (error, r0, cost) = vm.Call(Simplified, 0, 0, vals, 12, Result);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(61UL * 144 + 542, cost);
        Assert.Equal("14390be0baef249bd47c65ddac65c2e52e8513c081c1cd72c98006098e9a8fbe", Hex.Encode(vm.Read(Result, 32)));
    }

    [Fact]
    public void Inputs_shorter_than_32_bytes_are_the_integer_they_encode()
    {
        using var vm = Bn254TestVm.Create();
        var vals = Lay(vm, [1]);
        Assert.Equal(0UL, vm.Call(Simplified, 0, 0, vals, 1, Result).R0);
        Assert.Equal("29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133", Hex.Encode(vm.Read(Result, 32)));
        vals = Lay(vm, [1, 0]);
        Assert.Equal(0UL, vm.Call(Simplified, 0, 1, vals, 1, Result).R0); // little-endian 0x0001 = 1
        Assert.Equal("29176100eaa962bdc1fe6c654d6a3c130e96a4d1168b33848b897dc502820133", Hex.Encode(vm.Read(Result, 32).Reverse().ToArray()));
    }

    [Fact]
    public void Bad_parameters_or_endianness_fail_the_call_without_charge()
    {
        using var vm = Bn254TestVm.Create();
        var (error, _, cost) = vm.Call(Simplified, 1, 0, Bn254TestVm.Input, 1, Result);
        Assert.Equal("Invalid parameters.", error!.Message);
        Assert.Equal(0UL, cost);
        (error, _, cost) = vm.Call(Simplified, 0, 2, Bn254TestVm.Input, 1, Result);
        Assert.Equal("Invalid endianness.", error!.Message);
        Assert.Equal(0UL, cost);
    }

    [Fact]
    public void More_than_twelve_inputs_log_and_fail_with_InvalidLength()
    {
        using var vm = Bn254TestVm.Create();
        var (error, _, cost) = vm.Call(Simplified, 0, 0, Bn254TestVm.Input, 13, Result);
        Assert.Equal(SyscallErrorKind.InvalidLength, error!.Kind);
        Assert.Equal(0UL, cost);
        Assert.Equal(["Poseidon hashing 13 sequences is not supported"], vm.Logs.Lines);
    }

    [Fact]
    public void No_inputs_is_InvalidWidthCircom_after_the_charge()
    {
        using var vm = Bn254TestVm.Create();
        var (error, r0, cost) = vm.Call(Legacy, 0, 0, 0, 0, Result);
        Assert.Null(error);
        Assert.Equal(11UL, r0);
        Assert.Equal(542UL, cost);
        Assert.Equal(1UL, vm.Call(Simplified, 0, 0, 0, 0, Result).R0);
    }

    [Fact]
    public void Input_errors_in_light_poseidon_order()
    {
        using var vm = Bn254TestVm.Create();
        var modulus = Hex.Decode("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
        Assert.Equal(4UL, vm.Call(Legacy, 0, 0, Lay(vm, Filled(1), []), 2, Result).R0);
        Assert.Equal(5UL, vm.Call(Legacy, 0, 0, Lay(vm, Filled(1), Filled(1, 33)), 2, Result).R0);
        Assert.Equal(7UL, vm.Call(Legacy, 0, 0, Lay(vm, modulus), 1, Result).R0);
        Assert.Equal(7UL, vm.Call(Legacy, 0, 1, Lay(vm, modulus.Reverse().ToArray()), 1, Result).R0);
        // Every length is checked before any value: a too-large first input loses to a too-long second one.
        Assert.Equal(5UL, vm.Call(Legacy, 0, 0, Lay(vm, modulus, Filled(1, 33)), 2, Result).R0);
        Assert.Equal(1UL, vm.Call(Simplified, 0, 0, Lay(vm, modulus), 1, Result).R0);
        // r - 1 is accepted.
        modulus[31] = 0;
        Assert.Equal(0UL, vm.Call(Legacy, 0, 0, Lay(vm, modulus), 1, Result).R0);
    }

    [Fact]
    public void Result_then_descriptors_then_inputs_are_translated()
    {
        using var vm = Bn254TestVm.Create();
        var vals = Lay(vm, Filled(1));
        var (error, _, cost) = vm.Call(Simplified, 0, 0, vals, 1, Bn254TestVm.ReadOnly);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        Assert.Equal(603UL, cost);
        (error, _, _) = vm.Call(Simplified, 0, 0, 0x10, 1, Result);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        vm.PutU64(Descriptors, 0x10);
        (error, _, _) = vm.Call(Simplified, 0, 0, vals, 1, Result);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        // A translation failure wins over a length error on an earlier input.
        Lay(vm, Filled(1, 40), Filled(1));
        vm.PutU64(Descriptors + 16, 0x10);
        (error, _, _) = vm.Call(Simplified, 0, 0, vals, 2, Result);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
    }

    [Fact]
    public void Descriptor_array_must_be_8_aligned_when_checked()
    {
        using var vm = Bn254TestVm.Create();
        var input = vm.Put(Data, Filled(1));
        vm.PutU64(4, input);
        vm.PutU64(12, 32);
        var (error, _, _) = vm.Call(Simplified, 0, 0, Bn254TestVm.Input + 4, 1, Result);
        Assert.Equal(SyscallErrorKind.UnalignedPointer, error!.Kind);
        vm.Context.CheckAligned = false;
        (error, var r0, _) = vm.Call(Simplified, 0, 0, Bn254TestVm.Input + 4, 1, Result);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
    }
}
