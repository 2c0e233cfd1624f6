using Stratus.Core.Serialization;

namespace Stratus.AccountsDb.Genesis;

/// <summary>PoH parameters of a cluster (<c>solana_poh_config::PohConfig</c>).</summary>
/// <param name="TargetTickCount">Only used by tests in Agave.</param>
/// <param name="HashesPerTick">Null means "low power mode": ticks are timed sleeps without hashing.</param>
public sealed record PohConfig(Duration TargetTickDuration, ulong? TargetTickCount, ulong? HashesPerTick)
{
    internal static PohConfig Read(ref FieldReader r)
    {
        var duration = Duration.Read(ref r, "poh_config.target_tick_duration");
        ulong? count = r.OptionTag("poh_config", "target_tick_count") ? r.U64("poh_config", "target_tick_count") : null;
        ulong? hashes = r.OptionTag("poh_config", "hashes_per_tick") ? r.U64("poh_config", "hashes_per_tick") : null;
        return new PohConfig(duration, count, hashes);
    }

    internal void Write(BincodeWriter w)
    {
        TargetTickDuration.Write(w);
        WriteOption(w, TargetTickCount);
        WriteOption(w, HashesPerTick);
    }

    private static void WriteOption(BincodeWriter w, ulong? value)
    {
        w.WriteOptionTag(value.HasValue);
        if (value is { } v) w.WriteU64(v);
    }
}
