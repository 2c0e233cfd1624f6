using Google.Protobuf;
using Stratus.Conformance.Protos;

namespace Stratus.Node.Tests;

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public string LastLine => Lines.Length == 0 ? string.Empty : Lines[^1];
}

internal static class Cli
{
    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = StratusCli.Run(args, output, error);
        return new CliRun(code, output.ToString().Replace("\r", ""), error.ToString());
    }
}

/// <summary>A temporary directory removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stratus-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, byte[] bytes)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

internal static class Fixtures
{
    public static byte[] Instr() => new InstrFixture
    {
        Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_instr_execute_v1" },
        Input = new InstrContext { ProgramId = ByteString.CopyFrom(new byte[32]), CuAvail = 1000 },
        Output = new InstrEffects { Result = 0, CuAvail = 900 },
    }.ToByteArray();

    public static byte[] TxnContext() => new TxnContext
    {
        Tx = new SanitizedTransaction { Message = new TransactionMessage { IsLegacy = true, AccountKeys = { ByteString.CopyFrom(new byte[32]) } } },
    }.ToByteArray();
}
