using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs;

/// <summary>
/// The Compute Budget program as executed: its instructions take effect before execution, so running one
/// only charges 150 units (Agave's programs/compute-budget).
/// </summary>
public sealed class ComputeBudgetProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 150;

    public static readonly ComputeBudgetProgram Instance = new();

    public ProgramFailure? Process(InvokeContext context) =>
        context.ConsumeChecked(ComputeUnits) is { } error ? ProgramFailure.From(error) : null;
}
