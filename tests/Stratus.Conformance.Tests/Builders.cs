using Google.Protobuf;
using Stratus.Conformance.Protos;

namespace Stratus.Conformance.Tests;

/// <summary>Small, fully populated messages for round-trip and recognition tests.</summary>
internal static class Builders
{
    public static ByteString Bytes(int length, byte seed) => ByteString.CopyFrom(Enumerable.Range(0, length).Select(i => (byte)(seed + i)).ToArray());

    public static FixtureMetadata Meta(string entrypoint) => new() { FnEntrypoint = entrypoint };

    public static AcctState Account(byte seed) => new()
    {
        Address = Bytes(32, seed),
        Lamports = 1_000_000UL + seed,
        Data = Bytes(5, (byte)(seed + 100)),
        Executable = seed % 2 == 0,
        Owner = Bytes(32, (byte)(seed + 1)),
    };

    public static FeatureSet Features(params ulong[] ids)
    {
        var fs = new FeatureSet();
        fs.Features.AddRange(ids);
        return fs;
    }

    public static InstrContext InstrCtx() => new()
    {
        ProgramId = Bytes(32, 7),
        Accounts = { Account(1), Account(2) },
        InstrAccounts = { new InstrAcct { Index = 1, IsWritable = true, IsSigner = true } },
        Data = Bytes(9, 3),
        CuAvail = 200_000,
        Features = Features(0x1122334455667788UL, 42),
    };

    public static InstrFixture Instr(bool withMetadata = true) => new()
    {
        Metadata = withMetadata ? Meta("sol_compat_instr_execute_v1") : null,
        Input = InstrCtx(),
        Output = new InstrEffects { Result = 26, CustomErr = 7, ModifiedAccounts = { Account(1) }, CuAvail = 150_000, ReturnData = Bytes(3, 9) },
    };

    public static SanitizedTransaction Tx() => new()
    {
        Message = new TransactionMessage
        {
            IsLegacy = true,
            Header = new MessageHeader { NumRequiredSignatures = 1, NumReadonlyUnsignedAccounts = 1 },
            AccountKeys = { Bytes(32, 1), Bytes(32, 2) },
            RecentBlockhash = Bytes(32, 50),
            Instructions = { new CompiledInstruction { ProgramIdIndex = 1, Accounts = { 0 }, Data = Bytes(12, 0) } },
        },
        MessageHash = Bytes(32, 60),
        Signatures = { Bytes(64, 70) },
    };

    public static TxnFixture Txn(bool withMetadata = true) => new()
    {
        Metadata = withMetadata ? Meta("sol_compat_txn_execute_v1") : null,
        Input = new TxnContext
        {
            Tx = Tx(),
            AccountSharedData = { Account(1), Account(2) },
            Bank = new TxnBank
            {
                BlockhashQueue = { new BlockhashQueueEntry { Blockhash = Bytes(32, 50), LamportsPerSignature = 5000 } },
                RbhLamportsPerSignature = 5000,
                FeeRateGovernor = new FeeRateGovernor { TargetLamportsPerSignature = 10000, BurnPercent = 50 },
                TotalEpochStake = 123,
                Features = Features(1, 2, 3),
            },
        },
        Output = new TxnResult
        {
            Executed = true,
            TxnError = 9,
            InstructionError = 26,
            CustomError = 1,
            ExecutedUnits = 450,
            FeeDetails = new FeeDetails { TransactionFee = 5000, PrioritizationFee = 1 },
            LoadedAccountsDataSize = 1024,
            ModifiedAccounts = { Account(1) },
            RollbackAccounts = { Account(2) },
        },
    };

    public static SyscallFixture Syscall(string entrypoint = "sol_compat_vm_syscall_execute_v1", string? syscall = "sol_memcpy_") => new()
    {
        Metadata = Meta(entrypoint),
        Input = new SyscallContext
        {
            VmCtx = new VmContext { HeapMax = 32768, Rodata = Bytes(16, 0), R1 = 1, R2 = 2, R10 = 0x200001000, EntryPc = 0, SbpfVersion = 2, ReturnData = new ReturnData { ProgramId = Bytes(32, 3), Data = Bytes(4, 4) } },
            InstrCtx = InstrCtx(),
            SyscallInvocation = syscall == null ? null : new SyscallInvocation { FunctionName = ByteString.CopyFromUtf8(syscall), HeapPrefix = Bytes(8, 1), StackPrefix = Bytes(8, 2) },
        },
        Output = new SyscallEffects { Error = 0, ErrorKind = ErrKind.Unspecified, R0 = 0, CuAvail = 99, Heap = Bytes(32, 0), Stack = Bytes(64, 0), FrameCount = 1, Pc = 3, InputDataRegions = { new InputDataRegion { Offset = 0, Content = Bytes(8, 0), IsWritable = true } }, R1 = 11, R10 = 7 },
    };

    public static ELFLoaderFixture Elf(byte[] elf, ELFLoaderEffects output, bool deployChecks = false, params ulong[] features) => new()
    {
        Metadata = Meta("sol_compat_elf_loader_v1"),
        Input = new ELFLoaderCtx { ElfData = ByteString.CopyFrom(elf), DeployChecks = deployChecks, Features = Features(features) },
        Output = output,
    };

    public static BlockFixture BlockV2() => new()
    {
        Metadata = Meta("sol_compat_block_execute_v1"),
        Input = new BlockContext
        {
            Txns = { Tx() },
            AcctStates = { Account(1) },
            Bank = new BlockBank
            {
                BlockhashQueue = { new BlockhashQueueEntry { Blockhash = Bytes(32, 1), LamportsPerSignature = 5000 } },
                Slot = 100,
                ParentSlot = 99,
                Capitalization = 5,
                NsPerSlot = Bytes(16, 0),
                Inflation = new Inflation { Initial = 0.08, Terminal = 0.015, Taper = 0.15, Foundation = 0.05, FoundationTerm = 7 },
                BlockHeight = 90,
                Poh = Bytes(32, 2),
                ParentBankHash = Bytes(32, 3),
                ParentLtHash = Bytes(2048, 4),
                ParentSignatureCount = 3,
                Features = Features(9),
                VoteAccountsT1 = { new PrevVoteAccount { Address = Bytes(32, 5), NodePubkey = Bytes(32, 6), Stake = 10, CommissionBps = 500, EpochCredits = { new EpochCredit { Epoch = 1, Credits = 2, PrevCredits = 1 } }, Version = VoteAccountVersion.V4 } },
            },
        },
        Output = new BlockEffects { BankHash = Bytes(32, 9), SlotCapitalization = 5, CostTracker = new CostTracker { BlockCost = 1 }, LeaderSchedule = new LeaderScheduleEffects { LeadersEpoch = 1, LeaderScheduleHash = Bytes(16, 1) } },
    };
}
