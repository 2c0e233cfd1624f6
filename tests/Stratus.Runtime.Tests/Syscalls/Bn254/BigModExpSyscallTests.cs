using Stratus.Runtime.Syscalls.Bn254;
using Stratus.Sbpf;

namespace Stratus.Runtime.Tests.Syscalls.Bn254;

public class BigModExpSyscallTests
{
    private const ulong Result = Bn254TestVm.Input + 16_384;

    /// <summary>Writes BigModExpParams at 0 and the operands after it.</summary>
    private static ulong Lay(Bn254TestVm vm, byte[] b, byte[] e, byte[] m)
    {
        vm.PutU64(0, vm.Put(1024, b));
        vm.PutU64(8, (ulong)b.Length);
        vm.PutU64(16, vm.Put(4096, e));
        vm.PutU64(24, (ulong)e.Length);
        vm.PutU64(32, vm.Put(8192, m));
        vm.PutU64(40, (ulong)m.Length);
        return Bn254TestVm.Input;
    }

    // solana-big-mod-exp's test cases (32-byte operands).
    [Theory]
    [InlineData("1111111111111111111111111111111111111111111111111111111111111111", "1111111111111111111111111111111111111111111111111111111111111111", "111111111111111111111111111111111111111111111111111111111111110A", "0A7074864588D6847F33A168209E516F60005A0CEC3F33AAF70E8002FE964BCD")]
    [InlineData("9874231472317432847923174392874918237439287492374932871937289719", "0948403985401232889438579475812347232099080051356165126166266222", "25532321a214321423124212222224222b242222222222222222222222222444", "220ECE1C42624E98AEE7EB86578B2FE5C4855DFFACCB43CCBB708A3AB37F184D")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000019", "0000000000000000000000000000000000000000000000000000000000000019", "0000000000000000000000000000000000000000000000000000000000000000", "0000000000000000000000000000000000000000000000000000000000000000")]
    public void Computes_and_charges(string b, string e, string m, string expected)
    {
        using var vm = Bn254TestVm.Create(size: 32 * 1024);
        var p = Lay(vm, Hex.Decode(b), Hex.Decode(e), Hex.Decode(m));
        var (error, r0, cost) = vm.Call(SolBigModExp.Instance, p, Result);
        Assert.Null(error);
        Assert.Equal(0UL, r0);
        Assert.Equal(100UL + 32 * 32 / 2 + 190, cost);
        Assert.Equal(expected.ToLowerInvariant(), Hex.Encode(vm.Read(Result, 32)));
    }

    [Fact]
    public void Cost_uses_the_longest_operand()
    {
        using var vm = Bn254TestVm.Create(size: 32 * 1024);
        var p = Lay(vm, new byte[3], new byte[511], [7]);
        var (error, _, cost) = vm.Call(SolBigModExp.Instance, p, Result);
        Assert.Null(error);
        Assert.Equal(100UL + 511 * 511 / 2 + 190, cost);
        Assert.Equal(1, vm.Read(Result, 1)[0]); // 0^0 mod 7 = 1, as num-bigint's modpow defines it
    }

    [Fact]
    public void Lengths_over_512_fail_before_the_charge()
    {
        using var vm = Bn254TestVm.Create(size: 32 * 1024);
        var p = Lay(vm, new byte[1], new byte[1], new byte[1]);
        vm.PutU64(40, 513);
        var (error, _, cost) = vm.Call(SolBigModExp.Instance, p, Result);
        Assert.Equal(SyscallErrorKind.InvalidLength, error!.Kind);
        Assert.Equal(0UL, cost);
    }

    [Fact]
    public void Params_must_be_8_aligned_when_checked()
    {
        using var vm = Bn254TestVm.Create(size: 32 * 1024);
        Lay(vm, [2], [3], [5]);
        vm.Memory.AsSpan(0, 48).CopyTo(vm.Memory.AsSpan(12));
        var (error, _, _) = vm.Call(SolBigModExp.Instance, Bn254TestVm.Input + 12, Result);
        Assert.Equal(SyscallErrorKind.UnalignedPointer, error!.Kind);
        vm.Context.CheckAligned = false;
        (error, _, _) = vm.Call(SolBigModExp.Instance, Bn254TestVm.Input + 12, Result);
        Assert.Null(error);
        Assert.Equal(3, vm.Read(Result, 1)[0]);
    }

    [Fact]
    public void Result_is_translated_for_the_modulus_length()
    {
        using var vm = Bn254TestVm.Create(size: 32 * 1024);
        var p = Lay(vm, [2], [3], new byte[16]);
        var (error, _, cost) = vm.Call(SolBigModExp.Instance, p, Bn254TestVm.ReadOnly);
        Assert.Equal(SyscallErrorKind.Ebpf, error!.Kind);
        Assert.Equal(16UL, error.Ebpf!.Size);
        Assert.Equal(100UL + 128 + 190, cost);
        // Zero-length modulus: nothing to translate or write.
        p = Lay(vm, [2], [3], []);
        (error, _, _) = vm.Call(SolBigModExp.Instance, p, 0);
        Assert.Null(error);
    }
}
