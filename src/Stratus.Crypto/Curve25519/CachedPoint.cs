namespace Stratus.Crypto.Curve25519;

/// <summary>
/// A point prepared for repeated addition: (Y + X, Y − X, Z, 2d·T). Multi-scalar multiplication
/// adds each table entry many times, so the two products this saves per addition add up.
/// </summary>
internal readonly struct CachedPoint
{
    public readonly FieldElement YPlusX, YMinusX, Z, T2D;

    private CachedPoint(FieldElement yPlusX, FieldElement yMinusX, FieldElement z, FieldElement t2d)
    {
        YPlusX = yPlusX; YMinusX = yMinusX; Z = z; T2D = t2d;
    }

    public static CachedPoint From(in EdwardsPoint p) => new(p.Y + p.X, p.Y - p.X, p.Z, p.T * EdwardsPoint.D2);
}
