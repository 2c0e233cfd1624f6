namespace Stratus.Sbpf;

/// <summary>Registered bpf-to-bpf call targets: key (murmur3 of the pc, or of the name for V3 statics) to pc and name.</summary>
public sealed class FunctionRegistry
{
    private readonly Dictionary<uint, (string Name, ulong Pc)> _byKey = new();

    public int Count => _byKey.Count;

    public IEnumerable<KeyValuePair<uint, (string Name, ulong Pc)>> Entries => _byKey;

    /// <summary>Adds a function; false when the key is already taken by a different pc.</summary>
    public bool TryRegister(uint key, string name, ulong pc)
    {
        if (_byKey.TryGetValue(key, out var existing))
            return existing.Pc == pc;
        _byKey[key] = (name, pc);
        return true;
    }

    public bool TryGetPc(uint key, out ulong pc)
    {
        if (_byKey.TryGetValue(key, out var e)) { pc = e.Pc; return true; }
        pc = 0;
        return false;
    }

    public bool TryGet(uint key, out string name, out ulong pc)
    {
        if (_byKey.TryGetValue(key, out var e)) { name = e.Name; pc = e.Pc; return true; }
        name = string.Empty; pc = 0;
        return false;
    }

    public bool ContainsKey(uint key) => _byKey.ContainsKey(key);
}
