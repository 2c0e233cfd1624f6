using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// A program invocation with one account of each kind that matters to the write rules, serialized in
/// a chosen mode, run (or poked) through the VM, then deserialized.
/// Instruction accounts: 0 A (owned, writable, data 1..5), 1 B (owned, writable, empty),
/// 2 C (foreign owner, writable), 3 R (owned, read-only), 4 Z (owned, writable, zeroed data),
/// 5 E (owned, writable, executable), 6 duplicate of A.
/// </summary>
internal sealed class Scenario
{
    public const int A = 0, B = 1, C = 2, R = 3, Z = 4, E = 5, DupA = 6;

    public static readonly Pubkey ProgramId = Key(0xA0);
    public static readonly Pubkey Foreign = Key(0xB0);

    public static readonly (string Name, SerializationOptions Options)[] Modes =
    [
        ("copy", new SerializationOptions { MaskOutRentEpoch = true }),
        ("2.2 direct mapping", new SerializationOptions { MaskOutRentEpoch = true, BpfAccountDataDirectMapping = true }),
        ("split copy (post-2.2)", new SerializationOptions { MaskOutRentEpoch = true, VirtualAddressSpaceAdjustments = true }),
        ("split direct (post-2.2)", new SerializationOptions { MaskOutRentEpoch = true, VirtualAddressSpaceAdjustments = true, AccountDataDirectMapping = true }),
    ];

    public static IEnumerable<(InputLayout Layout, string Name, SerializationOptions Options)> AllModes() =>
        from layout in new[] { InputLayout.Aligned, InputLayout.Unaligned }
        from mode in Modes
        select (layout, mode.Name, mode.Options);

    public Scenario(InputLayout layout, SerializationOptions options, Action<TransactionAccount[]>? adjust = null)
    {
        Layout = layout;
        Options = options;
        var loader = layout == InputLayout.Aligned ? ProgramIds.BpfLoader : ProgramIds.BpfLoaderDeprecated;
        Transaction =
        [
            new(ProgramId, new Account(1, [0x7F, 0x45, 0x4C, 0x46], loader, executable: true)),
            new(Key(1), new Account(1000, [1, 2, 3, 4, 5], ProgramId, rentEpoch: 7)),
            new(Key(2), new Account(500, [], ProgramId)),
            new(Key(3), new Account(700, [9, 9, 9], Foreign)),
            new(Key(4), new Account(300, [4, 4, 4, 4], ProgramId)),
            new(Key(5), new Account(50, new byte[16], ProgramId)),
            new(Key(6), new Account(900, [6], ProgramId, executable: true)),
        ];
        adjust?.Invoke(Transaction);
        Instruction =
        [
            new(1, true, true),
            new(2, false, true),
            new(3, false, true),
            new(4, false, false),
            new(5, false, true),
            new(6, false, true),
            new(1, true, true),
        ];
        Before = Transaction.Select(t => t.Account.Clone()).ToArray();
        var error = InputSerializer.Serialize(Invocation, options, out var input);
        Assert.Null(error);
        Input = input!;
    }

    public InputLayout Layout { get; }
    public SerializationOptions Options { get; }
    public TransactionAccount[] Transaction { get; }
    public InstructionAccount[] Instruction { get; }
    public Account[] Before { get; }
    public SerializedInput Input { get; }
    public byte[] InstructionData { get; } = [0xDE, 0xAD];
    public long ResizeDelta;

    public InstructionInvocation Invocation => new(Transaction, Instruction, InstructionData, ProgramId, Layout);

    public Account Account(int position) => Transaction[Instruction[position].IndexInTransaction].Account;

    public SerializedAccountMetadata Meta(int position) => Input.Accounts[position];

    public ulong LamportsAddr(int position) => Meta(position).VmLamportsAddr;

    public ulong DataLengthAddr(int position) => Meta(position).VmLamportsAddr + 8;

    public ulong DataAddr(int position) => Meta(position).VmDataAddr;

    public ulong OwnerAddr(int position) => Meta(position).VmOwnerAddr;

    public TestVm Vm(TestVm.Program? program = null) => new(Input, program);

    public InstructionError? Deserialize() => InputDeserializer.Deserialize(Invocation, Input, ref ResizeDelta);

    /// <summary>All account data lives in one writable buffer (no per-account regions).</summary>
    public bool IsCopy => !Options.BpfAccountDataDirectMapping && !Options.VirtualAddressSpaceAdjustments;

    public bool IsSplit => Options.VirtualAddressSpaceAdjustments;

    public static Pubkey Key(byte b)
    {
        var bytes = new byte[32];
        bytes[0] = b;
        bytes[31] = 0x5A;
        return new Pubkey(bytes);
    }
}
