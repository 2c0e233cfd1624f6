using System.Reflection;
using System.Runtime.InteropServices;

namespace Stratus.AccountsDb.Native;

/// <summary>
/// Maps the logical library names used by this assembly's P/Invoke declarations to Debian sonames, so
/// the exact ABI we were written against is loaded (never an unversioned <c>librocksdb.so</c> of another major).
/// </summary>
internal static class NativeLibraries
{
    internal const string RocksDbImport = "stratus-rocksdb";
    internal const string ZstdImport = "stratus-zstd";

    internal static readonly NativeDependency RocksDb = new("librocksdb.so.7.8", "librocksdb7.8");
    internal static readonly NativeDependency Zstd = new("libzstd.so.1", "libzstd1");

    static NativeLibraries() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);

    /// <summary>Runs the static constructor, which registers the resolver; P/Invoke classes call this from theirs.</summary>
    internal static void Register() { }

    /// <summary>Registers the resolver (via the static constructor) and loads librocksdb, or throws <see cref="NativeDependencyException"/>.</summary>
    internal static void EnsureRocksDb() => RocksDb.EnsureLoaded();

    /// <summary>Registers the resolver and loads libzstd, or throws <see cref="NativeDependencyException"/>.</summary>
    internal static void EnsureZstd() => Zstd.EnsureLoaded();

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        RocksDbImport => RocksDb.Handle,
        ZstdImport => Zstd.Handle,
        _ => 0,
    };
}

/// <summary>One native library loaded lazily by soname; a failed load is remembered and reported with its package.</summary>
internal sealed class NativeDependency
{
    private readonly Lazy<(nint Handle, string? Error)> _load;

    public NativeDependency(string soname, string package)
    {
        Soname = soname;
        Package = package;
        _load = new Lazy<(nint, string?)>(() => TryLoad(soname), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Soname { get; }
    public string Package { get; }

    public nint Handle
    {
        get
        {
            var (handle, error) = _load.Value;
            if (handle == 0) throw new NativeDependencyException(Soname, Package, error);
            return handle;
        }
    }

    public void EnsureLoaded() => _ = Handle;

    internal static (nint Handle, string? Error) TryLoad(string soname)
    {
        try
        {
            return (NativeLibrary.Load(soname), null);
        }
        catch (DllNotFoundException e)
        {
            return (0, e.Message);
        }
        catch (BadImageFormatException e)
        {
            return (0, e.Message);
        }
    }
}
