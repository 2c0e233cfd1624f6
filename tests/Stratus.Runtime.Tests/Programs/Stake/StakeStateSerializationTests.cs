using System.Text.Json;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Stake;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests.Stake;

// The loader tests' Stratus.Runtime.Tests.Meta would otherwise shadow the stake state's Meta.
using Meta = Stratus.Runtime.Programs.Stake.Meta;

/// <summary>StakeStateV2 bincode against real accounts, and malformed data giving InvalidAccountData, never an exception.</summary>
public class StakeStateSerializationTests
{
    private const string Snapshot = "snapshots/sig-agave-v4.2/test-snapshot-v4.2.0-beta.1.json";

    /// <summary>Every account the Agave v4.2 snapshot's decoded JSON lists as owned by the stake program.</summary>
    private static List<(string Pubkey, byte[] Data)> SnapshotStakeAccounts()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Require(Snapshot)));
        var result = new List<(string, byte[])>();
        foreach (var e in doc.RootElement.GetProperty("accounts").GetProperty("entries").EnumerateArray())
            if (e.GetProperty("owner").GetString() == "Stake11111111111111111111111111111111111111")
                result.Add((e.GetProperty("pubkey").GetString()!, Convert.FromHexString(e.GetProperty("data_hex").GetString()!)));
        return result;
    }

    [SharedFact(Snapshot)]
    public void RealSnapshotStakeAccountsDecodeAndRoundTrip()
    {
        var accounts = SnapshotStakeAccounts();
        Assert.Equal(2, accounts.Count);
        foreach (var (pubkey, data) in accounts)
        {
            Assert.Equal(StakeState.Size, data.Length);
            Assert.Null(StakeState.Deserialize(data, out var state));
            Assert.Equal(StakeStateKind.Stake, state.Kind);
            // Genesis-style accounts: 1,000,000 lamports delegated since bootstrap, never deactivated.
            Assert.Equal(2_282_880UL, state.Meta.RentExemptReserve);
            Assert.Equal(state.Meta.Authorized.Staker, state.Meta.Authorized.Withdrawer);
            Assert.Equal(default(Lockup), state.Meta.Lockup);
            var d = state.Stake.Delegation;
            Assert.Equal(1_000_000UL, d.Stake);
            Assert.True(d.IsBootstrap, pubkey);
            Assert.Equal(ulong.MaxValue, d.DeactivationEpoch);
            Assert.Equal(0UL, d.WarmupCooldownRateBits);
            Assert.Equal(0UL, state.Stake.CreditsObserved);
            Assert.Equal((byte)0, state.Flags);

            var encoded = state.Serialize();
            Assert.Equal(state.SerializedSize, encoded.Length);
            Assert.Equal(data.AsSpan(0, encoded.Length).ToArray(), encoded);
            Assert.All(data[encoded.Length..], b => Assert.Equal(0, b));
        }
    }

    /// <summary>Stake accounts the LiteSVM vectors (Agave 2.2's stake program) left behind.</summary>
    public static TheoryData<string> VectorStakeAccounts()
    {
        var data = new TheoryData<string>();
        var dir = Path.Combine(SharedData.RepoRoot, "conformance-vectors", "stake");
        if (!Directory.Exists(dir)) return data;
        foreach (var file in Directory.GetFiles(dir, "*.json").Order())
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var a in doc.RootElement.GetProperty("expected").GetProperty("accounts").EnumerateArray())
                if (a.GetProperty("owner").GetString() == "Stake11111111111111111111111111111111111111"
                    && a.TryGetProperty("data", out var d) && d.GetString() is { Length: > 0 } b64)
                    data.Add(b64);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorStakeAccounts))]
    public void VectorStakeAccountsRoundTrip(string base64)
    {
        var data = Convert.FromBase64String(base64);
        var error = StakeState.Deserialize(data, out var state);
        if (data.Length < 4)
        {
            Assert.Equal(InstructionErrorKind.InvalidAccountData, error!.Value.Kind);
            return;
        }
        Assert.Null(error);
        var encoded = state.Serialize();
        Assert.Equal(data.AsSpan(0, encoded.Length).ToArray(), encoded);
    }

    [Fact]
    public void LayoutMatchesStakeStateV2()
    {
        var meta = new Meta(7, new Authorized(Key(1), Key(2)), new Lockup(-5, 9, Key(3)));
        var stake = new DelegatedStake(Delegation.Create(Key(4), 100, 3), 42);
        var bytes = StakeState.Delegated(meta, stake, 1).Serialize();
        Assert.Equal(197, bytes.Length);
        Assert.Equal(2u, BitConverter.ToUInt32(bytes, 0));
        Assert.Equal(7UL, BitConverter.ToUInt64(bytes, 4));
        Assert.Equal(-5L, BitConverter.ToInt64(bytes, 76));
        Assert.Equal(0.25, BitConverter.ToDouble(bytes, 180));
        Assert.Equal(42UL, BitConverter.ToUInt64(bytes, 188));
        Assert.Equal(1, bytes[196]);
        Assert.Equal(124, StakeState.Initialized(meta).Serialize().Length);
        Assert.Equal(new byte[4], StakeState.Uninitialized.Serialize());
        Assert.Equal(new byte[] { 3, 0, 0, 0 }, StakeState.RewardsPool.Serialize());
    }

    [Fact]
    public void EveryTruncationIsInvalidAccountData()
    {
        var meta = new Meta(7, new Authorized(Key(1), Key(2)), new Lockup(1, 2, Key(3)));
        foreach (var full in new[] { StakeState.Delegated(meta, new DelegatedStake(Delegation.Create(Key(4), 1, 0), 0), 0).Serialize(), StakeState.Initialized(meta).Serialize() })
        {
            for (var len = 0; len < full.Length; len++)
            {
                var error = StakeState.Deserialize(full.AsSpan(0, len), out _);
                Assert.True(error is { Kind: InstructionErrorKind.InvalidAccountData }, $"length {len}");
            }
            Assert.Null(StakeState.Deserialize(full, out _));
        }
    }

    [Fact]
    public void UnknownVariantAndMutationsNeverThrow()
    {
        var bad = new byte[200];
        bad[0] = 4;
        Assert.Equal(InstructionErrorKind.InvalidAccountData, StakeState.Deserialize(bad, out _)!.Value.Kind);
        var rng = new Random(7);
        var buffer = new byte[200];
        for (var i = 0; i < 2_000; i++)
        {
            rng.NextBytes(buffer);
            buffer[0] = (byte)(i % 5);
            buffer[1] = buffer[2] = buffer[3] = 0;
            var error = StakeState.Deserialize(buffer.AsSpan(0, rng.Next(201)), out var state);
            if (error == null) Assert.True(state.Serialize().Length <= 197);
            else Assert.Equal(InstructionErrorKind.InvalidAccountData, error.Value.Kind);
        }
    }

    private static Pubkey Key(byte b) => new(Enumerable.Repeat(b, 32).ToArray());
}
