using System.Text.Json;
using Stratus.AccountsDb.Store;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Crypto;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Store;

/// <summary>Oracles: Mithril's accounts-delta/bank-hash vectors and Firedancer's lattice-hash vectors.</summary>
public class HashVectorTests
{
    private const string MithrilAccounts = "bankhash/mithril/accts.json";
    private const string MithrilVectors = "bankhash/mithril/mithril_bankhash_vectors.json";
    private const string FiredancerVectors = "bankhash/firedancer_lthash_bankhash_vectors.json";

    [SharedFact(MithrilAccounts, MithrilVectors)]
    public void Accounts_delta_hash_and_bank_hash_match_mithril()
    {
        using var accounts = JsonDocument.Parse(File.ReadAllText(SharedData.DataPath(MithrilAccounts)));
        var writes = new List<KeyValuePair<Pubkey, Account>>();
        foreach (var a in accounts.RootElement.EnumerateArray())
        {
            var data = a.TryGetProperty("data", out var d) ? Convert.FromHexString(d.GetString()!) : [];
            var account = new Account(ulong.Parse(a.GetProperty("lamports").GetString()!), data,
                Pubkey.Parse(a.GetProperty("owner").GetString()!, null), a.GetProperty("executable").GetBoolean(), RentEpoch(a.GetProperty("rent_epoch").GetString()!));
            Assert.Equal(a.GetProperty("data.len").GetInt32(), account.DataLength);
            writes.Add(new(Pubkey.Parse(a.GetProperty("pubkey").GetString()!, null), account));
        }
        using var vectors = JsonDocument.Parse(File.ReadAllText(SharedData.DataPath(MithrilVectors)));
        var v2 = vectors.RootElement.GetProperty("vector2_Test_Accounts_Delta_Hash_And_BankHash");
        var delta = AccountsDeltaHash.Compute(writes);
        Assert.Equal(Hex(v2, "expected_accounts_delta_hash"), Convert.ToHexStringLower(delta.AsSpan()));

        // The same through the store: a slot that writes these accounts has this delta hash.
        using var dir = new TempDirectory();
        using var store = AccountStore.Open(dir.Sub("db"));
        store.CreateSlot(1, 0);
        foreach (var (k, v) in writes) store.Store(1, k, v);
        Assert.Equal(delta, store.ComputeAccountsDeltaHash(1));

        Assert.Equal(Hex(v2, "expected_bank_hash"), PreLatticeBankHash(Hex(v2, "parent_bank_hash"), delta.AsSpan().ToArray(), v2.GetProperty("signature_count").GetUInt64(), Hex(v2, "blockhash")));
        var v1 = vectors.RootElement.GetProperty("vector1_Test_Compute_Bank_Hash");
        Assert.Equal(Hex(v1, "expected_bank_hash"), PreLatticeBankHash(Hex(v1, "parent_bank_hash"), Convert.FromHexString(Hex(v1, "accounts_delta_hash")),
            v1.GetProperty("signature_count").GetUInt64(), Hex(v1, "blockhash")));
    }

    /// <summary>The file went through a float: "18446744073709552000" is u64::MAX (the rent-exempt marker).</summary>
    private static ulong RentEpoch(string text) => ulong.TryParse(text, out var value) ? value : decimal.Parse(text) >= ulong.MaxValue ? ulong.MaxValue : throw new FormatException(text);

    private static string Hex(JsonElement e, string name) => e.GetProperty(name).GetProperty("hex").GetString()!;

    private static string PreLatticeBankHash(string parentHex, byte[] delta, ulong signatures, string blockhashHex)
    {
        var input = Convert.FromHexString(parentHex).Concat(delta).Concat(BitConverter.GetBytes(signatures)).Concat(Convert.FromHexString(blockhashHex)).ToArray();
        return Convert.ToHexStringLower(Sha256.Hash(input));
    }

    [SharedFact(FiredancerVectors)]
    public void Account_lattice_hashes_match_firedancer()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.DataPath(FiredancerVectors)));
        var cases = doc.RootElement.GetProperty("account_lthash_cases");
        Assert.True(cases.GetArrayLength() >= 2);
        var checkedCases = 0;
        foreach (var c in cases.EnumerateArray())
        {
            var pubkey = Filled(c.GetProperty("pubkey_byte").GetString()!, 32);
            var owner = c.TryGetProperty("owner", out var o) && o.GetString() == "=pubkey"
                ? pubkey
                : Filled(c.GetProperty("owner_byte").GetString()!, 32);
            var data = Pattern(c.GetProperty("data").GetString()!);
            var lamports = c.GetProperty("lamports").GetUInt64();
            var executable = c.GetProperty("executable").GetInt32() != 0;
            var expected = c.GetProperty("expected").GetString()!;
            var expectedBytes = expected == "zeros(2048)" ? new byte[LtHash.Size] : Convert.FromHexString(expected);
            var actual = new byte[LtHash.Size];
            AccountHashes.Lattice(lamports, data, executable, owner, pubkey, actual);
            Assert.Equal(expectedBytes, actual);

            // And through the store: writing the account mixes exactly this into the slot's lattice hash.
            using var dir = new TempDirectory();
            using var store = AccountStore.Open(dir.Sub("db"));
            store.CreateSlot(1, 0);
            store.Store(1, new Pubkey(pubkey), new Account(lamports, data, new Pubkey(owner), executable));
            Assert.Equal(expectedBytes, store.GetLtHash(1).Bytes.ToArray());
            checkedCases++;
        }
        Assert.Equal(cases.GetArrayLength(), checkedCases);
    }

    [SharedFact(FiredancerVectors)]
    public void Lattice_bank_hash_matches_firedancer()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.DataPath(FiredancerVectors)));
        var c = doc.RootElement.GetProperty("bank_hash_case");
        var first = Pattern(c.GetProperty("parent_bank_hash").GetString()!)
            .Concat(BitConverter.GetBytes(c.GetProperty("signature_count").GetUInt64()))
            .Concat(Pattern(c.GetProperty("last_blockhash").GetString()!)).ToArray();
        var h = Sha256.Hash(first);
        var second = Sha256.Hash(h.Concat(Pattern(c.GetProperty("accounts_lt_hash").GetString()!)).ToArray());
        Assert.Equal(c.GetProperty("expected").GetString(), Convert.ToHexStringLower(second));
    }

    private static byte[] Filled(string hexByte, int length) => Enumerable.Repeat(Convert.ToByte(hexByte, 16), length).ToArray();

    /// <summary>"0x55*100" → 100 bytes of 0x55.</summary>
    private static byte[] Pattern(string spec)
    {
        var parts = spec.Split('*');
        return parts.Length == 2 ? Filled(parts[0], int.Parse(parts[1])) : Convert.FromHexString(spec.StartsWith("0x") ? spec[2..] : spec);
    }
}
