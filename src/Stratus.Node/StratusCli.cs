using System.CommandLine;
using Stratus.Node.Commands;

namespace Stratus.Node;

/// <summary>The <c>stratus</c> command tree. Each top-level command lives in its own file under Commands/.</summary>
public static class StratusCli
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("Stratus: a verification node for X1 (a Solana fork).");
        root.Subcommands.Add(ConformanceCommand.Create());
        root.Subcommands.Add(GenesisCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; usage errors print the problem and exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) error.WriteLine(e.Message);
            error.WriteLine("Run 'stratus --help' (or add --help to the command) for usage.");
            return ExitCodes.Usage;
        }
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
