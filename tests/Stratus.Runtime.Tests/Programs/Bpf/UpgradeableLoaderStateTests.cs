using System.Buffers.Binary;
using System.Text.Json;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Bpf;
using Stratus.TestCommon;

namespace Stratus.Runtime.Tests;

public class UpgradeableLoaderStateTests
{
    private static readonly Pubkey Authority = Pubkey.Parse("EwCctFND1E3hqQUvVPnYF7mmBqxfe2QbwbRjyVeG1WoV");

    /// <summary>
    /// Every upgradeable-loader account the LiteSVM vectors hold, before and after Agave's loader ran on it: the
    /// header decodes, and re-encoding the decoded state gives back the same leading bytes.
    /// </summary>
    [Fact]
    public void Round_trips_every_loader_account_of_the_vectors()
    {
        var dir = Path.Combine(SharedData.RepoRoot, "conformance-vectors", "upgradeable-loader");
        Assert.True(Directory.Exists(dir), dir);
        var seen = new HashSet<UpgradeableLoaderStateKind>();
        var count = 0;
        foreach (var file in Directory.GetFiles(dir, "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            var lists = new[] { root.GetProperty("inputs").GetProperty("accounts"), root.GetProperty("expected").GetProperty("accounts") };
            foreach (var account in lists.SelectMany(l => l.EnumerateArray()))
            {
                if (account.GetProperty("owner").GetString() != "BPFLoaderUpgradeab1e11111111111111111111111") continue;
                var header = Header(account);
                if (header.Length == 0) continue;
                Assert.True(UpgradeableLoaderState.TryRead(header, out var state), $"{Path.GetFileName(file)} {account.GetProperty("address")}");
                var encoded = state.Serialize();
                Assert.Equal(header[..encoded.Length], encoded);
                seen.Add(state.Kind);
                count++;
            }
        }
        Assert.True(count > 50, $"only {count} accounts");
        Assert.Equal(4, seen.Count);
    }

    /// <summary>A mainnet program account (Solana slot 121172974, from a recorded getAccountInfo) points at its ProgramData.</summary>
    [SharedFact("rpc/blocto-solana-go-sdk/get_account_info_09.json")]
    public void Reads_a_mainnet_program_account()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.Require("rpc/blocto-solana-go-sdk/get_account_info_09.json")));
        var value = doc.RootElement.GetProperty("response").GetProperty("result").GetProperty("value");
        var data = RawZstd(Convert.FromBase64String(value.GetProperty("data")[0].GetString()!));
        Assert.Equal(UpgradeableLoaderState.ProgramSize, data.Length);
        Assert.True(UpgradeableLoaderState.TryRead(data, out var state));
        Assert.Equal(UpgradeableLoaderStateKind.Program, state.Kind);
        Assert.Equal(data, state.Serialize());
        // The ProgramData address is the loader's PDA of the program id.
        var program = Pubkey.Parse("5xtKiHGFfhK6ynJwWrApoVkVHeTJ25czqnezDwJiT86N");
        Assert.True(Stratus.Runtime.Syscalls.ProgramAddress.TryFind([program.ToArray()], ProgramIds.BpfLoaderUpgradeable, out var derived, out _));
        Assert.Equal(derived, state.Address);
    }

    [Fact]
    public void Sizes_match_agave()
    {
        Assert.Equal(4, UpgradeableLoaderState.Uninitialized.SerializedSize);
        Assert.Equal(37, UpgradeableLoaderState.Buffer(Authority).SerializedSize);
        Assert.Equal(5, UpgradeableLoaderState.Buffer(null).SerializedSize);
        Assert.Equal(36, UpgradeableLoaderState.Program(Authority).SerializedSize);
        Assert.Equal(45, UpgradeableLoaderState.ProgramData(7, Authority).SerializedSize);
        Assert.Equal(13, UpgradeableLoaderState.ProgramData(7, null).SerializedSize);
        Assert.Equal(45 + 100L, UpgradeableLoaderState.SizeOfProgramData(100));
        Assert.Equal(37L, UpgradeableLoaderState.SizeOfBuffer(0));
    }

    [Fact]
    public void Encodes_program_data_fields_in_place()
    {
        var bytes = UpgradeableLoaderState.ProgramData(0x0102030405060708, Authority).Serialize();
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(0x0102030405060708UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1, bytes[12]);
        Assert.Equal(Authority, Pubkey.Read(bytes.AsSpan(13)));
    }

    [Fact]
    public void Every_truncation_of_a_valid_state_is_refused()
    {
        UpgradeableLoaderState[] states =
        [
            UpgradeableLoaderState.Buffer(Authority), UpgradeableLoaderState.Buffer(null), UpgradeableLoaderState.Program(Authority),
            UpgradeableLoaderState.ProgramData(9, Authority), UpgradeableLoaderState.ProgramData(9, null),
        ];
        foreach (var state in states)
        {
            var bytes = state.Serialize();
            Assert.True(UpgradeableLoaderState.TryRead(bytes, out var back));
            Assert.Equal(state, back);
            for (var n = 0; n < bytes.Length; n++)
            {
                Assert.False(UpgradeableLoaderState.TryRead(bytes.AsSpan(0, n), out _), $"{state.Kind} cut to {n}");
                Assert.Equal(InstructionErrorKind.InvalidAccountData, UpgradeableLoaderState.Read(bytes.AsSpan(0, n), out _)!.Value.Kind);
            }
        }
        Assert.False(UpgradeableLoaderState.TryRead([], out _));
        Assert.True(UpgradeableLoaderState.TryRead([0, 0, 0, 0], out var uninitialized));
        Assert.Equal(UpgradeableLoaderStateKind.Uninitialized, uninitialized.Kind);
    }

    [Fact]
    public void Bad_tags_are_refused_and_trailing_bytes_ignored()
    {
        Assert.False(UpgradeableLoaderState.TryRead([4, 0, 0, 0, 0, 0, 0, 0], out _));
        Assert.False(UpgradeableLoaderState.TryRead([0, 0, 0, 1], out _));
        // Option tag other than 0/1.
        Assert.False(UpgradeableLoaderState.TryRead([1, 0, 0, 0, 2], out _));
        var programData = new byte[100];
        UpgradeableLoaderState.ProgramData(5, null).TryWrite(programData);
        programData[50] = 0xFF;
        Assert.True(UpgradeableLoaderState.TryRead(programData, out var state));
        Assert.Equal(UpgradeableLoaderState.ProgramData(5, null), state);
        Assert.False(UpgradeableLoaderState.ProgramData(5, Authority).TryWrite(new byte[44]));
    }

    /// <summary>The account's leading bytes as the vector stores them (whole data, or its first base64 part).</summary>
    private static byte[] Header(JsonElement account)
    {
        if (account.TryGetProperty("data", out var data)) return Convert.FromBase64String(data.GetString()!);
        var first = account.GetProperty("data_parts")[0];
        return first.TryGetProperty("base64", out var part) ? Convert.FromBase64String(part.GetString()!) : [];
    }

    /// <summary>The content of a zstd frame made of raw blocks only (what an RPC node sends for tiny accounts).</summary>
    private static byte[] RawZstd(byte[] frame)
    {
        Assert.Equal(0xFD2FB528u, BinaryPrimitives.ReadUInt32LittleEndian(frame));
        var descriptor = frame[4];
        Assert.Equal(0, descriptor & 0x27); // no dictionary, no checksum, no single-segment; window byte follows
        Assert.Equal(0, descriptor >> 6);   // no frame content size field
        var pos = 6;
        var output = new List<byte>();
        while (true)
        {
            var header = frame[pos] | frame[pos + 1] << 8 | frame[pos + 2] << 16;
            pos += 3;
            Assert.Equal(0, (header >> 1) & 3); // raw block
            var size = header >> 3;
            output.AddRange(frame.AsSpan(pos, size).ToArray());
            pos += size;
            if ((header & 1) == 1) return output.ToArray();
        }
    }
}
