using Stratus.Core;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// Reads a program input the way a program does (the SDK entrypoint's <c>deserialize</c>), through
/// guest addresses only — an independent reading of the ABI that every layout must satisfy.
/// </summary>
internal static class ProgramInputReader
{
    public sealed record Entry(int DuplicateOf, bool IsSigner, bool IsWritable, bool Executable, Pubkey Key, Pubkey Owner,
        ulong Lamports, byte[] Data, ulong RentEpoch, ulong EntryAddress);

    public sealed record View(List<Entry> Accounts, byte[] InstructionData, Pubkey ProgramId, ulong EndAddress);

    public static View Read(TestVm vm, InputLayout layout)
    {
        ulong at = MemoryLayout.InputStart;
        ulong count = vm.ReadU64(at);
        at += 8;
        var accounts = new List<Entry>();
        for (ulong i = 0; i < count; i++)
        {
            ulong entry = at;
            byte marker = vm.Read(at, 1)[0];
            at += 1;
            if (marker != InputSerializer.NonDupMarker)
            {
                accounts.Add(accounts[marker] with { DuplicateOf = marker, EntryAddress = entry });
                if (layout == InputLayout.Aligned) at += 7;
                continue;
            }
            if (layout == InputLayout.Aligned)
            {
                var flags = vm.Read(at, 3);
                at += 3 + 4;
                var key = new Pubkey(vm.Read(at, 32));
                var owner = new Pubkey(vm.Read(at + 32, 32));
                at += 64;
                ulong lamports = vm.ReadU64(at);
                ulong length = vm.ReadU64(at + 8);
                at += 16;
                var data = vm.Read(at, (int)length);
                at += length + (ulong)Stratus.Core.Accounts.AccountLimits.MaxPermittedDataIncrease;
                at += (ulong)InputSerializer.AlignOffset(at);
                ulong rentEpoch = vm.ReadU64(at);
                at += 8;
                accounts.Add(new Entry(-1, flags[0] != 0, flags[1] != 0, flags[2] != 0, key, owner, lamports, data, rentEpoch, entry));
            }
            else
            {
                var flags = vm.Read(at, 2);
                at += 2;
                var key = new Pubkey(vm.Read(at, 32));
                at += 32;
                ulong lamports = vm.ReadU64(at);
                ulong length = vm.ReadU64(at + 8);
                at += 16;
                var data = vm.Read(at, (int)length);
                at += length;
                var owner = new Pubkey(vm.Read(at, 32));
                bool executable = vm.Read(at + 32, 1)[0] != 0;
                ulong rentEpoch = vm.ReadU64(at + 33);
                at += 41;
                accounts.Add(new Entry(-1, flags[0] != 0, flags[1] != 0, executable, key, owner, lamports, data, rentEpoch, entry));
            }
        }
        ulong dataLength = vm.ReadU64(at);
        at += 8;
        var instructionData = vm.Read(at, (int)dataLength);
        at += dataLength;
        var programId = new Pubkey(vm.Read(at, 32));
        at += 32;
        return new View(accounts, instructionData, programId, at);
    }
}
