using System.Runtime.InteropServices;

namespace Stratus.AccountsDb.Native;

/// <summary>
/// A native object this assembly created and must destroy exactly once (RocksDB and libzstd objects). Null is
/// the invalid value; each subclass names the destructor.
/// </summary>
internal abstract class OwnedHandle : SafeHandle
{
    protected OwnedHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// Wraps the object <paramref name="create"/> returns. The handle is allocated first so a native object, once
    /// created, always has an owner; a null result (the libraries' out-of-memory signal) throws.
    /// </summary>
    internal static T Create<T>(Func<nint> create, string name) where T : OwnedHandle, new()
    {
        var h = new T();
        var native = create();
        if (native == 0) throw new OutOfMemoryException($"{name} failed");
        ((OwnedHandle)h).SetHandle(native);
        return h;
    }

    protected abstract void Destroy(nint native);

    protected override bool ReleaseHandle()
    {
        Destroy(handle);
        return true;
    }
}
