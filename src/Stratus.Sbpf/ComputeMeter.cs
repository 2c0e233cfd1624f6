namespace Stratus.Sbpf;

/// <summary>
/// Remaining compute units of a transaction (Agave's <c>InvokeContext</c> compute meter). Shared by
/// nested VMs (CPI); the interpreter settles its instruction count into it at syscalls and at exit.
/// </summary>
public sealed class ComputeMeter
{
    public ComputeMeter(ulong remaining) => Remaining = remaining;

    public ulong Remaining { get; set; }

    /// <summary>Subtracts, saturating at zero (Agave's <c>consume</c>).</summary>
    public void Consume(ulong amount) => Remaining = Remaining > amount ? Remaining - amount : 0;

    /// <summary>
    /// Agave's <c>consume_checked</c>: subtracts saturating, and reports ComputationalBudgetExceeded
    /// when fewer than <paramref name="amount"/> units were left.
    /// </summary>
    public SyscallError? ConsumeChecked(ulong amount)
    {
        bool exceeded = Remaining < amount;
        Consume(amount);
        return exceeded ? SyscallError.ComputationalBudgetExceeded : null;
    }
}
