using Stratus.TestCommon;
using Stratus.Conformance.Runners;
using System.Text;
using Stratus.Conformance.Vectors;

namespace Stratus.Conformance.Tests.Vectors;

public class VectorRobustnessTests
{
    private const string Sample = "token/transfer_ok";

    [Fact]
    public void Recognition_needs_the_format_member()
    {
        Assert.True(VectorFormat.LooksLikeVector(VectorFiles.Bytes(Sample).AsSpan(0, 512)));
        Assert.True(VectorFormat.LooksLikeVector("{\"format\" : \"stratus-litesvm-txn-vector\"}"u8));
        Assert.False(VectorFormat.LooksLikeVector(File.ReadAllBytes(Path.Combine(VectorFiles.Root, "manifest.json")).AsSpan(0, 40)));
        Assert.False(VectorFormat.LooksLikeVector("{\"format\": \"something-else\"}"u8));
        Assert.False(VectorFormat.LooksLikeVector("[\"format\", \"stratus-litesvm-txn-vector\"]"u8));
        Assert.False(VectorFormat.LooksLikeVector("{\"format\""u8));
        Assert.False(VectorFormat.LooksLikeVector([]));
        Assert.False(VectorFormat.LooksLikeVector(new byte[] { 0x0a, 0x05, 0x08, 0x01, 0x12 }));
        Assert.False(VectorFormat.LooksLikeVector(Path.Combine(VectorFiles.Root, "README.md")));
        Assert.False(VectorFormat.LooksLikeVector(Path.Combine(VectorFiles.Root, "no-such-file.json")));
    }

    [Fact]
    public void Truncated_vectors_give_errors()
    {
        var bytes = VectorFiles.Bytes(Sample);
        foreach (var len in new[] { 0, 1, 2, 17, 100, 1000, bytes.Length / 2, bytes.Length - 3 })
        {
            var r = VectorReader.Read(bytes.AsMemory(0, len), VectorFiles.References);
            Assert.False(r.IsOk, $"length {len} decoded");
            Assert.False(string.IsNullOrEmpty(r.Error));
        }
    }

    [Fact]
    public void Mutated_vectors_never_throw()
    {
        var original = VectorFiles.Bytes(Sample);
        var rng = new Random(1234);
        int errors = 0;
        for (int i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 1 + (i % 4); k++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            var r = VectorReader.Read(bytes, VectorFiles.References);
            if (!r.IsOk) errors++;
        }
        Assert.True(errors > 100, $"only {errors} of 300 mutations were rejected");
    }

    [Theory]
    [InlineData("\"lamports_per_signature\": 5000", "\"lamports_per_signature\": -1", "inputs.lamports_per_signature")]
    [InlineData("\"lamports_per_signature\": 5000", "\"lamports_per_signature\": 1e3", "inputs.lamports_per_signature")]
    [InlineData("\"status\": \"ok\"", "\"status\": \"fine\"", "expected.status")]
    [InlineData("\"status\": \"ok\"", "\"status\": \"error\"", "expected.error")]
    [InlineData("\"format\": \"stratus-litesvm-txn-vector\"", "\"format\": \"other\"", "$.format")]
    [InlineData("\"version\": 2", "\"version\": 1", "$.version")]
    [InlineData("\"feature_set\": \"all-enabled\"", "\"feature_set\": \"no-such-set\"", "inputs.feature_set: feature-sets/no-such-set.json is unreadable")]
    [InlineData("\"feature_set\": \"all-enabled\"", "\"feature_set\": \"../../etc/passwd\"", "inputs.feature_set: '../../etc/passwd' is not a valid reference name")]
    [InlineData("\"feature_set\": \"all-enabled\"", "\"feature_set\": 7", "inputs.feature_set")]
    [InlineData("\"harness\": \"litesvm-0.2.0\"", "\"harness\": \"default\"", "$.harness: harnesses/default.json is unreadable")]
    [InlineData("\"values\": \"default\"", "\"values\": \"Default\"", "inputs.compute_budget.values")]
    [InlineData("\"builtins\": \"builtins\"", "\"builtins\": \"builtins-x\"", "inputs.builtins: account-sets/builtins-x.json is unreadable")]
    [InlineData("\"compute_units_consumed\"", "\"compute_units_eaten\"", "expected.compute_units_consumed")]
    [InlineData("\"blockhash\": \"", "\"blockhash\": \"0", "inputs.blockhash")]
    [InlineData("\"base64\": \"", "\"base64\": \"!", ".base64: invalid base64")]
    [InlineData("\"owner\": \"", "\"owner\": \"I", "owner")]
    public void Field_errors_name_the_member(string find, string replace, string expectedPath)
    {
        var text = Encoding.UTF8.GetString(VectorFiles.Bytes(Sample));
        Assert.Contains(find, text);
        var idx = text.IndexOf(find, StringComparison.Ordinal);
        var mutated = text[..idx] + replace + text[(idx + find.Length)..];
        var r = VectorReader.Read(Encoding.UTF8.GetBytes(mutated), VectorFiles.References);
        Assert.False(r.IsOk);
        Assert.Contains(expectedPath, r.Error);
    }

