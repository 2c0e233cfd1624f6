using System.Runtime.InteropServices;
using Stratus.Core.Serialization;

namespace Stratus.Core.Transactions;

/// <summary>
/// A versioned transaction (compact-u16 signature count, 64-byte signatures, then a legacy or v0
/// message), decoded in place over its wire bytes.
/// </summary>
public sealed class Transaction
{
    /// <summary>Largest transaction Agave accepts (PACKET_DATA_SIZE: 1280 − 40 IPv6 − 8 UDP header bytes).</summary>
    public const int MaxSize = 1232;

    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly int _signaturesOffset;

    private Transaction(ReadOnlyMemory<byte> bytes, int signaturesOffset, int signatureCount, Message message)
    {
        _bytes = bytes;
        _signaturesOffset = signaturesOffset;
        SignatureCount = signatureCount;
        Message = message;
    }

    /// <summary>The transaction's wire bytes exactly as received.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    public ReadOnlySpan<byte> Span => _bytes.Span;

    public int Size => _bytes.Length;

    public int SignatureCount { get; }

    public ReadOnlySpan<Signature> Signatures =>
        MemoryMarshal.Cast<byte, Signature>(_bytes.Span.Slice(_signaturesOffset, SignatureCount * Signature.Length));

    /// <summary>The first signature, which identifies the transaction; default when there is none.</summary>
    public Signature Id => SignatureCount > 0 ? Signatures[0] : default;

    public Message Message { get; }

    /// <summary>The signed bytes (what each signature covers and what the message hash is computed over).</summary>
    public ReadOnlySpan<byte> MessageBytes => Message.Span;

    public MessageVersion Version => Message.Version;

    /// <summary>
    /// Decodes a transaction from the start of <paramref name="buffer"/> and reports how many bytes it
    /// used, so transactions packed back to back (as in entries) can be walked. No size limit is applied
    /// here: Agave decodes entries without one and rejects oversize transactions during sanitize.
    /// </summary>
    public static TransactionParseResult TryParse(ReadOnlyMemory<byte> buffer, out Transaction? transaction, out int consumed)
    {
        transaction = null;
        consumed = 0;
        var span = buffer.Span;
        var err = ShortU16.TryDecode(span, out var signatureCount, out var pos);
        if (err != ShortU16Error.None) return new TransactionParseResult(TransactionParseResult.FromShortU16(err), TransactionField.SignatureCount, 0);
        if (span.Length - pos < signatureCount * Signature.Length)
            return new TransactionParseResult(TransactionParseError.Truncated, TransactionField.Signatures, pos);
        var signaturesOffset = pos;
        pos += signatureCount * Signature.Length;

        var result = Message.Parse(buffer, pos, out var message, out var messageLength);
        if (!result.IsOk) return result;
        consumed = pos + messageLength;
        var bytes = buffer[..consumed];
        // The message must view the same memory as the transaction.
        transaction = new Transaction(bytes, signaturesOffset, signatureCount, message!);
        return TransactionParseResult.Ok;
    }

    /// <summary>Decodes a transaction that must occupy all of <paramref name="buffer"/> (one packet or one stored transaction).</summary>
    public static TransactionParseResult TryParseExact(ReadOnlyMemory<byte> buffer, out Transaction? transaction)
    {
        var result = TryParse(buffer, out transaction, out var consumed).ExpectEnd(consumed, buffer.Length);
        if (!result.IsOk) transaction = null;
        return result;
    }

    /// <summary>Decodes a transaction or throws <see cref="FormatException"/> (for tools and tests, not hot paths).</summary>
    public static Transaction Parse(ReadOnlyMemory<byte> buffer)
    {
        var result = TryParseExact(buffer, out var transaction);
        if (!result.IsOk) throw new FormatException($"invalid transaction: {result}");
        return transaction!;
    }

