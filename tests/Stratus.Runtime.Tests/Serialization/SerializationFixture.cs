using System.Text.Json;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Runtime.Serialization;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// One case of Firedancer's test_bpf_loader_serialization_fixtures.json: transaction accounts, the
/// instruction (accounts, data, program id), feature flags, and the expected input buffer, regions,
/// per-account metadata and instruction-data address.
/// </summary>
public sealed record SerializationFixture(
    string Name,
    FixtureAccount[] Accounts,
    InstructionAccount[] InstructionAccounts,
    byte[] InstructionData,
    Pubkey ProgramId,
    bool VirtualAddressSpaceAdjustments,
    bool AccountDataDirectMapping,
    bool DirectAccountPointers,
    bool MaskOutRentEpoch,
    bool IsDeprecatedLoader,
    int Result,
    byte[] Buffer,
    FixtureRegion[] Regions,
    FixtureMetadata[] Metadata,
    ulong InstructionDataOffset)
{
    public const string RelativePath = "elfs/firedancer-vm-serialization/test_bpf_loader_serialization_fixtures.json";

    /// <summary>True when the case uses a layout introduced after Agave 2.2.</summary>
    public bool IsPostAgave22 => VirtualAddressSpaceAdjustments || AccountDataDirectMapping || DirectAccountPointers;

    public InputLayout Layout => IsDeprecatedLoader ? InputLayout.Unaligned : InputLayout.Aligned;

    /// <summary>
    /// The options the case describes. The generator (Firedancer's test) runs with every feature off
    /// except remove_accounts_executable_flag_checks.
    /// </summary>
    public SerializationOptions Options => new()
    {
        MaskOutRentEpoch = MaskOutRentEpoch,
        VirtualAddressSpaceAdjustments = VirtualAddressSpaceAdjustments,
        AccountDataDirectMapping = AccountDataDirectMapping,
        DirectAccountPointersInProgramInput = DirectAccountPointers,
        RemoveAccountsExecutableFlagChecks = true,
    };

    /// <summary>Fresh transaction accounts (each call builds new, independent accounts).</summary>
    public TransactionAccount[] CreateTransactionAccounts() =>
        Accounts.Select(a => new TransactionAccount(a.Key, new Account(a.Lamports, a.Data, a.Owner, a.Executable, a.RentEpoch))).ToArray();

    public override string ToString() => Name;

    private static IReadOnlyList<SerializationFixture>? _all;

    public static IReadOnlyList<SerializationFixture> All => _all ??= Load(SharedData.Require(RelativePath));

    public static SerializationFixture Get(string name) => All.Single(f => f.Name == name);

    /// <summary>Case names for theories; a placeholder when the shared data is absent (the theory then skips).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        if (!File.Exists(SharedData.DataPath(RelativePath)))
        {
            data.Add("(fixtures missing)");
            return data;
        }
        foreach (var f in All) data.Add(f.Name);
        return data;
    }

    public static IReadOnlyList<SerializationFixture> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new List<SerializationFixture>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var input = c.GetProperty("input");
            var output = c.GetProperty("output");
            result.Add(new SerializationFixture(
                c.GetProperty("name").GetString()!,
                input.GetProperty("accounts").EnumerateArray().Select(a => new FixtureAccount(
                    Key(a.GetProperty("pubkey")),
                    a.GetProperty("lamports").GetUInt64(),
                    Bytes(a.GetProperty("data")),
                    Key(a.GetProperty("owner")),
                    a.GetProperty("executable").GetBoolean(),
                    a.GetProperty("rent_epoch").GetUInt64())).ToArray(),
                input.GetProperty("instruction_accounts").EnumerateArray().Select(a => new InstructionAccount(
                    checked((ushort)a.GetProperty("index_in_transaction").GetUInt32()),
                    a.GetProperty("is_signer").GetBoolean(),
                    a.GetProperty("is_writable").GetBoolean())).ToArray(),
                Bytes(input.GetProperty("instruction_data")),
                Key(input.GetProperty("program_id")),
                input.GetProperty("virtual_address_space_adjustments").GetBoolean(),
                input.GetProperty("account_data_direct_mapping").GetBoolean(),
                input.GetProperty("direct_account_pointers_in_program_input").GetBoolean(),
                input.GetProperty("mask_out_rent_epoch_in_vm_serialization").GetBoolean(),
                input.GetProperty("is_deprecated_loader").GetBoolean(),
                output.GetProperty("result").GetInt32(),
                Bytes(output.GetProperty("buffer")),
                output.GetProperty("regions").EnumerateArray().Select(r => new FixtureRegion(
                    r.GetProperty("vm_addr").GetUInt64(),
                    Bytes(r.GetProperty("data")),
                    r.GetProperty("is_writable").GetBoolean())).ToArray(),
                output.GetProperty("accounts_metadata").EnumerateArray().Select(m => new FixtureMetadata(
                    m.GetProperty("original_data_len").GetUInt64(),
                    m.TryGetProperty("vm_addr", out var vmAddr) ? vmAddr.GetUInt64() : null,
                    m.GetProperty("vm_key_addr").GetUInt64(),
                    m.GetProperty("vm_lamports_addr").GetUInt64(),
                    m.GetProperty("vm_owner_addr").GetUInt64(),
                    m.GetProperty("vm_data_addr").GetUInt64())).ToArray(),
                output.GetProperty("instruction_data_offset").GetUInt64()));
        }
        return result;
    }

    private static byte[] Bytes(JsonElement e) => Convert.FromBase64String(e.GetString() ?? string.Empty);

    private static Pubkey Key(JsonElement e) => new(Bytes(e));
}

public sealed record FixtureAccount(Pubkey Key, ulong Lamports, byte[] Data, Pubkey Owner, bool Executable, ulong RentEpoch);

public sealed record FixtureRegion(ulong VmAddr, byte[] Data, bool Writable);

public sealed record FixtureMetadata(ulong OriginalDataLength, ulong? VmAddr, ulong VmKeyAddr, ulong VmLamportsAddr, ulong VmOwnerAddr, ulong VmDataAddr);