    [Fact]
    public void Broken_reference_files_give_errors()
    {
        var dir = Directory.CreateTempSubdirectory("stratus-vector-refs-");
        try
        {
            foreach (var refDir in VectorReferences.Directories)
            {
                Directory.CreateDirectory(Path.Combine(dir.FullName, refDir));
                foreach (var f in Directory.GetFiles(Path.Combine(VectorFiles.Root, refDir)))
                    File.Copy(f, Path.Combine(dir.FullName, refDir, Path.GetFileName(f)));
            }
            var bytes = VectorFiles.Bytes(Sample);
            Assert.True(VectorReader.Read(bytes, new VectorReferences(dir.FullName)).IsOk);

            var featureSet = Path.Combine(dir.FullName, VectorReferences.FeatureSetsDir, "all-enabled.json");
            var original = File.ReadAllBytes(featureSet);
            var cases = new (byte[] Content, string Message)[]
            {
                (original.AsSpan(0, original.Length / 2).ToArray(), "invalid JSON"),
                (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("stratus-litesvm-feature-set", "stratus-litesvm-harness")), "$.format"),
                (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\"name\": \"all-enabled\"", "\"name\": \"other\"")), "$.name"),
                (Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(original).Replace("\"active\": [", "\"active\": [\"0OIl\",")), "$.active[0]"),
            };
            foreach (var (content, message) in cases)
            {
                File.WriteAllBytes(featureSet, content);
                var r = VectorReader.Read(bytes, new VectorReferences(dir.FullName));
                Assert.False(r.IsOk, message);
                Assert.Contains("inputs.feature_set: feature-sets/all-enabled.json: ", r.Error);
                Assert.Contains(message, r.Error);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Data_parts_must_add_up_to_data_len()
    {
        var text = Encoding.UTF8.GetString(VectorFiles.Bytes("system/transfer_ok"));
        const string find = "\"data_len\": 131097";
        Assert.Contains(find, text);
        var r = VectorReader.Read(Encoding.UTF8.GetBytes(text.Replace(find, "\"data_len\": 131098")), VectorFiles.References);
        Assert.False(r.IsOk);
        Assert.Contains("data_len", r.Error);
        r = VectorReader.Read(Encoding.UTF8.GetBytes(text.Replace(find, "\"data_len\": 99999999999")), VectorFiles.References);
        Assert.False(r.IsOk);
        Assert.Contains("exceeds", r.Error);
    }
}

public class LiteSvmVectorRunnerTests
{
    [Fact]
    public void The_suite_replays_committed_vectors_and_fails_broken_ones()
    {
        var dir = Directory.CreateTempSubdirectory("stratus-vectors-");
        try
        {
            File.Copy(Path.Combine(VectorFiles.Root, "memo", "v4_ok.json"), Path.Combine(dir.FullName, "ok.json"));
            var bytes = VectorFiles.Bytes("memo/v4_ok");
            File.WriteAllBytes(Path.Combine(dir.FullName, "broken.json"), bytes.AsSpan(0, bytes.Length / 2).ToArray());
            File.Copy(Path.Combine(VectorFiles.Root, "manifest.json"), Path.Combine(dir.FullName, "manifest.json"));
            foreach (var refDir in VectorReferences.Directories)
            {
                Directory.CreateDirectory(Path.Combine(dir.FullName, refDir));
                foreach (var f in Directory.GetFiles(Path.Combine(VectorFiles.Root, refDir)))
                    File.Copy(f, Path.Combine(dir.FullName, refDir, Path.GetFileName(f)));
            }

            // The copies sit outside the clone, so the shared data is located for them.
            var runner = new LiteSvmVectorRunner(_ => SharedData.Root is { } root ? Path.Combine(root, "data") : null, SharedData.IsCi);
            var run = new ConformanceSuite([runner]).Run([dir.FullName]);
            var byFile = run.Results.ToDictionary(r => Path.GetFileName(r.Id));
            Assert.Equal(SharedData.Root != null ? CaseOutcome.Passed : CaseOutcome.Skipped, byFile["ok.json"].Outcome);
            Assert.Equal(CaseKinds.LiteSvmTxn, byFile["ok.json"].Kind);
            Assert.Equal(CaseOutcome.Failed, byFile["broken.json"].Outcome);
            Assert.False(byFile.ContainsKey("manifest.json"), byFile.TryGetValue("manifest.json", out var m) ? $"{m.Kind} {m.Outcome} {m.Message}" : "");
            Assert.False(byFile.ContainsKey("all-enabled.json"), "a feature-set file was taken for a case");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
