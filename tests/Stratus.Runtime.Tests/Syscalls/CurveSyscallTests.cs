using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>Vectors from Agave's bpf_loader syscall tests (test_syscall_*curve*, test_syscall_multiscalar_multiplication*).</summary>
public class CurveSyscallTests
{
    private static readonly byte[] EdwardsValid = [201, 179, 241, 122, 180, 185, 239, 50, 183, 52, 221, 0, 153, 195, 43, 18, 22, 38, 187, 206, 179, 192, 210, 58, 53, 45, 150, 98, 89, 17, 158, 11];
    private static readonly byte[] RistrettoValid = [226, 242, 174, 10, 106, 188, 78, 113, 168, 132, 169, 97, 197, 0, 81, 95, 88, 227, 11, 106, 165, 130, 221, 141, 182, 166, 89, 69, 224, 141, 45, 118];
    private static readonly byte[] Invalid = [120, 140, 152, 233, 41, 227, 203, 27, 87, 115, 25, 251, 219, 5, 84, 148, 117, 38, 84, 60, 87, 144, 161, 146, 42, 34, 91, 155, 158, 189, 121, 79];
    private static readonly byte[] Scalar = [254, 198, 23, 138, 67, 243, 184, 110, 236, 115, 236, 205, 205, 215, 79, 114, 45, 250, 78, 137, 3, 107, 136, 237, 49, 126, 117, 223, 37, 191, 88, 6];

    private static readonly byte[] EdLeft = [33, 124, 71, 170, 117, 69, 151, 247, 59, 12, 95, 125, 133, 166, 64, 5, 2, 27, 90, 27, 200, 167, 59, 164, 52, 54, 52, 200, 29, 13, 34, 213];
    private static readonly byte[] EdRight = [70, 222, 137, 221, 253, 204, 71, 51, 78, 8, 124, 1, 67, 200, 102, 225, 122, 228, 111, 183, 129, 14, 131, 210, 212, 95, 109, 246, 55, 10, 159, 91];
    private static readonly byte[] RiLeft = [208, 165, 125, 204, 2, 100, 218, 17, 170, 194, 23, 9, 102, 156, 134, 136, 217, 190, 98, 34, 183, 194, 228, 153, 92, 11, 108, 103, 28, 57, 88, 15];
    private static readonly byte[] RiRight = [208, 241, 72, 163, 73, 53, 32, 174, 54, 194, 71, 8, 70, 181, 244, 199, 93, 147, 99, 231, 162, 127, 25, 40, 39, 19, 140, 132, 112, 212, 145, 108];

    // Layout: 0 left, 32 right, 64 scalar, 96 invalid, 128 result, 160.. MSM scalars, 224.. MSM points.
    private static (SyscallTestVm Vm, byte[] Input) Setup(byte[] left, byte[] right, ulong budget = 1_000_000)
    {
        var input = new byte[512];
        left.CopyTo(input, 0);
        right.CopyTo(input, 32);
        Scalar.CopyTo(input, 64);
        Invalid.CopyTo(input, 96);
        return (Create(input, budget), input);
    }

    [Theory]
    [InlineData(0UL, 159UL)]
    [InlineData(1UL, 169UL)]
    public void Validate_point(ulong curve, ulong cost)
    {
        var (vm, _) = Setup(EdwardsValid, RistrettoValid, budget: cost * 2);
        using (vm)
        {
            var validate = new SolCurveValidatePoint(abortOnInvalidCurve: true);
            Assert.Equal((0UL, cost), vm.Ok(validate, curve, Input + 32 * curve));
            Assert.Equal((1UL, cost), vm.Ok(validate, curve, Input + 96));
            SyscallAssert.BudgetExceeded(vm.Fail(validate, curve, Input).Error);
        }
    }

