using Fq = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FqModulus>;

namespace Stratus.Crypto.Bn254;

/// <summary>A point of E(Fq): y² = x³ + 3 in affine form; the identity has <see cref="IsInfinity"/> set and zero coordinates.</summary>
public readonly struct G1Affine
{
    public readonly Fq X, Y;
    public readonly bool IsInfinity;

    public G1Affine(in Fq x, in Fq y)
    {
        X = x;
        Y = y;
        IsInfinity = false;
    }

    private G1Affine(bool infinity)
    {
        X = default;
        Y = default;
        IsInfinity = infinity;
    }

    public static G1Affine Infinity => new(true);

    public bool IsOnCurve => IsInfinity || Y.Square() == X.Square() * X + Bn254Constants.G1B;

    public G1Affine Negate() => IsInfinity ? this : new G1Affine(X, -Y);

    public G1Jacobian ToJacobian() => IsInfinity ? G1Jacobian.Infinity : new G1Jacobian(X, Y, Fq.One);
}

/// <summary>A point of E(Fq) in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the identity.</summary>
public readonly struct G1Jacobian
{
    public readonly Fq X, Y, Z;

    public G1Jacobian(in Fq x, in Fq y, in Fq z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static G1Jacobian Infinity => new(Fq.One, Fq.One, Fq.Zero);

    public bool IsInfinity => Z.IsZero;

    public G1Jacobian Double()
    {
        if (IsInfinity) return this;
        var a = X.Square();
        var b = Y.Square();
        var c = b.Square();
        var d = ((X + b).Square() - a - c).Double();
        var e = a.Double() + a;
        var f = e.Square();
        var x3 = f - d.Double();
        var y3 = e * (d - x3) - c.Double().Double().Double();
        var z3 = (Y * Z).Double();
        return new G1Jacobian(x3, y3, z3);
    }

    public G1Jacobian Add(in G1Jacobian q)
    {
        if (IsInfinity) return q;
        if (q.IsInfinity) return this;
        var z1z1 = Z.Square();
        var z2z2 = q.Z.Square();
        var u1 = X * z2z2;
        var u2 = q.X * z1z1;
        var s1 = Y * q.Z * z2z2;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - u1;
        var r = (s2 - s1).Double();
        if (h.IsZero) return r.IsZero ? Double() : Infinity;
        var i = h.Double().Square();
        var j = h * i;
        var v = u1 * i;
        var x3 = r.Square() - j - v.Double();
        var y3 = r * (v - x3) - (s1 * j).Double();
        var z3 = ((Z + q.Z).Square() - z1z1 - z2z2) * h;
        return new G1Jacobian(x3, y3, z3);
    }

    /// <summary>k·P for a scalar given as little-endian 64-bit limbs (any width, not reduced).</summary>
    public G1Jacobian Multiply(ReadOnlySpan<ulong> scalar)
    {
        var result = Infinity;
        for (int i = scalar.Length - 1; i >= 0; i--)
        {
            for (int bit = 63; bit >= 0; bit--)
            {
                result = result.Double();
                if (((scalar[i] >> bit) & 1) != 0) result = result.Add(this);
            }
        }
        return result;
    }

    public G1Affine ToAffine()
    {
        if (IsInfinity) return G1Affine.Infinity;
        var zi = Z.Inverse();
        var zi2 = zi.Square();
        return new G1Affine(X * zi2, Y * zi2 * zi);
    }
}
