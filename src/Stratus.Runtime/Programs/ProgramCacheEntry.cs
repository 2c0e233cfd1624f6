using Stratus.Core;
using Stratus.Runtime.Invoke;
using Stratus.Sbpf;

namespace Stratus.Runtime.Programs;

/// <summary>What the cache knows about a program (Agave's <c>ProgramCacheEntryType</c>).</summary>
public enum ProgramCacheEntryKind : byte
{
    /// <summary>The ELF failed to load or verify.</summary>
    FailedVerification,
    /// <summary>The program account is closed, or its state is not a deployed program.</summary>
    Closed,
    /// <summary>Deployed in the current slot: not executable until the next one.</summary>
    DelayVisibility,
    /// <summary>A verified executable.</summary>
    Loaded,
    /// <summary>A program implemented by the runtime.</summary>
    Builtin,
}

/// <summary>One program as the cache holds it (Agave's <c>ProgramCacheEntry</c>).</summary>
public sealed class ProgramCacheEntry
{
    /// <summary>Programs become visible one slot after deployment (DELAY_VISIBILITY_SLOT_OFFSET).</summary>
    public const ulong DelayVisibilitySlotOffset = 1;

    private ProgramCacheEntry(ProgramCacheEntryKind kind, Pubkey loader, ulong deploymentSlot, ulong effectiveSlot,
        Executable? executable, IBuiltinProgram? builtin, string? loadError)
    {
        Kind = kind;
        Loader = loader;
        DeploymentSlot = deploymentSlot;
        EffectiveSlot = effectiveSlot;
        Executable = executable;
        Builtin = builtin;
        LoadError = loadError;
    }

    public ProgramCacheEntryKind Kind { get; }

    /// <summary>The owner of the program account (its loader), or the native loader for builtins.</summary>
    public Pubkey Loader { get; }

    public ulong DeploymentSlot { get; }

    public ulong EffectiveSlot { get; }

    public Executable? Executable { get; }

    public IBuiltinProgram? Builtin { get; }

    /// <summary>Why loading failed (for <see cref="ProgramCacheEntryKind.FailedVerification"/>).</summary>
    public string? LoadError { get; }

    public static ProgramCacheEntry Loaded(Pubkey loader, ulong deploymentSlot, Executable executable) =>
        new(ProgramCacheEntryKind.Loaded, loader, deploymentSlot, deploymentSlot + DelayVisibilitySlotOffset, executable, null, null);

    public static ProgramCacheEntry Tombstone(ProgramCacheEntryKind kind, Pubkey loader, ulong slot, string? error = null) =>
        new(kind, loader, slot, slot, null, null, error);

    public static ProgramCacheEntry ForBuiltin(IBuiltinProgram builtin) =>
        new(ProgramCacheEntryKind.Builtin, ProgramIds.NativeLoader, 0, 0, null, builtin, null);

    /// <summary>A deployed program seen before its effective slot.</summary>
    public bool IsDelayedAt(ulong slot) => Kind != ProgramCacheEntryKind.Builtin && EffectiveSlot > slot;
}
