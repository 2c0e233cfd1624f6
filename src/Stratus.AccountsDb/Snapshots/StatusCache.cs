using System.Runtime.CompilerServices;
using Stratus.Core;
using Stratus.Core.Serialization;
using Stratus.Core.Transactions;
using Stratus.AccountsDb.Genesis;

namespace Stratus.AccountsDb.Snapshots;

/// <summary>The 20 bytes of a transaction's message hash the status cache keys on (starting at the bucket's key index).</summary>
[InlineArray(Length)]
public struct StatusKey : IEquatable<StatusKey>
{
    public const int Length = 20;
    private byte _element0;

    public readonly bool Equals(StatusKey other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);
    public override readonly bool Equals(object? obj) => obj is StatusKey other && Equals(other);
    public override readonly int GetHashCode() => BitConverter.ToInt32(this);
    public override readonly string ToString() => Convert.ToHexStringLower(this);
}

/// <summary>One transaction outcome: the key slice and its result (null error = Ok).</summary>
public readonly record struct StatusCacheEntry(StatusKey Key, TransactionError? Error);

/// <summary>Transactions of one blockhash in one slot: the key offset used for this blockhash and the outcomes.</summary>
public sealed record StatusCacheBlockhash(Hash Blockhash, ulong KeyIndex, IReadOnlyList<StatusCacheEntry> Entries);

/// <summary>What one slot added to the status cache (<c>BankSlotDelta</c>).</summary>
public sealed record StatusCacheSlotDelta(ulong Slot, bool IsRoot, IReadOnlyList<StatusCacheBlockhash> Blockhashes);

/// <summary>
/// The snapshot's status cache (<c>snapshots/status_cache</c>): bincode Vec of (slot, is_root, map blockhash →
/// (key_index usize, Vec of ([u8; 20], Result&lt;(), TransactionError&gt;))). Maps keep file order.
/// </summary>
public sealed class StatusCache
{
    private const string Ctx = "status_cache";

    public required IReadOnlyList<StatusCacheSlotDelta> SlotDeltas { get; init; }

    public static StatusCache Parse(ReadOnlySpan<byte> bytes)
    {
        var error = TryParse(bytes, out var cache);
        if (error.IsError) throw new SnapshotFormatException(SnapshotError.StatusCache, $"status cache: {error}", null, error.Offset);
        return cache!;
    }

    public static DecodeError TryParse(ReadOnlySpan<byte> bytes, out StatusCache? cache)
    {
        cache = null;
        var r = new FieldReader(bytes);
        var slotCount = r.Length(8 + 1 + 8, Ctx, "slot_deltas");
        var deltas = new StatusCacheSlotDelta[r.Ok ? slotCount : 0];
        for (var i = 0; i < deltas.Length && r.Ok; i++)
        {
            var slot = r.U64(Ctx, "slot");
            var isRoot = r.Bool(Ctx, "is_root");
            var hashCount = r.Length(Hash.Length + 16, Ctx, "blockhashes");
            var hashes = new StatusCacheBlockhash[r.Ok ? hashCount : 0];
            for (var j = 0; j < hashes.Length && r.Ok; j++)
            {
                var blockhash = r.Hash(Ctx, "blockhashes.hash");
                var keyIndex = r.U64(Ctx, "blockhashes.key_index");
                var n = r.Length(StatusKey.Length + 4, Ctx, "blockhashes.entries");
                var entries = new StatusCacheEntry[r.Ok ? n : 0];
                for (var k = 0; k < entries.Length && r.Ok; k++)
                {
                    StatusKey key = default;
                    r.Bytes(StatusKey.Length, Ctx, "entries.key").CopyTo(key);
                    entries[k] = new StatusCacheEntry(key, ReadResult(ref r));
                }
                hashes[j] = new StatusCacheBlockhash(blockhash, keyIndex, entries);
            }
            deltas[i] = new StatusCacheSlotDelta(slot, isRoot, hashes);
        }
        r.Finish(Ctx);
        if (!r.Ok) return r.Error;
        cache = new StatusCache { SlotDeltas = deltas };
        return default;
    }

    private static TransactionError? ReadResult(ref FieldReader r)
    {
        var at = r.Position;
        var tag = r.EnumTag(Ctx, "entries.result");
        if (!r.Ok) return null;
        switch (tag)
        {
            case 0: return null;
            case 1: return ReadTransactionError(ref r);
            default:
                r.FailAt(at, BincodeError.InvalidEnumTag, Ctx, "entries.result", $"Result variant {tag}");
                return null;
        }
    }

    /// <summary>Decodes a bincode <c>TransactionError</c> (solana-transaction-error 2.2 variants).</summary>
    internal static TransactionError ReadTransactionError(ref FieldReader r)
    {
        const string ctx = "transaction_error";
        var at = r.Position;
        var tag = r.EnumTag(ctx, "variant");
        if (!r.Ok) return default;
        if (tag > (uint)TransactionErrorKind.CommitCancelled)
        {
            r.FailAt(at, BincodeError.InvalidEnumTag, ctx, "variant", $"TransactionError variant {tag}");
            return default;
        }
        var kind = (TransactionErrorKind)tag;
        switch (kind)
        {
            case TransactionErrorKind.InstructionError:
                var index = r.U8(ctx, "instruction_index");
                return new TransactionError(kind, index, ReadInstructionError(ref r));
            case TransactionErrorKind.DuplicateInstruction:
            case TransactionErrorKind.InsufficientFundsForRent:
            case TransactionErrorKind.ProgramExecutionTemporarilyRestricted:
                return new TransactionError(kind, r.U8(ctx, "index"));
            default:
                return new TransactionError(kind);
        }
    }

    /// <summary>Decodes a bincode <c>InstructionError</c>; BorshIoError carries a String as in solana-instruction 2.2.</summary>
    internal static InstructionError ReadInstructionError(ref FieldReader r)
    {
        const string ctx = "instruction_error";
        var at = r.Position;
        var tag = r.EnumTag(ctx, "variant");
        if (!r.Ok) return default;
        if (tag > (uint)InstructionErrorKind.BuiltinProgramsMustConsumeComputeUnits)
        {
            r.FailAt(at, BincodeError.InvalidEnumTag, ctx, "variant", $"InstructionError variant {tag}");
            return default;
        }
        var kind = (InstructionErrorKind)tag;
        return kind switch
        {
            InstructionErrorKind.Custom => new InstructionError(kind, r.U32(ctx, "custom")),
            InstructionErrorKind.BorshIoError => new InstructionError(kind, 0, r.String(ctx, "borsh_io_error")),
            _ => new InstructionError(kind),
        };
    }
}
