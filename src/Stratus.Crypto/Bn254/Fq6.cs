namespace Stratus.Crypto.Bn254;

/// <summary>Fq6 = Fq2[v]/(v³ - ξ): c0 + c1·v + c2·v².</summary>
public readonly struct Fq6 : IEquatable<Fq6>
{
    public readonly Fq2 C0, C1, C2;

    public Fq6(in Fq2 c0, in Fq2 c1, in Fq2 c2)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
    }

    public static Fq6 Zero => default;

    public static Fq6 One => new(Fq2.One, Fq2.Zero, Fq2.Zero);

    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;

    public bool IsOne => C0.IsOne && C1.IsZero && C2.IsZero;

    public static Fq6 operator +(in Fq6 a, in Fq6 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2);

    public static Fq6 operator -(in Fq6 a, in Fq6 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2);

    public static Fq6 operator -(in Fq6 a) => new(-a.C0, -a.C1, -a.C2);

    public static Fq6 operator *(in Fq6 a, in Fq6 b)
    {
        var v0 = a.C0 * b.C0;
        var v1 = a.C1 * b.C1;
        var v2 = a.C2 * b.C2;
        var c0 = ((a.C1 + a.C2) * (b.C1 + b.C2) - v1 - v2).MulByXi() + v0;
        var c1 = (a.C0 + a.C1) * (b.C0 + b.C1) - v0 - v1 + v2.MulByXi();
        var c2 = (a.C0 + a.C2) * (b.C0 + b.C2) - v0 - v2 + v1;
        return new Fq6(c0, c1, c2);
    }

    public static Fq6 operator *(in Fq6 a, in Fq2 b) => new(a.C0 * b, a.C1 * b, a.C2 * b);

    public static bool operator ==(in Fq6 a, in Fq6 b) => a.C0 == b.C0 && a.C1 == b.C1 && a.C2 == b.C2;

    public static bool operator !=(in Fq6 a, in Fq6 b) => !(a == b);

    public Fq6 Square()
    {
        var s0 = C0.Square();
        var ab = C0 * C1;
        var s1 = ab + ab;
        var s2 = (C0 - C1 + C2).Square();
        var bc = C1 * C2;
        var s3 = bc + bc;
        var s4 = C2.Square();
        return new Fq6(s3.MulByXi() + s0, s4.MulByXi() + s1, s1 + s2 + s3 - s0 - s4);
    }

    /// <summary>Multiplication by v: (a0, a1, a2)·v = (ξ·a2, a0, a1).</summary>
    public Fq6 MulByV() => new(C2.MulByXi(), C0, C1);

    /// <summary>Multiplication by b0 + b1·v (the sparse shape of a line's w-part).</summary>
    public Fq6 MulBy01(in Fq2 b0, in Fq2 b1)
    {
        var v0 = C0 * b0;
        var v1 = C1 * b1;
        var c0 = ((C1 + C2) * b1 - v1).MulByXi() + v0;
        var c1 = (C0 + C1) * (b0 + b1) - v0 - v1;
        var c2 = C2 * b0 + v1;
        return new Fq6(c0, c1, c2);
    }

    public Fq6 Inverse()
    {
        var t0 = C0.Square() - (C1 * C2).MulByXi();
        var t1 = C2.Square().MulByXi() - C0 * C1;
        var t2 = C1.Square() - C0 * C2;
        var det = C0 * t0 + (C2 * t1 + C1 * t2).MulByXi();
        var inv = det.Inverse();
        return new Fq6(t0 * inv, t1 * inv, t2 * inv);
    }

    public bool Equals(Fq6 other) => this == other;

    public override bool Equals(object? obj) => obj is Fq6 other && this == other;

    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
}
