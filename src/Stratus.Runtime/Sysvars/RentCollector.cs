using Stratus.Core;
using Stratus.Core.Accounts;

namespace Stratus.Runtime.Sysvars;

public enum RentStateKind : byte { Uninitialized, RentPaying, RentExempt }

/// <summary>An account's rent state: no lamports, below the exemption minimum (with size and balance), or exempt.</summary>
public readonly record struct RentState(RentStateKind Kind, ulong Lamports = 0, int DataSize = 0);

/// <summary>
/// Rent rules applied around execution (solana-rent-collector 2.2 and svm-rent-collector): the state of
/// an account, which transitions a transaction may make, and collection from accounts that still pay rent.
/// </summary>
public sealed record RentCollector(ulong Epoch, EpochSchedule EpochSchedule, double SlotsPerYear, Rent Rent)
{
    public const ulong RentExemptRentEpoch = ulong.MaxValue;

    /// <summary>Agave's defaults: epoch 0, default schedule, the default genesis slots per year, default rent.</summary>
    public static RentCollector Default { get; } = new(0, EpochSchedule.Default,
        // GenesisConfig::default().slots_per_year(): seconds per year / (ticks per slot / ticks per second).
        365.242_199 * 24.0 * 60.0 * 60.0 * 160.0 / 64.0, Rent.Default);

    public RentState GetRentState(IReadOnlyAccount account)
    {
        if (account.Lamports == 0) return new RentState(RentStateKind.Uninitialized);
        if (Rent.IsExempt(account.Lamports, (ulong)account.Data.Length)) return new RentState(RentStateKind.RentExempt);
        return new RentState(RentStateKind.RentPaying, account.Lamports, account.Data.Length);
    }

    /// <summary>A post state is allowed if uninitialized or exempt, or rent-paying with the same size and no more lamports than before.</summary>
    public static bool TransitionAllowed(in RentState pre, in RentState post) => post.Kind switch
    {
        RentStateKind.RentPaying => pre.Kind == RentStateKind.RentPaying && post.DataSize == pre.DataSize && post.Lamports <= pre.Lamports,
        _ => true,
    };

    /// <summary>
    /// Rent handling when an account is loaded. With <paramref name="rentFeesDisabled"/> nothing is collected and an
    /// exempt account's rent epoch becomes u64::MAX; otherwise rent due is collected. Returns lamports collected.
    /// </summary>
    public ulong Collect(in Pubkey address, Account account, bool rentFeesDisabled)
    {
        if (rentFeesDisabled)
        {
            if (account.RentEpoch != RentExemptRentEpoch && Rent.IsExempt(account.Lamports, (ulong)account.DataLength))
                account.RentEpoch = RentExemptRentEpoch;
            return 0;
        }
        if (account.RentEpoch == RentExemptRentEpoch || account.RentEpoch > Epoch) return 0;
        if (account.Executable || address == ProgramIds.Incinerator || Rent.IsExempt(account.Lamports, (ulong)account.DataLength))
        {
            account.RentEpoch = RentExemptRentEpoch;
            return 0;
        }
        ulong slots = 0;
        for (var e = account.RentEpoch; e <= Epoch; e++) slots += EpochSchedule.GetSlotsInEpoch(e + 1);
        var years = SlotsPerYear != 0.0 ? slots / SlotsPerYear : 0.0;
        var due = Rent.DueAmount((ulong)account.DataLength, years);
        if (due == 0) return 0;
        if (account.Lamports <= due)
        {
            var collected = account.Lamports;
            account.CopyFrom(new Account());
            return collected;
        }
        account.Lamports -= due;
        account.RentEpoch = Epoch + 1;
        return due;
    }
}
