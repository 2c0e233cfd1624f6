namespace Stratus.AccountsDb;

/// <summary>
/// A native library Stratus loads by soname is not installed. <see cref="PackageName"/> is the Debian package
/// that provides it, so the message tells the operator exactly what to install.
/// </summary>
public sealed class NativeDependencyException : Exception
{
    public NativeDependencyException(string libraryName, string packageName, string? detail = null, Exception? inner = null)
        : base(FormatMessage(libraryName, packageName, detail), inner)
    {
        LibraryName = libraryName;
        PackageName = packageName;
    }

    /// <summary>The soname that could not be loaded, e.g. <c>librocksdb.so.7.8</c>.</summary>
    public string LibraryName { get; }

    /// <summary>The Debian package that provides the library, e.g. <c>librocksdb7.8</c>.</summary>
    public string PackageName { get; }

    private static string FormatMessage(string library, string package, string? detail) =>
        $"native library '{library}' could not be loaded; install the Debian package '{package}' " +
        $"(apt-get install {package}, or run scripts/setup.sh)" + (string.IsNullOrEmpty(detail) ? "" : $": {detail}");
}
