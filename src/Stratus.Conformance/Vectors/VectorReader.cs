using System.Text.Json;
using Stratus.Core;

namespace Stratus.Conformance.Vectors;

/// <summary>Outcome of decoding a vector: the vector, or a message naming the member that is wrong.</summary>
public readonly record struct VectorReadResult(LiteSvmVector? Vector, string? Error)
{
    public bool IsOk => Vector != null;
}

/// <summary>
/// Decodes vector JSON (System.Text.Json, strict: every member the format defines must be present with the right
/// type). Malformed input yields an error result naming the JSON path; no exception escapes.
/// </summary>
public static class VectorReader
{
    /// <summary>Largest data length an account may declare (Agave's MAX_PERMITTED_DATA_LENGTH, 10 MiB).</summary>
    public const int MaxAccountDataLength = 10 * 1024 * 1024;

    /// <summary>Decodes the vector at <paramref name="path"/>, resolving references in the directory above its group directory.</summary>
    public static VectorReadResult ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new VectorReadResult(null, "unreadable: " + e.Message);
        }
        return Read(bytes, VectorReferences.ForVectorFile(path));
    }

    /// <summary>Decodes vector JSON, resolving its named feature set, compute budget and harness in <paramref name="references"/>.</summary>
    public static VectorReadResult Read(ReadOnlyMemory<byte> utf8Json, VectorReferences references)
    {
        // Checked up front so that no string or member name can fail to transcode later.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span)) return new VectorReadResult(null, "invalid JSON: not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 64 });
            return new VectorReadResult(ParseVector(doc.RootElement, references), null);
        }
        catch (JsonException e)
        {
            return new VectorReadResult(null, "invalid JSON: " + e.Message);
        }
        catch (VectorFormatException e)
        {
            return new VectorReadResult(null, e.Message);
        }
        catch (ArgumentException e)
        {
            // JsonDocument reports some malformed UTF-8 this way.
            return new VectorReadResult(null, "invalid JSON: " + e.Message);
        }
    }

    private sealed class VectorFormatException(string path, string message) : Exception($"{path}: {message}");

    /// <summary>Decodes one reference file (<c>feature-sets/x.json</c>, ...): its header, then <paramref name="parse"/> on the root.</summary>
    internal static (T? Value, string? Error) ReadReference<T>(ReadOnlyMemory<byte> utf8Json, string file, Func<JsonElement, string, T> parse) where T : class
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span)) return (null, file + ": invalid JSON: not valid UTF-8");
        try
        {
            using var doc = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 64 });
            return (parse(doc.RootElement, file), null);
        }
        catch (JsonException e)
        {
            return (null, file + ": invalid JSON: " + e.Message);
        }
        catch (VectorFormatException e)
        {
            return (null, file + ": " + e.Message);
        }
        catch (ArgumentException e)
        {
            return (null, file + ": invalid JSON: " + e.Message);
        }
    }

    private static void ReferenceHeader(JsonElement root, string file, string format)
    {
        const string p = "$";
        RequireObject(root, p);
        var f = Str(root, p, "format");
        if (f != format) throw new VectorFormatException(p + ".format", $"expected \"{format}\", found \"{f}\"");
        if (Int(root, p, "version") != VectorFormat.SupportedReferenceVersion) throw new VectorFormatException(p + ".version", $"unsupported version (this decoder reads {VectorFormat.SupportedReferenceVersion})");
        var name = Str(root, p, "name");
        if (!file.EndsWith("/" + name + ".json", StringComparison.Ordinal))
            throw new VectorFormatException(p + ".name", $"\"{name}\" does not match the file name");
    }

    private static VectorFeatureSet ParseFeatureSetFile(JsonElement root, string file)
    {
        ReferenceHeader(root, file, VectorFormat.FeatureSetFormatName);
        const string p = "$";
        return new VectorFeatureSet(Str(root, p, "name"), Str(root, p, "source"), List(root, p, "active", (x, q) => ParsePubkey(AsString(x, q), q)));
    }

    private static ComputeBudgetValues ParseComputeBudgetFile(JsonElement root, string file)
    {
        ReferenceHeader(root, file, VectorFormat.ComputeBudgetFormatName);
        const string p = "$";
        return new ComputeBudgetValues(U64Map(Obj(root, p, "values"), p + ".values"));
    }

    private sealed record AccountSet(IReadOnlyList<NamedAccount> Accounts);

    private static AccountSet ParseAccountSetFile(JsonElement root, string file)
    {
        ReferenceHeader(root, file, VectorFormat.AccountSetFormatName);
        return new AccountSet(List(root, "$", "accounts", ParseNamed));
    }

    /// <summary>A list of named accounts given inline or as the name of an <c>account-sets/</c> file.</summary>
    private static IReadOnlyList<NamedAccount> NamedAccounts(VectorReferences refs, JsonElement e, string p, string name)
    {
        var v = Prop(e, p, name);
        return v.ValueKind == JsonValueKind.Array
            ? List(e, p, name, ParseNamed)
            : Resolve(refs, VectorReferences.AccountSetsDir, v, $"{p}.{name}", ParseAccountSetFile).Accounts;
    }

    private static VectorHarness ParseHarnessFile(JsonElement root, string file)
    {
        ReferenceHeader(root, file, VectorFormat.HarnessFormatName);
        const string p = "$";
        return ParseHarness(Str(root, p, "name"), Obj(root, p, "rules"), p + ".rules");
    }

    /// <summary>Resolves the reference named at <paramref name="p"/>; a failure is reported at that path.</summary>
    private static T Resolve<T>(VectorReferences refs, string dir, JsonElement e, string p, Func<JsonElement, string, T> parse) where T : class
    {
        var name = AsString(e, p);
        if (!VectorReferences.IsValidName(name)) throw new VectorFormatException(p, $"'{name}' is not a valid reference name");
        return refs.TryGet(dir, name, parse, out var value, out var error) ? value! : throw new VectorFormatException(p, error!);
    }

    private sealed record ComputeBudgetValues(IReadOnlyDictionary<string, ulong> Values);

    private static Dictionary<string, ulong> U64Map(JsonElement e, string p)
    {
        var map = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var prop in e.EnumerateObject()) map[prop.Name] = AsU64(prop.Value, $"{p}.{prop.Name}");
        return map;
    }

    private static LiteSvmVector ParseVector(JsonElement root, VectorReferences refs)
    {
        const string p = "$";
        RequireObject(root, p);
        var format = Str(root, p, "format");
        if (format != VectorFormat.FormatName) throw new VectorFormatException(p + ".format", $"expected \"{VectorFormat.FormatName}\", found \"{format}\"");
        var version = Int(root, p, "version");
        if (version != VectorFormat.SupportedVersion) throw new VectorFormatException(p + ".version", $"unsupported version {version} (this decoder reads {VectorFormat.SupportedVersion})");
        return new LiteSvmVector(
            version,
            Str(root, p, "group"),
            Str(root, p, "name"),
            Str(root, p, "description"),
            root.TryGetProperty("divergence", out var d) ? AsString(d, p + ".divergence") : null,
            ParseOracle(Obj(root, p, "oracle"), p + ".oracle"),
            Resolve(refs, VectorReferences.HarnessesDir, Prop(root, p, "harness"), p + ".harness", ParseHarnessFile),
            ParseInputs(Obj(root, p, "inputs"), p + ".inputs", refs),
            ParseExpected(Obj(root, p, "expected"), p + ".expected"));
    }

    private static VectorOracle ParseOracle(JsonElement e, string p)
    {
        var crates = new Dictionary<string, string>(StringComparer.Ordinal);
        var c = Obj(e, p, "crates");
        foreach (var prop in c.EnumerateObject()) crates[prop.Name] = AsString(prop.Value, $"{p}.crates.{prop.Name}");
        return new VectorOracle(Str(e, p, "engine"), Str(e, p, "litesvm_npm"), Str(e, p, "litesvm_native"), Str(e, p, "agave"), crates);
    }

    private static VectorHarness ParseHarness(string name, JsonElement e, string p)
    {
        var rules = new Dictionary<string, string>(StringComparer.Ordinal);
        int logLimit = -1;
        foreach (var prop in e.EnumerateObject())
        {
            var path = $"{p}.{prop.Name}";
            switch (prop.Value.ValueKind)
            {
                case JsonValueKind.String: rules[prop.Name] = prop.Value.GetString()!; break;
                case JsonValueKind.True: rules[prop.Name] = "true"; break;
                case JsonValueKind.False: rules[prop.Name] = "false"; break;
                case JsonValueKind.Number: rules[prop.Name] = prop.Value.GetRawText(); break;
                default: throw new VectorFormatException(path, "expected a string, number or boolean");
            }
        }
        if (e.TryGetProperty("log_bytes_limit", out var l)) logLimit = checked((int)AsU64(l, p + ".log_bytes_limit"));
        else throw new VectorFormatException(p + ".log_bytes_limit", "missing");
        return new VectorHarness(name, rules, logLimit);
    }

    private static VectorInputs ParseInputs(JsonElement e, string p, VectorReferences refs)
    {
        var featureSet = Resolve(refs, VectorReferences.FeatureSetsDir, Prop(e, p, "feature_set"), p + ".feature_set", ParseFeatureSetFile);
        var cb = Obj(e, p, "compute_budget");
        var cbSource = Str(cb, p + ".compute_budget", "source");
        // values: the name of a compute-budgets/ file, or the values themselves (fixed budgets).
        var valuesElement = Prop(cb, p + ".compute_budget", "values");
        var values = valuesElement.ValueKind == JsonValueKind.Object
            ? U64Map(valuesElement, p + ".compute_budget.values")
            : new Dictionary<string, ulong>(Resolve(refs, VectorReferences.ComputeBudgetsDir, valuesElement, p + ".compute_budget.values", ParseComputeBudgetFile).Values, StringComparer.Ordinal);
        var overrides = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (cb.TryGetProperty("overrides", out var ov))
        {
            if (ov.ValueKind != JsonValueKind.Object) throw new VectorFormatException(p + ".compute_budget.overrides", "expected an object");
            foreach (var prop in ov.EnumerateObject())
                overrides[prop.Name] = AsU64(prop.Value, $"{p}.compute_budget.overrides.{prop.Name}");
        }
        return new VectorInputs(
            ParseHash(Str(e, p, "blockhash"), p + ".blockhash"),
            List(e, p, "status_cache", (x, q) => AsString(x, q)),
            U64(e, p, "lamports_per_signature"),
            featureSet,
            new VectorComputeBudget(cbSource, cbSource.StartsWith("fixed", StringComparison.Ordinal), values, overrides),
            List(e, p, "sysvars", ParseNamed),
            NamedAccounts(refs, e, p, "builtins"),
            NamedAccounts(refs, e, p, "precompiles"),
            List(e, p, "programs", ParseProgram),
            List(e, p, "accounts", ParseAccount),
            ParseTransaction(Obj(e, p, "transaction"), p + ".transaction"));
    }

    private static NamedAccount ParseNamed(JsonElement e, string p) => new(Str(e, p, "name"), ParseAccount(e, p));

    private static VectorProgram ParseProgram(JsonElement e, string p)
    {
        var sha = Str(e, p, "sha256");
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)) throw new VectorFormatException(p + ".sha256", "expected 64 hex digits");
        return new VectorProgram(
            ParsePubkey(Str(e, p, "address"), p + ".address"),
            Str(e, p, "name"),
            Str(e, p, "elf"),
            sha,
            ParsePubkey(Str(e, p, "owner"), p + ".owner"),
            U64(e, p, "lamports"),
            Bool(e, p, "executable"),
            U64(e, p, "rent_epoch"));
    }

    private static VectorAccount ParseAccount(JsonElement e, string p)
    {
        RequireObject(e, p);
        bool exists = !e.TryGetProperty("exists", out var ex) || AsBool(ex, p + ".exists");
        VectorAccountData data;
        if (e.TryGetProperty("data", out var inline))
        {
            var bytes = Base64(inline, p + ".data");
            data = new VectorAccountData(bytes.Length == 0 ? [] : [new BytesPart(bytes)], bytes.Length);
        }
        else if (e.TryGetProperty("data_parts", out _))
        {
            data = ParseParts(e, p);
        }
        else throw new VectorFormatException(p, "missing data or data_parts");
        return new VectorAccount(
            ParsePubkey(Str(e, p, "address"), p + ".address"),
            exists,
            U64(e, p, "lamports"),
            data,
            ParsePubkey(Str(e, p, "owner"), p + ".owner"),
            Bool(e, p, "executable"),
            U64(e, p, "rent_epoch"));
    }

    private static VectorAccountData ParseParts(JsonElement e, string p)
    {
        var declared = U64(e, p, "data_len");
        if (declared > MaxAccountDataLength) throw new VectorFormatException(p + ".data_len", $"{declared} exceeds {MaxAccountDataLength}");
        long total = 0;
        var parts = List(e, p, "data_parts", (x, q) =>
        {
            RequireObject(x, q);
            DataPart part;
            if (x.TryGetProperty("base64", out var b)) part = new BytesPart(Base64(b, q + ".base64"));
            else if (x.TryGetProperty("zeros", out var z))
            {
                var n = AsU64(z, q + ".zeros");
                if (n == 0 || n > MaxAccountDataLength) throw new VectorFormatException(q + ".zeros", $"zero run of {n} bytes");
                part = new ZerosPart((int)n);
            }
            else if (x.TryGetProperty("elf", out var f))
            {
                var sha = Str(x, q, "sha256");
                if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit)) throw new VectorFormatException(q + ".sha256", "expected 64 hex digits");
                var len = U64(x, q, "len");
                if (len == 0 || len > MaxAccountDataLength) throw new VectorFormatException(q + ".len", $"ELF length {len}");
                part = new ElfPart(AsString(f, q + ".elf"), sha, (int)len);
            }
            else throw new VectorFormatException(q, "expected one of base64, zeros, elf");
            total += part.Length;
            if (total > MaxAccountDataLength) throw new VectorFormatException(q, "parts exceed the maximum account size");
            return part;
        });
        if ((ulong)total != declared) throw new VectorFormatException(p + ".data_parts", $"parts add up to {total} bytes, data_len is {declared}");
        return new VectorAccountData(parts, (int)total);
    }

    private static VectorTransaction ParseTransaction(JsonElement e, string p)
    {
        var bytes = Base64(Prop(e, p, "base64"), p + ".base64");
        if (bytes.Length == 0) throw new VectorFormatException(p + ".base64", "empty transaction");
        var v = Prop(e, p, "version");
        bool legacy = v.ValueKind switch
        {
            JsonValueKind.String when v.GetString() == "legacy" => true,
            JsonValueKind.Number when v.TryGetInt32(out var n) && n == 0 => false,
            _ => throw new VectorFormatException(p + ".version", "expected \"legacy\" or 0"),
        };
        VectorLoadedAddresses? loaded = null;
        if (e.TryGetProperty("loaded_addresses", out var la))
        {
            var q = p + ".loaded_addresses";
            loaded = new VectorLoadedAddresses(
                List(la, q, "writable", (x, r) => ParsePubkey(AsString(x, r), r)),
                List(la, q, "readonly", (x, r) => ParsePubkey(AsString(x, r), r)));
        }
        return new VectorTransaction(
            bytes,
            legacy,
            List(e, p, "signatures", (x, q) => AsString(x, q)),
            List(e, p, "account_keys", (x, q) => ParsePubkey(AsString(x, q), q)),
            loaded);
    }

    private static VectorExpected ParseExpected(JsonElement e, string p)
    {
        var status = Str(e, p, "status");
        bool success = status switch
        {
            "ok" => true,
            "error" => false,
            _ => throw new VectorFormatException(p + ".status", $"expected \"ok\" or \"error\", found \"{status}\""),
        };
        var errEl = Prop(e, p, "error");
        VectorError? error = null;
        if (errEl.ValueKind != JsonValueKind.Null) error = ParseError(errEl, p + ".error");
        if (success != (error == null)) throw new VectorFormatException(p + ".error", success ? "a successful transaction has no error" : "a failed transaction needs an error");

        VectorReturnData? rd = null;
        var rdEl = Prop(e, p, "return_data");
        if (rdEl.ValueKind != JsonValueKind.Null)
        {
            var q = p + ".return_data";
            rd = new VectorReturnData(ParsePubkey(Str(rdEl, q, "program_id"), q + ".program_id"), Base64(Prop(rdEl, q, "data"), q + ".data"));
        }
        return new VectorExpected(
            success,
            error,
            U64(e, p, "compute_units_consumed"),
            U64(e, p, "fee"),
            List(e, p, "logs", (x, q) => AsString(x, q)),
            rd,
            List(e, p, "inner_instructions", (x, q) => new VectorInnerInstructions(
                Int(x, q, "index"),
                List(x, q, "instructions", (y, r) => new VectorInnerInstruction(
                    Int(y, r, "program_id_index"),
                    List(y, r, "accounts", (z, s) => checked((byte)AsU64(z, s))).ToArray(),
                    Base64(Prop(y, r, "data"), r + ".data"),
                    Int(y, r, "stack_height"))))),
            List(e, p, "accounts", ParseAccount));
    }

    private static VectorError ParseError(JsonElement e, string p)
    {
        var json = Prop(e, p, "json");
        var debug = Str(e, p, "debug");
        var raw = json.GetRawText();
        if (json.ValueKind == JsonValueKind.String) return new VectorError(json.GetString()!, null, null, null, null, raw, debug);
        RequireObject(json, p + ".json");
        var props = json.EnumerateObject().ToArray();
        if (props.Length != 1) throw new VectorFormatException(p + ".json", "expected an object with exactly one member");
        var kind = props[0].Name;
        var value = props[0].Value;
        var q = $"{p}.json.{kind}";
        switch (kind)
        {
            case "InstructionError":
            {
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2) throw new VectorFormatException(q, "expected [index, error]");
                int index = checked((int)AsU64(value[0], q + "[0]"));
                var inner = value[1];
                if (inner.ValueKind == JsonValueKind.String) return new VectorError(kind, index, inner.GetString(), null, null, raw, debug);
                RequireObject(inner, q + "[1]");
                if (inner.TryGetProperty("Custom", out var c)) return new VectorError(kind, index, "Custom", checked((uint)AsU64(c, q + "[1].Custom")), null, raw, debug);
                if (inner.TryGetProperty("BorshIoError", out var b)) return new VectorError(kind, index, "BorshIoError", null, AsString(b, q + "[1].BorshIoError"), raw, debug);
                throw new VectorFormatException(q + "[1]", "unknown instruction error shape");
            }
            case "DuplicateInstruction":
                return new VectorError(kind, checked((int)AsU64(value, q)), null, null, null, raw, debug);
            case "InsufficientFundsForRent":
            case "ProgramExecutionTemporarilyRestricted":
                return new VectorError(kind, Int(value, q, "account_index"), null, null, null, raw, debug);
            default:
                throw new VectorFormatException(q, "unknown transaction error variant");
        }
    }

    // ---- primitives ----

    private static void RequireObject(JsonElement e, string p)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new VectorFormatException(p, $"expected an object, found {e.ValueKind}");
    }

    private static JsonElement Prop(JsonElement e, string p, string name)
    {
        RequireObject(e, p);
        return e.TryGetProperty(name, out var v) ? v : throw new VectorFormatException($"{p}.{name}", "missing");
    }

    private static JsonElement Obj(JsonElement e, string p, string name)
    {
        var v = Prop(e, p, name);
        RequireObject(v, $"{p}.{name}");
        return v;
    }

    private static string Str(JsonElement e, string p, string name) => AsString(Prop(e, p, name), $"{p}.{name}");

    private static string AsString(JsonElement e, string p)
    {
        if (e.ValueKind != JsonValueKind.String) throw new VectorFormatException(p, $"expected a string, found {e.ValueKind}");
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new VectorFormatException(p, "string is not valid UTF-8");
        }
    }

    private static ulong U64(JsonElement e, string p, string name) => AsU64(Prop(e, p, name), $"{p}.{name}");

    private static ulong AsU64(JsonElement e, string p) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) ? v : throw new VectorFormatException(p, "expected an unsigned 64-bit integer");

    private static int Int(JsonElement e, string p, string name)
    {
        var v = Prop(e, p, name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 0 ? n : throw new VectorFormatException($"{p}.{name}", "expected a non-negative 32-bit integer");
    }

    private static bool Bool(JsonElement e, string p, string name) => AsBool(Prop(e, p, name), $"{p}.{name}");

    private static bool AsBool(JsonElement e, string p) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new VectorFormatException(p, "expected a boolean"),
    };

    private static byte[] Base64(JsonElement e, string p)
    {
        var s = AsString(e, p);
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw new VectorFormatException(p, "invalid base64");
        }
    }

    private static Pubkey ParsePubkey(string s, string p) =>
        Pubkey.TryParse(s, out var key) ? key : throw new VectorFormatException(p, $"'{s}' is not a base58 32-byte address");

    private static Hash ParseHash(string s, string p) =>
        Hash.TryParse(s, out var h) ? h : throw new VectorFormatException(p, $"'{s}' is not a base58 32-byte hash");

    private static List<T> List<T>(JsonElement e, string p, string name, Func<JsonElement, string, T> item)
    {
        var v = Prop(e, p, name);
        var q = $"{p}.{name}";
        if (v.ValueKind != JsonValueKind.Array) throw new VectorFormatException(q, $"expected an array, found {v.ValueKind}");
        var list = new List<T>(v.GetArrayLength());
        int i = 0;
        foreach (var x in v.EnumerateArray()) list.Add(item(x, $"{q}[{i++}]"));
        return list;
    }
}
