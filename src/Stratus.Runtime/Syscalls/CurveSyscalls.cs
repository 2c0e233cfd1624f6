using Stratus.Crypto.Curve25519;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

/// <summary>solana-curve25519 <c>curve_syscall_traits</c> ids.</summary>
public static class CurveIds
{
    public const ulong Curve25519Edwards = 0;
    public const ulong Curve25519Ristretto = 1;

    public const ulong Add = 0;
    public const ulong Subtract = 1;
    public const ulong Multiply = 2;

    /// <summary>The most points <c>sol_curve_multiscalar_mul</c> accepts.</summary>
    public const ulong MaxMultiscalarPoints = 512;

    /// <summary>
    /// An unknown curve or operation: InvalidAttribute once abort_on_invalid_curve is active, before
    /// that r0 = 1 (nothing charged either way).
    /// </summary>
    internal static SyscallError? Unknown(bool abortOnInvalidCurve, out ulong r0)
    {
        r0 = abortOnInvalidCurve ? 0UL : 1UL;
        return abortOnInvalidCurve ? SyscallFailures.InvalidAttribute : null;
    }
}

/// <summary>
/// <c>sol_curve_validate_point(curve_id, point)</c>: charges the curve's validate cost, translates the
/// 32-byte point and returns 0 when it decodes, 1 otherwise.
/// </summary>
public sealed class SolCurveValidatePoint(bool abortOnInvalidCurve) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong curveId, ulong pointAddr, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        bool edwards = curveId == CurveIds.Curve25519Edwards;
        if (!edwards && curveId != CurveIds.Curve25519Ristretto) return CurveIds.Unknown(abortOnInvalidCurve, out r0);
        var error = vm.ConsumeChecked(edwards ? SyscallCosts.Curve25519EdwardsValidatePointCost : SyscallCosts.Curve25519RistrettoValidatePointCost);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Load, pointAddr, 32, 1, out var point);
        if (error != null) return error;
        bool valid = edwards ? Edwards25519.IsValidPoint(point) : Ristretto255.IsValidPoint(point);
        r0 = valid ? 0UL : 1UL;
        return null;
    }
}

/// <summary>
/// <c>sol_curve_group_op(curve_id, op, left, right, result)</c>: add, subtract (two points) or multiply
/// (left is the scalar). Charges the operation's cost, translates both inputs, and when the inputs
/// decode (canonical scalar, valid points) translates the result, writes it and returns 0; otherwise
/// r0 = 1 and the result is never translated.
/// </summary>
public sealed class SolCurveGroupOp(bool abortOnInvalidCurve) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong curveId, ulong op, ulong leftAddr, ulong rightAddr, ulong resultAddr, out ulong r0)
    {
        r0 = 0;
        bool edwards = curveId == CurveIds.Curve25519Edwards;
        if (!edwards && curveId != CurveIds.Curve25519Ristretto) return CurveIds.Unknown(abortOnInvalidCurve, out r0);
        ulong cost = (edwards, op) switch
        {
            (true, CurveIds.Add) => SyscallCosts.Curve25519EdwardsAddCost,
            (true, CurveIds.Subtract) => SyscallCosts.Curve25519EdwardsSubtractCost,
            (true, CurveIds.Multiply) => SyscallCosts.Curve25519EdwardsMultiplyCost,
            (false, CurveIds.Add) => SyscallCosts.Curve25519RistrettoAddCost,
            (false, CurveIds.Subtract) => SyscallCosts.Curve25519RistrettoSubtractCost,
            (false, CurveIds.Multiply) => SyscallCosts.Curve25519RistrettoMultiplyCost,
            _ => 0,
        };
        if (op > CurveIds.Multiply) return CurveIds.Unknown(abortOnInvalidCurve, out r0);
        var error = vm.ConsumeChecked(cost);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Load, leftAddr, 32, 1, out var left);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Load, rightAddr, 32, 1, out var right);
        if (error != null) return error;

        Span<byte> output = stackalloc byte[32];
        bool ok = (edwards, op) switch
        {
            (true, CurveIds.Add) => Edwards25519.TryAdd(left, right, output),
            (true, CurveIds.Subtract) => Edwards25519.TrySubtract(left, right, output),
            (true, _) => Edwards25519.TryMultiply(left, right, output),
            (false, CurveIds.Add) => Ristretto255.TryAdd(left, right, output),
            (false, CurveIds.Subtract) => Ristretto255.TrySubtract(left, right, output),
            _ => Ristretto255.TryMultiply(left, right, output),
        };
        if (!ok)
        {
            r0 = 1;
            return null;
        }
        error = GuestMemory.TranslateType(vm, AccessType.Store, resultAddr, 32, 1, out var result);
        if (error != null) return error;
        output.CopyTo(result);
        return null;
    }
}

/// <summary>
/// <c>sol_curve_multiscalar_mul(curve_id, scalars, points, points_len, result)</c>: more than 512 points
/// is InvalidLength (checked first, even for an unknown curve); charges base + incremental × (n − 1),
/// translates the scalars and points (32 bytes each), and returns 0 with the result or 1 when a
/// scalar is not canonical or a point does not decode.
/// </summary>
public sealed class SolCurveMultiscalarMul(bool abortOnInvalidCurve) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong curveId, ulong scalarsAddr, ulong pointsAddr, ulong pointsLen, ulong resultAddr, out ulong r0)
    {
        r0 = 0;
        if (pointsLen > CurveIds.MaxMultiscalarPoints) return SyscallError.InvalidLength;
        bool edwards = curveId == CurveIds.Curve25519Edwards;
        if (!edwards && curveId != CurveIds.Curve25519Ristretto) return CurveIds.Unknown(abortOnInvalidCurve, out r0);
        ulong extra = pointsLen == 0 ? 0 : pointsLen - 1;
        ulong cost = edwards
            ? SyscallCosts.Curve25519EdwardsMsmBaseCost + SyscallCosts.Curve25519EdwardsMsmIncrementalCost * extra
            : SyscallCosts.Curve25519RistrettoMsmBaseCost + SyscallCosts.Curve25519RistrettoMsmIncrementalCost * extra;
        var error = vm.ConsumeChecked(cost);
        if (error != null) return error;
        error = GuestMemory.TranslateSlice(vm, AccessType.Load, scalarsAddr, pointsLen, 32, 1, out var scalars);
        if (error != null) return error;
        error = GuestMemory.TranslateSlice(vm, AccessType.Load, pointsAddr, pointsLen, 32, 1, out var points);
        if (error != null) return error;

        Span<byte> output = stackalloc byte[32];
        int count = (int)pointsLen;
        bool ok = edwards
            ? Edwards25519.TryMultiScalarMultiply(scalars, points, count, output)
            : Ristretto255.TryMultiScalarMultiply(scalars, points, count, output);
        if (!ok)
        {
            r0 = 1;
            return null;
        }
        error = GuestMemory.TranslateType(vm, AccessType.Store, resultAddr, 32, 1, out var result);
        if (error != null) return error;
        output.CopyTo(result);
        return null;
    }
}
