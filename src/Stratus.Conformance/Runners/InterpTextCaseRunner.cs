using Stratus.Conformance.InterpText;

namespace Stratus.Conformance.Runners;

/// <summary>Adapts Firedancer's text-format interpreter vectors (<see cref="InterpTextSuite"/>) to the suite.</summary>
public sealed class InterpTextCaseRunner : ICaseRunner
{
    public string Kind => InterpTextSuite.Kind;

    // Cheap pre-check on the header before the suite scans the file: text files only.
    public bool CanRun(string path, ReadOnlySpan<byte> header) =>
        header.IndexOf((byte)0) < 0 && InterpTextSuite.LooksLikeInterpText(path);

    public IEnumerable<CaseResult> Run(string path) => InterpTextSuite.RunFile(path);
}
