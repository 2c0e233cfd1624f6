using Stratus.Core.Serialization;

namespace Stratus.Core.Transactions;

public sealed partial class Message
{
    /// <summary>
    /// Re-encodes the message field by field from its decoded form. Because only canonical encodings are
    /// accepted, this reproduces <see cref="Bytes"/> exactly.
    /// </summary>
    public void WriteTo(BincodeWriter writer)
    {
        WriteHead(writer, Version, Header, StaticAccountKeys, RecentBlockhash, _instructions.Length);
        for (var i = 0; i < _instructions.Length; i++)
        {
            var ix = GetInstruction(i);
            WriteInstruction(writer, ix.ProgramIdIndex, ix.Accounts, ix.Data);
        }
        if (Version != MessageVersion.V0) return;
        writer.WriteShortVecLength(_lookups.Length);
        for (var i = 0; i < _lookups.Length; i++)
        {
            var lookup = GetAddressTableLookup(i);
            WriteLookup(writer, lookup.AccountKey, lookup.WritableIndexes, lookup.ReadonlyIndexes);
        }
    }

    /// <summary>Re-encodes the message (see <see cref="WriteTo"/>).</summary>
    public byte[] Serialize()
    {
        var writer = new BincodeWriter(_bytes.Length);
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Serializes a message from its parts. Nothing is sanitized, so invalid messages can be built for
    /// tests. Legacy messages must have no lookups, and a legacy num_required_signatures of 0x80 or more
    /// would read back as a version prefix.
    /// </summary>
    public static void Write(
        BincodeWriter writer,
        MessageVersion version,
        MessageHeader header,
        ReadOnlySpan<Pubkey> accountKeys,
        in Hash recentBlockhash,
        IReadOnlyList<CompiledInstructionSpec> instructions,
        IReadOnlyList<AddressTableLookupSpec>? addressTableLookups = null)
    {
        if (version == MessageVersion.Legacy && addressTableLookups is { Count: > 0 })
            throw new ArgumentException("legacy messages have no address table lookups", nameof(addressTableLookups));
        WriteHead(writer, version, header, accountKeys, recentBlockhash, instructions.Count);
        foreach (var ix in instructions) WriteInstruction(writer, ix.ProgramIdIndex, ix.Accounts, ix.Data);
        if (version != MessageVersion.V0) return;
        var lookups = addressTableLookups ?? [];
        writer.WriteShortVecLength(lookups.Count);
        foreach (var lookup in lookups) WriteLookup(writer, lookup.AccountKey, lookup.WritableIndexes, lookup.ReadonlyIndexes);
    }

    /// <summary>Serializes a message from its parts and decodes it back (see <see cref="Write"/>).</summary>
    public static Message Create(
        MessageVersion version,
        MessageHeader header,
        ReadOnlySpan<Pubkey> accountKeys,
        in Hash recentBlockhash,
        IReadOnlyList<CompiledInstructionSpec> instructions,
        IReadOnlyList<AddressTableLookupSpec>? addressTableLookups = null)
    {
        var writer = new BincodeWriter();
        Write(writer, version, header, accountKeys, recentBlockhash, instructions, addressTableLookups);
        var result = TryParseExact(writer.ToArray(), out var message);
        if (!result.IsOk) throw new ArgumentException($"parts do not form a decodable message: {result}");
        return message!;
    }

    // Everything before the instructions, ending with the instruction count.
    private static void WriteHead(BincodeWriter writer, MessageVersion version, MessageHeader header, ReadOnlySpan<Pubkey> accountKeys, in Hash recentBlockhash, int instructionCount)
    {
        if (version == MessageVersion.V0) writer.WriteU8(VersionPrefix);
        writer.WriteU8(header.NumRequiredSignatures);
        writer.WriteU8(header.NumReadonlySignedAccounts);
        writer.WriteU8(header.NumReadonlyUnsignedAccounts);
        writer.WriteShortVec(accountKeys);
        writer.WriteHash(in recentBlockhash);
        writer.WriteShortVecLength(instructionCount);
    }

    private static void WriteInstruction(BincodeWriter writer, byte programIdIndex, ReadOnlySpan<byte> accounts, ReadOnlySpan<byte> data)
    {
        writer.WriteU8(programIdIndex);
        writer.WriteShortVec(accounts);
        writer.WriteShortVec(data);
    }

    private static void WriteLookup(BincodeWriter writer, in Pubkey accountKey, ReadOnlySpan<byte> writableIndexes, ReadOnlySpan<byte> readonlyIndexes)
    {
        writer.WritePubkey(in accountKey);
        writer.WriteShortVec(writableIndexes);
        writer.WriteShortVec(readonlyIndexes);
    }
}
