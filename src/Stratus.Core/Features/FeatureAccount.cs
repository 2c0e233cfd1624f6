using Stratus.Core.Serialization;

namespace Stratus.Core.Features;

/// <summary>What a feature gate's account says.</summary>
public enum FeatureAccountState
{
    /// <summary>Not owned by the Feature program, or its data does not decode: the gate is not (yet) requested.</summary>
    Invalid,

    /// <summary>Requested (<c>activated_at</c> = None): the bank activates it at the next epoch boundary.</summary>
    Pending,

    /// <summary>Activated at the slot given (active in every bank at or after that slot).</summary>
    Activated,
}

/// <summary>
/// The account a feature gate lives in: owned by <c>Feature111…</c>, data = bincode <c>Feature { activated_at: Option&lt;u64&gt; }</c>
/// (9 bytes when created; bincode 1 ignores trailing bytes, so a longer account still decodes).
/// </summary>
public static class FeatureAccount
{
    /// <summary>Size of the account the activation instructions allocate.</summary>
    public const int Size = 9;

    /// <summary>Decodes like Agave's <c>feature::from_account</c>: wrong owner or undecodable data gives <see cref="FeatureAccountState.Invalid"/>.</summary>
    public static FeatureAccountState Decode(in Pubkey owner, ReadOnlySpan<byte> data, out ulong activatedAt)
    {
        activatedAt = 0;
        if (owner != ProgramIds.Feature) return FeatureAccountState.Invalid;
        var reader = new BincodeReader(data);
        var some = reader.ReadOptionTag();
        if (!reader.Ok) return FeatureAccountState.Invalid;
        if (!some) return FeatureAccountState.Pending;
        var slot = reader.ReadU64();
        if (!reader.Ok) return FeatureAccountState.Invalid;
        activatedAt = slot;
        return FeatureAccountState.Activated;
    }

    /// <summary>Serializes <c>Feature { activated_at }</c> into a 9-byte account body (null = pending).</summary>
    public static byte[] Encode(ulong? activatedAt)
    {
        var data = new byte[Size];
        if (activatedAt is { } slot)
        {
            data[0] = 1;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(1), slot);
        }
        return data;
    }
}
