using System.CommandLine;
using Stratus.AccountsDb.Genesis;
using Stratus.AccountsDb.RocksDb;
using Stratus.AccountsDb.Store;
using Stratus.Core.Features;

namespace Stratus.Node.Commands;

/// <summary><c>stratus genesis hash FILE</c>, <c>stratus genesis state FILE [--db DIR] [--cluster solana|x1]</c>.</summary>
public static class GenesisCommand
{
    public static Command Create()
    {
        var command = new Command("genesis", "Inspect genesis configs (genesis.bin).");
        command.Subcommands.Add(CreateHash());
        command.Subcommands.Add(CreateState());
        return command;
    }

    private static Command CreateState()
    {
        var file = new Argument<string>("FILE") { Description = "A bincode genesis config (genesis.bin)." };
        var db = new Option<string?>("--db") { Description = "Write the state into a new account store in this directory (must not hold a store yet)." };
        var cluster = new Option<string>("--cluster") { Description = "Whose feature-gate ids the genesis feature accounts use: solana or x1.", DefaultValueFactory = _ => "solana" };
        var state = new Command("state", "Build the slot-0 account state as Agave 2.2 does (genesis accounts, builtins, precompiles, sysvars, " +
                                         "frozen; slot 0 assumed to hold ticks only, as on the real clusters) and print its account count, " +
                                         "capitalization and accounts lattice hash.\n" +
                                         "Exit code: 0 on success, 1 when the file is not a valid genesis config, 2 for usage errors.")
        {
            file,
            db,
            cluster,
        };
        state.SetAction(parse => ExecuteState(
            parse.GetValue(file)!,
            parse.GetValue(db),
            parse.GetValue(cluster)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return state;
    }

    public static int ExecuteState(string path, string? dbPath, string clusterName, TextWriter output, TextWriter error)
    {
        ClusterProfile? cluster = clusterName.ToLowerInvariant() switch
        {
            "solana" => ClusterProfile.Solana,
            "x1" => ClusterProfile.X1,
            _ => null,
        };
        if (cluster == null)
        {
            error.WriteLine($"error: unknown cluster '{clusterName}' (solana or x1)");
            return ExitCodes.Usage;
        }
        if (dbPath != null && AccountStore.Inspect(dbPath) is { } existing && existing != LoadState.Empty)
        {
            error.WriteLine($"error: {dbPath} already holds an account store ({existing}); give an empty or new directory");
            return ExitCodes.Usage;
        }
        var code = TryLoad(path, error, out var config);
        if (config == null) return code;

        GenesisState state;
        Stratus.Core.Hash? blockhash;
        try
        {
            blockhash = GenesisState.TickOnlySlotZeroBlockhash(config);
            state = GenesisState.Build(config, cluster, slotZeroBlockhash: blockhash);
        }
        catch (GenesisFormatException e)
        {
            error.WriteLine($"error: {path}: {e.Message}");
            return ExitCodes.Failures;
        }

        output.WriteLine($"genesis hash:     {config.Hash}");
        output.WriteLine($"cluster type:     {config.ClusterType}");
        output.WriteLine($"features active:  {state.FeatureSet.ActiveCount}");
        output.WriteLine($"slot-0 blockhash: {blockhash?.ToString() ?? "(no fixed hashes per tick: not registered)"}");
        output.WriteLine($"accounts:         {state.AccountCount}");
        output.WriteLine($"capitalization:   {state.Capitalization}");
        output.WriteLine($"lattice hash:     {state.ComputeLtHash()}");
        if (dbPath == null) return ExitCodes.Success;
        try
        {
            using var store = AccountStore.Open(dbPath);
            state.WriteTo(store);
            output.WriteLine($"store:            {dbPath} (root slot 0, {store.RootAccountCount} accounts, lattice hash {store.RootLtHash})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or RocksDbException or AccountStoreException)
        {
            error.WriteLine($"error: cannot write the account store at {dbPath}: {e.Message}");
            return ExitCodes.Usage;
        }
        return ExitCodes.Success;
    }

    private static int TryLoad(string path, TextWriter error, out GenesisConfig? config)
    {
        config = null;
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
        try
        {
            config = GenesisConfig.Load(path);
            return ExitCodes.Success;
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
