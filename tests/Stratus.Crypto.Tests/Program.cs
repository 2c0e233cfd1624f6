namespace Stratus.Crypto.Tests;

/// <summary>
/// Entry point (instead of the test SDK's empty one) so tests can run this assembly as a child process, e.g. with
/// AVX2 disabled for the whole runtime.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [LtHashAccountRootTests.ScalarChildMode] => LtHashAccountRootTests.ScalarChild(),
        _ => 0,
    };
}
