using System.Text;

namespace Stratus.Sbpf.Elf;

/// <summary>
/// The function registry as the loader builds it (sbpf's <c>FunctionRegistry&lt;usize&gt;</c>): keys may be
/// removed again (the entrypoint is re-registered last), and names are kept as raw bytes until the end.
/// </summary>
internal sealed class LoaderFunctionRegistry
{
    private static readonly byte[] EntrypointName = "entrypoint"u8.ToArray();
    public static readonly uint EntrypointKey = Murmur3.Hash32(EntrypointName);

    private readonly Dictionary<uint, (byte[] Name, ulong Pc)> _map = new();

    public int Count => _map.Count;

    public ElfError? Register(uint key, byte[] name, ulong pc)
    {
        if (_map.TryGetValue(key, out var existing))
            return existing.Pc != pc ? ElfError.SymbolHashCollision(key) : null;
        _map[key] = (name, pc);
        return null;
    }

    public void Unregister(uint key) => _map.Remove(key);

    public bool ContainsKey(uint key) => _map.ContainsKey(key);

    /// <summary>
    /// sbpf's <c>register_function_hashed_legacy</c>: with <paramref name="hashSymbolName"/> the key is
    /// murmur3 of "entrypoint" for the entrypoint and of the pc (8 bytes LE) otherwise, and must not be
    /// a syscall's key; without it the key is the pc itself. Names are kept only with labels enabled,
    /// except "entrypoint" which is always kept.
    /// </summary>
    public ElfError? RegisterHashedLegacy(SyscallRegistry syscalls, ElfLoaderConfig config, bool hashSymbolName, ReadOnlySpan<byte> name, ulong pc, out uint key)
    {
        bool isEntrypoint = name.SequenceEqual(EntrypointName);
        if (hashSymbolName)
        {
            key = isEntrypoint ? EntrypointKey : Murmur3.FunctionKey(pc);
            if (syscalls.Contains(key)) return ElfError.SymbolHashCollision(key);
        }
        else
        {
            key = (uint)pc;
        }
        return Register(key, config.EnableSymbolAndSectionLabels || isEntrypoint ? name.ToArray() : [], pc);
    }

    public FunctionRegistry ToFunctionRegistry()
    {
        var result = new FunctionRegistry();
        foreach (var (key, (name, pc)) in _map)
            result.TryRegister(key, Encoding.UTF8.GetString(name), pc);
        return result;
    }
}
