using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;

namespace Stratus.Runtime.Programs.Config;

/// <summary>
/// The native Config program (programs/config config_processor of Agave 2.2 as Tachyon ships it). Its one
/// instruction stores the instruction data, a ConfigKeys list followed by opaque config data, at the head of
/// account 0. Every key flagged as a signer must sign, in order, as accounts 1..n (the config account
/// itself may stand for its own key); once the account holds signer keys only those may sign, all of them.
/// Charges 450 CU up front.
/// </summary>
public sealed class ConfigProgram : IBuiltinProgram
{
    public const ulong ComputeUnits = 450;

    /// <summary>limited_deserialize's bound on the instruction's key list: PACKET_DATA_SIZE.</summary>
    public const int DeserializeLimit = 1232;

    public static readonly ConfigProgram Instance = new();

    public ProgramFailure? Process(InvokeContext ctx) => ProgramFailure.FromResult(ctx.ConsumeChecked(ComputeUnits) ?? Store(ctx));

    private static InstructionError? Store(InvokeContext ctx)
    {
        var tx = ctx.Transaction;
        var ix = tx.CurrentInstructionContext;
        var data = ix.Data;
        if (ConfigKeys.TryRead(data, out var newKeys, out _, DeserializeLimit) != null)
            return new InstructionError(InstructionErrorKind.InvalidInstructionData);
        var error = ix.GetIndexInTransaction(0, out var configIndex);
        if (error != null) return error;
        var configKey = tx.KeyAt(configIndex);

        bool configSigned;
        ConfigKey[] current;
        using (var config = tx.BorrowInstructionAccount(ix, 0, out error))
        {
            if (error != null) return error;
            configSigned = config.IsSigner;
            if (config.Owner != ProgramIds.Config) return new InstructionError(InstructionErrorKind.InvalidAccountOwner);
            if (ConfigKeys.TryRead(config.Data, out current, out _) is { } readError) return ctx.Fail($"Unable to deserialize config account: {readError.Describe()}", InstructionErrorKind.InvalidAccountData);
        }

        var currentSigners = new List<Pubkey>();
        foreach (var entry in current)
            if (entry.IsSigner) currentSigners.Add(entry.Key);
        // Without stored signers (a new account, or none listed) the config account itself must sign.
        if (currentSigners.Count == 0 && !configSigned) return MissingSignature();

        var counter = 0;
        foreach (var entry in newKeys)
        {
            if (!entry.IsSigner) continue;
            counter++;
            var signer = entry.Key;
            if (signer == configKey)
            {
                if (configSigned) continue;
                ctx.Msg("account[0].signer_key().is_none()");
                return MissingSignature();
            }
            using var account = tx.BorrowInstructionAccount(ix, counter, out error);
            if (error != null)
            {
                ctx.Msg($"account {signer} is not in account list");
                return MissingSignature();
            }
            if (!account.IsSigner)
            {
                ctx.Msg($"account {signer} signer_key().is_none()");
                return MissingSignature();
            }
            if (account.Key != signer)
            {
                ctx.Msg($"account[{counter + 1}].signer_key() does not match Config data)");
                return MissingSignature();
            }
            // An initialized account only takes updates from the signers it already lists.
            if (current.Length != 0 && !currentSigners.Contains(signer))
            {
                ctx.Msg($"account {signer} is not in stored signer list");
                return MissingSignature();
            }
        }

        // Duplicates are whole entries: the same key once as a signer and once not is allowed.
        if (new HashSet<ConfigKey>(newKeys).Count != newKeys.Length) return ctx.Fail("new config contains duplicate keys", InstructionErrorKind.InvalidArgument);

        if (currentSigners.Count > counter)
        {
            ctx.Msg($"too few signers: {counter}; expected: {currentSigners.Count}");
            return MissingSignature();
        }

        using var target = tx.BorrowInstructionAccount(ix, 0, out error);
        if (error != null) return error;
        if (target.DataLength < data.Length) return ctx.Fail("instruction data too large", InstructionErrorKind.InvalidInstructionData);
        if ((error = target.GetDataMut(out var stored)) != null) return error;
        data.CopyTo(stored);
        return null;
    }

    private static InstructionError MissingSignature() => new(InstructionErrorKind.MissingRequiredSignature);
}
