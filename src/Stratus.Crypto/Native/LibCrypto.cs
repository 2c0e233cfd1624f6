using System.Runtime.CompilerServices;

namespace Stratus.Crypto.Native;

/// <summary>
/// Function pointers into OpenSSL 3's <c>libcrypto.so.3</c> low-level SHA-256 API. The low-level
/// calls skip EVP's provider fetch and context allocation, which dominate the cost of hashing the
/// 32-byte PoH state; OpenSSL picks the SHA-NI/AVX2 block function at load time.
/// </summary>
internal sealed unsafe class LibCrypto
{
    public const string Soname = "libcrypto.so.3";
    public const string AptPackage = "libssl3";

    /// <summary>sizeof(SHA256_CTX): h[8], Nl, Nh, data[16], num, md_len, all 32-bit.</summary>
    public const int Sha256CtxSize = 112;

    private static readonly Lock _gate = new();
    private static LibCrypto? _instance;

    public readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> Sha256Init;
    public readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> Sha256Update;
    public readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> Sha256Final;

    /// <summary>void SHA256_Transform(ctx, block[64]): one compression of ctx->h, nothing else.</summary>
    public readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, void> Sha256Transform;

    /// <summary>Same functions without SuppressGCTransition, for long inputs that must not stall the GC.</summary>
    public readonly delegate* unmanaged<byte*, byte*, nuint, int> Sha256UpdateLong;

    private LibCrypto(NativeLibraryLoader lib)
    {
        Sha256Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)lib.Export("SHA256_Init");
        Sha256Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)lib.Export("SHA256_Update");
        Sha256Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)lib.Export("SHA256_Final");
        Sha256Transform = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, void>)lib.Export("SHA256_Transform");
        Sha256UpdateLong = (delegate* unmanaged<byte*, byte*, nuint, int>)lib.Export("SHA256_Update");
    }

    public static LibCrypto Instance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _instance) ?? Load();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LibCrypto Load()
    {
        lock (_gate)
        {
            return _instance ??= new LibCrypto(NativeLibraryLoader.Load(Soname, AptPackage));
        }
    }
}
