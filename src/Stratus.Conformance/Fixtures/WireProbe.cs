using Google.Protobuf.Reflection;

namespace Stratus.Conformance.Fixtures;

/// <summary>
/// Checks raw protobuf bytes against a message schema without decoding them: every field must be declared with a
/// compatible wire type, recursively into sub-messages. Used to tell fixture kinds apart when a file carries no
/// metadata. Never throws on malformed input and never reads past the buffer.
/// </summary>
public static class WireProbe
{
    private const int MaxDepth = 24;

    /// <summary>
    /// The number of fields (counted recursively) that matched <paramref name="descriptor"/>, or -1 when any field is
    /// undeclared, has the wrong wire type, or the bytes are not well-formed protobuf.
    /// </summary>
    public static int Score(ReadOnlySpan<byte> data, MessageDescriptor descriptor) => Score(data, descriptor, 0);

    private static int Score(ReadOnlySpan<byte> data, MessageDescriptor descriptor, int depth)
    {
        if (depth > MaxDepth) return -1;
        int score = 0;
        int pos = 0;
        while (pos < data.Length)
        {
            if (!TryReadVarint(data, ref pos, out var tag)) return -1;
            var fieldNumber = tag >> 3;
            var wireType = (int)(tag & 7);
            if (fieldNumber == 0 || fieldNumber > int.MaxValue) return -1;
            var field = descriptor.FindFieldByNumber((int)fieldNumber);
            if (field == null) return -1;
            switch (wireType)
            {
                case 0:
                    if (!IsVarintType(field.FieldType) || !TryReadVarint(data, ref pos, out _)) return -1;
                    break;
                case 1:
                    if (!IsFixed64Type(field.FieldType) || data.Length - pos < 8) return -1;
                    pos += 8;
                    break;
                case 5:
                    if (!IsFixed32Type(field.FieldType) || data.Length - pos < 4) return -1;
                    pos += 4;
                    break;
                case 2:
                    if (!TryReadVarint(data, ref pos, out var len) || len > (ulong)(data.Length - pos)) return -1;
                    var body = data.Slice(pos, (int)len);
                    pos += (int)len;
                    switch (field.FieldType)
                    {
                        case FieldType.Message:
                            var nested = Score(body, field.MessageType, depth + 1);
                            if (nested < 0) return -1;
                            score += nested;
                            break;
                        case FieldType.String:
                            if (!IsUtf8(body)) return -1;
                            break;
                        case FieldType.Bytes:
                            break;
                        default:
                            if (!field.IsRepeated || !IsPackedBodyValid(body, field.FieldType)) return -1;
                            break;
                    }
                    break;
                default:
                    return -1;
            }
            score++;
        }
        return score;
    }

    public static bool TryReadVarint(ReadOnlySpan<byte> data, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) return false;
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }
        return false;
    }

    private static bool IsPackedBodyValid(ReadOnlySpan<byte> body, FieldType type)
    {
        if (IsFixed64Type(type)) return body.Length % 8 == 0;
        if (IsFixed32Type(type)) return body.Length % 4 == 0;
        if (!IsVarintType(type)) return false;
        int pos = 0;
        while (pos < body.Length)
            if (!TryReadVarint(body, ref pos, out _)) return false;
        return true;
    }

    private static bool IsVarintType(FieldType t) => t is FieldType.Int32 or FieldType.Int64 or FieldType.UInt32
        or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64 or FieldType.Bool or FieldType.Enum;

    private static bool IsFixed64Type(FieldType t) => t is FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double;

    private static bool IsFixed32Type(FieldType t) => t is FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float;

    private static bool IsUtf8(ReadOnlySpan<byte> s) => System.Text.Unicode.Utf8.IsValid(s);
}