    /// <summary>
    /// Length of the transaction at the start of <paramref name="buffer"/> without building any objects
    /// (for skipping over transactions); the result's error is set when it cannot be decoded.
    /// </summary>
    public static TransactionParseResult TryMeasure(ReadOnlySpan<byte> buffer, out int length)
    {
        length = 0;
        var reader = new BincodeReader(buffer);
        var signatures = reader.ReadShortU16();
        reader.Skip(signatures * Signature.Length);
        if (!reader.Ok) return TryParse(buffer.ToArray(), out _, out _);
        var first = reader.RemainingSpan.IsEmpty ? (byte)0 : reader.RemainingSpan[0];
        var v0 = (first & Message.VersionPrefix) != 0;
        if (v0 && first != Message.VersionPrefix) return TryParse(buffer.ToArray(), out _, out _);
        reader.Skip((v0 ? 1 : 0) + MessageHeader.Length);
        reader.Skip(reader.ReadShortU16() * Pubkey.Length);
        reader.Skip(Hash.Length);
        var instructions = reader.ReadShortU16();
        for (var i = 0; i < instructions && reader.Ok; i++)
        {
            reader.Skip(1);
            reader.Skip(reader.ReadShortU16());
            reader.Skip(reader.ReadShortU16());
        }
        if (v0)
        {
            var lookups = reader.ReadShortU16();
            for (var i = 0; i < lookups && reader.Ok; i++)
            {
                reader.Skip(Pubkey.Length);
                reader.Skip(reader.ReadShortU16());
                reader.Skip(reader.ReadShortU16());
            }
        }
        // Failures are rare; decode fully to report the precise field and offset.
        if (!reader.Ok) return TryParse(buffer.ToArray(), out _, out _);
        length = reader.Position;
        return TransactionParseResult.Ok;
    }

    /// <summary>
    /// Agave's transaction sanitize in the order SanitizedVersionedTransaction::try_new applies it: the
    /// signature-count rules, then the message rules. Any failure becomes Agave's SanitizeFailure.
    /// </summary>
    public SanitizeResult Sanitize()
    {
        var sigs = SanitizeSignatures();
        return sigs.IsOk ? Message.Sanitize() : sigs;
    }

    /// <summary>
    /// The signature-count rules of <c>VersionedTransaction::sanitize_signatures</c>: exactly
    /// num_required_signatures signatures, and no more signatures than static keys.
    /// </summary>
    public SanitizeResult SanitizeSignatures()
    {
        int required = Message.Header.NumRequiredSignatures;
        if (required > SignatureCount) return new(SanitizeError.IndexOutOfBounds, SanitizeReason.NotEnoughSignatures);
        if (required < SignatureCount) return new(SanitizeError.InvalidValue, SanitizeReason.TooManySignatures);
        if (SignatureCount > Message.StaticAccountKeyCount) return new(SanitizeError.IndexOutOfBounds, SanitizeReason.SignaturesExceedStaticKeys);
        return SanitizeResult.Ok;
    }

    /// <summary>
    /// The checks Agave's Bank::verify_transaction makes before loading addresses: size (serialized
    /// length above <see cref="MaxSize"/>), then <see cref="Sanitize"/> (SanitizedVersionedTransaction::try_new
    /// order: signatures, then message). Returns null when all pass. Signature verification, compute budget
    /// parsing, address loading and lock validation are separate steps.
    /// </summary>
    public TransactionError? Verify(out SanitizeResult detail)
    {
        detail = SanitizeResult.Ok;
        if (Size > MaxSize) return TransactionError.SanitizeFailure;
        detail = Sanitize();
        return detail.IsOk ? null : TransactionError.SanitizeFailure;
    }

    /// <summary>
    /// Agave's <c>is_simple_vote_transaction</c>: at most two signatures, a legacy message, and exactly one
    /// instruction, which invokes the vote program.
    /// </summary>
    public bool IsSimpleVoteTransaction()
    {
        if (SignatureCount >= 3 || Version != MessageVersion.Legacy || Message.InstructionCount != 1) return false;
        var programIndex = Message.Instructions[0].ProgramIdIndex;
        return programIndex < Message.StaticAccountKeyCount && Message.StaticAccountKeys[programIndex] == ProgramIds.Vote;
    }

    /// <summary>Re-encodes the transaction from its decoded fields; equals <see cref="Bytes"/>.</summary>
    public void WriteTo(BincodeWriter writer)
    {
        writer.WriteShortVec(Signatures);
        Message.WriteTo(writer);
    }

    public byte[] Serialize()
    {
        var writer = new BincodeWriter(_bytes.Length);
        WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Serializes signatures followed by already-serialized message bytes.</summary>
    public static void Write(BincodeWriter writer, ReadOnlySpan<Signature> signatures, ReadOnlySpan<byte> messageBytes)
    {
        writer.WriteShortVec(signatures);
        writer.WriteBytes(messageBytes);
    }

    /// <summary>Builds a transaction from signatures and a message (nothing is checked or signed).</summary>
    public static Transaction Create(ReadOnlySpan<Signature> signatures, Message message)
    {
        var writer = new BincodeWriter(1 + signatures.Length * Signature.Length + message.Span.Length + 2);
        Write(writer, signatures, message.Span);
        return Parse(writer.ToArray());
    }
}
