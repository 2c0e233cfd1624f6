using System.Runtime.CompilerServices;

namespace Stratus.Crypto.Native;

/// <summary>
/// Function pointers into Debian's libsecp256k1 (<c>libsecp256k1.so.1</c>, built with the recovery
/// module) and one shared context. Contexts are safe for concurrent read-only use (recover, verify).
/// </summary>
internal sealed unsafe class LibSecp256k1
{
    public const string Soname = "libsecp256k1.so.1";
    public const string AptPackage = "libsecp256k1-1";

    /// <summary>SECP256K1_CONTEXT_VERIFY | SECP256K1_CONTEXT_SIGN: accepted by every release (newer ones ignore them).</summary>
    private const uint ContextFlags = 0x301;

    /// <summary>SECP256K1_EC_UNCOMPRESSED.</summary>
    public const uint Uncompressed = 2;

    /// <summary>sizeof(secp256k1_pubkey) and sizeof(secp256k1_ecdsa_recoverable_signature): opaque buffers.</summary>
    public const int PubkeyStructSize = 64;
    public const int RecoverableSignatureStructSize = 65;

    private static readonly Lock _gate = new();
    private static LibSecp256k1? _instance;

    public readonly nint Context;

    /// <summary>int (ctx, sig_out, input64, recid): 0 when r or s overflows the group order.</summary>
    public readonly delegate* unmanaged<nint, byte*, byte*, int, int> RecoverableSignatureParseCompact;

    /// <summary>int (ctx, pubkey_out, sig, msghash32): 0 when no key can be recovered.</summary>
    public readonly delegate* unmanaged<nint, byte*, byte*, byte*, int> EcdsaRecover;

    /// <summary>int (ctx, output, outputlen*, pubkey, flags).</summary>
    public readonly delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int> PubkeySerialize;

    /// <summary>int (ctx, sig_out, msghash32, seckey32, noncefp, ndata).</summary>
    public readonly delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int> EcdsaSignRecoverable;

    /// <summary>int (ctx, output64, recid*, sig).</summary>
    public readonly delegate* unmanaged<nint, byte*, int*, byte*, int> RecoverableSignatureSerializeCompact;

    /// <summary>int (ctx, pubkey_out, seckey32).</summary>
    public readonly delegate* unmanaged<nint, byte*, byte*, int> PubkeyCreate;

    private LibSecp256k1(NativeLibraryLoader lib)
    {
        var create = (delegate* unmanaged<uint, nint>)lib.Export("secp256k1_context_create");
        RecoverableSignatureParseCompact = (delegate* unmanaged<nint, byte*, byte*, int, int>)lib.Export("secp256k1_ecdsa_recoverable_signature_parse_compact");
        EcdsaRecover = (delegate* unmanaged<nint, byte*, byte*, byte*, int>)lib.Export("secp256k1_ecdsa_recover");
        PubkeySerialize = (delegate* unmanaged<nint, byte*, nuint*, byte*, uint, int>)lib.Export("secp256k1_ec_pubkey_serialize");
        EcdsaSignRecoverable = (delegate* unmanaged<nint, byte*, byte*, byte*, nint, nint, int>)lib.Export("secp256k1_ecdsa_sign_recoverable");
        RecoverableSignatureSerializeCompact = (delegate* unmanaged<nint, byte*, int*, byte*, int>)lib.Export("secp256k1_ecdsa_recoverable_signature_serialize_compact");
        PubkeyCreate = (delegate* unmanaged<nint, byte*, byte*, int>)lib.Export("secp256k1_ec_pubkey_create");
        Context = create(ContextFlags);
        if (Context == 0)
            throw new NativeLibraryMissingException(Soname, AptPackage, "secp256k1_context_create failed");
    }

    public static LibSecp256k1 Instance
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref _instance) ?? Load();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LibSecp256k1 Load()
    {
        lock (_gate)
        {
            return _instance ??= new LibSecp256k1(NativeLibraryLoader.Load(Soname, AptPackage));
        }
    }
}
