using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using static Stratus.Runtime.Tests.Serialization.Scenario;

namespace Stratus.Runtime.Tests.Serialization;

/// <summary>
/// Bad invocations and damaged buffers give Agave's precise errors (or a clean success), never an
/// exception or a read past the buffer.
/// </summary>
public class MalformedInputTests
{
    private static (TransactionAccount[] Tx, InstructionAccount[] Ix) ManyAccounts(int distinct, int duplicates)
    {
        var tx = new TransactionAccount[distinct + 1];
        tx[0] = new TransactionAccount(ProgramId, new Account(1, [], ProgramIds.BpfLoader, executable: true));
        for (int i = 1; i <= distinct; i++)
        {
            var key = new byte[32];
            key[0] = (byte)i;
            key[1] = (byte)(i >> 8);
            tx[i] = new TransactionAccount(new Pubkey(key), new Account((ulong)i, [(byte)i], ProgramId));
        }
        var ix = Enumerable.Range(1, distinct).Select(i => new InstructionAccount((ushort)i, false, true))
            .Concat(Enumerable.Repeat(new InstructionAccount(1, false, true), duplicates))
            .ToArray();
        return (tx, ix);
    }

    [Theory]
    [InlineData(InputLayout.Aligned)]
    [InlineData(InputLayout.Unaligned)]
    public void At_most_255_instruction_accounts(InputLayout layout)
    {
        var options = new SerializationOptions { MaskOutRentEpoch = true };

        var (tx, ix) = ManyAccounts(255, 0);
        Assert.Null(InputSerializer.Serialize(new InstructionInvocation(tx, ix, [], ProgramId, layout), options, out var input));
        Assert.Equal(255, input!.Accounts.Count);
        Assert.Equal(255UL, BitConverter.ToUInt64(input.Buffer, 0));

        (tx, ix) = ManyAccounts(256, 0);
        Assert.Equal(InstructionErrorKind.MaxAccountsExceeded, InputSerializer.Serialize(new InstructionInvocation(tx, ix, [], ProgramId, layout), options, out input)?.Kind);
        Assert.Null(input);

        // Duplicates count too (Agave's "too many accounts and append dup" case).
        (tx, ix) = ManyAccounts(255, 1);
        Assert.Equal(InstructionErrorKind.MaxAccountsExceeded, InputSerializer.Serialize(new InstructionInvocation(tx, ix, [], ProgramId, layout), options, out _)?.Kind);

        long delta = 0;
        Assert.Equal(InstructionErrorKind.MaxAccountsExceeded,
            InputDeserializer.Deserialize(new InstructionInvocation(tx, ix, [], ProgramId, layout), [], [], layout, options, ref delta)?.Kind);
    }

    [Fact]
    public void Maximum_duplicates_serialize_with_their_first_position()
    {
        var (tx, ix) = ManyAccounts(1, 254);
        Assert.Null(InputSerializer.Serialize(new InstructionInvocation(tx, ix, [], ProgramId, InputLayout.Aligned), default, out var input));
        Assert.Equal(8 + 96 + 1 + 10240 + 7 + 254 * 8 + 8 + 32, input!.Buffer.Length);
        Assert.All(input.Accounts, m => Assert.Equal(input.Accounts[0], m));
    }

    [Theory]
    [InlineData(InputLayout.Aligned)]
    [InlineData(InputLayout.Unaligned)]
    public void Account_index_outside_the_transaction_is_a_missing_account(InputLayout layout)
    {
        var s = new Scenario(layout, default);
        var ix = s.Instruction.Append(new InstructionAccount((ushort)s.Transaction.Length, false, false)).ToArray();
        var invocation = new InstructionInvocation(s.Transaction, ix, [], ProgramId, layout);
        Assert.Equal(InstructionErrorKind.MissingAccount, InputSerializer.Serialize(invocation, default, out _)?.Kind);
        long delta = 0;
        Assert.Equal(InstructionErrorKind.MissingAccount,
            InputDeserializer.Deserialize(invocation, s.Input.Buffer, s.Input.Accounts.ToArray(), layout, default, ref delta)?.Kind);
    }

    [Fact]
    public void Agave_2_2_direct_mapping_does_not_combine_with_post_2_2_layouts()
    {
        var s = new Scenario(InputLayout.Aligned, default);
        var bad = new SerializationOptions { BpfAccountDataDirectMapping = true, VirtualAddressSpaceAdjustments = true };
        Assert.Throws<ArgumentException>(() => InputSerializer.Serialize(s.Invocation, bad, out _));
    }

    [Fact]
    public void Empty_instruction_has_only_header_and_trailer()
    {
        var invocation = new InstructionInvocation([], [], [7], ProgramId, InputLayout.Aligned);
        Assert.Null(InputSerializer.Serialize(invocation, new SerializationOptions { DirectAccountPointersInProgramInput = true }, out var input));
        // count, data length, data, program id, then padding to 8 for an empty pointer table.
        Assert.Equal(8 + 8 + 1 + 32 + 7, input!.Buffer.Length);
        Assert.Single(input.Regions);
        Assert.Equal(0x4_0000_0010UL, input.InstructionDataAddress);
        long delta = 0;
        Assert.Null(InputDeserializer.Deserialize(invocation, input, ref delta));
    }

    public static TheoryData<InputLayout, int> AllModes() => RoundTripTests.AllModes();