    [Fact]
    public void Edwards_group_ops()
    {
        var (vm, input) = Setup(EdLeft, EdRight, budget: (473 + 475 + 2177) * 2);
        using (vm)
        {
            var op = new SolCurveGroupOp(abortOnInvalidCurve: true);
            Assert.Equal((0UL, 473UL), vm.Ok(op, 0, 0, Input, Input + 32, Input + 128));
            Assert.Equal([7, 251, 187, 86, 186, 232, 57, 242, 193, 236, 49, 200, 90, 29, 254, 82, 46, 80, 83, 70, 244, 153, 23, 156, 2, 138, 207, 51, 165, 38, 200, 85], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 0, 0, Input + 96, Input + 32, Input + 128).R0);
            Assert.Equal((0UL, 475UL), vm.Ok(op, 0, 1, Input, Input + 32, Input + 128));
            Assert.Equal([60, 87, 90, 68, 232, 25, 7, 172, 247, 120, 158, 104, 52, 127, 94, 244, 5, 79, 253, 15, 48, 69, 82, 134, 155, 70, 188, 81, 108, 95, 212, 9], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 0, 1, Input + 96, Input + 32, Input + 128).R0);
            Assert.Equal((0UL, 2177UL), vm.Ok(op, 0, 2, Input + 64, Input + 32, Input + 128));
            Assert.Equal([64, 150, 40, 55, 80, 49, 217, 209, 105, 229, 181, 65, 241, 68, 2, 106, 220, 234, 211, 71, 159, 76, 156, 114, 242, 68, 147, 31, 243, 211, 191, 124], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 0, 2, Input + 64, Input + 96, Input + 128).R0);
            SyscallAssert.BudgetExceeded(vm.Fail(op, 0, 2, Input + 64, Input + 96, Input + 128).Error);
        }
    }

    [Fact]
    public void Ristretto_group_ops()
    {
        var (vm, input) = Setup(RiLeft, RiRight, budget: (521 + 519 + 2208) * 2);
        using (vm)
        {
            var op = new SolCurveGroupOp(abortOnInvalidCurve: true);
            Assert.Equal((0UL, 521UL), vm.Ok(op, 1, 0, Input, Input + 32, Input + 128));
            Assert.Equal([78, 173, 9, 241, 180, 224, 31, 107, 176, 210, 144, 240, 118, 73, 70, 191, 128, 119, 141, 113, 125, 215, 161, 71, 49, 176, 87, 38, 180, 177, 39, 78], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 1, 0, Input + 96, Input + 32, Input + 128).R0);
            Assert.Equal((0UL, 519UL), vm.Ok(op, 1, 1, Input, Input + 32, Input + 128));
            Assert.Equal([150, 72, 222, 61, 148, 79, 96, 130, 151, 176, 29, 217, 231, 211, 0, 215, 76, 86, 212, 146, 110, 128, 24, 151, 187, 144, 108, 233, 221, 208, 157, 52], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 1, 1, Input + 96, Input + 32, Input + 128).R0);
            Assert.Equal((0UL, 2208UL), vm.Ok(op, 1, 2, Input + 64, Input + 32, Input + 128));
            Assert.Equal([4, 16, 46, 2, 53, 151, 201, 133, 117, 149, 232, 164, 119, 109, 136, 20, 153, 24, 124, 21, 101, 124, 80, 19, 119, 100, 77, 108, 65, 187, 228, 5], input[128..160]);
            Assert.Equal(1UL, vm.Ok(op, 1, 2, Input + 64, Input + 96, Input + 128).R0);
            SyscallAssert.BudgetExceeded(vm.Fail(op, 1, 2, Input + 64, Input + 96, Input + 128).Error);
        }
    }

    [Fact]
    public void Group_op_translation_order_and_result_only_on_success()
    {
        var (vm, _) = Setup(EdLeft, EdRight);
        using (vm)
        {
            var op = new SolCurveGroupOp(abortOnInvalidCurve: true);
            SyscallAssert.AccessViolation(vm.Fail(op, 0, 0, 0x8, 0x10, 0x18).Error, AccessType.Load, 0x8, 32);
            SyscallAssert.AccessViolation(vm.Fail(op, 0, 0, Input, 0x10, 0x18).Error, AccessType.Load, 0x10, 32);
            SyscallAssert.AccessViolation(vm.Fail(op, 0, 0, Input, Input + 32, Program).Error, AccessType.Store, Program, 32);
            // An invalid input returns 1 before the (unmapped) result is translated.
            Assert.Equal(1UL, vm.Ok(op, 0, 0, Input + 96, Input + 32, 0x18).R0);
            // Points and scalars are byte arrays: no alignment requirement.
            vm.Ok(op, 0, 0, Input, Input + 32, Input + 129);
        }
    }

    [Fact]
    public void Unknown_curve_or_op_depends_on_abort_on_invalid_curve()
    {
        var (vm, _) = Setup(EdLeft, EdRight);
        using (vm)
        {
            foreach (var abort in new[] { true, false })
            {
                ISyscall[] syscalls = [new SolCurveValidatePoint(abort), new SolCurveGroupOp(abort), new SolCurveMultiscalarMul(abort)];
                foreach (var (syscall, a2) in new[] { (syscalls[0], Input), (syscalls[1], 0UL), (syscalls[2], Input) })
                {
                    ulong before = vm.Remaining;
                    var error = vm.Call(syscall, 2, a2, Input, 1, Input + 128, out ulong r0);
                    Assert.Equal(before, vm.Remaining);
                    if (abort)
                        Assert.Same(SyscallFailures.InvalidAttribute, error);
                    else
                        Assert.Equal((null, 1UL), (error, r0));
                }
                var opError = vm.Call(syscalls[1], 1, 3, Input, Input + 32, Input + 128, out ulong opR0);
                if (abort) Assert.Same(SyscallFailures.InvalidAttribute, opError);
                else Assert.Equal((null, 1UL), (opError, opR0));
            }
        }
    }

    [Fact]
    public void Multiscalar_multiplication()
    {
        byte[] edX = [252, 31, 230, 46, 173, 95, 144, 148, 158, 157, 63, 10, 8, 68, 58, 176, 142, 192, 168, 53, 61, 105, 194, 166, 43, 56, 246, 236, 28, 146, 114, 133];
        byte[] edY = [10, 111, 8, 236, 97, 189, 124, 69, 89, 176, 222, 39, 199, 253, 111, 11, 248, 186, 128, 90, 120, 128, 248, 210, 232, 183, 93, 104, 111, 150, 7, 241];
        byte[] riX = [130, 35, 97, 25, 18, 199, 33, 239, 85, 143, 119, 111, 49, 51, 224, 40, 167, 185, 240, 179, 25, 194, 213, 41, 14, 155, 104, 18, 181, 197, 15, 112];
        byte[] riY = [152, 156, 155, 197, 152, 232, 92, 206, 219, 159, 193, 134, 121, 128, 139, 36, 56, 191, 51, 143, 72, 204, 87, 76, 110, 124, 101, 96, 238, 158, 42, 108];
        var input = new byte[512];
        Scalar.CopyTo(input, 0);
        Scalar.CopyTo(input, 32);
        edX.CopyTo(input, 64);
        edY.CopyTo(input, 96);
        riX.CopyTo(input, 128);
        riY.CopyTo(input, 160);
        using var vm = Create(input, budget: 2273 + 758 + 2303 + 788);
        var msm = new SolCurveMultiscalarMul(abortOnInvalidCurve: true);
        Assert.Equal((0UL, 2273UL + 758), vm.Ok(msm, 0, Input, Input + 64, 2, Input + 256));
        Assert.Equal([30, 174, 168, 34, 160, 70, 63, 166, 236, 18, 74, 144, 185, 222, 208, 243, 5, 54, 223, 172, 185, 75, 244, 26, 70, 18, 248, 46, 207, 184, 235, 60], input[256..288]);
        Assert.Equal((0UL, 2303UL + 788), vm.Ok(msm, 1, Input, Input + 128, 2, Input + 256));
        Assert.Equal([78, 120, 86, 111, 152, 64, 146, 84, 14, 236, 77, 147, 237, 190, 251, 241, 136, 167, 21, 94, 84, 118, 92, 140, 120, 81, 30, 246, 173, 140, 195, 86], input[256..288]);
        Assert.Equal(0UL, vm.Remaining);
    }

    [Fact]
    public void Multiscalar_limits_and_errors()
    {
        var input = new byte[64 * 1024];
        using var vm = Create(input, budget: 10_000_000);
        var msm = new SolCurveMultiscalarMul(abortOnInvalidCurve: false);
        // More than 512 points: InvalidLength before anything else, whatever the curve.
        var (tooMany, cost) = vm.Fail(msm, 7, Input, Input, 513, Input);
        Assert.Same(SyscallError.InvalidLength, tooMany);
        Assert.Equal(0UL, cost);
        // 512 zero scalars times the identity encoding are fine; all-zero bytes are not an Edwards point.
        for (int i = 0; i < 512; i++) input[32 * 1024 + 32 * i] = 1;
        Assert.Equal((0UL, 2273UL + 758 * 511), vm.Ok(msm, 0, Input, Input + 32 * 1024, 512, Input + 60_000));
        Assert.Equal(1, input[60_000]);
        Assert.Equal((1UL, 2303UL + 788 * 511), vm.Ok(msm, 1, Input + 32, Input + 32 * 1024, 512, Input + 60_000));
        // Zero points: base cost only, the identity as result.
        Assert.Equal((0UL, 2273UL), vm.Ok(msm, 0, 0, 0, 0, Input + 60_000));
        Assert.Equal((0UL, 2303UL), vm.Ok(msm, 1, 0, 0, 0, Input + 60_032));
        Assert.All(input[60_032..60_064], b => Assert.Equal(0, b));
        // Scalars, then points, then (on success) the result.
        SyscallAssert.AccessViolation(vm.Fail(msm, 0, Input + 65_500, Input, 2, Input).Error, AccessType.Load, Input + 65_500, 64);
        SyscallAssert.AccessViolation(vm.Fail(msm, 0, Input, Input + 65_500, 2, Input).Error, AccessType.Load, Input + 65_500, 64);
        SyscallAssert.AccessViolation(vm.Fail(msm, 0, Input, Input + 32 * 1024, 1, Program).Error, AccessType.Store, Program, 32);
        input[0] = 0xff; input[31] = 0xff; // a non-canonical scalar
        Assert.Equal(1UL, vm.Ok(msm, 0, Input, Input + 32 * 1024, 1, Program).R0);
    }
}
