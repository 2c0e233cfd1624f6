namespace Stratus.Sbpf;

/// <summary>
/// Outcome of <see cref="Vm.Execute"/>: sbpf's <c>(instruction_count, ProgramResult)</c>.
/// <see cref="ComputeUnitsConsumed"/> is the meter's drop during the run (instructions plus syscall
/// costs), as Agave logs it in "consumed X of Y compute units".
/// </summary>
public readonly struct VmResult
{
    public VmResult(ulong returnValue, VmError? error, ulong computeUnitsConsumed)
    {
        ReturnValue = returnValue;
        Error = error;
        ComputeUnitsConsumed = computeUnitsConsumed;
    }

    /// <summary>r0 at the root <c>exit</c> (0 means success to the runtime).</summary>
    public ulong ReturnValue { get; }

    public VmError? Error { get; }

    public ulong ComputeUnitsConsumed { get; }

    public bool IsOk => Error == null;

    /// <summary>
    /// True when <c>deplete_cu_meter_on_vm_failure</c> (SIMD-0182) makes the runtime consume all
    /// remaining units: any VM error except a syscall error.
    /// </summary>
    public bool DepletesMeterOnFailure => Error is { IsSyscallError: false };

    public override string ToString() => IsOk ? $"Ok({ReturnValue})" : $"Err({Error!.Message})";
}
