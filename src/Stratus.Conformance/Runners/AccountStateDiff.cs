using Google.Protobuf;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Runners;

/// <summary>
/// Compares account post-states as the harness comparators do: address, lamports, data, executable and owner;
/// rent_epoch only when the fixture recorded it (the field left the schema in 2025-09). Lists in the same order
/// compare position by position; otherwise accounts are matched by address.
/// </summary>
internal static class AccountStateDiff
{
    /// <param name="unchanged">
    /// Accounts whose absence from <paramref name="expected"/> is fine (older generators listed only changed accounts):
    /// an actual account equal to its entry here is not reported missing.
    /// </param>
    public static void Compare(DiffList d, string field, IReadOnlyList<AcctState> expected, IReadOnlyList<AcctState> actual,
        IReadOnlyList<AcctState>? unchanged = null)
    {
        if (SameOrder(expected, actual))
        {
            for (int i = 0; i < expected.Count; i++) CompareOne(d, $"{field}[{Name(expected[i].Address)}]", expected[i], actual[i]);
            return;
        }
        var actualByKey = new Dictionary<ByteString, AcctState>();
        foreach (var a in actual) actualByKey.TryAdd(a.Address, a);
        var seen = new HashSet<ByteString>();
        foreach (var e in expected)
        {
            if (!seen.Add(e.Address)) continue;
            var name = $"{field}[{Name(e.Address)}]";
            if (!actualByKey.TryGetValue(e.Address, out var a)) { d.Add(name, "present", "absent"); continue; }
            CompareOne(d, name, e, a);
        }
        var before = new Dictionary<ByteString, AcctState>();
        if (unchanged != null) foreach (var u in unchanged) before.TryAdd(u.Address, u);
        foreach (var a in actual)
        {
            if (seen.Contains(a.Address)) continue;
            if (before.TryGetValue(a.Address, out var pre) && SameState(pre, a)) continue;
            seen.Add(a.Address);
            d.Add($"{field}[{Name(a.Address)}]", "absent", $"present ({a.Lamports} lamports, {a.Data.Length} bytes)");
        }
    }

    private static bool SameOrder(IReadOnlyList<AcctState> expected, IReadOnlyList<AcctState> actual)
    {
        if (expected.Count != actual.Count) return false;
        for (int i = 0; i < expected.Count; i++)
            if (expected[i].Address != actual[i].Address) return false;
        return true;
    }

    private static void CompareOne(DiffList d, string name, AcctState e, AcctState a)
    {
        d.Compare(name + ".lamports", e.Lamports, a.Lamports);
        d.Compare(name + ".data", e.Data.Span, a.Data.Span);
        d.Compare(name + ".executable", e.Executable, a.Executable);
        d.Compare(name + ".owner", Name(e.Owner), Name(a.Owner));
        if (e.HasRentEpoch) d.Compare(name + ".rent_epoch", e.RentEpoch, a.RentEpoch);
    }

    private static bool SameState(AcctState x, AcctState y) =>
        x.Lamports == y.Lamports && x.Data == y.Data && x.Executable == y.Executable && OwnerEquals(x.Owner, y.Owner);

    // An absent owner and 32 zero bytes both mean the system program.
    private static bool OwnerEquals(ByteString x, ByteString y) => Name(x) == Name(y);

    public static string Name(ByteString key)
    {
        if (key.Length == 0) return Stratus.Core.Pubkey.Default.ToString();
        return key.Length == Stratus.Core.Pubkey.Length ? new Stratus.Core.Pubkey(key.Span).ToString() : Convert.ToHexString(key.Span).ToLowerInvariant();
    }
}
