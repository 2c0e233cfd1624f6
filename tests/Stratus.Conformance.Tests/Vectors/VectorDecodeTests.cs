using System.Text.Json;
using Stratus.Conformance.Vectors;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Conformance.Tests.Vectors;

public class VectorDecodeTests
{
    [Fact]
    public void Every_committed_vector_decodes_and_is_recognised()
    {
        Assert.True(VectorFiles.Paths.Count >= 300, $"only {VectorFiles.Paths.Count} vectors");
        var failures = new List<string>();
        foreach (var path in VectorFiles.Paths)
        {
            if (!VectorFormat.LooksLikeVector(path)) failures.Add(path + ": not recognised");
            var r = VectorReader.ReadFile(path);
            if (!r.IsOk) { failures.Add(path + ": " + r.Error); continue; }
            var v = r.Vector!;
            if (v.Group != Path.GetFileName(Path.GetDirectoryName(path))) failures.Add(path + ": group " + v.Group);
            if (v.Name != Path.GetFileNameWithoutExtension(path)) failures.Add(path + ": name " + v.Name);
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Manifest_counts_match_the_files()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VectorFiles.Root, "manifest.json")));
        var root = doc.RootElement;
        Assert.Equal(VectorFormat.FormatName + "-manifest", root.GetProperty("format").GetString());
        Assert.Equal(VectorFiles.Paths.Count, root.GetProperty("total").GetInt32());
        var byGroup = VectorFiles.All.GroupBy(v => v.Vector.Group).ToDictionary(g => g.Key, g => g.Count());
        var manifestGroups = root.GetProperty("groups").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(byGroup.OrderBy(x => x.Key), manifestGroups.OrderBy(x => x.Key));
    }

    [Fact]
    public void Transactions_parse_and_match_their_summaries()
    {
        var failures = new List<string>();
        foreach (var (_, v) in VectorFiles.All)
        {
            var tx = v.Inputs.Transaction;
            var result = Transaction.TryParseExact(tx.Bytes, out var parsed);
            if (!result.IsOk) { failures.Add($"{v.Id}: {result}"); continue; }
            if (parsed!.SignatureCount != tx.Signatures.Count) failures.Add($"{v.Id}: {parsed.SignatureCount} signatures, summary lists {tx.Signatures.Count}");
            if (parsed.SignatureCount > 0 && Stratus.Core.Encoding.Base58.Encode(parsed.Span.Slice(1, 64)) != tx.Signatures[0]) failures.Add($"{v.Id}: first signature differs");
            if (!parsed.Message.StaticAccountKeys.ToArray().SequenceEqual(tx.AccountKeys)) failures.Add($"{v.Id}: account keys differ");
            if (tx.IsLegacy != (parsed.Version == MessageVersion.Legacy)) failures.Add($"{v.Id}: version differs");
            // When a lookup fails the summary lists only what resolved.
            bool lookupFailed = v.Expected.Error is { } err && (err.Kind.Contains("AddressLookupTable", StringComparison.Ordinal));
            if (tx.LoadedAddresses is { } la && !lookupFailed && la.Writable.Count + la.Readonly.Count != parsed.Message.LookupWritableCount + parsed.Message.LookupReadonlyCount)
                failures.Add($"{v.Id}: loaded address count differs");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Inputs_and_expectations_are_consistent()
    {
        var failures = new List<string>();
        foreach (var (_, v) in VectorFiles.All)
        {
            var pre = v.Inputs.Accounts;
            var post = v.Expected.Accounts;
            if (pre.Select(a => a.Address).Distinct().Count() != pre.Count) failures.Add($"{v.Id}: duplicate input account");
            if (post.Select(a => a.Address).Distinct().Count() != post.Count) failures.Add($"{v.Id}: duplicate expected account");
            if (pre.Any(a => !a.Exists)) failures.Add($"{v.Id}: input account marked absent");
            var postSet = post.Select(a => a.Address).ToHashSet();
            if (!pre.All(a => postSet.Contains(a.Address))) failures.Add($"{v.Id}: an input account has no post-state");
            if (v.Expected.Fee % v.Inputs.LamportsPerSignature != 0) failures.Add($"{v.Id}: fee {v.Expected.Fee}");

            // Lamports are conserved except for the fee, which LiteSVM removes from circulation.
            var before = pre.Aggregate(0UL, (s, a) => checked(s + a.Lamports));
            var after = post.Aggregate(0UL, (s, a) => checked(s + a.Lamports));
            if (before - v.Expected.Fee != after) failures.Add($"{v.Id}: lamports {before} - fee {v.Expected.Fee} != {after}");

            // A failed transaction changes nothing but the fee payer's balance.
            if (!v.Expected.Success)
            {
                var payer = v.Inputs.Transaction.AccountKeys[0];
                foreach (var a in pre)
                {
                    var b = post.First(x => x.Address == a.Address);
                    var lamports = a.Address == payer ? a.Lamports - v.Expected.Fee : a.Lamports;
                    if (b.Lamports != lamports || b.Owner != a.Owner || b.Data.Length != a.Data.Length) failures.Add($"{v.Id}: {a.Address} changed in a failed transaction");
                }
            }
            if (v.Inputs.FeatureSet.Active.Count < 200) failures.Add($"{v.Id}: {v.Inputs.FeatureSet.Active.Count} features");
            if (!v.Inputs.ComputeBudget.Values.ContainsKey("compute_unit_limit")) failures.Add($"{v.Id}: compute budget lacks compute_unit_limit");
            if (v.Inputs.Sysvars.Count != 10) failures.Add($"{v.Id}: {v.Inputs.Sysvars.Count} sysvars");
            foreach (var ii in v.Expected.InnerInstructions)
                foreach (var i in ii.Instructions)
                    if (i.StackHeight < 2 || i.ProgramIdIndex >= v.Inputs.Transaction.AccountKeys.Count + (v.Inputs.Transaction.LoadedAddresses is { } la ? la.Writable.Count + la.Readonly.Count : 0))
                        failures.Add($"{v.Id}: inner instruction of {ii.Index} out of range");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Errors_decode_into_their_parts()
    {
        var custom = VectorFiles.Get("system/transfer_insufficient_funds").Expected.Error!;
        Assert.Equal(("InstructionError", 0, "Custom", 1u), (custom.Kind, custom.Index!.Value, custom.InstructionErrorKind, custom.Custom!.Value));
        Assert.Equal("InstructionError(0, Custom(1))", custom.Debug);

        var named = VectorFiles.Get("system/transfer_from_not_signer").Expected.Error!;
        Assert.Equal(("InstructionError", 0, "MissingRequiredSignature"), (named.Kind, named.Index!.Value, named.InstructionErrorKind));

        var dup = VectorFiles.Get("compute-budget/duplicate_limit").Expected.Error!;
        Assert.Equal(("DuplicateInstruction", 1), (dup.Kind, dup.Index!.Value));

        var rent = VectorFiles.Get("transaction/fee_payer_becomes_rent_paying").Expected.Error!;
        Assert.Equal(("InsufficientFundsForRent", 0), (rent.Kind, rent.Index!.Value));

        var plain = VectorFiles.Get("transaction/already_processed").Expected.Error!;
        Assert.Equal("AlreadyProcessed", plain.Kind);
        Assert.Null(plain.Index);
        Assert.NotEmpty(VectorFiles.Get("transaction/already_processed").Inputs.StatusCache);

        var borsh = VectorFiles.Get("examples/counter_data_too_small").Expected.Error!;
        Assert.Equal("BorshIoError", borsh.InstructionErrorKind);
    }

    [Fact]
    public void Return_data_and_big_accounts_decode()
    {
        var size = VectorFiles.Get("token/get_account_data_size").Expected.ReturnData!;
        Assert.Equal(Pubkey.Parse("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"), size.ProgramId);
        Assert.Equal(165UL, BitConverter.ToUInt64(size.Data));

        var big = VectorFiles.Get("system/create_account_max_space").Expected.Accounts.Single(a => a.Data.Length == 10 * 1024 * 1024);
        Assert.True(big.Data.IsSelfContained);
        Assert.All(big.Data.ToArray(), b => Assert.Equal(0, b));

        var history = VectorFiles.Get("system/transfer_ok").Inputs.Sysvars.Single(s => s.Name == "slot_history").Account;
        Assert.Equal(131_097, history.Data.Length);
    }
}
