using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs.System;

/// <summary>
/// System program instructions a builtin issues through native invoke (solana-system-interface's
/// <c>create_account</c>, <c>transfer</c>, <c>allocate</c>, <c>assign</c> builders): the account metas and the
/// bincode data. The one builder for the loaders and the lookup-table program alike.
/// </summary>
public static class SystemCalls
{
    public static (NativeAccountMeta[] Metas, byte[] Data) CreateAccount(in Pubkey from, in Pubkey to, ulong lamports, ulong space, in Pubkey owner)
    {
        var data = new byte[52];
        BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)SystemInstructionKind.CreateAccount);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(12), space);
        owner.CopyTo(data.AsSpan(20));
        return ([new NativeAccountMeta(from, true, true), new NativeAccountMeta(to, true, true)], data);
    }

    public static (NativeAccountMeta[] Metas, byte[] Data) Transfer(in Pubkey from, in Pubkey to, ulong lamports)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)SystemInstructionKind.Transfer);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        return ([new NativeAccountMeta(from, true, true), new NativeAccountMeta(to, false, true)], data);
    }

    public static (NativeAccountMeta[] Metas, byte[] Data) Allocate(in Pubkey account, ulong space)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)SystemInstructionKind.Allocate);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), space);
        return ([new NativeAccountMeta(account, true, true)], data);
    }

    public static (NativeAccountMeta[] Metas, byte[] Data) Assign(in Pubkey account, in Pubkey owner)
    {
        var data = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(data, (uint)SystemInstructionKind.Assign);
        owner.CopyTo(data.AsSpan(4));
        return ([new NativeAccountMeta(account, true, true)], data);
    }
}
