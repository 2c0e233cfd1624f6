using Stratus.Core.Transactions;
using static Stratus.Core.Tests.Transactions.TestMessages;

namespace Stratus.Core.Tests.Transactions;

/// <summary>
/// One test per sanitize rule of solana-message / solana-transaction 2.2 (the cases Agave's own unit tests
/// pin down, rebuilt here), including which SanitizeError each rule reports for legacy and v0.
/// </summary>
public class SanitizeTests
{
    private static readonly SanitizeResult Ok = SanitizeResult.Ok;

    [Fact]
    public void Legacy_minimal_messages_pass()
    {
        Assert.Equal(Ok, Legacy(Header(1), Keys(1)).Sanitize());
        Assert.Equal(Ok, Legacy(Header(1, 0, 1), Keys(2), Ix(1, 0)).Sanitize());
        // A signer can be the program (Firedancer transaction6 does this).
        Assert.Equal(Ok, Legacy(Header(2, 1), Keys(2), Ix(1, 0, 1)).Sanitize());
    }

    [Fact]
    public void Header_may_not_describe_more_keys_than_exist()
    {
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys),
            Legacy(Header(1, 0, 1), Keys(1)).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys),
            V0(Header(2), Keys(1), []).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys),
            Legacy(Header(1), []).Sanitize());
    }

    [Fact]
    public void There_must_be_a_writable_signer_and_the_error_differs_by_version()
    {
        // No signer at all, and a lone signer marked read-only.
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.NoWritableFeePayer), Legacy(Header(0), Keys(1)).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.NoWritableFeePayer), Legacy(Header(1, 1), Keys(1)).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.NoWritableFeePayer), V0(Header(0), Keys(1), []).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.NoWritableFeePayer), V0(Header(1, 1), Keys(1), []).Sanitize());
    }

    [Fact]
    public void Program_ids_must_be_static_keys_other_than_the_payer()
    {
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIsFeePayer, 0),
            Legacy(Header(1), Keys(2), Ix(0)).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIndexOutOfBounds, 1),
            Legacy(Header(1), Keys(2), Ix(1), Ix(2)).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIsFeePayer, 0),
            V0(Header(1), Keys(2), [Ix(0)]).Sanitize());
        // v0: a program id pointing into looked-up keys is rejected even though the index exists.
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIndexOutOfBounds, 0),
            V0(Header(1), Keys(1), [Ix(4, 0, 1, 2, 3)], Lookup([1, 2, 3], [0])).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.ProgramIdIndexOutOfBounds, 0),
            V0(Header(1), Keys(1), [Ix(2)], Lookup([0], [])).Sanitize());
    }

    [Fact]
    public void Instruction_accounts_must_index_the_full_account_list()
    {
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.AccountIndexOutOfBounds, 0),
            Legacy(Header(1), Keys(2), Ix(1, 0, 2)).Sanitize());
        // v0: static keys 0-1 plus four looked-up keys 2-5.
        Assert.Equal(Ok, V0(Header(1), Keys(2), [Ix(1, 2, 3, 4, 5)], Lookup([1, 2, 3], [0])).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.AccountIndexOutOfBounds, 0),
            V0(Header(1), Keys(2), [Ix(1, 3)], Lookup([], [0])).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.AccountIndexOutOfBounds, 0),
            V0(Header(1), Keys(2), [Ix(1, 255)]).Sanitize());
    }

    [Fact]
    public void Lookups_must_load_at_least_one_key()
    {
        Assert.Equal(Ok, V0(Header(1), Keys(1), [], Lookup([1, 2, 3], [0])).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.EmptyAddressTableLookup),
            V0(Header(1), Keys(1), [], Lookup([], [])).Sanitize());
    }

    [Fact]
    public void V0_messages_address_at_most_256_keys()
    {
        Assert.Equal(Ok, V0(Header(1), Keys(256), []).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.TooManyAccountKeys), V0(Header(1), Keys(257), []).Sanitize());
        var evens = Enumerable.Range(0, 255).Where(i => i % 2 == 0).Select(i => (byte)i).ToArray();
        var odds = Enumerable.Range(1, 254).Where(i => i % 2 == 1).Select(i => (byte)i).ToArray();
        Assert.Equal(Ok, V0(Header(1), Keys(1), [], Lookup(evens, odds)).Sanitize());
        var allEvens = Enumerable.Range(0, 256).Where(i => i % 2 == 0).Select(i => (byte)i).ToArray();
        var allOdds = Enumerable.Range(1, 255).Where(i => i % 2 == 1).Select(i => (byte)i).ToArray();
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.TooManyAccountKeys),
            V0(Header(1), Keys(1), [], Lookup(allEvens, allOdds)).Sanitize());
    }

    [Fact]
    public void Legacy_messages_have_no_256_key_rule_and_instructions_no_account_cap()
    {
        // Agave's legacy sanitize has no total-key bound (the lock limit catches it later).
        Assert.Equal(Ok, Legacy(Header(1), Keys(300)).Sanitize());
        // 256 account indexes in one instruction: accepted by Agave (Firedancer's parser caps at 255).
        var many = Enumerable.Repeat((byte)0, 256).ToArray();
        Assert.Equal(Ok, Legacy(Header(1, 0, 1), Keys(2), new CompiledInstructionSpec(1, many, [])).Sanitize());
    }

    [Fact]
    public void Signature_count_must_equal_required_signatures()
    {
        var message = Legacy(Header(2, 0, 1), Keys(3), Ix(2, 0, 1));
        Assert.Equal(Ok, Signed(message, 2).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.NotEnoughSignatures), Signed(message, 1).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.TooManySignatures), Signed(message, 3).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.NotEnoughSignatures), Signed(message, 0).Sanitize());
    }

    [Fact]
    public void Signatures_are_checked_before_the_message()
    {
        // Both the signature count and the header are wrong: the signature rule reports first.
        var message = Legacy(Header(3, 0, 0), Keys(2));
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.HeaderExceedsAccountKeys), message.Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.IndexOutOfBounds, SanitizeReason.SignaturesExceedStaticKeys), Signed(message, 3).Sanitize());
        Assert.Equal(new SanitizeResult(SanitizeError.InvalidValue, SanitizeReason.TooManySignatures), Signed(message, 4).Sanitize());
    }

    [Fact]
    public void Every_failure_is_a_sanitize_failure_transaction_error()
    {
        Assert.Equal(TransactionError.SanitizeFailure, Signed(Legacy(Header(1), Keys(2), Ix(0)), 1).Verify(out var detail));
        Assert.Equal(SanitizeReason.ProgramIdIsFeePayer, detail.Reason);
        Assert.Null(Signed(Legacy(Header(1), Keys(2), Ix(1)), 1).Verify(out detail));
        Assert.True(detail.IsOk);
    }

    [Fact]
    public void Transactions_over_1232_bytes_fail_before_sanitize()
    {
        // 1 + 64 signature bytes, then header 3, key count 1, keys 64, blockhash 32, ix count 1, program 1, accounts 1, data length 2.
        var data = new byte[1232 - (1 + 64 + 3 + 1 + 64 + 32 + 1 + 1 + 1 + 2)];
        var fits = Signed(Message.Create(MessageVersion.Legacy, Header(1), Keys(2), default, [new CompiledInstructionSpec(1, [], data)]), 1);
        Assert.Equal(Transaction.MaxSize, fits.Size);
        Assert.Null(fits.Verify(out _));
        var tooBig = Signed(Message.Create(MessageVersion.Legacy, Header(1), Keys(2), default, [new CompiledInstructionSpec(1, [], [.. data, 0])]), 1);
        Assert.Equal(Transaction.MaxSize + 1, tooBig.Size);
        Assert.True(tooBig.Sanitize().IsOk);
        Assert.Equal(TransactionError.SanitizeFailure, tooBig.Verify(out var detail));
        Assert.True(detail.IsOk);
    }
}
