using Stratus.TestCommon;

namespace Stratus.Crypto.Tests;

/// <summary>Mainnet slots 0 and 1 as legacy shreds (mithril fixtures): each shred payload is bytes [86, 86 + 1057).</summary>
internal static class LedgerData
{
    public const string ShredDir = "ledger/mithril-shreds/mainnet";
    public const string GenesisFile = "genesis/mainnet_genesis.bin";
    public const string MainnetGenesisHash = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d";
    public const string Slot0Blockhash = "4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn";

    private const int PayloadOffset = 86;
    private const int PayloadSize = 1057;
    private const byte DataComplete = 0x40;

    /// <summary>The slot's entries in order. Each run of shreds up to a DATA_COMPLETE flag is one bincode Vec&lt;Entry&gt;.</summary>
    public static List<TestEntry> Entries(int slot)
    {
        var dir = SharedData.Require(Path.Combine(ShredDir, slot.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var entries = new List<TestEntry>();
        var batch = new List<byte>();
        foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            var shred = File.ReadAllBytes(file);
            batch.AddRange(shred.AsSpan(PayloadOffset, PayloadSize).ToArray());
            if ((shred[PayloadOffset - 1] & DataComplete) != 0)
            {
                entries.AddRange(TestEntry.ParseBatch(batch.ToArray()));
                batch.Clear();
            }
        }
        return entries;
    }
}
