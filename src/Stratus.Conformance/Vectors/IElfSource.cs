using System.Security.Cryptography;

namespace Stratus.Conformance.Vectors;

/// <summary>Supplies the shared ELF files vectors refer to, checking each against the sha256 the vector records.</summary>
public interface IElfSource
{
    bool TryGet(string relativePath, string sha256, out byte[] bytes, out string? error);
}

/// <summary>Reads ELFs from a <c>shared/data</c> directory; files are read and hashed once.</summary>
public sealed class DirectoryElfSource : IElfSource
{
    private readonly string _dataRoot;
    private readonly Dictionary<string, (byte[] Bytes, string Sha256)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="dataRoot">The <c>shared/data</c> directory.</param>
    public DirectoryElfSource(string dataRoot) => _dataRoot = dataRoot;

    public bool TryGet(string relativePath, string sha256, out byte[] bytes, out string? error)
    {
        bytes = [];
        // Paths come from vector files: keep them inside the data directory.
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || relativePath.Split('/', '\\').Contains(".."))
        {
            error = $"ELF path '{relativePath}' must be relative to the shared data directory";
            return false;
        }
        (byte[] Bytes, string Sha256) entry;
        lock (_lock)
        {
            if (!_cache.TryGetValue(relativePath, out entry))
            {
                var full = Path.Combine(_dataRoot, relativePath);
                if (!File.Exists(full)) { error = $"ELF {relativePath} not found under {_dataRoot}"; return false; }
                var data = File.ReadAllBytes(full);
                entry = (data, Convert.ToHexStringLower(SHA256.HashData(data)));
                _cache[relativePath] = entry;
            }
        }
        if (!string.Equals(entry.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            error = $"ELF {relativePath} has sha256 {entry.Sha256}, vector expects {sha256}";
            return false;
        }
        bytes = entry.Bytes;
        error = null;
        return true;
    }
}
