using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Stratus.AccountsDb.Snapshots;

namespace Stratus.AccountsDb.Loading;

/// <summary>
/// Reads an archive's accounts files on a background thread (decompression, tar, record checks) into a few
/// <see cref="AccountsFile"/> buffers ahead of the consumer, so staging and decompression each have a core. An error
/// of the reader is rethrown, unchanged, by the <see cref="TryTake"/> that reaches it.
/// </summary>
internal sealed class AccountsFilePrefetcher : IDisposable
{
    private readonly SnapshotArchiveReader _reader;
    private readonly Stream _archive;
    private readonly BlockingCollection<AccountsFile> _free = new();
    private readonly BlockingCollection<Item> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private AccountsFile? _lent;
    private bool _ended;

    public AccountsFilePrefetcher(SnapshotArchiveReader reader, Stream archive, int buffers = 3)
    {
        _reader = reader;
        _archive = archive;
        for (var i = 0; i < buffers; i++) _free.Add(new AccountsFile());
        _ready = new BlockingCollection<Item>(buffers + 1);
        _thread = new Thread(Produce) { IsBackground = true, Name = "stratus-archive-reader" };
        _thread.Start();
    }

    private readonly record struct Item(AccountsFile? File, long ArchivePosition, ExceptionDispatchInfo? Error);

    /// <summary>Compressed bytes consumed when the last taken file had been read.</summary>
    public long ArchivePosition { get; private set; }

    /// <summary>The next accounts file (valid until the next call), or false at the end of the archive.</summary>
    public bool TryTake(out AccountsFile file)
    {
        if (_lent != null)
        {
            _free.Add(_lent);
            _lent = null;
        }
        file = null!;
        if (_ended) return false;
        var item = _ready.Take();
        if (item.Error is { } error)
        {
            _ended = true;
            error.Throw();
        }
        if (item.File == null)
        {
            _ended = true;
            ArchivePosition = item.ArchivePosition;
            return false;
        }
        ArchivePosition = item.ArchivePosition;
        _lent = file = item.File;
        return true;
    }

    private void Produce()
    {
        try
        {
            while (true)
            {
                var file = _free.Take(_stop.Token);
                if (!_reader.TryReadNextAccountsFile(file))
                {
                    _ready.Add(new Item(null, _archive.Length, null), _stop.Token);
                    return;
                }
                _ready.Add(new Item(file, _archive.Position, null), _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            try
            {
                _ready.Add(new Item(null, 0, ExceptionDispatchInfo.Capture(e)), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
