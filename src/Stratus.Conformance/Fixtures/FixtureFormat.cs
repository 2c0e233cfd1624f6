using Google.Protobuf.Reflection;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Fixtures;

/// <summary>One protobuf fixture layout: its harness entrypoint, wrapper message and input (context) message.</summary>
/// <param name="Layout">Distinguishes layouts of one kind (e.g. <c>v1</c> for the historical ELF loader messages).</param>
/// <param name="ContextExtensions">File extensions harnesses use for context-only dumps of this input (a hint only).</param>
public sealed record FixtureFormat(
    string Kind,
    string Layout,
    string Entrypoint,
    MessageDescriptor FixtureType,
    MessageDescriptor? ContextType,
    string[] ContextExtensions);

/// <summary>Every protobuf fixture layout Stratus decodes, in the order structural probing prefers them.</summary>
public static class FixtureFormats
{
    public static readonly FixtureFormat ElfLoader = new(CaseKinds.ElfLoader, "current", "sol_compat_elf_loader_v1", ELFLoaderFixture.Descriptor, ELFLoaderCtx.Descriptor, [".elfctx"]);
    public static readonly FixtureFormat ElfLoaderV1 = new(CaseKinds.ElfLoader, "v1", "sol_compat_elf_loader_v1", ELFLoaderFixtureV1.Descriptor, ELFLoaderCtxV1.Descriptor, [".elfctx"]);
    public static readonly FixtureFormat VmSyscall = new(CaseKinds.VmSyscall, "current", "sol_compat_vm_syscall_execute_v1", SyscallFixture.Descriptor, SyscallContext.Descriptor, [".syscallctx", ".sysctx"]);
    public static readonly FixtureFormat VmCpiSyscall = new(CaseKinds.VmCpiSyscall, "current", "sol_compat_vm_cpi_syscall_v1", SyscallFixture.Descriptor, SyscallContext.Descriptor, []);
    public static readonly FixtureFormat VmInterp = new(CaseKinds.VmInterp, "current", "sol_compat_vm_interp_v1", SyscallFixture.Descriptor, SyscallContext.Descriptor, [".vmctx"]);
    public static readonly FixtureFormat VmValidate = new(CaseKinds.VmValidate, "current", "sol_compat_vm_validate_v1", ValidateVmFixture.Descriptor, FullVmContext.Descriptor, []);
    public static readonly FixtureFormat Instr = new(CaseKinds.Instr, "current", "sol_compat_instr_execute_v1", InstrFixture.Descriptor, InstrContext.Descriptor, [".instrctx"]);
    public static readonly FixtureFormat VmSerialization = new(CaseKinds.VmSerialization, "current", "sol_compat_vm_serialize_execute_v1", VMSerializationFixture.Descriptor, InstrContext.Descriptor, []);
    public static readonly FixtureFormat Txn = new(CaseKinds.Txn, "current", "sol_compat_txn_execute_v1", TxnFixture.Descriptor, TxnContext.Descriptor, [".txnctx"]);
    public static readonly FixtureFormat Block = new(CaseKinds.Block, "current", "sol_compat_block_execute_v1", BlockFixture.Descriptor, BlockContext.Descriptor, [".blockctx"]);
    public static readonly FixtureFormat TxnCost = new(CaseKinds.TxnCost, "current", "sol_compat_txn_cost_v1", CostFixture.Descriptor, CostContext.Descriptor, []);
    public static readonly FixtureFormat Shred = new(CaseKinds.Shred, "current", "sol_compat_shred_parse_v1", ShredParseFixture.Descriptor, ShredParseContext.Descriptor, []);
    public static readonly FixtureFormat Gossip = new(CaseKinds.Gossip, "current", "sol_compat_gossip_decode_v1", GossipFixture.Descriptor, null, []);

    /// <summary>Probing order: specific shapes first, so a fixture that could fit two schemas gets the narrower one.</summary>
    public static IReadOnlyList<FixtureFormat> All { get; } =
        [ElfLoader, ElfLoaderV1, VmSyscall, VmCpiSyscall, VmInterp, VmValidate, Instr, VmSerialization, Txn, Block, TxnCost, Shred, Gossip];

    /// <summary>Entrypoints of harnesses whose fixtures Stratus recognises but has no schema for.</summary>
    public static IReadOnlyDictionary<string, (string Kind, string Why)> Unmodelled { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["sol_compat_elf_loader_v2"] = (CaseKinds.ElfLoader, "FlatBuffers ELF loader fixture (v2); only the protobuf layouts are decoded"),
        ["sol_compat_bundle_execute_v1"] = (CaseKinds.Bundle, "bundle fixtures are Firedancer-only and not modelled"),
        ["sol_compat_pack_compute_budget_v1"] = (CaseKinds.PackComputeBudget, "pack compute-budget fixtures are not modelled"),
        ["sol_compat_type_execute_v1"] = (CaseKinds.Types, "type-codec fixtures are not modelled"),
    };

    /// <summary>The layouts registered for an entrypoint (several when a harness changed its messages over time).</summary>
    public static IReadOnlyList<FixtureFormat> ForEntrypoint(string entrypoint) => All.Where(f => f.Entrypoint == entrypoint).ToArray();
}
