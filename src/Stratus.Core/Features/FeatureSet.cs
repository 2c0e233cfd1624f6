using System.Numerics;

namespace Stratus.Core.Features;

/// <summary>Reads one feature gate account for <see cref="FeatureSet.Builder.ApplyAccounts"/>; false when the account does not exist.</summary>
public delegate bool FeatureAccountReader(in Pubkey key, out Pubkey owner, out ReadOnlySpan<byte> data);

/// <summary>
/// The gates active in a bank, each with the slot it was activated at (Agave's <c>FeatureSet</c>). Lookups
/// are a bit test on <see cref="FeatureId"/>; keys are resolved once, through the <see cref="ClusterProfile"/>,
/// when the set is built from accounts. Immutable; build or derive sets with <see cref="Builder"/>.
/// </summary>
public sealed class FeatureSet
{
    private const int Words = (FeatureTable.Count + 63) / 64;

    private readonly ulong[] _bits;
    private readonly ulong[] _slots;

    private FeatureSet(ulong[] bits, ulong[] slots)
    {
        _bits = bits;
        _slots = slots;
    }

    /// <summary>No gate active (Agave's <c>FeatureSet::default()</c>).</summary>
    public static FeatureSet Empty { get; } = new(new ulong[Words], new ulong[FeatureTable.Count]);

    /// <summary>
    /// Every gate the cluster has, active since slot 0 (Agave's <c>FeatureSet::all_enabled()</c>, which on X1
    /// includes <c>enable_dynamic_fees_fixes_v1</c>). For tests and for the rules that deliberately use it.
    /// </summary>
    public static FeatureSet AllEnabled(ClusterProfile cluster)
    {
        var builder = new Builder();
        foreach (var id in cluster.Features) builder.Activate(id, 0);
        return builder.Build();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsActive(FeatureId id)
    {
        var i = (uint)id;
        return i < FeatureTable.Count && (_bits[i >> 6] & (1UL << (int)(i & 63))) != 0;
    }

    /// <summary>Answers by Agave name (for callers that name gates, e.g. <c>ReservedAccountKeys.Create</c>); unknown names are inactive.</summary>
    public bool IsActive(string name) => FeatureTable.TryGetByName(name, out var id) && IsActive(id);

    public bool TryGetActivationSlot(FeatureId id, out ulong slot)
    {
        if (IsActive(id))
        {
            slot = _slots[(int)id];
            return true;
        }
        slot = 0;
        return false;
    }

    public ulong? GetActivationSlot(FeatureId id) => TryGetActivationSlot(id, out var slot) ? slot : null;

    public int ActiveCount
    {
        get
        {
            var n = 0;
            foreach (var w in _bits) n += BitOperations.PopCount(w);
            return n;
        }
    }

    /// <summary>Active gates in <see cref="FeatureId"/> order, with their activation slots.</summary>
    public IEnumerable<(FeatureId Id, ulong Slot)> Active
    {
        get
        {
            for (var i = 0; i < FeatureTable.Count; i++)
                if (IsActive((FeatureId)i)) yield return ((FeatureId)i, _slots[i]);
        }
    }

    public FeatureSet With(FeatureId id, ulong slot = 0) => ToBuilder().Activate(id, slot).Build();

    public FeatureSet Without(FeatureId id) => ToBuilder().Deactivate(id).Build();

    public Builder ToBuilder() => new(this);

    /// <summary>Mutable form for building a bank's set from its parent's and the feature accounts.</summary>
    public sealed class Builder
    {
        private readonly ulong[] _bits = new ulong[Words];
        private readonly ulong[] _slots = new ulong[FeatureTable.Count];

        public Builder()
        {
        }

        public Builder(FeatureSet from)
        {
            from._bits.CopyTo(_bits, 0);
            from._slots.CopyTo(_slots, 0);
        }

        public bool IsActive(FeatureId id) => (_bits[(int)id >> 6] & (1UL << ((int)id & 63))) != 0;

        public Builder Activate(FeatureId id, ulong slot)
        {
            CheckRange(id);
            _bits[(int)id >> 6] |= 1UL << ((int)id & 63);
            _slots[(int)id] = slot;
            return this;
        }

        public Builder Deactivate(FeatureId id)
        {
            CheckRange(id);
            _bits[(int)id >> 6] &= ~(1UL << ((int)id & 63));
            _slots[(int)id] = 0;
            return this;
        }

        /// <summary>
        /// Applies one gate's account the way Agave's <c>compute_active_feature_set</c> does for a gate not yet
        /// active: activated at or before <paramref name="bankSlot"/> makes it active at its own slot; pending
        /// makes it active at <paramref name="bankSlot"/> when <paramref name="includePending"/> (the epoch-boundary
        /// pass). A gate already active stays as it is (activation is never undone).
        /// </summary>
        /// <returns>The account's effect: <see cref="FeatureAccountState.Pending"/> only when it was newly activated here as pending.</returns>
        public FeatureAccountState ApplyAccount(FeatureId id, in Pubkey owner, ReadOnlySpan<byte> data, ulong bankSlot, bool includePending)
        {
            if (IsActive(id)) return FeatureAccountState.Activated;
            switch (FeatureAccount.Decode(owner, data, out var activatedAt))
            {
                case FeatureAccountState.Pending when includePending:
                    Activate(id, bankSlot);
                    return FeatureAccountState.Pending;
                case FeatureAccountState.Activated when bankSlot >= activatedAt:
                    Activate(id, activatedAt);
                    return FeatureAccountState.Activated;
                default:
                    return FeatureAccountState.Invalid;
            }
        }

        /// <summary>
        /// Applies the account of every gate the cluster has that is not active yet, reading it under the
        /// cluster's id for that gate. Adds the newly pending gates (activated this pass) to <paramref name="pending"/>.
        /// </summary>
        public Builder ApplyAccounts(ClusterProfile cluster, FeatureAccountReader read, ulong bankSlot, bool includePending, ICollection<FeatureId>? pending = null)
        {
            foreach (var id in cluster.Features)
            {
                if (IsActive(id)) continue;
                var key = cluster.GetFeatureKey(id);
                if (!read(key, out var owner, out var data)) continue;
                if (ApplyAccount(id, owner, data, bankSlot, includePending) == FeatureAccountState.Pending) pending?.Add(id);
            }
            return this;
        }

        public FeatureSet Build() => new((ulong[])_bits.Clone(), (ulong[])_slots.Clone());

        private static void CheckRange(FeatureId id)
        {
            if ((uint)id >= FeatureTable.Count) throw new ArgumentOutOfRangeException(nameof(id), id, "unknown feature");
        }
    }
}
