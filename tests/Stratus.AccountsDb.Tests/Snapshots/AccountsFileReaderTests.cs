using System.Buffers.Binary;
using Stratus.AccountsDb.Snapshots;
using Stratus.Core;
using Stratus.TestCommon;

namespace Stratus.AccountsDb.Tests.Snapshots;

public sealed class AccountsFileReaderTests
{
    private static byte[] Record(ulong lamports, byte[] data, Pubkey pubkey, Pubkey owner = default, byte executable = 0, ulong rentEpoch = 0)
    {
        var size = (StoredAccount.HeaderSize + data.Length + 7) & ~7;
        var r = new byte[size];
        BinaryPrimitives.WriteUInt64LittleEndian(r, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(8), (ulong)data.Length);
        pubkey.CopyTo(r.AsSpan(16));
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(48), lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(56), rentEpoch);
        owner.CopyTo(r.AsSpan(64));
        r[96] = executable;
        data.CopyTo(r.AsSpan(136));
        return r;
    }

    private static Pubkey Key(byte b)
    {
        var bytes = new byte[32];
        bytes[0] = b;
        return new Pubkey(bytes);
    }

    [Fact]
    public void Reads_records_in_place_with_alignment()
    {
        byte[] file = [.. Record(5, [1, 2, 3], Key(1), ProgramIds.System, 1, 9), .. Record(0, [], Key(2)), .. Record(7, new byte[8], Key(3))];
        var reader = new AccountsFileReader(file);
        Assert.True(reader.MoveNext());
        var a = reader.Current;
        Assert.Equal((0L, 144, 5UL, 9UL, true, 3UL), (a.Offset, a.StoredSize, a.Lamports, a.RentEpoch, a.Executable, a.DataLength));
        Assert.Equal(Key(1), a.Pubkey);
        Assert.Equal(ProgramIds.System, a.Owner);
        Assert.Equal([1, 2, 3], a.Data.ToArray());
        Assert.Equal(Hash.Default, a.Hash);
        Assert.True(reader.MoveNext());
        Assert.Equal((144L, 0UL), (reader.Current.Offset, reader.Current.Lamports)); // a deleted account
        Assert.True(reader.MoveNext());
        Assert.Equal(280L, reader.Current.Offset);
        Assert.False(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.Equal((AccountsFileError.None, 3), (reader.Error, reader.Count));

        // The valid length may stop inside the last record's padding.
        Assert.Equal(AccountsFileError.None, AccountsFileReader.Validate(file.AsSpan(0, 139), out var count, out _, out _));
        Assert.Equal(1, count);
        Assert.Equal(AccountsFileError.None, AccountsFileReader.Validate([], out count, out _, out _));
        Assert.Equal(0, count);
    }

    [Fact]
    public void Huge_data_length_does_not_overflow()
    {
        var file = Record(1, [], Key(1));
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(8), ulong.MaxValue - 100);
        Assert.Equal(AccountsFileError.DataPastEnd, AccountsFileReader.Validate(file, out _, out var offset, out var message));
        Assert.Equal(0, offset);
        Assert.Contains($"data_len {ulong.MaxValue - 100}", message);
    }

    [Fact]
    public void Errors_stop_the_walk_at_the_bad_record()
    {
        byte[] file = [.. Record(1, [9], Key(1)), .. Record(0, [1], Key(2)), .. Record(1, [], Key(3))];
        var reader = new AccountsFileReader(file);
        Assert.True(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.Equal(AccountsFileError.InvalidZeroLamportAccount, reader.Error);
        Assert.Equal(144, reader.ErrorOffset);
        Assert.False(reader.MoveNext());
        Assert.Equal(1, reader.Count);
    }

    [SharedFact(SnapshotFiles.Sig2025AccountFile)]
    public void Every_cut_of_a_real_file_is_valid_or_a_precise_error()
    {
        var bytes = File.ReadAllBytes(SharedData.DataPath(SnapshotFiles.Sig2025AccountFile));
        var records = new List<(long DataEnd, long StoredEnd)>();
        var reader = new AccountsFileReader(bytes);
        while (reader.MoveNext())
        {
            var a = reader.Current;
            records.Add((a.Offset + StoredAccount.HeaderSize + a.Data.Length, a.Offset + a.StoredSize));
        }
        var valid = 0;
        for (var cut = 1; cut < bytes.Length; cut += 97)
        {
            var error = AccountsFileReader.Validate(bytes.AsSpan(0, cut), out var count, out var offset, out _);
            // A cut is a valid length exactly when it falls between a record's data end and its padded end.
            var ok = records.Any(r => r.DataEnd <= cut && cut <= r.StoredEnd);
            if (ok)
            {
                Assert.Equal(AccountsFileError.None, error);
                Assert.Equal(records.Count(r => r.StoredEnd <= ((cut + 7) & ~7)), count);
                valid++;
            }
            else
            {
                Assert.True(error is AccountsFileError.DataPastEnd or AccountsFileError.HeaderPastEnd, $"cut {cut}: {error}");
                Assert.InRange(offset, 0, cut);
            }
        }
        Assert.True(records.Count > 0);
    }
}
