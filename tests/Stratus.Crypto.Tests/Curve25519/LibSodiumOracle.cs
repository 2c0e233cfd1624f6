using System.Runtime.InteropServices;

namespace Stratus.Crypto.Tests.Curve25519;

/// <summary>
/// Debian's libsodium 1.0.18 as an independent oracle for edwards25519 and ristretto255 group
/// operations on points it considers valid (prime-order, canonical).
/// </summary>
internal static unsafe class LibSodiumOracle
{
    private static readonly nint Handle = NativeLibrary.Load("libsodium.so.23");

    private static nint F(string name) => NativeLibrary.GetExport(Handle, name);

    private static readonly delegate* unmanaged<int> Init = (delegate* unmanaged<int>)F("sodium_init");
    private static readonly delegate* unmanaged<byte*, void> EdRandom = (delegate* unmanaged<byte*, void>)F("crypto_core_ed25519_random");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> EdAdd = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_core_ed25519_add");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> EdSub = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_core_ed25519_sub");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> EdMulNoClamp = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_scalarmult_ed25519_noclamp");
    private static readonly delegate* unmanaged<byte*, void> ScalarRandom = (delegate* unmanaged<byte*, void>)F("crypto_core_ed25519_scalar_random");
    private static readonly delegate* unmanaged<byte*, void> RistRandom = (delegate* unmanaged<byte*, void>)F("crypto_core_ristretto255_random");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> RistAdd = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_core_ristretto255_add");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> RistSub = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_core_ristretto255_sub");
    private static readonly delegate* unmanaged<byte*, byte*, byte*, int> RistMul = (delegate* unmanaged<byte*, byte*, byte*, int>)F("crypto_scalarmult_ristretto255");
    private static readonly delegate* unmanaged<byte*, int> RistIsValid = (delegate* unmanaged<byte*, int>)F("crypto_core_ristretto255_is_valid_point");

    static LibSodiumOracle()
    {
        if (Init() < 0) throw new InvalidOperationException("sodium_init failed");
    }

    public static byte[] RandomEdwardsPoint() => Fill(EdRandom);

    public static byte[] RandomRistrettoPoint() => Fill(RistRandom);

    public static byte[] RandomScalar() => Fill(ScalarRandom);

    public static byte[]? EdwardsAdd(byte[] p, byte[] q) => Binary(EdAdd, p, q);

    public static byte[]? EdwardsSub(byte[] p, byte[] q) => Binary(EdSub, p, q);

    /// <summary>n·p for a point of the prime-order subgroup; null when libsodium refuses (identity result).</summary>
    public static byte[]? EdwardsMul(byte[] n, byte[] p) => Binary(EdMulNoClamp, n, p);

    public static byte[]? RistrettoAdd(byte[] p, byte[] q) => Binary(RistAdd, p, q);

    public static byte[]? RistrettoSub(byte[] p, byte[] q) => Binary(RistSub, p, q);

    public static byte[]? RistrettoMul(byte[] n, byte[] p) => Binary(RistMul, n, p);

    public static bool RistrettoIsValid(byte[] p)
    {
        fixed (byte* pp = p) return RistIsValid(pp) == 1;
    }

    private static byte[] Fill(delegate* unmanaged<byte*, void> f)
    {
        var r = new byte[32];
        fixed (byte* rp = r) f(rp);
        return r;
    }

    private static byte[]? Binary(delegate* unmanaged<byte*, byte*, byte*, int> f, byte[] a, byte[] b)
    {
        var r = new byte[32];
        fixed (byte* rp = r)
        fixed (byte* ap = a)
        fixed (byte* bp = b)
            return f(rp, ap, bp) == 0 ? r : null;
    }
}
