using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// Applies what a program left in its input back to the transaction's accounts after a successful run
/// (Agave 2.2 <c>deserialize_parameters</c>): lamports, data (with its length in the aligned layout)
/// and owner of every non-duplicate entry, each change subject to <see cref="AccountWriteGuard"/>. The
/// first refused change is the result; changes made before it stay applied, as in Agave (the failed
/// instruction's transaction is rolled back by the caller).
/// </summary>
public static class InputDeserializer
{
    /// <summary>Deserializes <paramref name="input"/> as it was serialized for <paramref name="invocation"/>.</summary>
    public static InstructionError? Deserialize(in InstructionInvocation invocation, SerializedInput input, ref long accountsResizeDelta)
    {
        ArgumentNullException.ThrowIfNull(input);
        var metadata = input.Accounts is SerializedAccountMetadata[] array ? array : input.Accounts.ToArray();
        return Deserialize(invocation, input.Buffer, metadata, input.Layout, input.Options, ref accountsResizeDelta);
    }

    /// <summary>
    /// Deserializes <paramref name="buffer"/> (the host input buffer) given the metadata recorded at
    /// serialization. A buffer too short for a field gives <c>InvalidArgument</c>; a data length grown
    /// by more than 10 KiB or past 10 MiB gives <c>InvalidRealloc</c>.
    /// </summary>
    public static InstructionError? Deserialize(in InstructionInvocation invocation, ReadOnlySpan<byte> buffer,
        ReadOnlySpan<SerializedAccountMetadata> metadata, InputLayout layout, SerializationOptions options, ref long accountsResizeDelta)
    {
        options.Validate();
        var ixAccounts = invocation.InstructionAccounts;
        if (ixAccounts.Length > InputSerializer.MaxInstructionAccounts)
            return new InstructionError(InstructionErrorKind.MaxAccountsExceeded);
        Span<byte> firstPosition = stackalloc byte[ixAccounts.Length];
        if (InputSerializer.FindDuplicates(ixAccounts, invocation.TransactionAccounts.Length, firstPosition) is { } missing)
            return new InstructionError(missing);

        int count = Math.Min(ixAccounts.Length, metadata.Length);
        var error = layout == InputLayout.Aligned
            ? DeserializeAligned(invocation, buffer, metadata, firstPosition, count, options, ref accountsResizeDelta)
            : DeserializeUnaligned(invocation, buffer, metadata, firstPosition, count, options, ref accountsResizeDelta);
        return error is { } kind ? new InstructionError(kind) : null;
    }

    private static InstructionErrorKind? DeserializeUnaligned(in InstructionInvocation invocation, ReadOnlySpan<byte> buffer,
        ReadOnlySpan<SerializedAccountMetadata> metadata, ReadOnlySpan<byte> firstPosition, int count,
        SerializationOptions options, ref long resizeDelta)
    {
        var mode = options.DataMode;
        long start = 8;
        for (int i = 0; i < count; i++)
        {
            start += 1;
            if (firstPosition[i] != i) continue;
            var guard = Guard(invocation, i, options, ref resizeDelta);
            start += 2 + Pubkey.Length;
            if (!TryReadU64(buffer, start, out ulong lamports)) return InstructionErrorKind.InvalidArgument;
            if (guard.Account.Lamports != lamports && guard.SetLamports(lamports) is { } lamportsError) return lamportsError;
            start += 16;

            ulong preLength = metadata[i].OriginalDataLength;
            switch (mode)
            {
                case AccountDataMode.Copy:
                {
                    if (!TrySlice(buffer, start, preLength, out var data)) return InstructionErrorKind.InvalidArgument;
                    if (UpdateFromCopy(ref guard, data) is { } dataError) return dataError;
                    start += (long)preLength;
                    break;
                }
                case AccountDataMode.Direct22:
                    // The program wrote the account's own data through its region; the length cannot change.
                    break;
                case AccountDataMode.SplitCopy:
                {
                    if (guard.CanDataBeChanged() == null)
                    {
                        if (!TrySlice(buffer, start, preLength, out var data)) return InstructionErrorKind.InvalidArgument;
                        if (guard.SetDataFromSlice(data) is { } dataError) return dataError;
                    }
                    else if ((ulong)guard.Account.DataLength != preLength && guard.SetDataLength(preLength) is { } lengthError)
                    {
                        return lengthError;
                    }
                    start += (long)preLength;
                    break;
                }
                default:
                    if ((ulong)guard.Account.DataLength != preLength && guard.SetDataLength(preLength) is { } directError)
                        return directError;
                    break;
            }
            start += InputSerializer.UnalignedTrailerSize;
        }
        return null;
    }

