using Stratus.Core;
using Stratus.Runtime.Syscalls;
using Stratus.Sbpf;
using static Stratus.Runtime.Tests.Syscalls.SyscallTestVm;

namespace Stratus.Runtime.Tests.Syscalls;

/// <summary>
/// Every registered syscall with hostile register values (unmapped, unaligned, straddling region ends,
/// huge lengths) over memory full of random bytes: each call returns a result or an error, never an
/// exception.
/// </summary>
public class SyscallRobustnessTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_arguments_never_throw(bool directMapping)
    {
        var random = new Random(1234);
        var registry = RuntimeSyscalls.CreateRegistry(f => directMapping || f != "bpf_account_data_direct_mapping", deployment: false);
        var input = new byte[4096];
        random.NextBytes(input);
        var host = new FakeSyscallHost { StackHeight = 2, ReturnData = [1, 2, 3] };
        host.Sysvars[SysvarIds.Clock] = new byte[40];
        host.Trace.Add(new(2, default, [1, 2], [(default, true, false)]));
        host.Trace.Add(new(2, default, [], []));
        host.AccountsMetadata = [new Stratus.Runtime.Serialization.SerializedAccountMetadata(100, Input, Input + 8, Input + 72, Input + 40, Input + 96)];
        ulong[] pool =
        [
            0, 1, 2, 3, 16, 17, 32, 33, 64, 512, 513, 4096, 20_000, 20_001, ulong.MaxValue, ulong.MaxValue - 7, long.MaxValue,
            Input, Input + 1, Input + 8, Input + 96, Input + 4064, Input + 4095, Input + 4096, Heap, Heap + 32 * 1024 - 8, Stack, Stack + 4096,
            Program, Program + 4, 0x5_0000_0000,
        ];
        foreach (var entry in registry.Entries)
        {
            var syscall = entry.Value.Syscall;
            if (syscall is UnimplementedSyscall) continue;
            using var vm = Create([Sbpf.Memory.MemoryRegion.CreateWritable(input, Input)], budget: ulong.MaxValue, host: host);
            for (int i = 0; i < 300; i++)
            {
                ulong Pick() => random.Next(4) == 0 ? (ulong)random.NextInt64() : pool[random.Next(pool.Length)];
                var exception = Record.Exception(() => vm.Call(syscall, Pick(), Pick(), Pick(), Pick(), Pick(), out _));
                Assert.True(exception == null, $"{entry.Value.Name}: {exception}");
            }
        }
    }
}
