using System.Buffers.Binary;
using Stratus.Core;

namespace Stratus.Runtime.Programs.Bpf.UpgradeableInstructions;

/// <summary>The System instructions the loaders invoke, bincode-encoded as solana-system-interface builds them.</summary>
internal static class SystemInstructions
{
    /// <summary>CreateAccount {lamports, space, owner}: tag 0.</summary>
    public static byte[] CreateAccount(ulong lamports, ulong space, in Pubkey owner)
    {
        var data = new byte[52];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(12), space);
        owner.CopyTo(data.AsSpan(20));
        return data;
    }

    /// <summary>Transfer {lamports}: tag 2.</summary>
    public static byte[] Transfer(ulong lamports)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(data, 2);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        return data;
    }
}
