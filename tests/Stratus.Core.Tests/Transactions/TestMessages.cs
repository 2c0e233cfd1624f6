using Stratus.Core.Transactions;

namespace Stratus.Core.Tests.Transactions;

/// <summary>Builds messages and transactions from parts for rule-by-rule tests.</summary>
internal static class TestMessages
{
    /// <summary>A distinct, deterministic key per number.</summary>
    public static Pubkey Key(int n)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, n + 1);
        bytes[31] = 0xA5;
        return new Pubkey(bytes);
    }

    public static Pubkey[] Keys(int count, int first = 0) => Enumerable.Range(first, count).Select(Key).ToArray();

    public static CompiledInstructionSpec Ix(byte program, params byte[] accounts) => new(program, accounts, [1, 2, 3]);

    public static AddressTableLookupSpec Lookup(byte[] writable, byte[] @readonly, int table = 1000) => new(Key(table), writable, @readonly);

    public static Message Legacy(MessageHeader header, Pubkey[] keys, params CompiledInstructionSpec[] ixs)
        => Message.Create(MessageVersion.Legacy, header, keys, default, ixs);

    public static Message V0(MessageHeader header, Pubkey[] keys, CompiledInstructionSpec[] ixs, params AddressTableLookupSpec[] lookups)
        => Message.Create(MessageVersion.V0, header, keys, default, ixs, lookups);

    public static Transaction Signed(Message message, int signatures)
        => Transaction.Create(new Signature[signatures], message);

    public static MessageHeader Header(byte required, byte readonlySigned = 0, byte readonlyUnsigned = 0) => new(required, readonlySigned, readonlyUnsigned);
}
