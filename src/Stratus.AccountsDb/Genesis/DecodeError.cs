using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// Why a bincode structure (genesis config, snapshot manifest, status cache) could not be decoded: the
/// low-level failure, the byte offset where it happened and the field being read, e.g.
/// <c>stakes.vote_accounts.account.data: UnexpectedEnd at offset 1234</c>.
/// </summary>
public readonly record struct DecodeError(BincodeError Error, long Offset, string Field, string? Detail = null)
{
    public bool IsError => Error != BincodeError.None;

    public override string ToString()
    {
        var what = Error switch
        {
            BincodeError.UnexpectedEnd => "input ends inside the value",
            BincodeError.LengthTooLarge => "length prefix larger than the remaining input or the allowed maximum",
            BincodeError.InvalidBool => "bool byte is not 0 or 1",
            BincodeError.InvalidOptionTag => "Option tag is not 0 or 1",
            BincodeError.InvalidEnumTag => "unknown enum variant",
            BincodeError.InvalidUtf8 => "string is not valid UTF-8",
            BincodeError.TrailingBytes => "bytes left over after the value",
            BincodeError.InvalidValue => "value not allowed here",
            _ => Error.ToString(),
        };
        return Detail == null
            ? $"{Field}: {what} (offset {Offset})"
            : $"{Field}: {what}: {Detail} (offset {Offset})";
    }
}
