namespace Stratus.Runtime.Invoke;

/// <summary>
/// A program the runtime implements natively (system, compute budget, vote, stake, config, lookup table, the loaders). It charges its
/// own compute units and returns null on success.
/// </summary>
public interface IBuiltinProgram
{
    ProgramFailure? Process(InvokeContext context);
}

/// <summary>
/// A builtin this runtime does not implement (today the zk token proof and zk ElGamal proof programs):
/// invoking it stops the transaction as unsupported instead of producing a result Agave would not.
/// </summary>
public sealed class UnsupportedBuiltin(string name) : IBuiltinProgram
{
    public string Name { get; } = name;

    public ProgramFailure? Process(InvokeContext context)
    {
        context.MarkUnsupported($"the {Name} program is not implemented yet");
        return ProgramFailure.Other($"{Name} program is not supported by this runtime");
    }
}
