namespace Stratus.Runtime.Serialization;

/// <summary>
/// Feature switches that change the program input. The first three are Agave 2.2 features (X1 runs
/// Agave 2.2); the last three describe layouts introduced after Agave 2.2 (Agave 3.x/4.x, as
/// Firedancer implements them) and are kept so newer fixtures can be checked. Combining
/// <see cref="BpfAccountDataDirectMapping"/> with a newer layout is rejected.
/// </summary>
public readonly record struct SerializationOptions
{
    /// <summary><c>mask_out_rent_epoch_in_vm_serialization</c> (SIMD-0267): every rent epoch reads as u64::MAX.</summary>
    public bool MaskOutRentEpoch { get; init; }

    /// <summary>
    /// Agave 2.2 <c>bpf_account_data_direct_mapping</c>: account data is mapped as its own region
    /// instead of copied, and the realloc area becomes a separate region. Not active on X1.
    /// </summary>
    public bool BpfAccountDataDirectMapping { get; init; }

    /// <summary><c>remove_accounts_executable_flag_checks</c>: the executable flag no longer blocks writes.</summary>
    public bool RemoveAccountsExecutableFlagChecks { get; init; }

    /// <summary>
    /// Newer than Agave 2.2 (SIMD-0219, first named <c>stricter_abi_and_runtime_constraints</c>):
    /// metadata and each account's data get separate regions, each data region reserving address space
    /// for its realloc area.
    /// </summary>
    public bool VirtualAddressSpaceAdjustments { get; init; }

    /// <summary>
    /// Newer than Agave 2.2 (<c>account_data_direct_mapping</c>, only with
    /// <see cref="VirtualAddressSpaceAdjustments"/>; otherwise it has no effect, as in Firedancer):
    /// data regions map the accounts' own buffers and the input buffer holds no account data.
    /// </summary>
    public bool AccountDataDirectMapping { get; init; }

    /// <summary>
    /// Newer than Agave 2.2 (SIMD-0449 <c>direct_account_pointers_in_program_input</c>, aligned layout
    /// only): after the program id, padding to 8 bytes and one u64 per instruction account holding the
    /// address of its entry.
    /// </summary>
    public bool DirectAccountPointersInProgramInput { get; init; }

    /// <summary>True when any post-2.2 layout switch is on.</summary>
    public bool UsesPostAgave22Layout => VirtualAddressSpaceAdjustments || AccountDataDirectMapping || DirectAccountPointersInProgramInput;

    internal AccountDataMode DataMode =>
        VirtualAddressSpaceAdjustments
            ? AccountDataDirectMapping ? AccountDataMode.SplitDirect : AccountDataMode.SplitCopy
            : BpfAccountDataDirectMapping ? AccountDataMode.Direct22 : AccountDataMode.Copy;

    internal void Validate()
    {
        if (BpfAccountDataDirectMapping && UsesPostAgave22Layout)
            throw new ArgumentException("Agave 2.2 direct mapping cannot be combined with a post-2.2 input layout");
    }
}

/// <summary>How account data reaches the VM.</summary>
internal enum AccountDataMode : byte
{
    /// <summary>Copied into one contiguous writable buffer (Agave 2.2 default).</summary>
    Copy,

    /// <summary>Agave 2.2 direct mapping: data mapped in place, realloc area its own buffer region.</summary>
    Direct22,

    /// <summary>Post-2.2 split regions with data copied into the buffer.</summary>
    SplitCopy,

    /// <summary>Post-2.2 split regions with data mapped in place.</summary>
    SplitDirect,
}
