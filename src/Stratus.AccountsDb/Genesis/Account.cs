using Stratus.Core;
using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// An account as bincode-serialized by Agave (<c>solana_account::Account</c> and <c>AccountSharedData</c>):
/// lamports u64, data (u64 length + bytes), owner, executable bool, rent_epoch u64.
/// </summary>
public sealed record Account(ulong Lamports, byte[] Data, Pubkey Owner, bool Executable, ulong RentEpoch)
{
    /// <summary>Smallest serialized size: every field with empty data.</summary>
    public const int MinSerializedSize = 8 + 8 + Pubkey.Length + 1 + 8;

    internal static Account Read(ref FieldReader r, string context)
    {
        var lamports = r.U64(context, "lamports");
        var data = r.ByteVec(context, "data").ToArray();
        var owner = r.Pubkey(context, "owner");
        var executable = r.Bool(context, "executable");
        var rentEpoch = r.U64(context, "rent_epoch");
        return new Account(lamports, data, owner, executable, rentEpoch);
    }

    internal void Write(BincodeWriter w)
    {
        w.WriteU64(Lamports);
        w.WriteByteVec(Data);
        w.WritePubkey(Owner);
        w.WriteBool(Executable);
        w.WriteU64(RentEpoch);
    }

    public bool Equals(Account? other) => other is not null
        && Lamports == other.Lamports && Owner == other.Owner && Executable == other.Executable
        && RentEpoch == other.RentEpoch && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Lamports, Owner, Executable, RentEpoch, Data.Length);
}
