using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>Rust's <c>std::time::Duration</c> as serde writes it: secs u64, nanos u32 (normalized to below one second).</summary>
public readonly record struct Duration(ulong Seconds, uint Nanoseconds)
{
    private const uint NanosPerSecond = 1_000_000_000;

    public UInt128 TotalNanoseconds => (UInt128)Seconds * NanosPerSecond + Nanoseconds;

    // serde normalizes nanos >= 1e9 into seconds and rejects a seconds overflow.
    internal static Duration Read(ref FieldReader r, string context)
    {
        var at = r.Position;
        var secs = r.U64(context, "secs");
        var nanos = r.U32(context, "nanos");
        if (!r.Ok) return default;
        var carry = nanos / NanosPerSecond;
        if (secs > ulong.MaxValue - carry)
        {
            r.FailAt(at, BincodeError.InvalidValue, context, "secs", "overflow normalizing Duration");
            return default;
        }
        return new Duration(secs + carry, nanos % NanosPerSecond);
    }

    internal void Write(BincodeWriter w)
    {
        w.WriteU64(Seconds);
        w.WriteU32(Nanoseconds);
    }
}
