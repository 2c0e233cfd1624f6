using Stratus.Runtime.Context;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Processing;

/// <summary>
/// A compute budget given to every transaction instead of the one its Compute Budget instructions derive
/// (test harnesses: LiteSVM's <c>with_compute_budget</c>). The instructions are still validated, and the fee and
/// loaded-data limit still come from them; execution uses these values. Of Agave's per-syscall costs only
/// <c>invoke_units</c> (the CPI charge) can be changed here; the others are Stratus constants.
/// </summary>
public sealed record FixedComputeBudget(ulong ComputeUnitLimit, uint HeapSize,
    int MaxInstructionStackDepth = TransactionContext.DefaultInstructionStackCapacity,
    int MaxInstructionTraceLength = TransactionContext.DefaultInstructionTraceCapacity,
    ulong InvokeUnits = SyscallCosts.InvokeUnits);
