using System.Buffers.Binary;
using System.Text;
using Stratus.Core;

namespace Stratus.Runtime.Programs.System;

public enum SystemInstructionKind : uint
{
    CreateAccount = 0,
    Assign = 1,
    Transfer = 2,
    CreateAccountWithSeed = 3,
    AdvanceNonceAccount = 4,
    WithdrawNonceAccount = 5,
    InitializeNonceAccount = 6,
    AuthorizeNonceAccount = 7,
    Allocate = 8,
    AllocateWithSeed = 9,
    AssignWithSeed = 10,
    TransferWithSeed = 11,
    UpgradeNonceAccount = 12,
}

/// <summary>
/// A decoded System program instruction (bincode: u32 tag, fixed-width integers, strings as u64 length
/// plus UTF-8). Fields not used by a variant stay default.
/// </summary>
public readonly record struct SystemInstruction(
    SystemInstructionKind Kind,
    ulong Lamports = 0,
    ulong Space = 0,
    Pubkey Owner = default,
    Pubkey Base = default,
    string Seed = "",
    Pubkey Authority = default)
{
    /// <summary>limited_deserialize's bound: PACKET_DATA_SIZE bytes may be read.</summary>
    public const int DeserializeLimit = 1232;

    /// <summary>Decodes as Agave's <c>limited_deserialize</c> does (trailing bytes allowed); false means InvalidInstructionData.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out SystemInstruction instruction)
    {
        instruction = default;
        var r = new Reader(data);
        if (!r.U32(out var tag)) return false;
        var kind = (SystemInstructionKind)tag;
        ulong lamports = 0, space = 0;
        Pubkey owner = default, @base = default, authority = default;
        string seed = "";
        bool ok = kind switch
        {
            SystemInstructionKind.CreateAccount => r.U64(out lamports) && r.U64(out space) && r.Key(out owner),
            SystemInstructionKind.Assign => r.Key(out owner),
            SystemInstructionKind.Transfer => r.U64(out lamports),
            SystemInstructionKind.CreateAccountWithSeed => r.Key(out @base) && r.Str(out seed) && r.U64(out lamports) && r.U64(out space) && r.Key(out owner),
            SystemInstructionKind.AdvanceNonceAccount => true,
            SystemInstructionKind.WithdrawNonceAccount => r.U64(out lamports),
            SystemInstructionKind.InitializeNonceAccount => r.Key(out authority),
            SystemInstructionKind.AuthorizeNonceAccount => r.Key(out authority),
            SystemInstructionKind.Allocate => r.U64(out space),
            SystemInstructionKind.AllocateWithSeed => r.Key(out @base) && r.Str(out seed) && r.U64(out space) && r.Key(out owner),
            SystemInstructionKind.AssignWithSeed => r.Key(out @base) && r.Str(out seed) && r.Key(out owner),
            SystemInstructionKind.TransferWithSeed => r.U64(out lamports) && r.Str(out seed) && r.Key(out owner),
            SystemInstructionKind.UpgradeNonceAccount => true,
            _ => false,
        };
        if (!ok) return false;
        instruction = new SystemInstruction(kind, lamports, space, owner, @base, seed, authority);
        return true;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        private bool Take(int n, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            if (n < 0 || _data.Length - _pos < n || _pos + n > DeserializeLimit) return false;
            bytes = _data.Slice(_pos, n);
            _pos += n;
            return true;
        }

        public bool U32(out uint v) { v = 0; if (!Take(4, out var b)) return false; v = BinaryPrimitives.ReadUInt32LittleEndian(b); return true; }

        public bool U64(out ulong v) { v = 0; if (!Take(8, out var b)) return false; v = BinaryPrimitives.ReadUInt64LittleEndian(b); return true; }

        public bool Key(out Pubkey k) { k = default; if (!Take(32, out var b)) return false; k = Pubkey.Read(b); return true; }

        public bool Str(out string s)
        {
            s = "";
            if (!U64(out var len) || len > int.MaxValue) return false;
            if (!Take((int)len, out var bytes)) return false;
            try
            {
                s = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
            return true;
        }
    }
}
