using System.Text;
using Google.Protobuf;
using Stratus.Conformance.Fixtures;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Runs Firedancer/solfuzz protobuf fixtures (<c>.fix</c>, optionally zstd-compressed) and recognises harness
/// context dumps. Each file is one case; its kind comes from the content, never from the file name.
/// </summary>
public sealed class ProtobufFixtureRunner : ICaseRunner
{
    private static readonly string[] FixtureExtensions = [".fix", ".fix.zst", ".pb"];
    private static readonly byte[] LfsPointerPrefix = Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/");

    /// <summary>Largest fixture file read (block fixtures reach a few MB; syscall fixtures are at least 256 KiB).</summary>
    public const long MaxFileSize = 256L * 1024 * 1024;

    private readonly Dictionary<string, IFixtureKindRunner> _byKind = new(StringComparer.Ordinal);

    public ProtobufFixtureRunner(IEnumerable<IFixtureKindRunner> kindRunners)
    {
        foreach (var r in kindRunners)
            foreach (var k in r.Kinds)
                _byKind[k] = r;
    }

    public string Kind => "fixture";

    public bool CanRun(string path, ReadOnlySpan<byte> header)
    {
        var name = Path.GetFileName(path);
        if (FixtureExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return true;
        if (FixtureFormats.All.Any(f => f.ContextExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))) return true;
        return FixtureRecognizer.HeaderNamesHarness(header);
    }

    public IEnumerable<CaseResult> Run(string path)
    {
        yield return RunFile(path);
    }

    public CaseResult RunFile(string path)
    {
        var id = path;
        var info = new FileInfo(path);
        if (info.Length > MaxFileSize)
            return CaseResult.Fail(CaseKinds.Unknown, id, $"file is {info.Length} bytes, above the {MaxFileSize}-byte fixture limit");
        var bytes = File.ReadAllBytes(path);
        return RunBytes(id, bytes, path);
    }

    /// <summary>Recognises, decodes and checks one fixture held in memory.</summary>
    public CaseResult RunBytes(string id, byte[] bytes, string? path = null)
    {
        if (bytes.AsSpan().StartsWith(LfsPointerPrefix))
            return CaseResult.Skip(CaseKinds.Unknown, id, "Git LFS pointer, not the fixture itself (run 'git lfs pull' in the vectors repository)");

        if (Zstd.HasMagic(bytes))
        {
            var inflated = Zstd.TryDecompress(bytes, out var zerr);
            if (inflated == null)
                return zerr != null && zerr.Contains("not found", StringComparison.Ordinal)
                    ? CaseResult.Skip(CaseKinds.Unknown, id, zerr)
                    : CaseResult.Fail(CaseKinds.Unknown, id, "decode error: " + zerr);
            bytes = inflated;
        }

        var recognition = FixtureRecognizer.Recognize(bytes, path ?? id);
        switch (recognition.Shape)
        {
            case FixtureShape.Unrecognised:
                // FlatBuffers fixtures (the 2025-10..2026-04 "v2" ELF layout) carry the entrypoint as a plain string.
                foreach (var (entrypoint, (kind, why)) in FixtureFormats.Unmodelled)
                    if (bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(entrypoint)) >= 0)
                        return CaseResult.Skip(kind, id, why);
                return CaseResult.Fail(CaseKinds.Unknown, id, "decode error: " + recognition.Note);
            case FixtureShape.Unmodelled:
                return CaseResult.Skip(recognition.Kind, id, recognition.Note ?? "fixture layout not modelled");
        }

        var type = recognition.MessageType!;
        IMessage message;
        try
        {
            message = type.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return CaseResult.Fail(recognition.Kind, id, $"decode error ({type.Name}): {e.Message}");
        }

        if (recognition.Shape == FixtureShape.ContextOnly)
            return CaseResult.Skip(recognition.Kind, id, $"context-only input ({type.Name}): no expected output to compare against");

        recognition = Refine(recognition, message);
        if (!_byKind.TryGetValue(recognition.Kind, out var runner))
            return CaseResult.Skip(recognition.Kind, id, $"{recognition.Kind} fixtures decode but are not run yet");
        return runner.Run(id, recognition, message);
    }

    // The syscall, CPI and interpreter harnesses share one message; without metadata the input tells them apart.
    private static Recognition Refine(Recognition r, IMessage message)
    {
        if (r.Entrypoint != null || message is not SyscallFixture sf) return r;
        var invocation = sf.Input?.SyscallInvocation;
        var format = invocation == null ? FixtureFormats.VmInterp
            : invocation.FunctionName.ToStringUtf8().StartsWith("sol_invoke_signed", StringComparison.Ordinal) ? FixtureFormats.VmCpiSyscall
            : FixtureFormats.VmSyscall;
        return r with { Kind = format.Kind, Format = format };
    }
}
