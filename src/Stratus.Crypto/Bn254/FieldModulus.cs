namespace Stratus.Crypto.Bn254;

/// <summary>
/// Constants of a prime field below 2^254 for <see cref="Fp256{TModulus}"/>: the modulus, the Montgomery
/// factor -m^-1 mod 2^64, R mod m and R^2 mod m (R = 2^256), all as little-endian 64-bit limbs.
/// </summary>
public interface IFieldModulus
{
    static abstract ulong M0 { get; }
    static abstract ulong M1 { get; }
    static abstract ulong M2 { get; }
    static abstract ulong M3 { get; }
    static abstract ulong N0 { get; }
    static abstract ulong R0 { get; }
    static abstract ulong R1 { get; }
    static abstract ulong R2 { get; }
    static abstract ulong R3 { get; }
    static abstract ulong RR0 { get; }
    static abstract ulong RR1 { get; }
    static abstract ulong RR2 { get; }
    static abstract ulong RR3 { get; }
}

/// <summary>BN254 base field: p = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47.</summary>
public readonly struct FqModulus : IFieldModulus
{
    public static ulong M0 => 0x3c208c16d87cfd47;
    public static ulong M1 => 0x97816a916871ca8d;
    public static ulong M2 => 0xb85045b68181585d;
    public static ulong M3 => 0x30644e72e131a029;
    public static ulong N0 => 0x87d20782e4866389;
    public static ulong R0 => 0xd35d438dc58f0d9d;
    public static ulong R1 => 0x0a78eb28f5c70b3d;
    public static ulong R2 => 0x666ea36f7879462c;
    public static ulong R3 => 0x0e0a77c19a07df2f;
    public static ulong RR0 => 0xf32cfc5b538afa89;
    public static ulong RR1 => 0xb5e71911d44501fb;
    public static ulong RR2 => 0x47ab1eff0a417ff6;
    public static ulong RR3 => 0x06d89f71cab8351f;
}

/// <summary>BN254 scalar field: r = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001.</summary>
public readonly struct FrModulus : IFieldModulus
{
    public static ulong M0 => 0x43e1f593f0000001;
    public static ulong M1 => 0x2833e84879b97091;
    public static ulong M2 => 0xb85045b68181585d;
    public static ulong M3 => 0x30644e72e131a029;
    public static ulong N0 => 0xc2e1f593efffffff;
    public static ulong R0 => 0xac96341c4ffffffb;
    public static ulong R1 => 0x36fc76959f60cd29;
    public static ulong R2 => 0x666ea36f7879462e;
    public static ulong R3 => 0x0e0a77c19a07df2f;
    public static ulong RR0 => 0x1bb8e645ae216da7;
    public static ulong RR1 => 0x53fe3ab1e35c59e3;
    public static ulong RR2 => 0x8c49833d53bb8085;
    public static ulong RR3 => 0x0216d0b17f4e44a5;
}
