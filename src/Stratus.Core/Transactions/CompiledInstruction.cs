namespace Stratus.Core.Transactions;

/// <summary>
/// Where one instruction sits in its message's bytes: the program id index and the offsets and lengths
/// of its account-index and data byte ranges (offsets relative to the start of the message).
/// Read the bytes through <see cref="Message.GetInstruction(int)"/>.
/// </summary>
public readonly record struct CompiledInstruction(byte ProgramIdIndex, int AccountsOffset, ushort AccountCount, int DataOffset, ushort DataLength);

/// <summary>One instruction's contents: program id index, account indexes, data.</summary>
public readonly ref struct InstructionView(byte programIdIndex, ReadOnlySpan<byte> accounts, ReadOnlySpan<byte> data)
{
    public byte ProgramIdIndex { get; } = programIdIndex;

    /// <summary>Indexes into the message's full account list (static keys, then looked-up writable, then readonly).</summary>
    public ReadOnlySpan<byte> Accounts { get; } = accounts;

    public ReadOnlySpan<byte> Data { get; } = data;
}

/// <summary>
/// Where one v0 address table lookup sits in its message's bytes (offsets relative to the start of the message).
/// Read it through <see cref="Message.GetAddressTableLookup(int)"/>.
/// </summary>
public readonly record struct AddressTableLookup(int AccountKeyOffset, int WritableIndexesOffset, ushort WritableCount, int ReadonlyIndexesOffset, ushort ReadonlyCount);

/// <summary>One address table lookup: the table account and the indexes loaded writable and readonly.</summary>
public readonly ref struct AddressTableLookupView(Pubkey accountKey, ReadOnlySpan<byte> writableIndexes, ReadOnlySpan<byte> readonlyIndexes)
{
    public Pubkey AccountKey { get; } = accountKey;

    public ReadOnlySpan<byte> WritableIndexes { get; } = writableIndexes;

    public ReadOnlySpan<byte> ReadonlyIndexes { get; } = readonlyIndexes;
}

/// <summary>An instruction to serialize: program id index, account indexes and data.</summary>
public sealed record CompiledInstructionSpec(byte ProgramIdIndex, byte[] Accounts, byte[] Data);

/// <summary>An address table lookup to serialize.</summary>
public sealed record AddressTableLookupSpec(Pubkey AccountKey, byte[] WritableIndexes, byte[] ReadonlyIndexes);
