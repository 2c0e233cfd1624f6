using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Stake;
using static Stratus.Runtime.Tests.Stake.StakeTestBench;

namespace Stratus.Runtime.Tests.Stake;

/// <summary>
/// Which check fails first for short or bogus inputs, ported from Agave 2.2's
/// stake_instruction.rs <c>test_stake_process_instruction_decode_bail</c> and
/// <c>test_stake_process_instruction_error_ordering</c>.
/// </summary>
public class StakeDispatchOrderTests
{
    private static readonly Pubkey StakeKey = Key(1);
    private static readonly Pubkey VoteKey = Key(2);
    private static readonly Pubkey ConfigKey = Key(3);

    private static (Pubkey, bool, bool) W(Pubkey k, bool signer = false) => (k, signer, true);
    private static (Pubkey, bool, bool) R(Pubkey k) => (k, false, false);

    /// <summary>The tests' <c>create_default_stake_account</c>: no lamports, no data, owned by the stake program.</summary>
    private static StakeTestBench Bench()
    {
        var bench = new StakeTestBench();
        bench.Set(StakeKey, new Account(0, [], ProgramIds.Stake));
        bench.Set(VoteKey, new Account(0, [], ProgramIds.Vote));
        return bench;
    }

    private static byte[] Initialize => Ix(StakeInstructionKind.Initialize, w =>
    {
        w.WritePubkey(default);
        w.WritePubkey(default);
        w.WriteI64(0);
        w.WriteU64(0);
        w.WritePubkey(default);
    });

    private static byte[] Withdraw => Ix(StakeInstructionKind.Withdraw, w => w.WriteU64(Reserve + Sol));

    public static TheoryData<string, InstructionErrorKind> Cases() => new()
    {
        { "initialize without accounts", InstructionErrorKind.NotEnoughAccountKeys },
        { "initialize without rent", InstructionErrorKind.NotEnoughAccountKeys },
        { "initialize of undecodable state", InstructionErrorKind.InvalidAccountData },
        { "delegate with one account", InstructionErrorKind.NotEnoughAccountKeys },
        { "delegate of undecodable state", InstructionErrorKind.InvalidAccountData },
        { "withdraw with rewards for clock", InstructionErrorKind.InvalidArgument },
        { "withdraw with one account", InstructionErrorKind.NotEnoughAccountKeys },
        { "deactivate with rewards for clock", InstructionErrorKind.InvalidArgument },
        { "deactivate without accounts", InstructionErrorKind.NotEnoughAccountKeys },
        { "deactivate delinquent without accounts", InstructionErrorKind.NotEnoughAccountKeys },
        { "deactivate delinquent with one account", InstructionErrorKind.NotEnoughAccountKeys },
        { "deactivate delinquent with two accounts", InstructionErrorKind.NotEnoughAccountKeys },
        { "bogus data, good accounts", InstructionErrorKind.InvalidInstructionData },
        { "bogus data, no accounts", InstructionErrorKind.InvalidInstructionData },
        { "good data, no accounts", InstructionErrorKind.NotEnoughAccountKeys },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FirstFailingCheckDecides(string scenario, InstructionErrorKind expected)
    {
        var bench = Bench();
        // bincode of usize::MAX: a tag no StakeInstruction has.
        var bogus = BitConverter.GetBytes(ulong.MaxValue);
        InstructionError? error = scenario switch
        {
            "initialize without accounts" => bench.Run(Initialize),
            "initialize without rent" => bench.Run(Initialize, W(StakeKey)),
            "initialize of undecodable state" => bench.Run(Initialize, W(StakeKey), R(SysvarIds.Rent)),
            "delegate with one account" => bench.Run(Ix(StakeInstructionKind.DelegateStake), W(StakeKey)),
            "delegate of undecodable state" => bench.Run(Ix(StakeInstructionKind.DelegateStake),
                W(StakeKey, true), R(VoteKey), R(SysvarIds.Clock), R(SysvarIds.StakeHistory), R(ConfigKey)),
            "withdraw with rewards for clock" => bench.Run(Withdraw, W(StakeKey), R(VoteKey), R(SysvarIds.Rewards), R(SysvarIds.StakeHistory)),
            "withdraw with one account" => bench.Run(Withdraw, W(StakeKey)),
            "deactivate with rewards for clock" => bench.Run(Ix(StakeInstructionKind.Deactivate), W(StakeKey), R(SysvarIds.Rewards)),
            "deactivate without accounts" => bench.Run(Ix(StakeInstructionKind.Deactivate)),
            "deactivate delinquent without accounts" => bench.Run(Ix(StakeInstructionKind.DeactivateDelinquent)),
            "deactivate delinquent with one account" => bench.Run(Ix(StakeInstructionKind.DeactivateDelinquent), W(StakeKey)),
            "deactivate delinquent with two accounts" => bench.Run(Ix(StakeInstructionKind.DeactivateDelinquent), W(StakeKey), R(VoteKey)),
            "bogus data, good accounts" => bench.Run(bogus, W(StakeKey), R(SysvarIds.Rent)),
            "bogus data, no accounts" => bench.Run(bogus),
            "good data, no accounts" => bench.Run(Initialize),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };
        Assert.Equal(expected, Assert.NotNull(error).Kind);
        Assert.Equal(StakeProgram.ComputeUnits, bench.ComputeUnits);
    }

    [Fact]
    public void GoodInitializeSucceeds()
    {
        var bench = new StakeTestBench();
        bench.Set(StakeKey, new Account(Reserve, new byte[StakeState.Size], ProgramIds.Stake));
        var data = Ix(StakeInstructionKind.Initialize, w =>
        {
            w.WritePubkey(StakeKey);
            w.WritePubkey(StakeKey);
            w.WriteI64(0);
            w.WriteU64(0);
            w.WritePubkey(default);
        });
        Assert.Null(bench.Run(data, W(StakeKey), R(SysvarIds.Rent)));
        var state = bench.StateOf(StakeKey);
        Assert.Equal(StakeStateKind.Initialized, state.Kind);
        Assert.Equal(Reserve, state.Meta.RentExemptReserve);
    }
}
