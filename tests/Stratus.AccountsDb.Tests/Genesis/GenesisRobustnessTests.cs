using System.Buffers.Binary;
using Stratus.AccountsDb.Genesis;
using Stratus.Core.Serialization;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Genesis;

/// <summary>Truncated and mutated genesis files give a precise error, never an exception, hang or huge allocation.</summary>
public sealed class GenesisRobustnessTests
{
    // Layout of the sig-2025 genesis (one system account, no processors or pools), from its parse.
    private const int AccountsLengthOffset = 8;
    private const int FirstAccountDataLengthOffset = 16 + 32 + 8;

    private static byte[] Small() => File.ReadAllBytes(SharedData.DataPath(GenesisFiles.Sig2025));

    [SharedFact(GenesisFiles.Sig2025)]
    public void Every_truncation_is_an_unexpected_end_with_the_field_named()
    {
        var bytes = Small();
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var error = GenesisConfig.TryParse(bytes.AsSpan(0, cut), out var config);
            Assert.True(error.IsError, $"cut {cut} parsed");
            Assert.Null(config);
            Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
            Assert.InRange(error.Offset, 0, cut);
            Assert.StartsWith(FieldPrefix(error.Field), error.Field);
        }
        // The last field is the cluster type enum tag.
        var last = GenesisConfig.TryParse(bytes.AsSpan(0, bytes.Length - 1), out _);
        Assert.Equal("genesis.cluster_type", last.Field);
        Assert.Equal(bytes.Length - 4, last.Offset);
    }

    [SharedFact(GenesisFiles.Mainnet)]
    public void Truncated_mainnet_genesis_names_the_account_field()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath(GenesisFiles.Mainnet));
        var step = bytes.Length / 97;
        for (var cut = 1; cut < bytes.Length; cut += step)
        {
            var error = GenesisConfig.TryParse(bytes.AsSpan(0, cut), out _);
            Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
        }
        // The account map's length promises 431 accounts; a cut inside them is caught at the map length if the
        // remainder cannot hold that many minimal entries, else at the field where the input ends.
        var mid = GenesisConfig.TryParse(bytes.AsSpan(0, 5000), out _);
        Assert.StartsWith("accounts", mid.Field);
        Assert.Throws<GenesisFormatException>(() => GenesisConfig.Parse(bytes.AsSpan(0, 5000)));
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void Every_single_byte_mutation_is_handled()
    {
        var original = Small();
        var outcomes = new Dictionary<BincodeError, int>();
        for (var i = 0; i < original.Length; i++)
        {
            foreach (var x in new byte[] { 0x01, 0x80, 0xFF })
            {
                var bytes = (byte[])original.Clone();
                bytes[i] ^= x;
                var error = GenesisConfig.TryParse(bytes, out var config);
                outcomes[error.Error] = outcomes.GetValueOrDefault(error.Error) + 1;
                if (!error.IsError) _ = config!.Hash; // re-serialization must work for anything that parsed
            }
        }
        Assert.Contains(BincodeError.None, outcomes.Keys);
        Assert.Contains(BincodeError.UnexpectedEnd, outcomes.Keys);
        Assert.Contains(BincodeError.InvalidBool, outcomes.Keys);
        Assert.Contains(BincodeError.InvalidOptionTag, outcomes.Keys);
        Assert.Contains(BincodeError.InvalidEnumTag, outcomes.Keys);
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void Huge_lengths_fail_before_allocating()
    {
        var bytes = Small();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(AccountsLengthOffset), ulong.MaxValue);
        var error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
        Assert.Equal("accounts.len", error.Field);
        Assert.Equal(AccountsLengthOffset, error.Offset);

        bytes = Small();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(FirstAccountDataLengthOffset), 1UL << 40);
        error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.UnexpectedEnd, error.Error);
        Assert.Equal("accounts.data", error.Field);
        Assert.Equal(FirstAccountDataLengthOffset, error.Offset);
        Assert.Equal($"accounts.data: input ends inside the value (offset {FirstAccountDataLengthOffset})", error.ToString());
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void Bad_enum_bool_and_option_values_are_named()
    {
        var bytes = Small();
        bytes[^4] = 4; // cluster_type
        var error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.InvalidEnumTag, error.Error);
        Assert.Equal("genesis.cluster_type", error.Field);
        Assert.Contains("variant 4", error.ToString());

        bytes = Small();
        bytes[FirstAccountDataLengthOffset + 8 + 32] = 2; // executable (data is empty)
        error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.InvalidBool, error.Error);
        Assert.Equal("accounts.executable", error.Field);
        Assert.Equal(FirstAccountDataLengthOffset + 8 + 32, error.Offset);
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void Trailing_bytes_are_rejected_unless_allowed_and_do_not_change_the_genesis_hash()
    {
        var original = Small();
        var bytes = original.Append((byte)0).ToArray();
        var error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.TrailingBytes, error.Error);
        Assert.Equal(original.Length, error.Offset);

        Assert.False(GenesisConfig.TryParse(bytes, out var lenient, allowTrailingBytes: true).IsError);
        var canonical = GenesisConfig.Parse(original);
        Assert.Equal(1, lenient!.TrailingBytes);
        // Agave hashes the re-serialized config, so the trailing byte changes the file hash but not the genesis hash.
        Assert.Equal(canonical.Hash, lenient.Hash);
        Assert.NotEqual(lenient.FileHash, lenient.Hash);
        Assert.False(lenient.IsCanonical);
    }

    [SharedFact(GenesisFiles.Sig2025)]
    public void Unnormalized_duration_is_normalized_like_serde()
    {
        var g = GenesisConfig.Parse(Small());
        var bytes = Small();
        // poh_config.target_tick_duration sits right after ticks_per_slot and unused.
        var durationOffset = bytes.Length - (4 + 33 + 48 + 17 + 33 + 8 + 1 + 1 + 4 + 8);
        Assert.Equal(g.PohConfig.TargetTickDuration.Nanoseconds, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(durationOffset + 8)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(durationOffset), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(durationOffset + 8), 2_000_000_001);
        var odd = GenesisConfig.Parse(bytes);
        Assert.Equal(new Duration(2, 1), odd.PohConfig.TargetTickDuration);
        Assert.False(odd.IsCanonical);

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(durationOffset), ulong.MaxValue);
        var error = GenesisConfig.TryParse(bytes, out _);
        Assert.Equal(BincodeError.InvalidValue, error.Error);
        Assert.Equal("poh_config.target_tick_duration.secs", error.Field);
    }

    [Fact]
    public void Garbage_and_empty_input()
    {
        Assert.Equal(BincodeError.UnexpectedEnd, GenesisConfig.TryParse([], out _).Error);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        Assert.True(GenesisConfig.TryParse(garbage, out _).IsError);
        var e = Assert.Throws<GenesisFormatException>(() => GenesisConfig.Parse(garbage));
        Assert.StartsWith("invalid genesis config: accounts.", e.Message);
    }

    [Fact]
    public void Invalid_utf8_processor_name()
    {
        var w = new BincodeWriter();
        w.WriteI64(0);
        w.WriteLength(0); // accounts
        w.WriteLength(1); // processors
        w.WriteByteVec([0xC3, 0x28]);
        w.WriteBytes(new byte[32]);
        var error = GenesisConfig.TryParse(w.WrittenSpan, out _);
        Assert.Equal(BincodeError.InvalidUtf8, error.Error);
        Assert.Equal("native_instruction_processors.name", error.Field);
        Assert.Equal(24, error.Offset); // the string's length prefix
    }

    [Fact]
    public void Load_rejects_oversized_files_without_reading_them()
    {
        using var dir = new TempDirectory();
        var path = dir.Sub("genesis.bin");
        using (var f = File.Create(path)) f.SetLength(GenesisConfig.MaxFileSize + 1);
        var e = Assert.Throws<GenesisFormatException>(() => GenesisConfig.Load(path));
        Assert.Contains("genesis limit", e.Message);
    }

    private static string FieldPrefix(string field) => field.Split('.')[0] switch
    {
        "genesis" or "accounts" or "rewards_pools" or "native_instruction_processors" or "poh_config" or "fee_rate_governor"
            or "rent" or "inflation" or "epoch_schedule" => field.Split('.')[0],
        _ => throw new Xunit.Sdk.XunitException($"unexpected field {field}"),
    };
}
