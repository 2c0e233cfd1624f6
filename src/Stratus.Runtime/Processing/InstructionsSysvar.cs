using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Processing;

/// <summary>
/// The instructions sysvar's data, built per transaction (solana-instructions-sysvar 2.2): u16 count, a u16
/// offset per instruction, then per instruction u16 account count, (flags, key) per account, program id,
/// u16 data length and data; finally two bytes for the executing instruction's index.
/// </summary>
public static class InstructionsSysvar
{
    public static byte[] Build(Message message, AccountKeys keys, ReadOnlySpan<bool> writable)
    {
        var n = message.InstructionCount;
        var size = 2 + 2 * n + 2;
        for (var i = 0; i < n; i++)
        {
            var ix = message.GetInstruction(i);
            size += 2 + ix.Accounts.Length * 33 + 32 + 2 + ix.Data.Length;
        }
        var data = new byte[size];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)n);
        var pos = 2 + 2 * n;
        for (var i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2 + 2 * i), (ushort)pos);
            var ix = message.GetInstruction(i);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(pos), (ushort)ix.Accounts.Length);
            pos += 2;
            foreach (var index in ix.Accounts)
            {
                byte flags = 0;
                if (message.IsSigner(index)) flags |= 1;
                if (writable[index]) flags |= 2;
                data[pos++] = flags;
                keys[index].CopyTo(data.AsSpan(pos));
                pos += 32;
            }
            keys[ix.ProgramIdIndex].CopyTo(data.AsSpan(pos));
            pos += 32;
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(pos), (ushort)ix.Data.Length);
            pos += 2;
            ix.Data.CopyTo(data.AsSpan(pos));
            pos += ix.Data.Length;
        }
        return data;
    }
}
