using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Serialization;
using Stratus.Runtime.Syscalls.Cpi;
using Stratus.Runtime.Sysvars;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// The CPI syscalls inside a real invoke context with hostile registers and guest memory that is random
/// or a mutated but well-formed instruction: every call returns a result or an error, never an exception.
/// </summary>
public class CpiRobustnessTests
{
    private static readonly Pubkey ProgramId = new(Enumerable.Repeat((byte)5, 32).ToArray());
    private static readonly Pubkey Other = new(Enumerable.Repeat((byte)6, 32).ToArray());

    [Theory]
    [InlineData(CpiAbi.C)]
    [InlineData(CpiAbi.Rust)]
    public void Hostile_arguments_never_throw(CpiAbi abi)
    {
        var random = new Random(77);
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.BpfAccountDataDirectMapping);
        var syscall = new SolInvokeSigned(abi);
        for (var round = 0; round < 40; round++)
        {
            var accounts = new[]
            {
                new TransactionAccount(ProgramId, new Account(1, [1, 2, 3], ProgramIds.BpfLoader, executable: true)),
                new TransactionAccount(Other, new Account(1_000, new byte[16], ProgramId, executable: false)),
                new TransactionAccount(ProgramIds.System, new Account(1, [], ProgramIds.NativeLoader, executable: true)),
            };
            var tx = new TransactionContext(accounts, Rent.Default);
            var cache = new ProgramCacheForTxBatch(1, RuntimeEnvironment.Create(features));
            Builtins.Register(cache, features);
            var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, features, new SysvarCache()), new LogCollector(), 1_400_000, 32 * 1024);
            tx.NextInstructionContext.Configure([0], [new InstructionAccount(1, true, true), new InstructionAccount(2, false, false)], Array.Empty<byte>());
            Assert.Null(ctx.Push());
            ctx.SetSyscallContext(new SyscallContext(32 * 1024,
                [new SerializedAccountMetadata(16, Input, Input + 8, Input + 72, Input + 40, Input + 96), new SerializedAccountMetadata(0, Input, Input, Input, Input, Input)]));

            var input = new byte[4096];
            random.NextBytes(input);
            if (round % 2 == 0) WriteInstruction(input, abi, random);
            ulong[] pool = [0, 1, 8, 16, 255, 256, ulong.MaxValue, Input, Input + 1, Input + 512, Input + 1024, Input + 2048, Input + 4088, Input + 4096, Heap, Stack];
            using var vm = Create([Sbpf.Memory.MemoryRegion.CreateWritable(input, Input)], budget: 10_000_000, host: ctx);
            for (var i = 0; i < 50; i++)
            {
                ulong Pick() => random.Next(4) == 0 ? (ulong)random.NextInt64() : pool[random.Next(pool.Length)];
                var (ix, infos, infosLen, seeds, seedsLen) = round % 2 == 0
                    ? (Input + 512, Input + 1024, (ulong)random.Next(0, 4), Input + 2048, (ulong)random.Next(0, 3))
                    : (Pick(), Pick(), Pick(), Pick(), Pick());
                var exception = Record.Exception(() => vm.Call(syscall, ix, infos, infosLen, seeds, seedsLen, out _));
                Assert.True(exception == null, $"{abi} round {round}: {exception}");
                // Mutate a byte of the structures between calls.
                input[random.Next(512, 4096)] = (byte)random.Next(256);
            }
        }
    }

    // An instruction at +512 (program id = System, one meta for Other), account infos at +1024, seeds at +2048.
    private static void WriteInstruction(byte[] input, CpiAbi abi, Random random)
    {
        var span = input.AsSpan();
        ProgramIds.System.AsSpan().CopyTo(span[300..]);
        Other.AsSpan().CopyTo(span[340..]);
        if (abi == CpiAbi.Rust)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[512..], Input + 600);
            BinaryPrimitives.WriteUInt64LittleEndian(span[528..], 1);
            BinaryPrimitives.WriteUInt64LittleEndian(span[536..], Input + 700);
            BinaryPrimitives.WriteUInt64LittleEndian(span[552..], (ulong)random.Next(0, 16));
            ProgramIds.System.AsSpan().CopyTo(span[560..]);
            Other.AsSpan().CopyTo(span[600..]);
            span[632] = 0;
            span[633] = 1;
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(span[512..], Input + 300);
            BinaryPrimitives.WriteUInt64LittleEndian(span[520..], Input + 600);
            BinaryPrimitives.WriteUInt64LittleEndian(span[528..], 1);
            BinaryPrimitives.WriteUInt64LittleEndian(span[536..], Input + 700);
            BinaryPrimitives.WriteUInt64LittleEndian(span[544..], (ulong)random.Next(0, 16));
            BinaryPrimitives.WriteUInt64LittleEndian(span[600..], Input + 340);
            span[608] = 1;
            span[609] = 0;
        }
        // Account infos point into the input (key, lamports/data cells, owner) at plausible places.
        for (var i = 0; i < 4; i++)
        {
            var info = span[(1024 + i * 56)..];
            BinaryPrimitives.WriteUInt64LittleEndian(info, Input + 340);
            BinaryPrimitives.WriteUInt64LittleEndian(info[8..], Input + 72);
            BinaryPrimitives.WriteUInt64LittleEndian(info[16..], abi == CpiAbi.C ? 16UL : Input + 1400);
            BinaryPrimitives.WriteUInt64LittleEndian(info[24..], Input + 96);
            BinaryPrimitives.WriteUInt64LittleEndian(info[32..], Input + 40);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(span[(1400 + 24)..], Input + 96);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(1400 + 32)..], 16);
        BinaryPrimitives.WriteUInt64LittleEndian(span[2048..], Input + 2100);
        BinaryPrimitives.WriteUInt64LittleEndian(span[2056..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(span[2100..], Input + 2200);
        BinaryPrimitives.WriteUInt64LittleEndian(span[2108..], (ulong)random.Next(0, 40));
    }
}
