using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Stratus.Conformance.Protos;
using Stratus.TestCommon;

namespace Stratus.Conformance.Tests;

/// <summary>
/// Checks the .proto files against the fixture-format document: every numbered field it lists, in a table
/// (<c>| 3 | accounts | ... |</c>) or inline (<c>**InstrAcct**: 1 index u32 · 2 is_writable bool</c>), is a field of
/// that number and name in the message it belongs to.
/// </summary>
public partial class SchemaDocTests
{
    private static readonly Dictionary<string, MessageDescriptor> Messages = new[]
    {
        MetadataReflection.Descriptor, ContextReflection.Descriptor, InstrReflection.Descriptor, VmReflection.Descriptor,
        TxnReflection.Descriptor, ElfReflection.Descriptor, BlockReflection.Descriptor,
    }.SelectMany(f => f.MessageTypes).ToDictionary(d => d.Name);

    [GeneratedRegex(@"^(?:## |\*\*)(\w+)(?:\*\*)?(?:\s*\(.*\))?\s*$")]
    private static partial Regex TableHeading();

    [GeneratedRegex(@"^(?:\*\*(\w+)\*\*|- (\w+)):\s*(.*)$")]
    private static partial Regex InlineHeading();

    [GeneratedRegex(@"^\|\s*(\d+)\s*\|\s*(?:\(hist\)\s*)?([a-z_0-9]+)\s*\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"^(?:\(hist\)\s*)?(\d+)\s+(?:\(hist\)\s*)?([a-z_][a-z_0-9]*)")]
    private static partial Regex Segment();

    [SharedFact]
    public void Every_listed_field_matches_the_schema()
    {
        var path = SharedData.DocsPath("FIXTURE-FORMAT.md");
        if (!File.Exists(path))
        {
            Assert.False(SharedData.IsCi, "FIXTURE-FORMAT.md missing under CI");
            return;
        }
        string? table = null, inline = null;
        var checkedFields = 0;
        var messagesSeen = new HashSet<string>();

        void Check(string message, int number, string name)
        {
            var field = Messages[message].FindFieldByNumber(number);
            Assert.True(field != null, $"{message}: no field {number} ({name})");
            Assert.True(name == field!.Name, $"{message}.{number}: doc says '{name}', schema has '{field.Name}'");
            messagesSeen.Add(message);
            checkedFields++;
        }

        void CheckInline(string message, string text)
        {
            foreach (var part in text.Split('·'))
            {
                var m = Segment().Match(part.Trim());
                if (m.Success) Check(message, int.Parse(m.Groups[1].Value), m.Groups[2].Value);
            }
        }

        foreach (var line in File.ReadLines(path))
        {
            var ih = InlineHeading().Match(line);
            if (ih.Success)
            {
                var name = ih.Groups[1].Success ? ih.Groups[1].Value : ih.Groups[2].Value;
                table = null;
                inline = Messages.ContainsKey(name) ? name : null;
                if (inline != null) CheckInline(inline, ih.Groups[3].Value);
                continue;
            }
            var th = TableHeading().Match(line);
            if (th.Success)
            {
                inline = null;
                table = Messages.ContainsKey(th.Groups[1].Value) ? th.Groups[1].Value : null;
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('-') || line.StartsWith("**", StringComparison.Ordinal))
            {
                inline = null;
                if (line.StartsWith('#')) table = null;
                continue;
            }
            if (inline != null)
            {
                CheckInline(inline, line);
                continue;
            }
            if (table != null && Row().Match(line) is { Success: true } row)
                Check(table, int.Parse(row.Groups[1].Value), row.Groups[2].Value);
        }

        Assert.True(checkedFields > 150, $"only {checkedFields} fields checked");
        foreach (var expected in new[] { "AcctState", "InstrContext", "VmContext", "SyscallEffects", "TxnResult", "ELFLoaderEffects", "BlockBank", "SlotContext", "EpochContext", "PrevVoteAccount", "ELFLoaderCtx" })
            Assert.Contains(expected, messagesSeen);
    }
}
