namespace Stratus.Conformance;

/// <summary>The <see cref="CaseResult.Kind"/> values the suite reports.</summary>
public static class CaseKinds
{
    public const string ElfLoader = "elf-loader";
    public const string VmSyscall = "vm-syscall";
    public const string VmCpiSyscall = "vm-cpi-syscall";
    public const string VmInterp = "vm-interp";
    public const string VmInterpText = "vm-interp-text";
    public const string VmValidate = "vm-validate";
    public const string VmSerialization = "vm-serialization";
    public const string Instr = "instr";
    public const string Txn = "txn";
    public const string Block = "block";
    public const string TxnCost = "txn-cost";
    public const string Shred = "shred";
    public const string Gossip = "gossip";
    public const string Bundle = "bundle";
    public const string PackComputeBudget = "pack-compute-budget";
    public const string Types = "types";
    /// <summary>A transaction vector generated in LiteSVM (<c>conformance-vectors/</c>).</summary>
    public const string LiteSvmTxn = "litesvm-txn";
    /// <summary>A file that could not be recognised as any case format.</summary>
    public const string Unknown = "unknown";
}
