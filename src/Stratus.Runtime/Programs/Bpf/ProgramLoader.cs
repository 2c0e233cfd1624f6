using System.Collections.Concurrent;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Sbpf;
using Stratus.Sbpf.Elf;

namespace Stratus.Runtime.Programs.Bpf;

/// <summary>
/// Turns program accounts into cache entries (Agave's <c>load_program_with_pubkey</c>): loader v1/v2
/// programs hold the ELF, v3 programs point to a ProgramData account whose ELF starts at byte 45 and
/// whose slot is the deployment slot, v4 programs hold a 48-byte header (slot, authority, status) and the ELF. Verified executables are kept across transactions, keyed by
/// program, deployment slot and environment, and reused while the ELF bytes are unchanged.
/// </summary>
public sealed class ProgramLoader
{
    private readonly ConcurrentDictionary<(Pubkey Program, ulong Slot, RuntimeEnvironment Environment), (byte[] Elf, ProgramCacheEntry Entry)> _verified = new();

    public static ProgramLoader Shared { get; } = new();

    public int Count => _verified.Count;

    /// <summary>
    /// The entry for the program at <paramref name="key"/>, or null when no such account exists.
    /// <paramref name="getAccount"/> reads accounts as the bank has them before the transaction.
    /// </summary>
    public ProgramCacheEntry? Load(in Pubkey key, Func<Pubkey, IReadOnlyAccount?> getAccount, RuntimeEnvironment environment)
    {
        var program = getAccount(key);
        if (program == null) return null;
        var owner = program.Owner;
        if (owner == ProgramIds.BpfLoaderDeprecated || owner == ProgramIds.BpfLoader)
            return LoadElf(key, owner, 0, program.Data, environment);
        if (owner == ProgramIds.LoaderV4)
        {
            // A retracted (or headerless) loader-v4 program is closed; otherwise its ELF follows the 48-byte header.
            if (LoaderV4.LoaderV4State.Read(program.Data, out var v4) != null || v4.Status == LoaderV4.LoaderV4Status.Retracted)
                return ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.Closed, owner, 0);
            return LoadElf(key, owner, v4.Slot, program.Data[LoaderV4.LoaderV4State.ProgramDataOffset..], environment);
        }
        if (UpgradeableLoaderState.TryRead(program.Data, out var state) && state.Kind == UpgradeableLoaderStateKind.Program
            && getAccount(state.Address) is { } programData
            && UpgradeableLoaderState.TryRead(programData.Data, out var dataState) && dataState.Kind == UpgradeableLoaderStateKind.ProgramData)
        {
            if (programData.Data.Length < UpgradeableLoaderState.ProgramDataMetadataSize)
                return ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.FailedVerification, owner, dataState.Slot, "programdata too short");
            return LoadElf(key, owner, dataState.Slot, programData.Data[UpgradeableLoaderState.ProgramDataMetadataSize..], environment);
        }
        return ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.Closed, ProgramIds.BpfLoaderUpgradeable, 0);
    }

    private ProgramCacheEntry LoadElf(in Pubkey key, in Pubkey loader, ulong slot, ReadOnlySpan<byte> elf, RuntimeEnvironment environment)
    {
        var cacheKey = (key, slot, environment);
        if (_verified.TryGetValue(cacheKey, out var cached) && elf.SequenceEqual(cached.Elf)) return cached.Entry;
        var bytes = elf.ToArray();
        var entry = Build(loader, slot, bytes, environment);
        _verified[cacheKey] = (bytes, entry);
        return entry;
    }

    /// <summary>Loads and verifies an ELF (Agave's <c>ProgramCacheEntry::new</c>); a failure is a FailedVerification tombstone.</summary>
    public static ProgramCacheEntry Build(in Pubkey loader, ulong slot, byte[] elf, RuntimeEnvironment environment)
    {
        var result = ElfLoader.Load(elf, environment.LoaderConfig, environment.Syscalls);
        if (!result.IsOk) return ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.FailedVerification, loader, slot, result.Error.ToString());
        var verify = result.Executable.Verify(environment.VmConfig.Dialect);
        if (verify != null) return ProgramCacheEntry.Tombstone(ProgramCacheEntryKind.FailedVerification, loader, slot, verify.Message);
        return ProgramCacheEntry.Loaded(loader, slot, result.Executable);
    }
}
