using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.AddressLookupTable;
using Stratus.Runtime.Programs.Config;
using Stratus.Runtime.Sysvars;
using static Stratus.Runtime.Tests.BuiltinPrograms.BuiltinHarness;

namespace Stratus.Runtime.Tests.BuiltinPrograms;

/// <summary>
/// Mutated instruction data and account state fed to the Config and Address Lookup Table programs: every run
/// ends in success or an instruction error with the program's units charged, never an exception.
/// </summary>
public class NativeProgramRobustnessTests
{
    private static readonly Pubkey Authority = Key(0x41);
    private static readonly Pubkey Payer = Key(0x42);
    private static readonly Pubkey TableKey = Key(0x43);
    private static readonly Pubkey ConfigKey = Key(0x44);
    private static readonly Account SystemProgramAccount = new(1, [], ProgramIds.NativeLoader, executable: true);

    private static byte[] Mutate(Random rng, byte[] data)
    {
        var copy = (byte[])data.Clone();
        var edits = rng.Next(1, 4);
        for (var i = 0; i < edits && copy.Length > 0; i++) copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
        return rng.Next(4) == 0 ? copy[..rng.Next(copy.Length + 1)] : copy;
    }

    [Fact]
    public void Lookup_table_instructions_and_state()
    {
        var rng = new Random(11);
        var table = AddressLookupTable.LookupTableStateTests.Table(LookupTableMeta.New(Authority), Key(1), Key(2));
        var slotHashes = AddressLookupTable.LookupTableStateTests.SlotHashes(99, 98, 50);
        byte[][] instructions =
        [
            [0, 0, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0, 255],
            [1, 0, 0, 0],
            [2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, .. Key(7).AsSpan()],
            [3, 0, 0, 0],
            [4, 0, 0, 0],
        ];
        Meta[] metas = [new(TableKey, false, true), new(Authority, true), new(Payer, true, true), new(ProgramIds.System, false)];
        for (var i = 0; i < 400; i++)
        {
            var data = rng.Next(3) == 0 ? Mutate(rng, instructions[rng.Next(instructions.Length)]) : instructions[rng.Next(instructions.Length)];
            var state = rng.Next(2) == 0 ? Mutate(rng, table) : table;
            var accounts = new Dictionary<Pubkey, Account>
            {
                [TableKey] = new(rng.Next(3) == 0 ? 0ul : 5_000_000ul, state, ProgramIds.AddressLookupTable),
                [Payer] = new(10_000_000, [], ProgramIds.System),
                [ProgramIds.System] = SystemProgramAccount,
            };
            var outcome = Run(ProgramIds.AddressLookupTable, data, accounts, metas[..rng.Next(metas.Length + 1)],
                Clock.Default with { Slot = 100 }, Rent.Default, rng.Next(5) == 0 ? Mutate(rng, slotHashes) : slotHashes);
            Assert.True(outcome.UnitsConsumed >= AddressLookupTableProgram.ComputeUnits);
            if (outcome.Error == null && outcome.Accounts[TableKey].DataLength > 0)
                Assert.Null(LookupTableState.Read(outcome.Accounts[TableKey].Data, out _, out _));
        }
    }

    [Fact]
    public void Config_instructions_and_state()
    {
        var rng = new Random(13);
        var stored = ConfigKeys.Serialize([new(Authority, true), new(Payer, false)]).Concat(new byte[40]).ToArray();
        var update = ConfigKeys.Serialize([new(Authority, true), new(Payer, false)]).Concat(new byte[8]).ToArray();
        Meta[] metas = [new(ConfigKey, true, true), new(Authority, true), new(Payer, true)];
        for (var i = 0; i < 400; i++)
        {
            var accounts = new Dictionary<Pubkey, Account> { [ConfigKey] = new(1, rng.Next(2) == 0 ? Mutate(rng, stored) : stored, ProgramIds.Config) };
            var data = rng.Next(2) == 0 ? Mutate(rng, update) : update;
            var outcome = Run(ProgramIds.Config, data, accounts, metas[..rng.Next(metas.Length + 1)]);
            Assert.Equal(ConfigProgram.ComputeUnits, outcome.UnitsConsumed);
            if (outcome.Error == null) Assert.Equal(data, outcome.Accounts[ConfigKey].Data[..data.Length].ToArray());
        }
    }
}
