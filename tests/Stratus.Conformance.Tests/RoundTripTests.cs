using Google.Protobuf;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Tests;

public class RoundTripTests
{
    public static TheoryData<string> Names => new() { "instr", "txn", "syscall", "elf", "elf-v1", "block-v2", "block-legacy", "cost", "vm-serialization", "shred", "gossip", "validate" };

    private static IMessage Build(string name) => name switch
    {
        "instr" => Builders.Instr(),
        "txn" => Builders.Txn(),
        "syscall" => Builders.Syscall(),
        "elf" => Builders.Elf([0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1], new ELFLoaderEffects { ErrCode = 0, RodataHash = 0xdeadbeefcafef00dUL, TextCnt = 4, TextOff = 0x120, EntryPc = 1, CalldestsHash = 1 }, true, 5, 6),
        "elf-v1" => new ELFLoaderFixtureV1
        {
            Metadata = Builders.Meta("sol_compat_elf_loader_v1"),
            Input = new ELFLoaderCtxV1 { Elf = new ELFBinary { Data = Builders.Bytes(64, 0x7f) }, ElfSz = 64, DeployChecks = true, Features = Builders.Features(1) },
            Output = new ELFLoaderEffectsV1 { Rodata = Builders.Bytes(24, 0), RodataSz = 24, TextCnt = 3, TextOff = 8, EntryPc = 0, Calldests = { 0, 2 }, Error = -3 },
        },
        "block-v2" => Builders.BlockV2(),
        "block-legacy" => new BlockFixture
        {
            Metadata = Builders.Meta("sol_compat_block_execute_v1"),
            Input = new BlockContext
            {
                BlockhashQueue = { Builders.Bytes(32, 1) },
                SlotCtx = new SlotContext { Slot = 12, BlockHeight = 12, PrevSlot = 11, Poh = Builders.Bytes(32, 0), ParentLthash = Builders.Bytes(2048, 1), FeeRateGovernor = new FeeRateGovernor { BurnPercent = 50 } },
                EpochCtx = new EpochContext { Features = Builders.Features(1, 2), TicksPerSlot = 64, SlotsPerYear = 78892314.98, Inflation = new Inflation { Initial = 0.08 }, VoteAccountsT1 = { new VoteAccount { VoteAccount_ = Builders.Account(4), Stake = 3 } } },
            },
            Output = new BlockEffects { HasError = true, BankHash = Builders.Bytes(32, 0), CostTracker = new CostTracker { BlockCost = 5, VoteCost = 2 } },
        },
        "cost" => new CostFixture { Metadata = Builders.Meta("sol_compat_txn_cost_v1"), Input = new CostContext { Tx = Builders.Tx(), Mode = TxnCostMode.Actual, ActualProgramsExecutionCost = 5 }, Output = new CostResult { HasCost = true, TotalCost = 9, SignatureCost = 720 } },
        "vm-serialization" => new VMSerializationFixture { Metadata = Builders.Meta("sol_compat_vm_serialize_execute_v1"), Input = Builders.InstrCtx(), Output = new VMSerializationEffects { SerializedMemoryHash = 77, VmInputMemoryRegions = { new VmInputMemoryRegion { VmAddress = 0x400000000, RegionSize = 10, IsWritable = true } }, SerializedAccountMetadata = { new SerializedAccountMetadata { OriginalDataLen = 1, VmDataAddr = 2, VmKeyAddr = 3, VmLamportsAddr = 4, VmOwnerAddr = 5 } } } },
        "shred" => new ShredParseFixture { Metadata = Builders.Meta("sol_compat_shred_parse_v1"), Input = new ShredParseContext { Shreds = { Builders.Bytes(100, 0) }, RootSlot = 4, ShredVersion = 9 }, Output = new ShredParseEffects { BlockParseResult = BlockParseResult.RejectedInvalidHeader, ShredResults = { true, false }, FecSetResults = { new FECSetParseResult { Completed = true, Slot = 5, NumDataShreds = 32 } } } },
        "gossip" => new GossipFixture { Metadata = Builders.Meta("sol_compat_gossip_decode_v1"), Input = Builders.Bytes(40, 0), Output = new GossipEffects { Valid = true, Msg = Builders.Bytes(10, 0) } },
        "validate" => new ValidateVmFixture { Metadata = Builders.Meta("sol_compat_vm_validate_v1"), Input = new FullVmContext { VmCtx = new VmContext { Rodata = Builders.Bytes(8, 0) }, Features = Builders.Features(3) }, Output = new ValidateVmEffects { Result = -2, Success = false } },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_decode_is_identity(string name)
    {
        var message = Build(name);
        var bytes = message.ToByteArray();
        var decoded = message.Descriptor.Parser.ParseFrom(bytes);
        Assert.Equal(message, decoded);
        Assert.Equal(bytes, decoded.ToByteArray());
    }

    [Fact]
    public void Absent_and_empty_sub_messages_differ()
    {
        var absent = new InstrEffects();
        var withEmpty = new TxnResult { FeeDetails = new FeeDetails() };
        Assert.Null(TxnResult.Parser.ParseFrom(new TxnResult().ToByteArray()).FeeDetails);
        Assert.NotNull(TxnResult.Parser.ParseFrom(withEmpty.ToByteArray()).FeeDetails);
        Assert.Empty(absent.ToByteArray());
    }

    [Fact]
    public void Wire_tags_match_the_field_tables()
    {
        // Spot checks on the encoded tags themselves, independent of the generated code: (field << 3) | wire type.
        Assert.Equal(new byte[] { 0xd8, 0x06, 0x05 }, new SyscallEffects { R1 = 5 }.ToByteArray());          // field 107, varint
        Assert.Equal(new byte[] { 0x60, 0x02 }, new SyscallEffects { ErrorKind = ErrKind.Syscall }.ToByteArray()); // field 12
        Assert.Equal(new byte[] { 0xc0, 0x01, 0x03 }, new VmContext { SbpfVersion = 3 }.ToByteArray());       // field 24
        Assert.Equal(new byte[] { 0x80, 0x01, 0x09 }, new VmContext { R10 = 9 }.ToByteArray());               // field 16
        Assert.Equal(new byte[] { 0x11, 1, 0, 0, 0, 0, 0, 0, 0 }, new ELFLoaderEffects { RodataHash = 1 }.ToByteArray()); // field 2, fixed64
        Assert.Equal(new byte[] { 0x0a, 0x08, 2, 0, 0, 0, 0, 0, 0, 0 }, Builders.Features(2).ToByteArray());  // packed fixed64
        Assert.Equal(new byte[] { 0x09, 7, 0, 0, 0, 0, 0, 0, 0 }, new SlotContext { Slot = 7 }.ToByteArray()); // legacy slot is fixed64
        Assert.Equal(new byte[] { 0x82, 0x01, 0x00 }, new BlockBank { Features = new FeatureSet() }.ToByteArray());   // field 16, empty message
        Assert.Equal(new byte[] { 0x28, 0x07 }, new AcctState { RentEpoch = 7 }.ToByteArray());               // historical field 5
        Assert.Equal(new byte[] { 0x28, 0x00 }, new AcctState { RentEpoch = 0 }.ToByteArray());               // explicit presence
    }
}
