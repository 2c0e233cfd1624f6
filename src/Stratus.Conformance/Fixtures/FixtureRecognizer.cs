using System.Text;
using Google.Protobuf.Reflection;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Fixtures;

public enum FixtureShape
{
    /// <summary>A full fixture: metadata (optional), input and expected output.</summary>
    Fixture,
    /// <summary>A harness input dump: nothing to compare against.</summary>
    ContextOnly,
    /// <summary>A fixture of a harness whose messages Stratus does not model.</summary>
    Unmodelled,
    /// <summary>Not recognisable as any fixture layout.</summary>
    Unrecognised,
}

/// <summary>What a file's bytes were recognised as.</summary>
/// <param name="Format">The layout to decode with; null for <see cref="FixtureShape.Unmodelled"/> and <see cref="FixtureShape.Unrecognised"/>.</param>
/// <param name="Entrypoint">The metadata's harness entrypoint, when the file has metadata.</param>
/// <param name="Note">Why it is unmodelled or unrecognised.</param>
public sealed record Recognition(FixtureShape Shape, string Kind, FixtureFormat? Format, string? Entrypoint, string? Note)
{
    public MessageDescriptor? MessageType => Shape switch
    {
        FixtureShape.Fixture => Format?.FixtureType,
        FixtureShape.ContextOnly => Format?.ContextType,
        _ => null,
    };
}

/// <summary>
/// Recognises a protobuf fixture from its content: the wrapper's metadata names the harness; without metadata
/// (older fixtures, context-only dumps) the bytes are matched structurally against every known layout.
/// </summary>
public static class FixtureRecognizer
{
    private const string EntrypointPrefix = "sol_compat_";

    public static Recognition Recognize(ReadOnlySpan<byte> data, string? path = null)
    {
        var entrypoint = ReadEntrypoint(data);
        if (entrypoint != null)
        {
            var formats = FixtureFormats.ForEntrypoint(entrypoint);
            if (formats.Count == 0)
            {
                return FixtureFormats.Unmodelled.TryGetValue(entrypoint, out var u)
                    ? new Recognition(FixtureShape.Unmodelled, u.Kind, null, entrypoint, u.Why)
                    : new Recognition(FixtureShape.Unmodelled, CaseKinds.Unknown, null, entrypoint, $"unknown harness entrypoint '{entrypoint}'");
            }
            var best = formats[0];
            var bestScore = -1;
            foreach (var f in formats)
            {
                var s = WireProbe.Score(data, f.FixtureType);
                if (s > bestScore) { best = f; bestScore = s; }
            }
            return new Recognition(FixtureShape.Fixture, best.Kind, best, entrypoint, null);
        }

        return ProbeStructurally(data, path);
    }

    /// <summary>The harness entrypoint of a wrapper's metadata (field 1), or null when the bytes carry none.</summary>
    public static string? ReadEntrypoint(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            if (!WireProbe.TryReadVarint(data, ref pos, out var tag)) return null;
            var wire = tag & 7;
            if (tag >> 3 == 1 && wire == 2)
            {
                if (!WireProbe.TryReadVarint(data, ref pos, out var len) || len > (ulong)(data.Length - pos)) return null;
                var body = data.Slice(pos, (int)len);
                if (WireProbe.Score(body, FixtureMetadata.Descriptor) < 0) return null;
                var ep = FixtureMetadata.Parser.ParseFrom(body.ToArray()).FnEntrypoint;
                return ep.StartsWith(EntrypointPrefix, StringComparison.Ordinal) ? ep : null;
            }
            // Skip any other leading field; metadata is normally first but need not be.
            if (!SkipField(data, ref pos, wire)) return null;
        }
        return null;
    }

    private static Recognition ProbeStructurally(ReadOnlySpan<byte> data, string? path)
    {
        var name = path == null ? string.Empty : Path.GetFileName(path);
        FixtureFormat? bestFormat = null;
        var bestShape = FixtureShape.Unrecognised;
        var bestRank = (Score: 0, ExtensionHint: false, IsFixture: false);

        foreach (var format in FixtureFormats.All)
        {
            var hinted = format.ContextExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
            // A wrapper without metadata must at least carry its input or output.
            if (HasWrapperPayload(data))
                Consider(format, FixtureShape.Fixture, WireProbe.Score(data, format.FixtureType), false, true);
            if (format.ContextType != null)
                Consider(format, FixtureShape.ContextOnly, WireProbe.Score(data, format.ContextType), hinted, false);
        }

        if (bestFormat == null)
            return new Recognition(FixtureShape.Unrecognised, CaseKinds.Unknown, null, null,
                data.Length == 0 ? "empty file" : "not a protobuf message of any known fixture layout");
        return new Recognition(bestShape, bestFormat.Kind, bestFormat, null, null);

        void Consider(FixtureFormat format, FixtureShape shape, int score, bool hinted, bool isFixture)
        {
            if (score <= 0) return;
            var rank = (score, hinted, isFixture);
            if (bestFormat == null || Better(rank, bestRank))
            {
                bestFormat = format;
                bestShape = shape;
                bestRank = rank;
            }
        }
    }

    // A file-extension hint beats structure (two layouts can both fit small inputs); then the layout explaining
    // more fields; then a full fixture over a bare context.
    private static bool Better((int Score, bool Hint, bool Fixture) a, (int Score, bool Hint, bool Fixture) b)
    {
        if (a.Hint != b.Hint) return a.Hint;
        if (a.Score != b.Score) return a.Score > b.Score;
        return a.Fixture && !b.Fixture;
    }

    private static bool HasWrapperPayload(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos < data.Length)
        {
            if (!WireProbe.TryReadVarint(data, ref pos, out var tag)) return false;
            var field = tag >> 3;
            if ((field == 2 || field == 3) && (tag & 7) == 2) return true;
            if (!SkipField(data, ref pos, tag & 7)) return false;
        }
        return false;
    }

    private static bool SkipField(ReadOnlySpan<byte> data, ref int pos, ulong wire)
    {
        switch (wire)
        {
            case 0: return WireProbe.TryReadVarint(data, ref pos, out _);
            case 1: if (data.Length - pos < 8) return false; pos += 8; return true;
            case 5: if (data.Length - pos < 4) return false; pos += 4; return true;
            case 2:
                if (!WireProbe.TryReadVarint(data, ref pos, out var len) || len > (ulong)(data.Length - pos)) return false;
                pos += (int)len;
                return true;
            default: return false;
        }
    }

    /// <summary>True when the first bytes look like a fixture wrapper with metadata (cheap check on a file header).</summary>
    public static bool HeaderNamesHarness(ReadOnlySpan<byte> header)
    {
        var probe = header.Length > 96 ? header[..96] : header;
        return probe.IndexOf(Encoding.ASCII.GetBytes(EntrypointPrefix)) >= 0;
    }
}
