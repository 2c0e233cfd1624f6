using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Programs.LoaderV4;
using Stratus.Runtime.Sysvars;
using Stratus.TestCommon;
using static Stratus.Runtime.Tests.LoaderBank;

namespace Stratus.Runtime.Tests;

/// <summary>
/// Random instruction data and account lists thrown at both loaders over real program, ProgramData, buffer and
/// loader-v4 accounts: every transaction is processed to a result (no exception, no unsupported path), and the
/// lamport total of the bank never changes except by fees.
/// </summary>
public class LoaderRobustnessTests
{
    private const string Memo = "elfs/litesvm/spl_memo-4.0.0.so";

    [SharedFact(Memo)]
    public void Random_instructions_never_throw()
    {
        var elf = File.ReadAllBytes(SharedData.Require(Memo));
        var bank = new LoaderBank();
        var program = new Pubkey(Enumerable.Repeat((byte)51, 32).ToArray());
        Assert.True(Stratus.Runtime.Syscalls.ProgramAddress.TryFind([program.ToArray()], ProgramIds.BpfLoaderUpgradeable, out var programData, out _));
        var buffer = new Pubkey(Enumerable.Repeat((byte)52, 32).ToArray());
        var v4 = new Pubkey(Enumerable.Repeat((byte)53, 32).ToArray());
        var empty = new Pubkey(Enumerable.Repeat((byte)54, 32).ToArray());

        var programDataBytes = new byte[45 + elf.Length];
        UpgradeableLoaderState.ProgramData(3, Authority).TryWrite(programDataBytes);
        elf.CopyTo(programDataBytes, 45);
        var bufferBytes = new byte[37 + elf.Length];
        UpgradeableLoaderState.Buffer(Authority).TryWrite(bufferBytes);
        elf.CopyTo(bufferBytes, 37);
        var v4Bytes = new byte[48 + elf.Length];
        new LoaderV4State(3, Authority, LoaderV4Status.Deployed).Write(v4Bytes);
        elf.CopyTo(v4Bytes, 48);
        var initial = new Dictionary<Pubkey, Core.Accounts.Account>
        {
            [program] = new(Rent.Default.MinimumBalance(36), UpgradeableLoaderState.Program(programData).Serialize(), ProgramIds.BpfLoaderUpgradeable, true, 0),
            [programData] = new(Rent.Default.MinimumBalance((ulong)programDataBytes.Length), programDataBytes, ProgramIds.BpfLoaderUpgradeable, false, 0),
            [buffer] = new(Rent.Default.MinimumBalance((ulong)bufferBytes.Length), bufferBytes, ProgramIds.BpfLoaderUpgradeable, false, 0),
            [v4] = new(Rent.Default.MinimumBalance((ulong)v4Bytes.Length), v4Bytes, ProgramIds.LoaderV4, true, 0),
        };
        Pubkey[] pool = [program, programData, buffer, v4, empty, Payer, Authority, ProgramIds.System, ProgramIds.LoaderV4, SysvarIds.Rent, SysvarIds.Clock];

        // Well-formed account lists per (loader, tag), so that mutations also reach the success paths.
        var templates = new Dictionary<(Pubkey, uint), Meta[]>
        {
            [(ProgramIds.BpfLoaderUpgradeable, 1)] = [Meta.W(buffer), Meta.S(Authority)],
            [(ProgramIds.BpfLoaderUpgradeable, 3)] = [Meta.W(programData), Meta.W(program), Meta.W(buffer), Meta.W(Payer), Meta.R(SysvarIds.Rent), Meta.R(SysvarIds.Clock), Meta.S(Authority)],
            [(ProgramIds.BpfLoaderUpgradeable, 4)] = [Meta.W(buffer), Meta.S(Authority), Meta.R(Payer)],
            [(ProgramIds.BpfLoaderUpgradeable, 5)] = [Meta.W(buffer), Meta.W(Payer), Meta.S(Authority)],
            [(ProgramIds.BpfLoaderUpgradeable, 6)] = [Meta.W(programData), Meta.W(program), Meta.R(ProgramIds.System), Meta.WS(Payer)],
            [(ProgramIds.BpfLoaderUpgradeable, 7)] = [Meta.W(programData), Meta.S(Authority), Meta.S(Payer)],
            [(ProgramIds.LoaderV4, 4)] = [Meta.W(v4), Meta.S(Authority)],
            [(ProgramIds.LoaderV4, 5)] = [Meta.W(v4), Meta.S(Authority), Meta.S(Payer)],
            [(ProgramIds.LoaderV4, 6)] = [Meta.W(v4), Meta.S(Authority), Meta.R(v4)],
        };
        var outcomes = new HashSet<string>();
        var random = new Random(20240601);
        for (var i = 0; i < 400; i++)
        {
            foreach (var (key, account) in initial) bank.Accounts[key] = account.Clone();
            bank.Slot = (ulong)random.Next(2, 6);
            var loader = random.Next(2) == 0 ? ProgramIds.BpfLoaderUpgradeable : ProgramIds.LoaderV4;
            var tag = (uint)random.Next(loader == ProgramIds.LoaderV4 ? 8 : 10);
            var data = Tag(tag, random.Next(0, 24));
            random.NextBytes(data.AsSpan(4));
            if (data.Length >= 16 && random.Next(2) == 0) BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(8), (ulong)random.Next(0, 8));
            if (data.Length >= 8 && random.Next(2) == 0) BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), (uint)random.Next(0, 3000));
            Meta[] metas;
            if (templates.TryGetValue((loader, tag), out var template) && random.Next(4) != 0)
            {
                metas = (Meta[])template.Clone();
                if (random.Next(3) == 0) metas[random.Next(metas.Length)] = new Meta(pool[random.Next(pool.Length)], random.Next(3) == 0, random.Next(2) == 0);
                if (random.Next(2) == 0) data = data[..Math.Min(data.Length, 4 + random.Next(0, 5))];
            }
            else
            {
                metas = new Meta[random.Next(0, 9)];
                for (var m = 0; m < metas.Length; m++)
                    metas[m] = new Meta(pool[random.Next(pool.Length)], random.Next(3) == 0, random.Next(2) == 0);
            }
            var before = bank.Accounts.Values.Aggregate(0UL, (sum, a) => sum + a.Lamports);
            var result = bank.Run(ComputeUnitLimit(50_000), new LoaderIx(loader, metas, data));
            if (!result.Processed) continue;
            outcomes.Add(result.Status?.Instruction.Kind.ToString() ?? "ok");
            var after = bank.Accounts.Values.Aggregate(0UL, (sum, a) => sum + a.Lamports);
            Assert.Equal(before, after + result.Fee.TransactionFee + result.Fee.PrioritizationFee);
        }
        // The inputs reach past decoding into the instructions' own checks.
        Assert.Contains("ok", outcomes);
        Assert.True(outcomes.Count >= 8, string.Join(", ", outcomes));
    }
}
