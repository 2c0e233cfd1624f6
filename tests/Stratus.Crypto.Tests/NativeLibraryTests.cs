using Stratus.Crypto.Native;

namespace Stratus.Crypto.Tests;

public class NativeLibraryTests
{
    [Fact]
    public void MissingLibraryNamesTheAptPackage()
    {
        var error = Assert.Throws<NativeLibraryMissingException>(() => NativeLibraryLoader.Load("libstratus-missing.so.7", "libstratus-missing7"));
        Assert.Equal("libstratus-missing.so.7", error.Soname);
        Assert.Equal("libstratus-missing7", error.AptPackage);
        Assert.Contains("apt-get install -y libstratus-missing7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSymbolNamesTheLibraryAndSymbol()
    {
        var lib = NativeLibraryLoader.Load(LibSodium.Soname, LibSodium.AptPackage);
        var error = Assert.Throws<NativeLibraryMissingException>(() => lib.Export("crypto_no_such_function"));
        Assert.Equal(LibSodium.AptPackage, error.AptPackage);
        Assert.Contains("crypto_no_such_function", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LibSodium.Soname, LibSodium.AptPackage)]
    [InlineData(LibCrypto.Soname, LibCrypto.AptPackage)]
    [InlineData(LibSecp256k1.Soname, LibSecp256k1.AptPackage)]
    public void RequiredLibrariesAreInstalled(string soname, string package)
    {
        // Fails with the install command when the machine lacks one; the setup script installs them.
        _ = NativeLibraryLoader.Load(soname, package);
    }
}
