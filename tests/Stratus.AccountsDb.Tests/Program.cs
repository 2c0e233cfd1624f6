using Stratus.AccountsDb.Tests.Loading;

namespace Stratus.AccountsDb.Tests;

/// <summary>
/// Entry point (instead of the test SDK's empty one) so tests can run this assembly as a child process, e.g. a
/// snapshot load that the parent kills with SIGKILL.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        ["load-child", var db, var archive] => KillDuringLoadTests.ChildLoad(db, archive, int.MaxValue),
        ["load-child", var db, var archive, var blobThreshold] => KillDuringLoadTests.ChildLoad(db, archive, int.Parse(blobThreshold)),
        _ => 0,
    };
}
