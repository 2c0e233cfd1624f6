using Xunit;

namespace Stratus.TestCommon;

/// <summary>
/// Locates the shared real-data directory (<c>../shared</c> beside the clone, or <c>STRATUS_SHARED</c>).
/// Tests that need it fail under <c>CI=true</c> when it is missing and skip with a message otherwise.
/// </summary>
public static class SharedData
{
    public static readonly bool IsCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>shared</c> directory, or null when it cannot be found.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>Absolute path of a file or directory under <c>shared/data</c>.</summary>
    public static string DataPath(string relative) => Path.Combine(Root ?? "../shared", "data", relative);

    /// <summary>Absolute path of a file under <c>shared/docs</c>.</summary>
    public static string DocsPath(string relative) => Path.Combine(Root ?? "../shared", "docs", relative);

    /// <summary>Null when the data path exists; otherwise the reason a test should skip (never under CI).</summary>
    public static string? SkipReason(string relative)
    {
        var path = DataPath(relative);
        if (File.Exists(path) || Directory.Exists(path)) return null;
        if (IsCi) return null; // under CI the test runs and fails on the missing file
        return $"shared data '{relative}' not found (set STRATUS_SHARED or place ../shared beside the clone)";
    }

    /// <summary>Returns the data path, failing loudly (under CI or not) when it does not exist.</summary>
    public static string Require(string relative)
    {
        var path = DataPath(relative);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new FileNotFoundException($"required shared data is missing: {path} (CI={IsCi})", path);
        return path;
    }

    /// <summary>The repository root (directory holding Stratus.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("STRATUS_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "data")) && Directory.Exists(Path.Combine(candidate, "docs")))
                return candidate;
            dir = dir.Parent;
        }
        return null;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stratus.sln"))) return dir.FullName;
            dir = dir.Parent;
        }
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>A fact that needs files under <c>shared/data</c>: skipped with a message when absent outside CI.</summary>
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute(params string[] paths)
    {
        foreach (var p in paths)
        {
            var reason = SharedData.SkipReason(p);
            if (reason != null) { Skip = reason; break; }
        }
    }
}

/// <summary>A theory that needs files under <c>shared/data</c>: skipped with a message when absent outside CI.</summary>
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute(params string[] paths)
    {
        foreach (var p in paths)
        {
            var reason = SharedData.SkipReason(p);
            if (reason != null) { Skip = reason; break; }
        }
    }
}
