using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>Inflation parameters (<c>solana_inflation::Inflation</c>): six f64, the last one unused.</summary>
public sealed record Inflation(double Initial, double Terminal, double Taper, double Foundation, double FoundationTerm, double Unused)
{
    public const int SerializedSize = 48;

    internal static Inflation Read(ref FieldReader r, string context) => new(
        r.F64(context, "initial"),
        r.F64(context, "terminal"),
        r.F64(context, "taper"),
        r.F64(context, "foundation"),
        r.F64(context, "foundation_term"),
        r.F64(context, "__unused"));

    internal void Write(BincodeWriter w)
    {
        w.WriteF64(Initial);
        w.WriteF64(Terminal);
        w.WriteF64(Taper);
        w.WriteF64(Foundation);
        w.WriteF64(FoundationTerm);
        w.WriteF64(Unused);
    }

    public bool Equals(Inflation? other) => other is not null
        && Bits(Initial) == Bits(other.Initial) && Bits(Terminal) == Bits(other.Terminal) && Bits(Taper) == Bits(other.Taper)
        && Bits(Foundation) == Bits(other.Foundation) && Bits(FoundationTerm) == Bits(other.FoundationTerm) && Bits(Unused) == Bits(other.Unused);

    public override int GetHashCode() => HashCode.Combine(Bits(Initial), Bits(Terminal), Bits(Taper), Bits(Foundation), Bits(FoundationTerm), Bits(Unused));

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);
}
