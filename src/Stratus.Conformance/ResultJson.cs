using System.Text.Json;

namespace Stratus.Conformance;

/// <summary>Writes a suite run as JSON: totals, per-kind totals, and one object per case.</summary>
public static class ResultJson
{
    public static void Write(Stream output, SuiteRun run)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("summary");
        WriteCounts(w, run.Passed, run.Failed, run.Skipped);
        w.WriteNumber("ignoredFiles", run.IgnoredFiles);
        w.WriteStartArray("kinds");
        foreach (var k in run.ByKind())
        {
            w.WriteStartObject();
            w.WriteString("kind", k.Kind);
            WriteCounts(w, k.Passed, k.Failed, k.Skipped);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartArray("results");
        foreach (var r in run.Results)
        {
            w.WriteStartObject();
            w.WriteString("kind", r.Kind);
            w.WriteString("id", r.Id);
            w.WriteString("outcome", r.Outcome switch
            {
                CaseOutcome.Passed => "passed",
                CaseOutcome.Failed => "failed",
                _ => "skipped",
            });
            if (r.Message != null) w.WriteString("message", r.Message);
            else w.WriteNull("message");
            w.WriteStartArray("diffs");
            foreach (var d in r.Diffs ?? [])
            {
                w.WriteStartObject();
                w.WriteString("field", d.Field);
                w.WriteString("expected", d.Expected);
                w.WriteString("actual", d.Actual);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, int passed, int failed, int skipped)
    {
        w.WriteNumber("passed", passed);
        w.WriteNumber("failed", failed);
        w.WriteNumber("skipped", skipped);
    }

    public static void WriteFile(string path, SuiteRun run)
    {
        using var file = File.Create(path);
        Write(file, run);
    }
}
