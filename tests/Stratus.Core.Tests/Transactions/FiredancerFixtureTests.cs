using Stratus.Core.Transactions;
using Stratus.TestCommon;

namespace Stratus.Core.Tests.Transactions;

/// <summary>
/// Raw transactions from Firedancer's test fixtures. Expected outcomes come from the Firedancer tests
/// that use each file (commit 178b48fe, see shared/data/MANIFEST.tsv), restated in Agave's terms.
/// </summary>
public class FiredancerFixtureTests
{
    private const string Txn = "misc/firedancer-txn";
    private const string Pack = "misc/firedancer-pack-txn";

    // (file, valid, why). "valid" = decodes, fills the file exactly, and passes Agave's transaction sanitize.
    public static TheoryData<string, bool, string> Expectations => new()
    {
        // src/ballet/txn/test_txn_parse.c: "from the flood pcap. It never landed on chain"; txn1_correctness parses it.
        { $"{Txn}/transaction1.bin", true, "test_txn_parse.c txn1_correctness: FD_TEST( out_sz )" },
        // "This transaction landed on mainnet" (signature 4gxceixE...); txn2_correctness parses it.
        { $"{Txn}/transaction2.bin", true, "test_txn_parse.c txn2_correctness: FD_TEST( out_sz )" },
        // "When parsed, this transaction takes up the maximum amount of space": parse returns FD_TXN_MAX_SZ.
        { $"{Txn}/transaction3.bin", true, "test_txn_parse.c main: FD_TXN_MAX_SZ == fd_txn_parse(transaction3)" },
        // "This transaction has no instructions and only one account address": parse returns sizeof(fd_txn_t).
        { $"{Txn}/transaction4.bin", true, "test_txn_parse.c main: sizeof(fd_txn_t) == fd_txn_parse(transaction4)" },
        // "Hand-crafted invalid instruction ... It is not a valid transaction": parse returns 0.
        { $"{Txn}/transaction5.bin", false, "test_txn_parse.c main: 0 == fd_txn_parse(transaction5)" },
        // "The program ID is a signer on this transaction. That's valid.": parse returns fd_txn_footprint(1,0).
        { $"{Txn}/transaction6.bin", true, "test_txn_parse.c main: fd_txn_footprint(1,0) == fd_txn_parse(transaction6)" },
        // src/disco/pack/test_compute_budget_program.c test_txn(): FD_TEST( fd_txn_parse(...) ) for each file.
        { $"{Pack}/txn1.bin", true, "test_compute_budget_program.c: 0.2 lamports per CU, no CU limit" },
        { $"{Pack}/txn2.bin", true, "test_compute_budget_program.c: 500k CU, 15001 micro-lamports per CU" },
        { $"{Pack}/txn3.bin", true, "test_compute_budget_program.c: 1M CU, no extra fee" },
        { $"{Pack}/txn4.bin", true, "test_compute_budget_program.c: 75k CU, CU request with trailing data" },
        { $"{Pack}/txn5.bin", true, "test_compute_budget_program.c: requests 6M CU" },
        { $"{Pack}/txn6.bin", true, "test_compute_budget_program.c: loaded accounts data size limit" },
        { $"{Pack}/txn7.bin", true, "test_compute_budget_program.c: requests additional heap" },
    };

    [SharedTheory(Txn, Pack)]
    [MemberData(nameof(Expectations))]
    public void Parses_and_sanitizes_as_firedancer_tests_expect(string file, bool valid, string source)
    {
        var bytes = File.ReadAllBytes(SharedData.Require(file));
        var parse = Transaction.TryParseExact(bytes, out var tx);
        // Every fixture is well-formed on the wire; transaction5 fails a sanitize rule, not decoding.
        Assert.True(parse.IsOk, $"{file}: {parse} ({source})");
        var error = tx!.Verify(out var detail);
        Assert.True(valid == (error == null), $"{file}: expected {(valid ? "valid" : "invalid")} per {source}, got {error?.ToString() ?? "ok"} {detail}");
        Assert.Equal(bytes, tx.Serialize());
    }

