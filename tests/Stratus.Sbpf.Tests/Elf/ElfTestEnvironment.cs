using Stratus.Sbpf.Elf;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>A syscall that does nothing: the loader only needs the keys.</summary>
internal sealed class NoopSyscall : ISyscall
{
    public static readonly NoopSyscall Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        return null;
    }
}

/// <summary>
/// The named loader environments used by the expectation table (column <c>config</c>). The Agave ones
/// mirror create_program_runtime_environment_v1 with every syscall feature active: *_exec is the
/// execution environment (reject_broken_elfs off, sol_alloc_free_ present), *_deploy the deployment one.
/// The sbpfdefault ones are sbpf's Config::default() with no syscalls (borrowed rodata, optional labels);
/// sbpfreserved also enables the Reserved version (e_flags 0x20 then takes the strict parser) and
/// reject_broken_elfs, so every syscall is unresolved.
/// </summary>
internal static class ElfTestEnvironment
{
    public static readonly string[] ConfigNames =
        ["v0_exec", "v0_deploy", "v2_exec", "v2_deploy", "v3_exec", "v3_deploy", "v3only_exec", "sbpfdefault", "sbpfdefault_labels", "sbpfreserved"];

    private static readonly Lazy<SyscallRegistry> ExecSyscalls = new(() => AgaveSyscalls(deployment: false));
    private static readonly Lazy<SyscallRegistry> DeploySyscalls = new(() => AgaveSyscalls(deployment: true));

    public static SyscallRegistry AgaveSyscalls(bool deployment) =>
        KnownSyscalls.CreateRegistry(_ => true, deployment, _ => NoopSyscall.Instance);

    public static (ElfLoaderConfig Config, SyscallRegistry Syscalls) Get(string name) => name switch
    {
        "v0_exec" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V0, false), ExecSyscalls.Value),
        "v0_deploy" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V0, true), DeploySyscalls.Value),
        "v2_exec" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V2, false), ExecSyscalls.Value),
        "v2_deploy" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V2, true), DeploySyscalls.Value),
        "v3_exec" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, false), ExecSyscalls.Value),
        "v3_deploy" => (ElfLoaderConfig.Agave(SbpfVersion.V0, SbpfVersion.V3, true), DeploySyscalls.Value),
        "v3only_exec" => (ElfLoaderConfig.Agave(SbpfVersion.V3, SbpfVersion.V3, false), ExecSyscalls.Value),
        "sbpfdefault" => (new ElfLoaderConfig(), new SyscallRegistry()),
        "sbpfdefault_labels" => (new ElfLoaderConfig { EnableSymbolAndSectionLabels = true }, new SyscallRegistry()),
        "sbpfreserved" => (new ElfLoaderConfig { MaxVersion = SbpfVersion.Reserved, RejectBrokenElfs = true }, new SyscallRegistry()),
        _ => throw new ArgumentException($"unknown loader config '{name}'", nameof(name)),
    };

    private static readonly Dictionary<string, byte[]> FileCache = new();

    public static byte[] ReadShared(string relative)
    {
        lock (FileCache)
        {
            if (!FileCache.TryGetValue(relative, out var bytes))
            {
                bytes = File.ReadAllBytes(Stratus.TestCommon.SharedData.Require(relative));
                FileCache[relative] = bytes;
            }
            return bytes;
        }
    }
}
