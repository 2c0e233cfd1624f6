using System.Runtime.InteropServices;

namespace Stratus.Crypto.Native;

/// <summary>
/// Loads a Debian-provided library by its exact soname and resolves exports, turning every failure
/// into a <see cref="NativeLibraryMissingException"/> that names the apt package.
/// </summary>
internal readonly struct NativeLibraryLoader
{
    private readonly nint _handle;

    private NativeLibraryLoader(nint handle, string soname, string aptPackage)
    {
        _handle = handle;
        Soname = soname;
        AptPackage = aptPackage;
    }

    public string Soname { get; }

    public string AptPackage { get; }

    public static NativeLibraryLoader Load(string soname, string aptPackage)
    {
        if (!NativeLibrary.TryLoad(soname, out var handle))
            throw new NativeLibraryMissingException(soname, aptPackage);
        return new NativeLibraryLoader(handle, soname, aptPackage);
    }

    /// <summary>Address of an exported symbol; a missing symbol means the installed library is too old or built without a module.</summary>
    public nint Export(string name)
    {
        if (!NativeLibrary.TryGetExport(_handle, name, out var address))
            throw new NativeLibraryMissingException(Soname, AptPackage, $"symbol '{name}' not exported; the installed version lacks it");
        return address;
    }
}
