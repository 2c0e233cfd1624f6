namespace Stratus.Conformance.InterpText;

/// <summary>
/// Reads Firedancer's <c>.instr</c> grammar (<c>src/flamenco/vm/test_vm_instr.c</c>): tokens are
/// <c># comment</c>, <c>$</c> (start of a case), <c>:</c> (start of its assertion) and
/// <c>word=hex</c> assignments. Input state is sticky: a case inherits every field (op, registers,
/// input buffer, region boundaries) it does not set from the cases before it, and the expected
/// registers start as a copy of the inputs. A case is complete when the next <c>$</c> (or the end of
/// the file) is reached, so settings written between two cases also apply to the earlier one.
/// </summary>
public static class InterpTextParser
{
    public const int RegisterCount = 12;

    public static IReadOnlyList<InterpTextCase> Parse(string text)
    {
        var cases = new List<InterpTextCase>();
        var p = new State();
        int pos = 0, line = 1;
        bool inAssert = false;
        int caseLine = 1;

        void Advance(int count)
        {
            for (int k = 0; k < count && pos < text.Length; k++, pos++)
                if (text[pos] == '\n') line++;
        }

        void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos])) Advance(1);
        }

        void Emit(int atLine) => cases.Add(p.Snapshot(atLine));

        while (true)
        {
            SkipSpace();
            if (pos >= text.Length)
            {
                if (inAssert) Emit(caseLine);
                break;
            }
            char c = text[pos];
            if (c == '$')
            {
                bool wasAssert = inAssert;
                int prevLine = caseLine;
                inAssert = false;
                caseLine = line;
                Advance(1);
                if (wasAssert) Emit(prevLine);
                continue;
            }
            if (c == '#')
            {
                while (pos < text.Length && text[pos] != '\n') Advance(1);
                continue;
            }
            if (c == ':')
            {
                inAssert = true;
                Advance(1);
                Array.Copy(p.Regs, p.ExpectedRegs, RegisterCount);
                continue;
            }

            int start = pos;
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '_')) Advance(1);
            string word = text.Substring(start, pos - start);
            if (word.Length == 0)
                throw new FormatException($"unexpected character '{c}' at line {line}");

            switch (word)
            {
                case "input":
                    AssignSep();
                    p.Input = ParseHexBytes();
                    p.Boundaries.Clear();
                    break;
                case "region_boundary":
                    AssignSep();
                    p.Boundaries.Add((uint)ParseHex());
                    break;
                case "op":
                    AssignSep();
                    p.Op = (byte)ParseHex();
                    break;
                case "dst":
                    AssignSep();
                    p.Dst = (byte)(ParseHex() & 0xF);
                    break;
                case "src":
                    AssignSep();
                    p.Src = (byte)(ParseHex() & 0xF);
                    break;
                case "off":
                    AssignSep();
                    p.Off = (ushort)ParseHex();
                    break;
                case "imm":
                    AssignSep();
                    p.Imm = ParseHex();
                    break;
                case "ok":
                    p.Status = InterpTextStatus.Ok;
                    break;
                case "err":
                    p.Status = InterpTextStatus.Fault;
                    break;
                case "vfy":
                case "vfyub":
                    p.Status = InterpTextStatus.VerifyFail;
                    break;
                default:
                    if (word.Length >= 2 && word[0] == 'r' && char.IsAsciiDigit(word[1]) && int.TryParse(word.AsSpan(1), out int reg) && reg < RegisterCount)
                    {
                        AssignSep();
                        (inAssert ? p.ExpectedRegs : p.Regs)[reg] = ParseHex();
                        break;
                    }
                    throw new FormatException($"unexpected token '{word}' at line {line}");
            }
        }
        return cases;

        void AssignSep()
        {
            SkipSpace();
            if (pos >= text.Length || text[pos] != '=') throw new FormatException($"expected '=' at line {line}");
            Advance(1);
            SkipSpace();
        }

        ulong ParseHex()
        {
            ulong v = 0;
            int digits = 0;
            while (pos < text.Length && char.IsAsciiHexDigit(text[pos]))
            {
                v = (v << 4) | (uint)HexValue(text[pos]);
                digits++;
                Advance(1);
            }
            if (digits == 0) throw new FormatException($"expected hex integer at line {line}");
            return v;
        }

        byte[] ParseHexBytes()
        {
            var bytes = new List<byte>();
            while (pos + 1 < text.Length && char.IsAsciiHexDigit(text[pos]) && char.IsAsciiHexDigit(text[pos + 1]))
            {
                bytes.Add(Convert.ToByte(text.Substring(pos, 2), 16));
                Advance(2);
            }
            return bytes.ToArray();
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private sealed class State
    {
        public byte[] Input = [];
        public readonly List<uint> Boundaries = new();
        public byte Op, Dst, Src;
        public ushort Off;
        public ulong Imm;
        public readonly ulong[] Regs = new ulong[RegisterCount];
        public readonly ulong[] ExpectedRegs = new ulong[RegisterCount];
        public InterpTextStatus Status;

        public InterpTextCase Snapshot(int line) => new(line, Op, Dst, Src, Off, Imm,
            (ulong[])Regs.Clone(), Input, Boundaries.ToArray(), Status, (ulong[])ExpectedRegs.Clone());
    }
}
