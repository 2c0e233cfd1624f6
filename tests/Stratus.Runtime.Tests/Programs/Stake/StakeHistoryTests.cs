using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Stake;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Stake;

public class StakeHistoryTests
{
    private const string Sysvar = "misc/firedancer-sysvars/test_sysvar_stake_history.bin";

    [SharedFact(Sysvar)]
    public void RealSysvarFindsEveryEpochItHolds()
    {
        var data = File.ReadAllBytes(SharedData.Require(Sysvar));
        Assert.True(StakeHistory.TryParse(data, out var history));
        Assert.Equal(StakeHistory.MaxEntries, history.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var epoch = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(8 + i * 32));
            if (i > 0) Assert.True(epoch < history.EpochAt(i - 1), "entries are newest first");
            Assert.True(history.TryGetEntry(epoch, out var entry));
            Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(16 + i * 32)), entry.Effective);
            Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(24 + i * 32)), entry.Activating);
            Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(32 + i * 32)), entry.Deactivating);
        }
        Assert.False(history.TryGetEntry(history.EpochAt(0) + 1, out _));
        Assert.False(history.TryGetEntry(history.EpochAt(history.Count - 1) - 1, out _));
    }

    [Fact]
    public void LengthBeyondTheDataIsUnsupportedSysvar()
    {
        var data = new byte[8 + 32];
        data[0] = 2;
        Assert.False(StakeHistory.TryParse(data, out _));
        Assert.False(StakeHistory.TryParse(new byte[7], out _));
        var sysvars = new SysvarCache();
        Assert.Equal(InstructionErrorKind.UnsupportedSysvar, StakeHistory.Get(sysvars, out _)!.Value.Kind);
        sysvars.Set(SysvarIds.StakeHistory, data);
        Assert.Equal(InstructionErrorKind.UnsupportedSysvar, StakeHistory.Get(sysvars, out _)!.Value.Kind);
        data[0] = 1;
        sysvars.Set(SysvarIds.StakeHistory, data);
        Assert.Null(StakeHistory.Get(sysvars, out var history));
        Assert.Equal(1, history.Count);
    }

    [Fact]
    public void BuiltHistoryLooksUpEachEpoch()
    {
        var history = StakeHistory.FromEntries([(5, new StakeHistoryEntry(1, 2, 3)), (3, new StakeHistoryEntry(4, 5, 6)), (0, new StakeHistoryEntry(7, 8, 9))]);
        Assert.True(history.TryGetEntry(3, out var e));
        Assert.Equal(new StakeHistoryEntry(4, 5, 6), e);
        Assert.True(history.TryGetEntry(0, out e));
        Assert.Equal(new StakeHistoryEntry(7, 8, 9), e);
        Assert.False(history.TryGetEntry(4, out _));
        Assert.False(StakeHistory.Empty.TryGetEntry(0, out _));
    }
}
