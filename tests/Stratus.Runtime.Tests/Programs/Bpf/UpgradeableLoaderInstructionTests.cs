using System.Buffers.Binary;
using Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

namespace Stratus.Runtime.Tests;

public class UpgradeableLoaderInstructionTests
{
    private static byte[] Tag(uint tag, int extra = 0)
    {
        var data = new byte[4 + extra];
        BinaryPrimitives.WriteUInt32LittleEndian(data, tag);
        return data;
    }

    private static byte[] Write(uint offset, byte[] bytes, ulong? declaredLength = null)
    {
        var data = Tag(1, 12 + bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), offset);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), declaredLength ?? (ulong)bytes.Length);
        bytes.CopyTo(data, 16);
        return data;
    }

    [Theory]
    [InlineData(0u, UpgradeableLoaderInstructionKind.InitializeBuffer)]
    [InlineData(3u, UpgradeableLoaderInstructionKind.Upgrade)]
    [InlineData(4u, UpgradeableLoaderInstructionKind.SetAuthority)]
    [InlineData(5u, UpgradeableLoaderInstructionKind.Close)]
    [InlineData(7u, UpgradeableLoaderInstructionKind.SetAuthorityChecked)]
    [InlineData(8u, UpgradeableLoaderInstructionKind.Migrate)]
    public void Decodes_unit_variants(uint tag, UpgradeableLoaderInstructionKind kind)
    {
        Assert.True(UpgradeableLoaderInstruction.TryDecode(Tag(tag), out var ix));
        Assert.Equal(kind, ix.Kind);
        // bincode ignores what follows the value.
        Assert.True(UpgradeableLoaderInstruction.TryDecode(Tag(tag, 9), out ix));
        Assert.Equal(kind, ix.Kind);
    }

    [Fact]
    public void Decodes_fields()
    {
        Assert.True(UpgradeableLoaderInstruction.TryDecode(Write(7, [1, 2, 3]), out var write));
        Assert.Equal(UpgradeableLoaderInstructionKind.Write, write.Kind);
        Assert.Equal(7u, write.Offset);
        Assert.Equal(new byte[] { 1, 2, 3 }, write.Bytes.ToArray());

        var deploy = Tag(2, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(deploy.AsSpan(4), 123_456);
        Assert.True(UpgradeableLoaderInstruction.TryDecode(deploy, out var d));
        Assert.Equal(123_456UL, d.Value);

        var extend = Tag(6, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(extend.AsSpan(4), 1024);
        Assert.True(UpgradeableLoaderInstruction.TryDecode(extend, out var e));
        Assert.Equal(UpgradeableLoaderInstructionKind.ExtendProgram, e.Kind);
        Assert.Equal(1024UL, e.Value);
    }

    [Fact]
    public void Refuses_unknown_tags_and_every_truncation()
    {
        // ExtendProgramChecked (9) is not in loader-v3-interface 3.0.0.
        Assert.False(UpgradeableLoaderInstruction.TryDecode(Tag(9), out _));
        Assert.False(UpgradeableLoaderInstruction.TryDecode(Tag(uint.MaxValue), out _));
        var deploy = Tag(2, 8);
        var extend = Tag(6, 4);
        foreach (var valid in new[] { Write(1, [5, 6, 7, 8]), deploy, extend, Tag(0) })
            for (var n = 0; n < valid.Length; n++)
                Assert.False(UpgradeableLoaderInstruction.TryDecode(valid.AsMemory(0, n), out _), $"tag {valid[0]} cut to {n}");
    }

    [Fact]
    public void Write_length_is_bounded_by_the_data_and_the_packet_limit()
    {
        Assert.False(UpgradeableLoaderInstruction.TryDecode(Write(0, [1, 2], declaredLength: 3), out _));
        Assert.False(UpgradeableLoaderInstruction.TryDecode(Write(0, [1, 2], declaredLength: ulong.MaxValue), out _));
        // 16 header bytes + 1216 = 1232 is the most bincode reads under the packet limit.
        Assert.True(UpgradeableLoaderInstruction.TryDecode(Write(0, new byte[1216]), out _));
        Assert.False(UpgradeableLoaderInstruction.TryDecode(Write(0, new byte[1217]), out _));
    }
}
