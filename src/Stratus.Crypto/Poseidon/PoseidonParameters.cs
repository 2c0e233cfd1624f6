using System.Numerics;
using Stratus.Crypto.Bn254;
using Fr = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FrModulus>;

namespace Stratus.Crypto.Poseidon;

/// <summary>
/// Poseidon over the BN254 scalar field with x⁵ S-boxes, 8 full rounds and the circom partial-round
/// counts: the parameter sets light-poseidon ships for widths 2..13. They come from the Poseidon
/// reference procedure (generate_parameters_grain.sage with field 1, S-box 0, n = 254): the Grain LFSR
/// first yields (R_F + R_P)·t round constants (254-bit draws, rejected when ≥ r), then 2t more draws
/// (reduced mod r) x₀..x_{t-1}, y₀..y_{t-1} for the Cauchy MDS matrix M[i][j] = 1/(xᵢ + yⱼ). They are
/// derived here on first use instead of being tabulated; the known circom hashes pin them down.
/// </summary>
internal sealed class PoseidonParameters
{
    public const int FullRounds = 8;
    public const int MinWidth = 2;
    public const int MaxWidth = 13;
    private const int FieldBits = 254;

    private static readonly int[] PartialRoundsByWidth = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65];

    private static readonly Lazy<PoseidonParameters>[] ByWidth = Enumerable.Range(MinWidth, MaxWidth - MinWidth + 1)
        .Select(t => new Lazy<PoseidonParameters>(() => Generate(t), LazyThreadSafetyMode.ExecutionAndPublication))
        .ToArray();

    private PoseidonParameters(int width, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        Width = width;
        PartialRounds = partialRounds;
        RoundConstants = roundConstants;
        Mds = mds;
    }

    public int Width { get; }

    public int PartialRounds { get; }

    /// <summary>Round r, cell i at [r·Width + i].</summary>
    public Fr[] RoundConstants { get; }

    /// <summary>Row-major: new state[i] = Σⱼ Mds[i·Width + j]·state[j].</summary>
    public Fr[] Mds { get; }

    public static PoseidonParameters ForWidth(int width)
    {
        if (width < MinWidth || width > MaxWidth) throw new ArgumentOutOfRangeException(nameof(width));
        return ByWidth[width - MinWidth].Value;
    }

    private static PoseidonParameters Generate(int t)
    {
        int partialRounds = PartialRoundsByWidth[t - MinWidth];
        var grain = new GrainLfsr(field: 1, sbox: 0, fieldSize: 254, width: t, fullRounds: FullRounds, partialRounds: partialRounds);

        Span<ulong> limbs = stackalloc ulong[4];
        var constants = new Fr[(FullRounds + partialRounds) * t];
        for (int i = 0; i < constants.Length; i++)
        {
            do grain.NextBits(FieldBits, limbs);
            while (!Fr.TryFromCanonical(limbs[0], limbs[1], limbs[2], limbs[3], out constants[i]));
        }

        var xs = new Fr[t];
        var ys = new Fr[t];
        for (int i = 0; i < t; i++) xs[i] = NextReduced(grain, limbs);
        for (int i = 0; i < t; i++) ys[i] = NextReduced(grain, limbs);
        var mds = new Fr[t * t];
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j < t; j++)
            {
                var sum = xs[i] + ys[j];
                // The reference procedure redraws on a zero sum or a repeated draw; neither happens for these parameters.
                if (sum.IsZero) throw new InvalidOperationException($"degenerate Cauchy matrix for width {t}");
                mds[i * t + j] = sum.Inverse();
            }
        }
        return new PoseidonParameters(t, partialRounds, constants, mds);
    }

    /// <summary>A 254-bit draw reduced mod r (Sage's F(x)); below 2^254 < 2r one subtraction suffices.</summary>
    private static Fr NextReduced(GrainLfsr grain, Span<ulong> limbs)
    {
        grain.NextBits(FieldBits, limbs);
        if (Fr.TryFromCanonical(limbs[0], limbs[1], limbs[2], limbs[3], out var value)) return value;
        var reduced = new BigInteger(System.Runtime.InteropServices.MemoryMarshal.AsBytes(limbs), isUnsigned: true) - Bn254Constants.ScalarModulus;
        var r = Bn254Constants.ToLimbs(reduced);
        Array.Resize(ref r, 4);
        Fr.TryFromCanonical(r[0], r[1], r[2], r[3], out value);
        return value;
    }
}
