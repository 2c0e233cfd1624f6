using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.LoaderV4;

namespace Stratus.Runtime.Tests;

public class LoaderV4StateTests
{
    private static readonly Pubkey Authority = Pubkey.Parse("EwCctFND1E3hqQUvVPnYF7mmBqxfe2QbwbRjyVeG1WoV");

    // solana-loader-v4-interface's layout test: slot at 0x00, authority at 0x08, status at 0x28, ELF at 0x30.
    [Fact]
    public void Layout_matches_the_interface()
    {
        var data = new byte[60];
        Assert.Null(new LoaderV4State(0x1122334455667788, Authority, LoaderV4Status.Finalized).Write(data));
        Assert.Equal(0x30, LoaderV4State.ProgramDataOffset);
        Assert.Equal(0x1122334455667788UL, BinaryPrimitives.ReadUInt64LittleEndian(data));
        Assert.Equal(Authority, Pubkey.Read(data.AsSpan(0x08)));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(0x28)));
        Assert.All(data[0x30..], b => Assert.Equal(0, b));
        Assert.Null(LoaderV4State.Read(data, out var back));
        Assert.Equal(new LoaderV4State(0x1122334455667788, Authority, LoaderV4Status.Finalized), back);
    }

    [Fact]
    public void Short_data_is_account_data_too_small()
    {
        for (var n = 0; n < LoaderV4State.ProgramDataOffset; n++)
        {
            Assert.Equal(InstructionErrorKind.AccountDataTooSmall, LoaderV4State.Read(new byte[n], out _)!.Value.Kind);
            Assert.Equal(InstructionErrorKind.AccountDataTooSmall, default(LoaderV4State).Write(new byte[n])!.Value.Kind);
        }
    }

    [Fact]
    public void An_unknown_status_reads_as_stored()
    {
        var data = new byte[48];
        data[40] = 7;
        Assert.Null(LoaderV4State.Read(data, out var state));
        Assert.Equal((LoaderV4Status)7, state.Status);
        Assert.NotEqual(LoaderV4Status.Retracted, state.Status);
    }

    [Fact]
    public void Decodes_instructions()
    {
        var write = new byte[19];
        BinaryPrimitives.WriteUInt32LittleEndian(write.AsSpan(4), 9);
        BinaryPrimitives.WriteUInt64LittleEndian(write.AsSpan(8), 3);
        write[16] = 1; write[17] = 2; write[18] = 3;
        Assert.True(LoaderV4Instruction.TryDecode(write, out var w));
        Assert.Equal(LoaderV4InstructionKind.Write, w.Kind);
        Assert.Equal(9u, w.A);
        Assert.Equal(new byte[] { 1, 2, 3 }, w.Bytes.ToArray());

        Assert.True(LoaderV4Instruction.TryDecode(LoaderV4Instruction.EncodeCopy(1, 2, 3), out var copy));
        Assert.Equal((LoaderV4InstructionKind.Copy, 1u, 2u, 3u), (copy.Kind, copy.A, copy.B, copy.C));
        Assert.True(LoaderV4Instruction.TryDecode(LoaderV4Instruction.EncodeSetProgramLength(77), out var length));
        Assert.Equal((LoaderV4InstructionKind.SetProgramLength, 77u), (length.Kind, length.A));
        foreach (var kind in new[] { LoaderV4InstructionKind.Deploy, LoaderV4InstructionKind.Retract, LoaderV4InstructionKind.TransferAuthority, LoaderV4InstructionKind.Finalize })
        {
            Assert.True(LoaderV4Instruction.TryDecode(LoaderV4Instruction.Encode(kind), out var unit));
            Assert.Equal(kind, unit.Kind);
        }
    }

    [Fact]
    public void Refuses_truncated_and_unknown_instructions()
    {
        Assert.False(LoaderV4Instruction.TryDecode(LoaderV4Instruction.Encode((LoaderV4InstructionKind)7), out _));
        foreach (var valid in new[] { LoaderV4Instruction.EncodeCopy(1, 2, 3), LoaderV4Instruction.EncodeSetProgramLength(5), LoaderV4Instruction.Encode(LoaderV4InstructionKind.Deploy) })
            for (var n = 0; n < valid.Length; n++)
                Assert.False(LoaderV4Instruction.TryDecode(valid.AsMemory(0, n), out _));
        var write = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(write.AsSpan(8), 1);
        Assert.False(LoaderV4Instruction.TryDecode(write, out _));
    }
}
