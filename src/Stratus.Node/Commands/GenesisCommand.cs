using System.CommandLine;
using Stratus.AccountsDb.Genesis;

namespace Stratus.Node.Commands;

/// <summary><c>stratus genesis hash FILE</c>.</summary>
public static class GenesisCommand
{
    public static Command Create()
    {
        var command = new Command("genesis", "Inspect genesis configs (genesis.bin).");
        command.Subcommands.Add(CreateHash());
        return command;
    }

    private static Command CreateHash()
    {
        var file = new Argument<string>("FILE") { Description = "A bincode genesis config (genesis.bin)." };
        var hash = new Command("hash", "Print the genesis hash (base58), the cluster's identity as Agave computes it.\n" +
                                       "Exit code: 0 on success, 1 when the file is not a valid genesis config, 2 for usage errors.")
        {
            file,
        };
        hash.SetAction(parse => ExecuteHash(
            parse.GetValue(file)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return hash;
    }

    public static int ExecuteHash(string path, TextWriter output, TextWriter error)
    {
        if (Directory.Exists(path))
        {
            error.WriteLine($"error: {path} is a directory, not a genesis file");
            return ExitCodes.Usage;
        }
        if (!File.Exists(path))
        {
            error.WriteLine($"error: file not found: {path}");
            return ExitCodes.Usage;
        }

        GenesisConfig config;
        try
        {
            config = GenesisConfig.Load(path);
        }
        catch (GenesisFormatException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failures;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {path}: {e.Message}");
            return ExitCodes.Usage;
        }

        output.WriteLine(config.Hash.ToString());
        if (!config.IsCanonical)
            error.WriteLine($"note: the file is not in canonical form; sha256 of its bytes is {config.FileHash}, " +
                            "the genesis hash above is of the re-serialized config (as Agave computes it)");
        return ExitCodes.Success;
    }
}