    private static InstructionErrorKind? DeserializeAligned(in InstructionInvocation invocation, ReadOnlySpan<byte> buffer,
        ReadOnlySpan<SerializedAccountMetadata> metadata, ReadOnlySpan<byte> firstPosition, int count,
        SerializationOptions options, ref long resizeDelta)
    {
        var mode = options.DataMode;
        long start = 8;
        for (int i = 0; i < count; i++)
        {
            start += 1;
            if (firstPosition[i] != i)
            {
                start += 7;
                continue;
            }
            var guard = Guard(invocation, i, options, ref resizeDelta);
            start += 3 + 4 + Pubkey.Length;
            if (!TrySlice(buffer, start, Pubkey.Length, out var ownerBytes)) return InstructionErrorKind.InvalidArgument;
            var owner = Pubkey.Read(ownerBytes);
            start += Pubkey.Length;
            if (!TryReadU64(buffer, start, out ulong lamports)) return InstructionErrorKind.InvalidArgument;
            if (guard.Account.Lamports != lamports && guard.SetLamports(lamports) is { } lamportsError) return lamportsError;
            start += 8;
            if (!TryReadU64(buffer, start, out ulong postLength)) return InstructionErrorKind.InvalidArgument;
            start += 8;

            ulong preLength = metadata[i].OriginalDataLength;
            ulong growth = postLength > preLength ? postLength - preLength : 0;
            if (growth > AccountLimits.MaxPermittedDataIncrease || postLength > AccountLimits.MaxPermittedDataLength)
                return InstructionErrorKind.InvalidRealloc;
            int alignOffset = InputSerializer.AlignOffset(preLength);

            switch (mode)
            {
                case AccountDataMode.Copy:
                {
                    if (!TrySlice(buffer, start, postLength, out var data)) return InstructionErrorKind.InvalidArgument;
                    if (UpdateFromCopy(ref guard, data) is { } dataError) return dataError;
                    start += (long)preLength + AccountLimits.MaxPermittedDataIncrease + alignOffset;
                    break;
                }
                case AccountDataMode.Direct22:
                {
                    // The data was edited in place; only bytes grown into the separate realloc region must move.
                    start += InputSerializer.BpfAlignOfU128 - alignOffset;
                    if (!TrySlice(buffer, start, AccountLimits.MaxPermittedDataIncrease, out var realloc))
                        return InstructionErrorKind.InvalidArgument;
                    if ((guard.CanDataBeResized(postLength) ?? guard.CanDataBeChanged()) is { } refused)
                    {
                        if ((ulong)guard.Account.DataLength != postLength) return refused;
                    }
                    else
                    {
                        if (guard.SetDataLength(postLength) is { } lengthError) return lengthError;
                        if (growth > 0)
                        {
                            if (guard.TryGetDataMut(out var target) is { } mutError) return mutError;
                            realloc[..(int)growth].CopyTo(target[(int)preLength..]);
                        }
                    }
                    start += AccountLimits.MaxPermittedDataIncrease + alignOffset;
                    break;
                }
                case AccountDataMode.SplitCopy:
                {
                    if (guard.CanDataBeChanged() == null)
                    {
                        if (!TrySlice(buffer, start, postLength, out var data)) return InstructionErrorKind.InvalidArgument;
                        if (guard.SetDataFromSlice(data) is { } dataError) return dataError;
                    }
                    else if ((ulong)guard.Account.DataLength != postLength && guard.SetDataLength(postLength) is { } lengthError)
                    {
                        return lengthError;
                    }
                    start += (long)preLength + AccountLimits.MaxPermittedDataIncrease + alignOffset;
                    break;
                }
                default:
                {
                    if ((ulong)guard.Account.DataLength != postLength && guard.SetDataLength(postLength) is { } lengthError)
                        return lengthError;
                    start += InputSerializer.BpfAlignOfU128;
                    break;
                }
            }
            start += 8; // rent epoch, never read back
            // The owner changes last so that lamports and data could still be changed under the old owner.
            if (guard.Account.Owner != owner && guard.SetOwner(owner) is { } ownerError) return ownerError;
        }
        return null;
    }

    /// <summary>
    /// Agave 2.2's copy-mode rule: apply the program's data if it may be resized and changed;
    /// otherwise it must equal the current data, and the refusal is the error.
    /// </summary>
    private static InstructionErrorKind? UpdateFromCopy(ref AccountWriteGuard guard, ReadOnlySpan<byte> data)
    {
        if ((guard.CanDataBeResized((ulong)data.Length) ?? guard.CanDataBeChanged()) is { } refused)
            return guard.Account.Data.SequenceEqual(data) ? null : refused;
        return guard.SetDataFromSlice(data);
    }

    private static AccountWriteGuard Guard(in InstructionInvocation invocation, int position, SerializationOptions options, ref long resizeDelta)
    {
        var ix = invocation.InstructionAccounts[position];
        var account = invocation.TransactionAccounts[ix.IndexInTransaction].Account;
        return new AccountWriteGuard(account, invocation.ProgramId, ix.IsWritable, options.RemoveAccountsExecutableFlagChecks, ref resizeDelta);
    }

    private static bool TrySlice(ReadOnlySpan<byte> buffer, long start, ulong length, out ReadOnlySpan<byte> slice)
    {
        if (start < 0 || start > buffer.Length || length > (ulong)(buffer.Length - start))
        {
            slice = default;
            return false;
        }
        slice = buffer.Slice((int)start, (int)length);
        return true;
    }

    private static bool TryReadU64(ReadOnlySpan<byte> buffer, long start, out ulong value)
    {
        if (!TrySlice(buffer, start, 8, out var bytes))
        {
            value = 0;
            return false;
        }
        value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return true;
    }
}
