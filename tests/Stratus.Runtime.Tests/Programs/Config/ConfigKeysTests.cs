using Stratus.AccountsDb.Genesis;
using Stratus.Core;
using Stratus.Runtime.Programs.Config;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.BuiltinPrograms.Config;

public class ConfigKeysTests
{
    private static readonly Pubkey A = BuiltinHarness.Key(0xA1);
    private static readonly Pubkey B = BuiltinHarness.Key(0xB2);
    private static readonly Pubkey StakeConfig = Pubkey.Parse("StakeConfig11111111111111111111111111111111");

    /// <summary>
    /// Every config account the clusters' genesis files hold (the stake config account among them) decodes,
    /// and its key list re-encodes to the same bytes.
    /// </summary>
    [SharedTheory("genesis/mainnet_genesis.bin", "genesis/devnet_genesis.bin", "genesis/testnet_genesis.bin")]
    [InlineData("genesis/mainnet_genesis.bin")]
    [InlineData("genesis/devnet_genesis.bin")]
    [InlineData("genesis/testnet_genesis.bin")]
    public void Genesis_config_accounts_round_trip(string file)
    {
        var genesis = GenesisConfig.Load(SharedData.Require(file));
        var configAccounts = genesis.Accounts.Where(a => a.Value.Owner == ProgramIds.Config).ToList();
        Assert.NotEmpty(configAccounts);
        foreach (var (key, account) in configAccounts)
        {
            Assert.Null(ConfigKeys.TryRead(account.Data, out var keys, out var size));
            Assert.Equal(account.Data[..size].ToArray(), ConfigKeys.Serialize(keys));
            if (key != StakeConfig) continue;
            // solana-stake-interface's Config: no keys, warmup_cooldown_rate 0.25 (f64), slash_penalty 12.
            Assert.Empty(keys);
            var rest = account.Data[size..];
            Assert.Equal(0.25, BitConverter.ToDouble(rest[..8]));
            Assert.Equal(12, rest[8]);
        }
        Assert.Contains(configAccounts, a => a.Key == StakeConfig);
    }

    [Fact]
    public void Round_trips_keys_with_trailing_config_data()
    {
        ConfigKey[] keys = [new(A, true), new(B, false)];
        var data = ConfigKeys.Serialize(keys).Concat(new byte[] { 7, 8, 9 }).ToArray();
        Assert.Equal(1 + 2 * 33 + 3, data.Length);
        Assert.Null(ConfigKeys.TryRead(data, out var read, out var size));
        Assert.Equal(keys, read);
        Assert.Equal(67, size);
    }

    [Fact]
    public void Long_lists_use_multi_byte_lengths()
    {
        var keys = Enumerable.Range(0, 200).Select(i => new ConfigKey(BuiltinHarness.Key((byte)i), i % 2 == 0)).ToArray();
        var data = ConfigKeys.Serialize(keys);
        Assert.Equal(new byte[] { 0xC8, 0x01 }, data[..2]);
        Assert.Null(ConfigKeys.TryRead(data, out var read, out var size));
        Assert.Equal(keys, read);
        Assert.Equal(data.Length, size);
        // The instruction's bound: 37 keys fit in 1,232 bytes, 38 do not.
        Assert.Equal(ConfigKeysErrorKind.LimitExceeded, ConfigKeys.TryRead(data, out _, out _, 1232)!.Value.Kind);
        Assert.Null(ConfigKeys.TryRead(ConfigKeys.Serialize(keys[..37]), out _, out _, 1232));
        Assert.Equal(ConfigKeysErrorKind.LimitExceeded, ConfigKeys.TryRead(ConfigKeys.Serialize(keys[..38]), out _, out _, 1232)!.Value.Kind);
    }

    [Fact]
    public void Every_truncation_is_an_unexpected_end()
    {
        var data = ConfigKeys.Serialize([new(A, true), new(B, false)]);
        for (var n = 0; n < data.Length; n++)
        {
            var error = ConfigKeys.TryRead(data.AsSpan(0, n), out var keys, out _);
            Assert.Equal(ConfigKeysErrorKind.UnexpectedEnd, error!.Value.Kind);
            Assert.Empty(keys);
            Assert.Equal("io error: unexpected end of file", error.Value.Describe());
        }
    }

    [Fact]
    public void Malformed_lengths_and_flags_give_bincode_errors()
    {
        var bad = ConfigKeys.Serialize([new(A, true)]);
        bad[33] = 2;
        var error = ConfigKeys.TryRead(bad, out _, out _)!.Value;
        Assert.Equal(new ConfigKeysError(ConfigKeysErrorKind.InvalidBool, 2), error);
        Assert.Equal("invalid u8 while decoding bool, expected 0 or 1, found 2", error.Describe());

        Assert.Equal(ConfigKeysErrorKind.LengthAlias, ConfigKeys.TryRead([0x80, 0x00], out _, out _)!.Value.Kind);
        Assert.Equal(ConfigKeysErrorKind.LengthByteThreeContinues, ConfigKeys.TryRead([0x80, 0x80, 0x80], out _, out _)!.Value.Kind);
        var overflow = ConfigKeys.TryRead([0xFF, 0xFF, 0x04], out _, out _)!.Value;
        Assert.Equal(new ConfigKeysError(ConfigKeysErrorKind.LengthOverflow, 0x13FFF), overflow);
        Assert.Equal("invalid value: integer `81919`, expected a value in the range [0, 65535]", overflow.Describe());
        // The largest length is fine to decode; the entries are what is missing.
        Assert.Equal(ConfigKeysErrorKind.UnexpectedEnd, ConfigKeys.TryRead([0xFF, 0xFF, 0x03], out _, out _)!.Value.Kind);
    }

    [Fact]
    public void Mutated_inputs_never_throw()
    {
        var data = ConfigKeys.Serialize([new(A, true), new(B, false), new(A, false)]).Concat(new byte[] { 1, 2, 3 }).ToArray();
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var copy = (byte[])data.Clone();
            copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
            var length = rng.Next(copy.Length + 1);
            var error = ConfigKeys.TryRead(copy.AsSpan(0, length), out var keys, out var size, rng.Next(2) == 0 ? 1232 : 40);
            if (error == null) Assert.True(size <= length);
            else Assert.Empty(keys);
        }
    }
}
