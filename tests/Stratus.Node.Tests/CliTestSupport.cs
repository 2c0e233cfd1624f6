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
    /// <summary>An instruction fixture the runner skips: it lists a feature id Stratus does not know.</summary>
    public static byte[] Instr() => new InstrFixture
    {
        Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_instr_execute_v1" },
        Input = new InstrContext { ProgramId = ByteString.CopyFrom(new byte[32]), CuAvail = 1000, Features = new FeatureSet { Features = { 0x0123456789abcdefUL } } },
        Output = new InstrEffects { Result = 0, CuAvail = 900 },
    }.ToByteArray();

    /// <summary>
    /// An ELF loader fixture whose expectations are what Stratus's loader produces (the loader itself is checked
    /// against the sbpf oracle table in the conformance tests; here only the command's plumbing is under test).
    /// </summary>
    public static byte[] ElfLoader(byte[] elf, ulong textCntDelta = 0)
    {
        var outcome = Stratus.Conformance.Runners.ElfLoaderFixtureRunner.Load(elf, [], deployChecks: false);
        var effects = Stratus.Conformance.Runners.ElfLoaderFixtureRunner.Effects(outcome);
        effects.TextCnt += textCntDelta;
        return new ELFLoaderFixture
        {
            Metadata = new FixtureMetadata { FnEntrypoint = "sol_compat_elf_loader_v1" },
            Input = new ELFLoaderCtx { ElfData = ByteString.CopyFrom(elf) },
            Output = effects,
        }.ToByteArray();
    }

    public static byte[] TxnContext() => new TxnContext
    {
        Tx = new SanitizedTransaction { Message = new TransactionMessage { IsLegacy = true, AccountKeys = { ByteString.CopyFrom(new byte[32]) } } },
    }.ToByteArray();
}
