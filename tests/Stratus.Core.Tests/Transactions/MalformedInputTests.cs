using Stratus.Core.Serialization;
using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Transactions;

/// <summary>Truncated, mutated and random bytes must give a precise error: no exception, no hang, no over-read.</summary>
public class MalformedInputTests
{
    public static TheoryData<string> ValidFixtures => new()
    {
        "misc/firedancer-txn/transaction1.bin",
        "misc/firedancer-txn/transaction2.bin",
        "misc/firedancer-txn/transaction3.bin",
        "misc/firedancer-txn/transaction4.bin",
        "misc/firedancer-txn/transaction6.bin",
        "misc/firedancer-pack-txn/txn1.bin",
        "misc/firedancer-pack-txn/txn2.bin",
        "misc/firedancer-pack-txn/txn3.bin",
        "misc/firedancer-pack-txn/txn4.bin",
        "misc/firedancer-pack-txn/txn5.bin",
        "misc/firedancer-pack-txn/txn6.bin",
        "misc/firedancer-pack-txn/txn7.bin",
    };

    [SharedTheory("misc/firedancer-txn", "misc/firedancer-pack-txn")]
    [MemberData(nameof(ValidFixtures))]
    public void Every_strict_prefix_is_truncated(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.Require(file));
        for (var length = 0; length < bytes.Length; length++)
        {
            // A fresh exact-size array so any read past the end would throw.
            var prefix = bytes.AsSpan(0, length).ToArray();
            var result = Transaction.TryParse(prefix, out var tx, out _);
            // A prefix reads the same field values as the whole until it runs out, so the only possible error is truncation.
            Assert.Equal(TransactionParseError.Truncated, result.Error);
            Assert.Null(tx);
            Assert.InRange(result.Offset, 0, length);
            Assert.Equal(result, Transaction.TryMeasure(prefix, out _));
        }
    }

    [SharedTheory("misc/firedancer-txn", "misc/firedancer-pack-txn")]
    [MemberData(nameof(ValidFixtures))]
    public void Trailing_bytes_are_reported_by_exact_parsing_and_ignored_by_streaming(string file)
    {
        var bytes = File.ReadAllBytes(SharedData.Require(file));
        var longer = bytes.Concat(new byte[] { 0 }).ToArray();
        var exact = Transaction.TryParseExact(longer, out _);
        Assert.Equal(new TransactionParseResult(TransactionParseError.TrailingBytes, TransactionField.End, bytes.Length), exact);
        Assert.True(Transaction.TryParse(longer, out var tx, out var consumed).IsOk);
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(bytes.Length, tx!.Bytes.Length);
    }

    [SharedTheory("misc/firedancer-txn", "misc/firedancer-pack-txn")]
    [MemberData(nameof(ValidFixtures))]
    public void Seeded_random_mutations_never_throw(string file)
    {
        var original = File.ReadAllBytes(SharedData.Require(file));
        var rng = new Random(original.Length * 31 + 7);
        for (var trial = 0; trial < 1500; trial++)
        {
            var mutated = Mutate(original, rng);
            Exercise(mutated);
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var rng = new Random(1232);
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = new byte[rng.Next(0, 1300)];
            rng.NextBytes(bytes);
            // Small leading counts make it past the signature section more often.
            if (bytes.Length > 0 && trial % 2 == 0) bytes[0] = (byte)rng.Next(0, 3);
            Exercise(bytes);
        }
    }

    [Fact]
    public void Huge_counts_fail_without_large_allocations()
    {
        // 65535 signatures claimed in 3 bytes.
        Assert.Equal(new TransactionParseResult(TransactionParseError.Truncated, TransactionField.Signatures, 3),
            Transaction.TryParse(new byte[] { 0xFF, 0xFF, 0x03 }, out _, out _));
        // 65535 instructions claimed after a valid prefix.
        var w = new BincodeWriter();
        w.WriteShortVecLength(0);
        w.WriteBytes([1, 0, 0]);
        w.WriteShortVecLength(0);
        w.WriteBytes(new byte[32]);
        w.WriteShortU16(ushort.MaxValue);
        w.WriteBytes([1, 0, 0]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = Transaction.TryParse(w.ToArray(), out _, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(TransactionParseError.Truncated, result.Error);
        Assert.Equal(TransactionField.ProgramIdIndex, result.Field);
        Assert.True(allocated < 4096, $"allocated {allocated} bytes");
    }

    [Theory]
    // signature count aliases and overflows
    [InlineData(new byte[] { 0x80, 0x00 }, TransactionParseError.CompactU16Alias, TransactionField.SignatureCount, 0)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80 }, TransactionParseError.CompactU16TooLong, TransactionField.SignatureCount, 0)]
    [InlineData(new byte[] { 0x80, 0x80, 0x04 }, TransactionParseError.CompactU16Overflow, TransactionField.SignatureCount, 0)]
    [InlineData(new byte[] { }, TransactionParseError.Truncated, TransactionField.SignatureCount, 0)]
    // no signatures, then a version prefix other than 0
    [InlineData(new byte[] { 0x00, 0x81 }, TransactionParseError.UnsupportedVersion, TransactionField.MessagePrefix, 1)]
    [InlineData(new byte[] { 0x00, 0xFE }, TransactionParseError.UnsupportedVersion, TransactionField.MessagePrefix, 1)]
    [InlineData(new byte[] { 0x00, 0xFF }, TransactionParseError.OffChainMessage, TransactionField.MessagePrefix, 1)]
    [InlineData(new byte[] { 0x00, 0x80, 0x01, 0x00 }, TransactionParseError.Truncated, TransactionField.MessageHeader, 2)]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x80 }, TransactionParseError.Truncated, TransactionField.AccountKeyCount, 4)]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0xC0, 0x00 }, TransactionParseError.CompactU16Alias, TransactionField.AccountKeyCount, 4)]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x01 }, TransactionParseError.Truncated, TransactionField.AccountKeys, 5)]
    public void Wire_errors_name_the_field_and_offset(byte[] bytes, TransactionParseError error, TransactionField field, int offset)
    {
        Assert.Equal(new TransactionParseResult(error, field, offset), Transaction.TryParse(bytes, out _, out _));
    }

    [Fact]
    public void Message_parse_rejects_what_transaction_parse_rejects()
    {
        Assert.Equal(TransactionParseError.OffChainMessage, Message.TryParse(new byte[] { 0xFF, 1, 0, 0 }, out _, out _).Error);
        Assert.Equal(TransactionParseError.UnsupportedVersion, Message.TryParse(new byte[] { 0x81, 1, 0, 0 }, out _, out _).Error);
        Assert.Equal(TransactionParseError.Truncated, Message.TryParse(Array.Empty<byte>(), out _, out _).Error);
    }

    private static byte[] Mutate(byte[] original, Random rng)
    {
        var bytes = (byte[])original.Clone();
        switch (rng.Next(4))
        {
            case 0:
                bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                return bytes;
            case 1:
                for (var k = rng.Next(2, 6); k > 0; k--) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return bytes;
            case 2:
            {
                var at = rng.Next(bytes.Length);
                var cut = rng.Next(1, Math.Min(40, bytes.Length - at) + 1);
                return bytes.Take(at).Concat(bytes.Skip(at + cut)).ToArray();
            }
            default:
            {
                var at = rng.Next(bytes.Length + 1);
                var insert = new byte[rng.Next(1, 8)];
                rng.NextBytes(insert);
                return bytes.Take(at).Concat(insert).Concat(bytes.Skip(at)).ToArray();
            }
        }
    }

    // Runs every entry point a node uses on untrusted bytes; any exception fails the test.
    private static void Exercise(byte[] bytes)
    {
        var measured = Transaction.TryMeasure(bytes, out var measuredLength);
        var result = Transaction.TryParse(bytes, out var tx, out var consumed);
        Assert.Equal(result, measured);
        if (!result.IsOk)
        {
            Assert.Null(tx);
            Assert.NotEqual(TransactionField.None, result.Field);
            Assert.InRange(result.Offset, 0, bytes.Length);
            return;
        }
        Assert.Equal(consumed, measuredLength);
        Assert.True(tx!.Serialize().AsSpan().SequenceEqual(bytes.AsSpan(0, consumed)));
        var m = tx.Message;
        _ = tx.Verify(out _);
        _ = tx.IsSimpleVoteTransaction();
        _ = AccountLocks.Validate(m, null, AccountLocks.MaxTxAccountLocks);
        for (var i = -1; i <= m.TotalAccountKeyCount + 1; i++)
        {
            _ = m.IsSigner(i);
            _ = m.IsWritableIndex(i);
            _ = m.IsMaybeWritable(i, ReservedAccountKeys.AllActivated);
            _ = m.IsInstructionAccount(i);
        }
        _ = m.GetWritableFlags(null, ReservedAccountKeys.AllActivated);
        var fake = new Pubkey[256];
        _ = m.TryLoadAddresses(_ => fake, out var loaded);
        _ = m.GetWritableFlags(loaded, ReservedAccountKeys.WithoutFeatures);
        _ = AccountLocks.Validate(m, loaded, AccountLocks.MaxTxAccountLocks);
    }
}
