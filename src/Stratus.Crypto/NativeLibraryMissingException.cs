namespace Stratus.Crypto;

/// <summary>
/// A native library that Stratus loads by soname is not installed. The message names the Debian
/// package that provides it, so an operator can fix the machine without reading a stack trace.
/// </summary>
public sealed class NativeLibraryMissingException : Exception
{
    public NativeLibraryMissingException(string soname, string aptPackage, string? detail = null)
        : base(BuildMessage(soname, aptPackage, detail))
    {
        Soname = soname;
        AptPackage = aptPackage;
    }

    /// <summary>The shared object that could not be loaded, e.g. <c>libsodium.so.23</c>.</summary>
    public string Soname { get; }

    /// <summary>The Debian package that installs it, e.g. <c>libsodium23</c>.</summary>
    public string AptPackage { get; }

    private static string BuildMessage(string soname, string aptPackage, string? detail) =>
        $"native library '{soname}' is not installed: run 'apt-get install -y {aptPackage}'" +
        (detail is null ? "" : $" ({detail})");
}
