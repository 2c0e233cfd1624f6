using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Processing;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests;

/// <summary>An account of an instruction: key, signer, writable.</summary>
internal readonly record struct Meta(Pubkey Key, bool Signer = false, bool Writable = false)
{
    public static Meta W(Pubkey key) => new(key, false, true);
    public static Meta S(Pubkey key) => new(key, true, false);
    public static Meta WS(Pubkey key) => new(key, true, true);
    public static Meta R(Pubkey key) => new(key);
}

internal sealed record LoaderIx(Pubkey Program, Meta[] Accounts, byte[] Data);

/// <summary>
/// A minimal bank for loader scenarios: accounts committed transaction after transaction through
/// <see cref="TransactionProcessor"/>, a current slot (the Clock sysvar follows it), Agave's default rent,
/// and the native programs the loaders use.
/// </summary>
internal sealed class LoaderBank
{
    private static readonly Hash Blockhash = new(Enumerable.Repeat((byte)7, 32).ToArray());

    public LoaderBank(FeatureSet? features = null)
    {
        Features = features ?? FeatureSet.AllEnabled(ClusterProfile.Solana).Without(FeatureId.BpfAccountDataDirectMapping);
        var native = new Account(1, "native"u8.ToArray(), ProgramIds.NativeLoader, true, 0);
        foreach (var id in new[] { ProgramIds.System, ProgramIds.BpfLoaderUpgradeable, ProgramIds.LoaderV4, ProgramIds.ComputeBudget })
            Accounts[id] = native.Clone();
        Accounts[Payer] = new Account(1_000_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch);
        Accounts[Authority] = new Account(1_000_000_000, [], ProgramIds.System, false, RentCollector.RentExemptRentEpoch);
        Accounts[SysvarIds.Rent] = new Account(1_009_200, Rent.Default.Serialize(), SysvarIds.Owner, false, 0);
        Accounts[SysvarIds.Clock] = new Account(1_169_280, new Clock(Slot, 0, 0, 0, 0).Serialize(), SysvarIds.Owner, false, 0);
    }

    public static readonly Pubkey Payer = new(Enumerable.Repeat((byte)9, 32).ToArray());
    public static readonly Pubkey Authority = new(Enumerable.Repeat((byte)10, 32).ToArray());

    public FeatureSet Features { get; }

    public Dictionary<Pubkey, Account> Accounts { get; } = new();

    public ulong Slot { get; set; } = 10;

    public Account Get(Pubkey key) => Accounts[key];

    public TransactionResult Run(params LoaderIx[] instructions)
    {
        // Payer first, then signers writable/readonly, then the rest writable/readonly; programs last.
        var metas = new Dictionary<Pubkey, (bool Signer, bool Writable)> { [Payer] = (true, true) };
        foreach (var ix in instructions)
            foreach (var m in ix.Accounts)
                metas[m.Key] = metas.TryGetValue(m.Key, out var f) ? (f.Signer | m.Signer, f.Writable | m.Writable) : (m.Signer, m.Writable);
        foreach (var ix in instructions) metas.TryAdd(ix.Program, (false, false));
        var ordered = metas.OrderBy(p => p.Key == Payer ? 0 : p.Value.Signer ? (p.Value.Writable ? 1 : 2) : (p.Value.Writable ? 3 : 4)).ToList();
        var keys = ordered.Select(p => p.Key).ToArray();
        var header = new MessageHeader(
            (byte)ordered.Count(p => p.Value.Signer),
            (byte)ordered.Count(p => p.Value.Signer && !p.Value.Writable),
            (byte)ordered.Count(p => !p.Value.Signer && !p.Value.Writable));
        var specs = instructions
            .Select(ix => new CompiledInstructionSpec((byte)Array.IndexOf(keys, ix.Program), ix.Accounts.Select(a => (byte)Array.IndexOf(keys, a.Key)).ToArray(), ix.Data))
            .ToArray();
        var message = Message.Create(MessageVersion.Legacy, header, keys, Blockhash, specs);

        var clock = new Clock(Slot, 0, 0, 0, 0);
        Accounts[SysvarIds.Clock] = new Account(1_169_280, clock.Serialize(), SysvarIds.Owner, false, 0);
        var sysvars = new SysvarCache();
        sysvars.Set(SysvarIds.Rent, Rent.Default.Serialize());
        sysvars.Set(SysvarIds.Clock, clock.Serialize());
        var env = new ProcessingEnvironment
        {
            Slot = Slot,
            Features = Features,
            Cluster = ClusterProfile.Solana,
            Sysvars = sysvars,
            GetAccount = key => Accounts.GetValueOrDefault(key),
            LastBlockhash = Blockhash,
            VerifySignatures = false,
        };
        var result = new TransactionProcessor(env).Process(Transaction.Create(new Signature[header.NumRequiredSignatures], message));
        Assert.Null(result.UnsupportedReason);
        if (result.Processed)
            foreach (var post in result.PostAccounts)
            {
                if (post.Account.Lamports == 0) Accounts.Remove(post.Key);
                else Accounts[post.Key] = post.Account.Clone();
            }
        return result;
    }

    public static byte[] Tag(uint tag, int extra = 0)
    {
        var data = new byte[4 + extra];
        BinaryPrimitives.WriteUInt32LittleEndian(data, tag);
        return data;
    }

    public static LoaderIx CreateAccount(Pubkey to, ulong lamports, ulong space, Pubkey owner)
    {
        var data = Tag(0, 48);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(4), lamports);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(12), space);
        owner.CopyTo(data.AsSpan(20));
        return new LoaderIx(ProgramIds.System, [Meta.WS(Payer), Meta.WS(to)], data);
    }

    /// <summary>Builtins get 3,000 units each by default; loader work that invokes others needs more.</summary>
    public static LoaderIx ComputeUnitLimit(uint units)
    {
        var data = new byte[5];
        data[0] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(1), units);
        return new LoaderIx(ProgramIds.ComputeBudget, [], data);
    }

    public static string Describe(TransactionResult result) => result.Status + "\n" + string.Join("\n", result.Logs);
}
