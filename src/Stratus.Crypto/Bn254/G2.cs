namespace Stratus.Crypto.Bn254;

/// <summary>A point of the twist E'(Fq2): y² = x³ + 3/ξ in affine form; the identity has <see cref="IsInfinity"/> set and zero coordinates.</summary>
public readonly struct G2Affine
{
    public readonly Fq2 X, Y;
    public readonly bool IsInfinity;

    public G2Affine(in Fq2 x, in Fq2 y)
    {
        X = x;
        Y = y;
        IsInfinity = false;
    }

    private G2Affine(bool infinity)
    {
        X = default;
        Y = default;
        IsInfinity = infinity;
    }

    public static G2Affine Infinity => new(true);

    public bool IsOnCurve => IsInfinity || Y.Square() == X.Square() * X + Bn254Constants.G2B;

    private static readonly sbyte[] OrderDigits = Bn254Pairing.Naf(Bn254Constants.ScalarModulus);

    /// <summary>
    /// Whether r·Q is the identity (the twist's group is r times a large cofactor, so on-curve points
    /// need this check), over the signed digits of r with mixed additions.
    /// </summary>
    public bool IsInSubgroup
    {
        get
        {
            if (IsInfinity) return true;
            var negated = Negate();
            var acc = ToJacobian();
            for (int i = OrderDigits.Length - 2; i >= 0; i--)
            {
                acc = acc.Double();
                if (OrderDigits[i] > 0) acc = acc.AddAffine(this);
                else if (OrderDigits[i] < 0) acc = acc.AddAffine(negated);
            }
            return acc.IsInfinity;
        }
    }

    public G2Affine Negate() => IsInfinity ? this : new G2Affine(X, -Y);

    public G2Jacobian ToJacobian() => IsInfinity ? G2Jacobian.Infinity : new G2Jacobian(X, Y, Fq2.One);
}

/// <summary>A point of the twist E'(Fq2) in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the identity.</summary>
public readonly struct G2Jacobian
{
    public readonly Fq2 X, Y, Z;

    public G2Jacobian(in Fq2 x, in Fq2 y, in Fq2 z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static G2Jacobian Infinity => new(Fq2.One, Fq2.One, Fq2.Zero);

    public bool IsInfinity => Z.IsZero;

    public G2Jacobian Double()
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
        return new G2Jacobian(x3, y3, z3);
    }

    public G2Jacobian Add(in G2Jacobian q)
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
        return new G2Jacobian(x3, y3, z3);
    }

    /// <summary>this + q for an affine q (Z = 1): mixed addition, falling back to doubling or the identity.</summary>
    public G2Jacobian AddAffine(in G2Affine q)
    {
        if (q.IsInfinity) return this;
        if (IsInfinity) return q.ToJacobian();
        var z1z1 = Z.Square();
        var u2 = q.X * z1z1;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - X;
        var r = (s2 - Y).Double();
        if (h.IsZero) return r.IsZero ? Double() : Infinity;
        var hh = h.Square();
        var i = hh.Double().Double();
        var j = h * i;
        var v = X * i;
        var x3 = r.Square() - j - v.Double();
        var y3 = r * (v - x3) - (Y * j).Double();
        var z3 = (Z + h).Square() - z1z1 - hh;
        return new G2Jacobian(x3, y3, z3);
    }

    /// <summary>k·P for a scalar given as little-endian 64-bit limbs (any width, not reduced).</summary>
    public G2Jacobian Multiply(ReadOnlySpan<ulong> scalar)
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

    public G2Affine ToAffine()
    {
        if (IsInfinity) return G2Affine.Infinity;
        var zi = Z.Inverse();
        var zi2 = zi.Square();
        return new G2Affine(X * zi2, Y * zi2 * zi);
    }
}