    /// <summary>Every prefix of the buffer: the result is success or InvalidArgument, never an exception.</summary>
    [Theory]
    [MemberData(nameof(AllModes))]
    public void Truncated_buffers_give_invalid_argument(InputLayout layout, int mode)
    {
        var reference = new Scenario(layout, Modes[mode].Options);
        var buffer = reference.Input.Buffer;
        var metadata = reference.Input.Accounts.ToArray();
        int step = buffer.Length > 4096 ? 61 : 1;
        var lengths = Enumerable.Range(0, buffer.Length / step + 1).Select(i => i * step)
            .Concat(Enumerable.Range(0, 200)) // every short prefix
            .Concat(Enumerable.Range(Math.Max(0, buffer.Length - 64), 64))
            .Where(n => n <= buffer.Length)
            .Distinct();
        int invalid = 0;
        foreach (int length in lengths)
        {
            var s = new Scenario(layout, Modes[mode].Options);
            var error = InputDeserializer.Deserialize(s.Invocation, buffer.AsSpan(0, length), metadata, layout, s.Options, ref s.ResizeDelta);
            if (error is { } e)
            {
                Assert.Equal(InstructionErrorKind.InvalidArgument, e.Kind);
                invalid++;
            }
        }
        Assert.True(invalid > 0);

        // Short of the first account's fields, every layout refuses.
        var first = new Scenario(layout, Modes[mode].Options);
        Assert.Equal(InstructionErrorKind.InvalidArgument,
            InputDeserializer.Deserialize(first.Invocation, buffer.AsSpan(0, 20), metadata, layout, first.Options, ref first.ResizeDelta)?.Kind);
    }

    private static readonly InstructionErrorKind[] DeserializeErrors =
    [
        InstructionErrorKind.InvalidArgument,
        InstructionErrorKind.InvalidRealloc,
        InstructionErrorKind.ExternalAccountLamportSpend,
        InstructionErrorKind.ReadonlyLamportChange,
        InstructionErrorKind.ExecutableLamportChange,
        InstructionErrorKind.ExternalAccountDataModified,
        InstructionErrorKind.ReadonlyDataModified,
        InstructionErrorKind.ExecutableDataModified,
        InstructionErrorKind.AccountDataSizeChanged,
        InstructionErrorKind.ModifiedProgramId,
        InstructionErrorKind.MaxAccountsDataAllocationsExceeded,
    ];

    /// <summary>Random byte damage anywhere in the header, entries and trailer.</summary>
    [Theory]
    [MemberData(nameof(AllModes))]
    public void Mutated_buffers_give_a_defined_result(InputLayout layout, int mode)
    {
        var random = new Random(1234 + mode + 10 * (int)layout);
        var reference = new Scenario(layout, Modes[mode].Options);
        var metadata = reference.Input.Accounts.ToArray();
        // Entries live in the first and last bytes; the realloc areas in between are plain zeros.
        int hot = Math.Min(reference.Input.Buffer.Length, 700);
        var seen = new HashSet<InstructionErrorKind?>();
        for (int round = 0; round < 300; round++)
        {
            var s = new Scenario(layout, Modes[mode].Options);
            var buffer = (byte[])s.Input.Buffer.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(2) == 0 ? random.Next(hot) : buffer.Length - 1 - random.Next(hot);
                buffer[at] = (byte)random.Next(256);
            }
            var error = InputDeserializer.Deserialize(s.Invocation, buffer, metadata, layout, s.Options, ref s.ResizeDelta);
            seen.Add(error?.Kind);
            if (error is { } e) Assert.Contains(e.Kind, DeserializeErrors);
        }
        Assert.Contains(null, seen);
        Assert.True(seen.Count > 1, "mutations never produced an error");
    }

    [Fact]
    public void Huge_data_length_in_the_buffer_is_invalid_realloc_not_an_overflow()
    {
        var s = new Scenario(InputLayout.Aligned, default);
        var buffer = (byte[])s.Input.Buffer.Clone();
        int lengthOffset = (int)(s.DataLengthAddr(A) - 0x4_0000_0000);
        BitConverter.TryWriteBytes(buffer.AsSpan(lengthOffset), ulong.MaxValue);
        Assert.Equal(InstructionErrorKind.InvalidRealloc,
            InputDeserializer.Deserialize(s.Invocation, buffer, s.Input.Accounts.ToArray(), s.Layout, s.Options, ref s.ResizeDelta)?.Kind);
    }

    [Fact]
    public void Fewer_metadata_entries_than_accounts_stop_early_like_agave_zip()
    {
        var s = new Scenario(InputLayout.Aligned, default);
        var buffer = (byte[])s.Input.Buffer.Clone();
        // Damage C's lamports (third account); with only two metadata entries it is never read.
        BitConverter.TryWriteBytes(buffer.AsSpan((int)(s.LamportsAddr(C) - 0x4_0000_0000)), 1UL);
        Assert.Null(InputDeserializer.Deserialize(s.Invocation, buffer, s.Input.Accounts.Take(2).ToArray(), s.Layout, s.Options, ref s.ResizeDelta));
        Assert.Equal(InstructionErrorKind.ExternalAccountLamportSpend,
            InputDeserializer.Deserialize(s.Invocation, buffer, s.Input.Accounts.ToArray(), s.Layout, s.Options, ref s.ResizeDelta)?.Kind);
    }
}
