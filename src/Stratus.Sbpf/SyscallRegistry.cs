namespace Stratus.Sbpf;

/// <summary>
/// Syscalls available to programs, keyed by murmur3_32 of the name. The VM registers the basic
/// logging/abort calls; the runtime registers the rest per feature set.
/// </summary>
public sealed class SyscallRegistry
{
    private readonly Dictionary<uint, (string Name, ISyscall Syscall)> _byKey = new();

    public int Count => _byKey.Count;

    public IEnumerable<KeyValuePair<uint, (string Name, ISyscall Syscall)>> Entries => _byKey;

    public void Register(string name, ISyscall syscall)
    {
        var key = Murmur3.SyscallKey(name);
        if (_byKey.TryGetValue(key, out var existing) && existing.Name != name)
            throw new InvalidOperationException($"syscall hash collision between '{existing.Name}' and '{name}'");
        _byKey[key] = (name, syscall);
    }

    public bool Contains(uint key) => _byKey.ContainsKey(key);

    public bool TryGet(uint key, out ISyscall syscall)
    {
        if (_byKey.TryGetValue(key, out var e)) { syscall = e.Syscall; return true; }
        syscall = null!;
        return false;
    }

    public bool TryGetName(uint key, out string name)
    {
        if (_byKey.TryGetValue(key, out var e)) { name = e.Name; return true; }
        name = string.Empty;
        return false;
    }
}
