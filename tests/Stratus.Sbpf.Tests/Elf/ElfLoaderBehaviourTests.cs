using System.Buffers.Binary;
using Stratus.Sbpf.Elf;
using Stratus.TestCommon;

namespace Stratus.Sbpf.Tests.Elf;

/// <summary>Version selection, Agave environment derivation and robustness against malformed input.</summary>
public class ElfLoaderBehaviourTests
{
    private static ElfLoaderConfig Range(SbpfVersion min, SbpfVersion max) => new() { MinVersion = min, MaxVersion = max };

    [Theory]
    [InlineData(0u, SbpfVersion.V0)]
    [InlineData(1u, SbpfVersion.V0)]
    [InlineData(2u, SbpfVersion.V0)]
    [InlineData(3u, SbpfVersion.V0)]
    [InlineData(4u, SbpfVersion.V0)]
    [InlineData(0x21u, SbpfVersion.V0)]
    [InlineData(0xFFFF_FFFFu, SbpfVersion.V0)]
    [InlineData(0x20u, SbpfVersion.Reserved)]
    public void Only_v0_enabled_loads_any_flags_but_0x20_as_v0(uint flags, SbpfVersion expected) =>
        Assert.Equal(expected, ElfLoader.SelectVersion(flags, Range(SbpfVersion.V0, SbpfVersion.V0)));

    [Theory]
    [InlineData(0u, SbpfVersion.V0)]
    [InlineData(1u, SbpfVersion.V1)]
    [InlineData(2u, SbpfVersion.V2)]
    [InlineData(3u, SbpfVersion.V3)]
    [InlineData(4u, SbpfVersion.Reserved)]
    [InlineData(0x20u, SbpfVersion.Reserved)]
    public void Flags_map_to_versions_once_a_newer_version_is_enabled(uint flags, SbpfVersion expected) =>
        Assert.Equal(expected, ElfLoader.SelectVersion(flags, Range(SbpfVersion.V0, SbpfVersion.V1)));

    [Fact]
    public void Agave_environment_from_features()
    {
        static Func<string, bool> Active(params string[] names) => n => names.Contains(n);

        var none = ElfLoaderConfig.ForAgave(Active(), deployment: false);
        Assert.Equal((SbpfVersion.V0, SbpfVersion.V0, false, false), (none.MinVersion, none.MaxVersion, none.RejectBrokenElfs, none.OptimizeRodata));

        var v2 = ElfLoaderConfig.ForAgave(Active("enable_sbpf_v1_deployment_and_execution", "enable_sbpf_v2_deployment_and_execution"), deployment: true);
        Assert.Equal((SbpfVersion.V0, SbpfVersion.V2, true), (v2.MinVersion, v2.MaxVersion, v2.RejectBrokenElfs));

        var v3Only = ElfLoaderConfig.ForAgave(Active("disable_sbpf_v0_execution", "enable_sbpf_v3_deployment_and_execution"), deployment: false);
        Assert.Equal((SbpfVersion.V3, SbpfVersion.V3), (v3Only.MinVersion, v3Only.MaxVersion));

        var reenabled = ElfLoaderConfig.ForAgave(Active("disable_sbpf_v0_execution", "reenable_sbpf_v0_execution", "enable_sbpf_v3_deployment_and_execution"), deployment: false);
        Assert.Equal((SbpfVersion.V0, SbpfVersion.V3), (reenabled.MinVersion, reenabled.MaxVersion));
    }

    [Fact]
    public void Known_syscalls_follow_features_and_deployment()
    {
        Assert.Equal(40, KnownSyscalls.AgaveV1.Count);
        Assert.Equal(KnownSyscalls.AgaveV1.Count, KnownSyscalls.AgaveV1.Select(s => s.Key).Distinct().Count());

        var none = KnownSyscalls.Registered(_ => false, deployment: false).Select(s => s.Name).ToList();
        Assert.Contains("sol_get_fees_sysvar", none);
        Assert.Contains("sol_alloc_free_", none);
        Assert.DoesNotContain("sol_blake3", none);
        Assert.DoesNotContain("sol_get_epoch_stake", none);

        var all = KnownSyscalls.Registered(_ => true, deployment: true).Select(s => s.Name).ToList();
        Assert.DoesNotContain("sol_get_fees_sysvar", all);
        Assert.DoesNotContain("sol_alloc_free_", all);
        Assert.Contains("sol_poseidon", all);
        Assert.Contains("sol_log_data", all);

        Assert.True(KnownSyscalls.TryGetByKey(Murmur3.SyscallKey("sol_log_"), out var log));
        Assert.Equal("sol_log_", log.Name);
        Assert.Equal(0x207559bdu, log.Key); // Firedancer's syscall table lists this key for sol_log_
    }

