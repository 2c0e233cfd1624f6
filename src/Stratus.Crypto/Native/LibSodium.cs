using System.Runtime.CompilerServices;

namespace Stratus.Crypto.Native;

/// <summary>Function pointers into Debian's libsodium 1.0.18 (<c>libsodium.so.23</c>).</summary>
internal sealed unsafe class LibSodium
{
    public const string Soname = "libsodium.so.23";
    public const string AptPackage = "libsodium23";

    private static readonly Lock _gate = new();
    private static LibSodium? _instance;

    /// <summary>int crypto_sign_verify_detached(sig[64], m, mlen, pk[32]): 0 when valid.</summary>
    public readonly delegate* unmanaged<byte*, byte*, ulong, byte*, int> SignVerifyDetached;

    /// <summary>int crypto_sign_detached(sig[64], siglen*, m, mlen, sk[64]).</summary>
    public readonly delegate* unmanaged<byte*, ulong*, byte*, ulong, byte*, int> SignDetached;

    /// <summary>int crypto_sign_seed_keypair(pk[32], sk[64], seed[32]).</summary>
    public readonly delegate* unmanaged<byte*, byte*, byte*, int> SignSeedKeypair;

    private LibSodium(NativeLibraryLoader lib)
    {
        var init = (delegate* unmanaged<int>)lib.Export("sodium_init");
        // 0 = initialised now, 1 = already initialised; -1 means the library cannot be used at all.
        if (init() < 0)
            throw new NativeLibraryMissingException(Soname, AptPackage, "sodium_init failed");
        SignVerifyDetached = (delegate* unmanaged<byte*, byte*, ulong, byte*, int>)lib.Export("crypto_sign_verify_detached");
        SignDetached = (delegate* unmanaged<byte*, ulong*, byte*, ulong, byte*, int>)lib.Export("crypto_sign_detached");
        SignSeedKeypair = (delegate* unmanaged<byte*, byte*, byte*, int>)lib.Export("crypto_sign_seed_keypair");
    }

    public static LibSodium Instance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _instance) ?? Load();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LibSodium Load()
    {
        lock (_gate)
        {
            return _instance ??= new LibSodium(NativeLibraryLoader.Load(Soname, AptPackage));
        }
    }
}
