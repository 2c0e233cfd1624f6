using Stratus.Conformance.Vectors;

namespace Stratus.Conformance.Runners;

/// <summary>
/// The LiteSVM transaction vectors in <c>conformance-vectors/</c> (docs/vectors.md). Each file is decoded; until the
/// runtime executes transactions a decoded vector is reported skipped and a file that does not decode fails.
/// </summary>
public sealed class LiteSvmVectorRunner : ICaseRunner
{
    public string Kind => CaseKinds.LiteSvmTxn;

    public bool CanRun(string path, ReadOnlySpan<byte> header) => VectorFormat.LooksLikeVector(header);

    public IEnumerable<CaseResult> Run(string path)
    {
        var read = VectorReader.ReadFile(path);
        if (!read.IsOk)
        {
            yield return CaseResult.Fail(Kind, path, "vector does not decode: " + read.Error);
            yield break;
        }
        var v = read.Vector!;
        yield return CaseResult.Skip(Kind, path, $"{v.Id}: decoded; transaction execution not implemented yet");
    }
}
