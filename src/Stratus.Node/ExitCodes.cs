namespace Stratus.Node;

/// <summary>Process exit codes shared by every <c>stratus</c> command.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command ran and found failures (e.g. failed conformance cases).</summary>
    public const int Failures = 1;
    /// <summary>The command line was wrong: unknown option, missing argument, path that does not exist.</summary>
    public const int Usage = 2;
}
