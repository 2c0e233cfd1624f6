using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Serialization;
using Stratus.Runtime.Sysvars;

namespace Stratus.AccountsDb.Genesis;

/// <summary>
/// Bincode for types defined elsewhere (Core's <see cref="Account"/>, the Runtime's <see cref="Rent"/> and
/// <see cref="EpochSchedule"/>) as genesis configs and snapshot manifests embed them, with field-level errors.
/// </summary>
internal static class SharedTypeCodec
{
    /// <summary>Smallest serialized account: lamports, empty data (u64 length), owner, executable, rent_epoch.</summary>
    public const int MinAccountSize = 8 + 8 + Pubkey.Length + 1 + 8;

    /// <summary><c>solana_account::Account</c> / <c>AccountSharedData</c>: lamports, data, owner, executable, rent_epoch.</summary>
    public static Account ReadAccount(ref FieldReader r, string context)
    {
        var lamports = r.U64(context, "lamports");
        var data = r.ByteVec(context, "data");
        var owner = r.Pubkey(context, "owner");
        var executable = r.Bool(context, "executable");
        var rentEpoch = r.U64(context, "rent_epoch");
        return new Account(lamports, data, owner, executable, rentEpoch);
    }

    public static void WriteAccount(BincodeWriter w, Account account)
    {
        w.WriteU64(account.Lamports);
        w.WriteByteVec(account.Data);
        w.WritePubkey(account.Owner);
        w.WriteBool(account.Executable);
        w.WriteU64(account.RentEpoch);
    }

    public static Rent ReadRent(ref FieldReader r, string context) => new(
        r.U64(context, "lamports_per_byte_year"),
        r.F64(context, "exemption_threshold"),
        r.U8(context, "burn_percent"));

    public static void WriteRent(BincodeWriter w, Rent rent)
    {
        w.WriteU64(rent.LamportsPerByteYear);
        w.WriteF64(rent.ExemptionThreshold);
        w.WriteU8(rent.BurnPercent);
    }

    public static EpochSchedule ReadEpochSchedule(ref FieldReader r, string context) => new(
        r.U64(context, "slots_per_epoch"),
        r.U64(context, "leader_schedule_slot_offset"),
        r.Bool(context, "warmup"),
        r.U64(context, "first_normal_epoch"),
        r.U64(context, "first_normal_slot"));

    public static void WriteEpochSchedule(BincodeWriter w, EpochSchedule schedule)
    {
        w.WriteU64(schedule.SlotsPerEpoch);
        w.WriteU64(schedule.LeaderScheduleSlotOffset);
        w.WriteBool(schedule.Warmup);
        w.WriteU64(schedule.FirstNormalEpoch);
        w.WriteU64(schedule.FirstNormalSlot);
    }
}
