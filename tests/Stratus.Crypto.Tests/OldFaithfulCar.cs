using System.Buffers.Binary;
using System.Text;

namespace Stratus.Crypto.Tests;

/// <summary>
/// Reads Old Faithful CARv1 archives far enough for PoH tests: sections are varint-length-prefixed
/// (CID, dag-cbor block) pairs; Block nodes are [2, slot, shredding, entry CIDs, …], Entry nodes
/// [1, num_hashes, hash, transaction CIDs], Transaction nodes [0, DataFrame, metadata, slot, index]
/// with DataFrame [6, hash, index, total, data, next]. Throws on anything else (tests only).
/// </summary>
internal sealed class OldFaithfulCar
{
    private readonly Dictionary<string, object?> _nodes = new(StringComparer.Ordinal);
    private readonly List<List<object?>> _blocks = [];

    public static OldFaithfulCar Load(IEnumerable<string> files)
    {
        var car = new OldFaithfulCar();
        foreach (var file in files) car.Read(File.ReadAllBytes(file));
        return car;
    }

    public sealed record Block(ulong Slot, List<TestEntry> Entries);

    /// <summary>All blocks in slot order with their entries and parsed transactions.</summary>
    public List<Block> Blocks()
    {
        var result = new List<Block>();
        foreach (var block in _blocks.OrderBy(b => (ulong)b[1]!))
        {
            var entries = new List<TestEntry>();
            foreach (var entryCid in (List<object?>)block[3]!)
            {
                var entry = Node(entryCid, kind: 1);
                var txs = new List<TestTransaction>();
                foreach (var txCid in (List<object?>)entry[3]!)
                {
                    var frame = (List<object?>)Node(txCid, kind: 0)[1]!;
                    if ((frame.Count > 5 && frame[5] is not null) || frame[3] is ulong and > 1) throw new FormatException("multi-frame transactions are not needed by these tests");
                    var data = (byte[])frame[4]!;
                    var offset = 0;
                    txs.Add(TestTransaction.Parse(data, ref offset));
                    if (offset != data.Length) throw new FormatException("trailing bytes after a transaction");
                }
                entries.Add(new TestEntry { NumHashes = (ulong)entry[1]!, Hash = (byte[])entry[2]!, Transactions = txs });
            }
            result.Add(new Block((ulong)block[1]!, entries));
        }
        return result;
    }

    private List<object?> Node(object? cid, int kind)
    {
        var node = (List<object?>)_nodes[Key(((Cid)cid!).Bytes)]!;
        if ((ulong)node[0]! != (ulong)kind) throw new FormatException($"expected node kind {kind}, got {node[0]}");
        return node;
    }

    private void Read(byte[] car)
    {
        var offset = 0;
        var headerLength = (int)ReadVarint(car, ref offset);
        offset += headerLength;
        while (offset < car.Length)
        {
            var sectionLength = (int)ReadVarint(car, ref offset);
            var end = offset + sectionLength;
            var cidStart = offset;
            ReadVarint(car, ref offset); // CID version
            ReadVarint(car, ref offset); // codec
            ReadVarint(car, ref offset); // multihash code
            var digestLength = (int)ReadVarint(car, ref offset);
            offset += digestLength;
            var cid = car[cidStart..offset];
            var position = offset;
            var node = Cbor.Read(car, ref position);
            if (position != end) throw new FormatException("section length disagrees with its CBOR");
            _nodes[Key(cid)] = node;
            if (node is List<object?> list && list.Count > 0 && list[0] is ulong kind && kind == 2) _blocks.Add(list);
            offset = end;
        }
    }

    private static string Key(byte[] cid) => Convert.ToHexString(cid);

    private static ulong ReadVarint(byte[] data, ref int offset)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[offset++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    internal sealed record Cid(byte[] Bytes);

    /// <summary>The dag-cbor subset Old Faithful writes: integers, byte/text strings, arrays, maps, CID tags, null/booleans.</summary>
    private static class Cbor
    {
        public static object? Read(byte[] data, ref int offset)
        {
            var initial = data[offset++];
            var major = initial >> 5;
            var info = initial & 0x1f;
            if (major == 7)
            {
                return info switch
                {
                    20 => false,
                    21 => true,
                    22 => null,
                    _ => throw new FormatException($"unsupported simple value {info}"),
                };
            }
            var argument = info switch
            {
                < 24 => (ulong)info,
                24 => data[offset++],
                25 => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(Advance(ref offset, 2))),
                26 => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(Advance(ref offset, 4))),
                27 => BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(Advance(ref offset, 8))),
                _ => throw new FormatException("indefinite lengths are not dag-cbor"),
            };
            switch (major)
            {
                case 0: return argument;
                case 1: return -1 - (long)argument;
                case 2: return data.AsSpan(Advance(ref offset, (int)argument), (int)argument).ToArray();
                case 3: return Encoding.UTF8.GetString(data, Advance(ref offset, (int)argument), (int)argument);
                case 4:
                    var list = new List<object?>();
                    for (ulong i = 0; i < argument; i++) list.Add(Read(data, ref offset));
                    return list;
                case 5:
                    var map = new Dictionary<object, object?>();
                    for (ulong i = 0; i < argument; i++) map[Read(data, ref offset)!] = Read(data, ref offset);
                    return map;
                case 6:
                    var content = Read(data, ref offset);
                    if (argument != 42 || content is not byte[] raw || raw.Length == 0 || raw[0] != 0)
                        throw new FormatException($"unsupported tag {argument}");
                    return new Cid(raw[1..]); // drop the multibase identity prefix
                default:
                    throw new FormatException($"unsupported major type {major}");
            }
        }

        private static int Advance(ref int offset, int count)
        {
            var start = offset;
            offset += count;
            return start;
        }
    }
}
