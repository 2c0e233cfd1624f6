namespace Stratus.Crypto.Curve25519;

/// <summary>
/// A point of edwards25519 (−x² + y² = 1 + d·x²·y²) in extended coordinates (X:Y:Z:T), x = X/Z,
/// y = Y/Z, x·y = T/Z. Variable-time; used only by the reference verifier.
/// </summary>
internal readonly struct EdwardsPoint
{
    public static readonly FieldElement D = -FieldElement.FromUInt64(121665) * FieldElement.FromUInt64(121666).Invert();
    public static readonly FieldElement D2 = D + D;

    /// <summary>sqrt(−1) = 2^((p − 1) / 4).</summary>
    public static readonly FieldElement SqrtMinusOne = ComputeSqrtMinusOne();

    public static readonly EdwardsPoint Identity = new(FieldElement.Zero, FieldElement.One, FieldElement.One, FieldElement.Zero);

    /// <summary>The base point B: y = 4/5 with even x (encoding 0x58 0x66 … 0x66).</summary>
    public static readonly EdwardsPoint BasePoint = Decompress(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!.Value;

    public readonly FieldElement X, Y, Z, T;

    public EdwardsPoint(FieldElement x, FieldElement y, FieldElement z, FieldElement t)
    {
        X = x; Y = y; Z = z; T = t;
    }

    /// <summary>
    /// Decoding with ed25519-dalek / curve25519-dalek 3.x semantics: bit 255 is the sign of x, the
    /// 255-bit y is used as given (y ≥ p is accepted and reduced), and a sign bit on x = 0 is ignored.
    /// Null when y is not the y-coordinate of a curve point.
    /// </summary>
    public static EdwardsPoint? Decompress(ReadOnlySpan<byte> encoding)
    {
        var y = FieldElement.FromBytes(encoding);
        var yy = y.Square();
        var u = yy - FieldElement.One;
        var v = yy * D + FieldElement.One;
        var (isSquare, x) = SqrtRatio(u, v);
        if (!isSquare) return null;
        if ((encoding[31] >> 7) == 1) x = -x;
        return new EdwardsPoint(x, y, FieldElement.One, x * y);
    }

    /// <summary>Canonical encoding: y reduced mod p, bit 255 = parity of x.</summary>
    public void Compress(Span<byte> output)
    {
        var zInv = Z.Invert();
        var x = X * zInv;
        var y = Y * zInv;
        y.ToBytes(output);
        if (x.IsNegative) output[31] |= 0x80;
    }

    public byte[] Compress()
    {
        var output = new byte[32];
        Compress(output);
        return output;
    }

    public EdwardsPoint Negate() => new(-X, Y, Z, -T);

    public EdwardsPoint Subtract(EdwardsPoint q) => Add(q.Negate());

    /// <summary>Unified addition for a = −1 (Hisil–Wong–Carter–Dawson, "add-2008-hwcd-3").</summary>
    public EdwardsPoint Add(EdwardsPoint q)
    {
        var a = (Y - X) * (q.Y - q.X);
        var b = (Y + X) * (q.Y + q.X);
        var c = T * D2 * q.T;
        var d = (Z + Z) * q.Z;
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    /// <summary>Addition of a point prepared by <see cref="CachedPoint.From"/> (8 multiplications instead of 10).</summary>
    public EdwardsPoint Add(in CachedPoint q)
    {
        var a = (Y - X) * q.YMinusX;
        var b = (Y + X) * q.YPlusX;
        var c = T * q.T2D;
        var zz = Z * q.Z;
        var d = zz + zz;
        var e = b - a;
        var f = d - c;
        var g = d + c;
        var h = b + a;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    /// <summary>Subtraction of a prepared point: adding its negation, which swaps Y±X and negates 2dT.</summary>
    public EdwardsPoint Subtract(in CachedPoint q)
    {
        var a = (Y - X) * q.YPlusX;
        var b = (Y + X) * q.YMinusX;
        var c = T * q.T2D;
        var zz = Z * q.Z;
        var d = zz + zz;
        var e = b - a;
        var f = d + c;
        var g = d - c;
        var h = b + a;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    /// <summary>Doubling for a = −1 ("dbl-2008-hwcd").</summary>
    public EdwardsPoint Double()
    {
        var a = X.Square();
        var b = Y.Square();
        var zz = Z.Square();
        var c = zz + zz;
        var negA = -a;
        var e = (X + Y).Square() - a - b;
        var g = negA + b;
        var f = g - c;
        var h = negA - b;
        return new EdwardsPoint(e * f, g * h, f * g, e * h);
    }

    /// <summary>Projective equality: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1.</summary>
    public bool PointEquals(EdwardsPoint q) => (X * q.Z).Equals(q.X * Z) && (Y * q.Z).Equals(q.Y * Z);

    public bool IsIdentity => PointEquals(Identity);

    /// <summary>Small order ⇔ [8]P is the identity (curve25519-dalek's is_small_order).</summary>
    public bool IsSmallOrder => Double().Double().Double().IsIdentity;

    /// <summary>[scalar]P for a little-endian 256-bit integer scalar, by double-and-add (variable time).</summary>
    public EdwardsPoint Multiply(ReadOnlySpan<byte> scalar)
    {
        var result = Identity;
        for (var bit = 255; bit >= 0; bit--)
        {
            result = result.Double();
            if (((scalar[bit >> 3] >> (bit & 7)) & 1) == 1)
                result = result.Add(this);
        }
        return result;
    }

    /// <summary>[a]P + [b]B with one shared doubling chain (Straus–Shamir); scalars are little-endian integers.</summary>
    public static EdwardsPoint DoubleScalarMultiplyBase(ReadOnlySpan<byte> a, EdwardsPoint p, ReadOnlySpan<byte> b)
    {
        var sum = p.Add(BasePoint);
        var result = Identity;
        for (var bit = 255; bit >= 0; bit--)
        {
            result = result.Double();
            var ba = (a[bit >> 3] >> (bit & 7)) & 1;
            var bb = (b[bit >> 3] >> (bit & 7)) & 1;
            if (ba == 1 && bb == 1) result = result.Add(sum);
            else if (ba == 1) result = result.Add(p);
            else if (bb == 1) result = result.Add(BasePoint);
        }
        return result;
    }

    /// <summary>
    /// (was_square, r) with r the non-negative root of u/v, as curve25519-dalek's sqrt_ratio_i:
    /// r = u·v³·(u·v⁷)^((p−5)/8); if v·r² = −u (or −u·i) the root is corrected by sqrt(−1).
    /// </summary>
    internal static (bool IsSquare, FieldElement Root) SqrtRatio(FieldElement u, FieldElement v)
    {
        var v3 = v.Square() * v;
        var v7 = v3.Square() * v;
        var r = u * v3 * (u * v7).Pow22523();
        var check = v * r.Square();
        var negU = -u;
        var correctSign = check.Equals(u);
        var flippedSign = check.Equals(negU);
        var flippedSignI = check.Equals(negU * SqrtMinusOne);
        if (flippedSign || flippedSignI) r = r * SqrtMinusOne;
        if (r.IsNegative) r = -r;
        return (correctSign || flippedSign, r);
    }

    private static FieldElement ComputeSqrtMinusOne()
    {
        // 2 is a non-residue mod p, so 2^((p−1)/4) squares to −1. (p−1)/4 = 2^253 − 5.
        Span<byte> exponent = stackalloc byte[32];
        exponent.Fill(0xff);
        exponent[0] = 0xfb;        // 2^256 − 5 … then clear the top bits to get 2^253 − 5
        exponent[31] = 0x1f;
        var two = FieldElement.FromUInt64(2);
        var result = FieldElement.One;
        for (var bit = 255; bit >= 0; bit--)
        {
            result = result.Square();
            if (((exponent[bit >> 3] >> (bit & 7)) & 1) == 1) result = result * two;
        }
        return result;
    }
}