    [Fact]
    public void Short_and_empty_inputs_fail_cleanly()
    {
        var config = new ElfLoaderConfig();
        var syscalls = new SyscallRegistry();
        for (int n = 0; n < 52; n++)
            Assert.Equal(ElfError.ValueOutOfBounds, ElfLoader.Load(new byte[n], config, syscalls).Error);
        // 52..63 bytes: e_flags is readable but the 64-byte header is not.
        var v3 = new byte[60];
        BinaryPrimitives.WriteUInt32LittleEndian(v3.AsSpan(48), 3);
        Assert.Equal(ElfError.ValueOutOfBounds, ElfLoader.Load(v3, config, syscalls).Error);
        Assert.Equal(ElfError.ValueOutOfBounds, ElfLoader.Load(new byte[60], config, syscalls).Error);
        Assert.Equal(ElfError.FailedToParse("invalid file header"), ElfLoader.Load(new byte[64], config, syscalls).Error);
    }

    /// <summary>Every prefix of real files, in every environment: an error or a load, never an exception.</summary>
    [SharedTheory("elfs")]
    [InlineData("elfs/sbpf-tests/relative_call_sbpfv0.so")]
    [InlineData("elfs/sbpf-tests/reloc_64_relative_data_sbpfv0.so")]
    [InlineData("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so")]
    [InlineData("elfs/litesvm/spl_memo-4.0.0.so")]
    public void Every_truncation_fails_cleanly(string file)
    {
        var bytes = ElfTestEnvironment.ReadShared(file);
        foreach (var name in ElfTestEnvironment.ConfigNames)
        {
            var (config, syscalls) = ElfTestEnvironment.Get(name);
            for (int n = 0; n < bytes.Length; n++)
            {
                var r = ElfLoader.Load(bytes.AsSpan(0, n).ToArray(), config, syscalls);
                if (r.IsOk)
                    Assert.True(r.Executable.Text.Length <= n && r.Executable.ReadOnlyRegion.Length <= n);
            }
        }
    }

    /// <summary>Random byte and word corruption of real files never throws and is deterministic.</summary>
    [SharedTheory("elfs")]
    [InlineData("elfs/sbpf-tests/syscall_reloc_64_32_sbpfv0.so", 1)]
    [InlineData("elfs/mithril-sbpf/noop.so", 2)]
    [InlineData("elfs/x1-tachyon/programs_bpf_loader_test_elfs_out/sbpfv3_return_ok.so", 3)]
    [InlineData("elfs/firedancer-ballet-sbpf/hello_solana_program.so", 4)]
    public void Random_corruption_fails_cleanly(string file, int seed)
    {
        var original = ElfTestEnvironment.ReadShared(file);
        var rng = new Random(seed);
        string[] configs = ["v0_exec", "v3_deploy", "sbpfdefault_labels", "v3only_exec"];
        var interesting = new ulong[] { 0, 1, 7, 8, 0xFF, 0xFFFF_FFFF, 0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, ulong.MaxValue };
        for (int i = 0; i < 1500; i++)
        {
            var bytes = (byte[])original.Clone();
            int edits = rng.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                // Aim half the edits at the headers and tables near the start or end of the file.
                int at = rng.Next(2) == 0 ? rng.Next(Math.Min(bytes.Length, 256)) : rng.Next(bytes.Length);
                if (rng.Next(3) == 0 && at + 8 <= bytes.Length)
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), interesting[rng.Next(interesting.Length)]);
                else
                    bytes[at] = (byte)rng.Next(256);
            }
            var (config, syscalls) = ElfTestEnvironment.Get(configs[i % configs.Length]);
            var copy = (byte[])bytes.Clone();
            var first = ElfLoader.Load(bytes, config, syscalls);
            Assert.Equal(copy, bytes);
            Assert.Equal(first.ToString(), ElfLoader.Load(bytes, config, syscalls).ToString());
        }
    }

    [Fact]
    public void Error_messages_match_sbpf_display()
    {
        Assert.Equal("Failed to parse ELF file: invalid file header", ElfError.FailedToParse("invalid file header").ToString());
        Assert.Equal("Symbol hash collision 0x71e3cf81", ElfError.SymbolHashCollision(0x71e3cf81).ToString());
        Assert.Equal("Relocation failed, unknown type 2", ElfError.UnknownRelocation(2).ToString());
        Assert.Equal("Detected sbpf_version required by the executable which are not enabled", ElfError.UnsupportedSbpfVersion.ToString());
        Assert.Equal("UnsupportedSBPFVersion", ElfError.UnsupportedSbpfVersion.ToRustDebugString());
        Assert.Equal("WritableSectionNotSupported(\".data\")", ElfError.WritableSectionNotSupported(".data").ToRustDebugString());
        Assert.Equal("FailedToParse(\"a\\\"b\\\\c\\n\\u{1}\")", ElfError.FailedToParse("a\"b\\c\n\u0001").ToRustDebugString());
    }
}