    [SharedFact(Txn, Pack)]
    public void Directories_hold_exactly_the_files_with_expectations()
    {
        var expected = Expectations.Select(row => (string)row[0]).Order().ToArray();
        var actual = Directory.GetFiles(SharedData.Require(Txn)).Concat(Directory.GetFiles(SharedData.Require(Pack)))
            .Select(f => Path.GetRelativePath(SharedData.DataPath(""), f).Replace('\\', '/')).Order().ToArray();
        Assert.Equal(expected, actual);
    }

    [SharedFact($"{Txn}/transaction5.bin")]
    public void Transaction5_fails_on_an_empty_address_table_lookup()
    {
        // Firedancer rejects it with CHECK( 1 <= writable_cnt+readonly_cnt ); Agave's v0 sanitize rule is
        // "each lookup table must be used to load at least one account" -> SanitizeError::InvalidValue.
        var tx = Transaction.Parse(File.ReadAllBytes(SharedData.Require($"{Txn}/transaction5.bin")));
        Assert.Equal(MessageVersion.V0, tx.Version);
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.EmptyAddressTableLookup), tx.Sanitize());
        Assert.Equal(TransactionError.SanitizeFailure, tx.Verify(out _));
    }

    [SharedFact($"{Txn}/transaction1.bin")]
    public void Transaction1_fields_match_firedancer_txn1_correctness()
    {
        var bytes = File.ReadAllBytes(SharedData.Require($"{Txn}/transaction1.bin"));
        var tx = Transaction.Parse(bytes);
        var m = tx.Message;
        Assert.Equal(MessageVersion.Legacy, m.Version);
        Assert.Equal(4, tx.SignatureCount);
        Assert.Equal(new byte[] { 97, 189, 11, 108 }, tx.Signatures.ToArray().Select(s => s.AsSpan()[0]).ToArray());
        Assert.Equal(new MessageHeader(4, 1, 11), m.Header);
        Assert.Equal(23, m.StaticAccountKeyCount);
        Assert.Equal(new byte[] { 220, 255, 85, 89, 201, 170, 194, 48, 228, 123, 151, 133, 6, 6, 203, 6, 11, 6, 0, 140, 3, 5, 168 },
            m.StaticAccountKeys.ToArray().Select(k => k.AsSpan()[0]).ToArray());
        Assert.Equal(155, m.RecentBlockhash.AsSpan()[0]);
        Assert.Empty(m.AddressTableLookups.ToArray());
        Assert.Equal(7, m.InstructionCount);
        var ix0 = m.GetInstruction(0);
        Assert.Equal(20, ix0.ProgramIdIndex);
        Assert.Equal(0, ix0.Accounts.Length);
        Assert.Equal(new byte[] { 0x00, 0xE0, 0x93, 0x04, 0x00 }, ix0.Data.ToArray());
        var ix1 = m.GetInstruction(1);
        Assert.Equal(18, ix1.ProgramIdIndex);
        Assert.Equal(2, ix1.Accounts.Length);
        Assert.Equal(12, ix1.Data.Length);
        Assert.Equal(0, ix1.Accounts[0]);
        Assert.Equal(2, ix1.Data[0]);
        var ix6 = m.GetInstruction(6);
        Assert.Equal(22, ix6.ProgramIdIndex);
        Assert.Equal(21, ix6.Accounts.Length);
        Assert.Equal(12, ix6.Data.Length);
        Assert.Equal(14, ix6.Accounts[0]);
        Assert.Equal(211, ix6.Data[0]);
        // The signed bytes follow the signatures directly.
        Assert.Equal(1 + 4 * 64, bytes.Length - tx.MessageBytes.Length);
        Assert.True(tx.MessageBytes.SequenceEqual(bytes.AsSpan(1 + 4 * 64)));
    }

    [SharedFact($"{Txn}/transaction2.bin")]
    public void Transaction2_fields_match_firedancer_txn2_correctness()
    {
        var tx = Transaction.Parse(File.ReadAllBytes(SharedData.Require($"{Txn}/transaction2.bin")));
        var m = tx.Message;
        Assert.Equal(MessageVersion.V0, m.Version);
        Assert.Equal(1, tx.SignatureCount);
        Assert.Equal(184, tx.Signatures[0].AsSpan()[0]);
        // Firedancer's comment gives the mainnet signature of this transaction.
        Assert.Equal("4gxceixEGkug6Da4KgTjZ9EVjEyEDWSk5QzokfucQE4d767yyxjwgv46u5y3hntprtVMGWGz1cNzWeC6DtJhUcuz", tx.Id.ToString());
        Assert.Equal(new MessageHeader(1, 0, 2), m.Header);
        Assert.Equal(new byte[] { 216, 176, 9, 213, 3, 4 }, m.StaticAccountKeys.ToArray().Select(k => k.AsSpan()[0]).ToArray());
        Assert.Equal(148, m.RecentBlockhash.AsSpan()[0]);
        Assert.Equal(3, m.AddressTableLookups.Length);
        Assert.Equal(12, m.LookupWritableCount);
        Assert.Equal(21, m.LookupWritableCount + m.LookupReadonlyCount);
        Assert.Equal(27, m.TotalAccountKeyCount);
        Assert.Equal(2, m.InstructionCount);
        var ix0 = m.GetInstruction(0);
        Assert.Equal(4, ix0.ProgramIdIndex);
        Assert.Equal(0, ix0.Accounts.Length);
        Assert.Equal(5, ix0.Data.Length);
        var ix1 = m.GetInstruction(1);
        Assert.Equal(5, ix1.ProgramIdIndex);
        Assert.Equal(39, ix1.Accounts.Length);
        Assert.Equal(38, ix1.Data.Length);
        Assert.Equal(18, ix1.Accounts[0]);
        Assert.Equal(229, ix1.Data[0]);

        var l0 = m.GetAddressTableLookup(0);
        Assert.Equal(54, l0.AccountKey.AsSpan()[0]);
        Assert.Equal(new byte[] { 142, 141, 143, 144 }, l0.WritableIndexes.ToArray());
        Assert.Equal(4, l0.ReadonlyIndexes.Length);
        Assert.Equal(117, l0.ReadonlyIndexes[1]);
        var l1 = m.GetAddressTableLookup(1);
        Assert.Equal(34, l1.AccountKey.AsSpan()[0]);
        Assert.Equal(4, l1.WritableIndexes.Length);
        Assert.Equal(4, l1.ReadonlyIndexes.Length);
        Assert.Equal(196, l1.WritableIndexes[0]);
        Assert.Equal(194, l1.ReadonlyIndexes[0]);
        var l2 = m.GetAddressTableLookup(2);
        Assert.Equal(212, l2.AccountKey.AsSpan()[0]);
        Assert.Equal(4, l2.WritableIndexes.Length);
        Assert.Equal(1, l2.ReadonlyIndexes.Length);
        Assert.Equal(91, l2.WritableIndexes[0]);
        Assert.Equal(97, l2.ReadonlyIndexes[0]);
        // v0 signed bytes start with the version prefix.
        Assert.Equal(Message.VersionPrefix, tx.MessageBytes[0]);
    }

    [SharedFact($"{Txn}/transaction4.bin", $"{Txn}/transaction6.bin", $"{Txn}/transaction3.bin")]
    public void Edge_shaped_fixtures_have_the_described_shape()
    {
        // transaction4: no instructions and only one account address.
        var t4 = Transaction.Parse(File.ReadAllBytes(SharedData.Require($"{Txn}/transaction4.bin")));
        Assert.Equal(0, t4.Message.InstructionCount);
        Assert.Equal(1, t4.Message.StaticAccountKeyCount);
        // transaction6: the program id is a signer (index 1 of 2 signers).
        var t6 = Transaction.Parse(File.ReadAllBytes(SharedData.Require($"{Txn}/transaction6.bin")));
        Assert.Equal(1, t6.Message.InstructionCount);
        var programIndex = t6.Message.Instructions[0].ProgramIdIndex;
        Assert.True(t6.Message.IsSigner(programIndex));
        // It is the read-only signer, so nothing can make it writable.
        Assert.False(t6.Message.IsWritableIndex(programIndex));
        Assert.False(t6.Message.IsMaybeWritable(programIndex));
        // transaction3: the most instructions and lookups Firedancer's parser allows (64 and 24 here).
        var t3 = Transaction.Parse(File.ReadAllBytes(SharedData.Require($"{Txn}/transaction3.bin")));
        Assert.Equal(64, t3.Message.InstructionCount);
        Assert.Equal(24, t3.Message.AddressTableLookups.Length);
    }
}
