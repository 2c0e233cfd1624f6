using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Transactions;

/// <summary>
/// Firedancer's test_mutate (src/ballet/txn/test_txn_parse.c) for transaction1 and transaction2, restated
/// with Agave's rules: each byte of a valid transaction is tried with all 256 values. Bytes that are pure
/// payload (signatures, keys, blockhash, instruction data, lookup tables) may take any value; the
/// readonly counts, program id indexes and account indexes are valid exactly within the ranges Agave's
/// sanitize allows; any other change (counts, lengths, version) must be rejected. Firedancer asserts the
/// same ranges for these two transactions, so the verdicts are the same under both implementations.
/// </summary>
public class ByteRangeMutationTests
{
    [SharedTheory("misc/firedancer-txn")]
    [InlineData("misc/firedancer-txn/transaction1.bin")]
    [InlineData("misc/firedancer-txn/transaction2.bin")]
    public void Every_single_byte_change_is_accepted_exactly_within_its_allowed_range(string file)
    {
        var payload = File.ReadAllBytes(SharedData.Require(file));
        var tx = Transaction.Parse(payload);
        var m = tx.Message;
        var messageStart = payload.Length - m.Span.Length;
        var len = payload.Length;
        var min = (byte[])payload.Clone();
        var max = (byte[])payload.Clone();

        void AnyValue(int start, int count)
        {
            for (var i = start; i < start + count; i++)
            {
                min[i] = 0;
                max[i] = 0xFF;
            }
        }

        AnyValue(1, tx.SignatureCount * Signature.Length);
        var keysStart = messageStart + (m.Version == MessageVersion.V0 ? 4 : 3) + 1;
        AnyValue(keysStart, m.StaticAccountKeyCount * Pubkey.Length);
        AnyValue(keysStart + m.StaticAccountKeyCount * Pubkey.Length, Hash.Length);

        var readonlySigned = messageStart + (m.Version == MessageVersion.V0 ? 2 : 1);
        min[readonlySigned] = 0;
        max[readonlySigned] = (byte)(tx.SignatureCount - 1);
        min[readonlySigned + 1] = 0;
        max[readonlySigned + 1] = (byte)(m.StaticAccountKeyCount - tx.SignatureCount);

        var total = m.TotalAccountKeyCount;
        for (var j = 0; j < m.InstructionCount; j++)
        {
            var ix = m.Instructions[j];
            var accountsAt = messageStart + ix.AccountsOffset;
            var dataAt = messageStart + ix.DataOffset;
            // Single-byte account counts in these fixtures put the program id two bytes before the accounts.
            min[accountsAt - 2] = 1;
            max[accountsAt - 2] = (byte)(m.StaticAccountKeyCount - 1);
            AnyValue(dataAt, ix.DataLength);
            // Like Firedancer, scramble data and account bytes first so no mutation can turn them into other fields.
            for (var k = 0; k < ix.DataLength; k++) payload[dataAt + k] = 0xDA;
            for (var k = 0; k < ix.AccountCount; k++)
            {
                min[accountsAt + k] = 0;
                max[accountsAt + k] = (byte)(total - 1);
                payload[accountsAt + k] = (byte)(unchecked((ulong)(total - 1 - k)) % (ulong)total);
            }
        }
        for (var j = 0; j < m.AddressTableLookups.Length; j++)
        {
            var l = m.AddressTableLookups[j];
            AnyValue(messageStart + l.AccountKeyOffset, Pubkey.Length);
            AnyValue(messageStart + l.WritableIndexesOffset, l.WritableCount);
            AnyValue(messageStart + l.ReadonlyIndexesOffset, l.ReadonlyCount);
        }
        Assert.True(IsValid(payload));

        var mismatches = new List<string>();
        for (var i = 0; i < len; i++)
        {
            var original = payload[i];
            for (var off = 1; off < 256; off++)
            {
                var value = (byte)(original + off);
                payload[i] = value;
                var expected = value >= min[i] && value <= max[i];
                if (IsValid(payload) != expected && mismatches.Count < 20)
                    mismatches.Add($"byte {i} = {value}: expected {(expected ? "valid" : "invalid")}");
            }
            payload[i] = original;
        }
        Assert.Empty(mismatches);
    }

    private static bool IsValid(byte[] payload) =>
        Transaction.TryParseExact(payload, out var tx).IsOk && tx!.Verify(out _) == null;
}
