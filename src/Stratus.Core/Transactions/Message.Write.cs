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
        if (Version == MessageVersion.V0) writer.WriteU8(VersionPrefix);
        writer.WriteU8(Header.NumRequiredSignatures);
        writer.WriteU8(Header.NumReadonlySignedAccounts);
        writer.WriteU8(Header.NumReadonlyUnsignedAccounts);
        var keys = StaticAccountKeys;
        writer.WriteShortVecLength(keys.Length);
        foreach (ref readonly var key in keys) writer.WritePubkey(in key);
        writer.WriteHash(RecentBlockhash);
        writer.WriteShortVecLength(_instructions.Length);
        for (var i = 0; i < _instructions.Length; i++)
        {
            var ix = GetInstruction(i);
            writer.WriteU8(ix.ProgramIdIndex);
            writer.WriteShortVecLength(ix.Accounts.Length);
            writer.WriteBytes(ix.Accounts);
            writer.WriteShortVecLength(ix.Data.Length);
            writer.WriteBytes(ix.Data);
        }
        if (Version == MessageVersion.V0)
        {
            writer.WriteShortVecLength(_lookups.Length);
            for (var i = 0; i < _lookups.Length; i++)
            {
                var lookup = GetAddressTableLookup(i);
                writer.WritePubkey(lookup.AccountKey);
                writer.WriteShortVecLength(lookup.WritableIndexes.Length);
                writer.WriteBytes(lookup.WritableIndexes);
                writer.WriteShortVecLength(lookup.ReadonlyIndexes.Length);
                writer.WriteBytes(lookup.ReadonlyIndexes);
            }
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
        if (version == MessageVersion.V0) writer.WriteU8(VersionPrefix);
        writer.WriteU8(header.NumRequiredSignatures);
        writer.WriteU8(header.NumReadonlySignedAccounts);
        writer.WriteU8(header.NumReadonlyUnsignedAccounts);
        writer.WriteShortVecLength(accountKeys.Length);
        foreach (ref readonly var key in accountKeys) writer.WritePubkey(in key);
        writer.WriteHash(in recentBlockhash);
        writer.WriteShortVecLength(instructions.Count);
        foreach (var ix in instructions)
        {
            writer.WriteU8(ix.ProgramIdIndex);
            writer.WriteShortVecLength(ix.Accounts.Length);
            writer.WriteBytes(ix.Accounts);
            writer.WriteShortVecLength(ix.Data.Length);
            writer.WriteBytes(ix.Data);
        }
        if (version == MessageVersion.V0)
        {
            var lookups = addressTableLookups ?? [];
            writer.WriteShortVecLength(lookups.Count);
            foreach (var lookup in lookups)
            {
                writer.WritePubkey(lookup.AccountKey);
                writer.WriteShortVecLength(lookup.WritableIndexes.Length);
                writer.WriteBytes(lookup.WritableIndexes);
                writer.WriteShortVecLength(lookup.ReadonlyIndexes.Length);
                writer.WriteBytes(lookup.ReadonlyIndexes);
            }
        }
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
}
