using Stratus.Core;

namespace Stratus.Runtime.Programs.Vote;

/// <summary>The epoch → authorized voter map (a BTreeMap in Agave), ordered by epoch.</summary>
public sealed class AuthorizedVoters
{
    private readonly SortedList<ulong, Pubkey> _map = new();

    public AuthorizedVoters() { }

    public AuthorizedVoters(ulong epoch, Pubkey voter) => _map[epoch] = voter;

    public int Count => _map.Count;

    public bool IsEmpty => _map.Count == 0;

    public IEnumerable<KeyValuePair<ulong, Pubkey>> Entries => _map;

    public void Insert(ulong epoch, Pubkey voter) => _map[epoch] = voter;

    public bool Contains(ulong epoch) => _map.ContainsKey(epoch);

    public KeyValuePair<ulong, Pubkey>? Last => _map.Count == 0 ? null : new KeyValuePair<ulong, Pubkey>(_map.Keys[^1], _map.Values[^1]);

    public KeyValuePair<ulong, Pubkey>? First => _map.Count == 0 ? null : new KeyValuePair<ulong, Pubkey>(_map.Keys[0], _map.Values[0]);

    /// <summary>The voter for the epoch: the entry for it, else the latest entry before it.</summary>
    public Pubkey? Get(ulong epoch) => Find(epoch, out _);

    /// <summary>As <see cref="Get"/>, inserting a calculated voter under <paramref name="epoch"/>.</summary>
    public Pubkey? GetAndCache(ulong epoch)
    {
        var voter = Find(epoch, out var existed);
        if (voter is { } v && !existed) _map[epoch] = v;
        return voter;
    }

    /// <summary>Removes every entry for an epoch before <paramref name="currentEpoch"/>.</summary>
    public void Purge(ulong currentEpoch)
    {
        while (_map.Count > 0 && _map.Keys[0] < currentEpoch) _map.RemoveAt(0);
    }

    private Pubkey? Find(ulong epoch, out bool existed)
    {
        existed = false;
        if (_map.TryGetValue(epoch, out var exact))
        {
            existed = true;
            return exact;
        }
        Pubkey? best = null;
        foreach (var (e, key) in _map)
        {
            if (e >= epoch) break;
            best = key;
        }
        return best;
    }

    public AuthorizedVoters Clone()
    {
        var copy = new AuthorizedVoters();
        foreach (var (e, k) in _map) copy._map[e] = k;
        return copy;
    }
}
