using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Runtime.Programs.Config;
using static Stratus.Runtime.Tests.BuiltinPrograms.BuiltinHarness;

namespace Stratus.Runtime.Tests.BuiltinPrograms.Config;

/// <summary>The Config program's Store, following the cases of Agave's config_processor tests.</summary>
public class ConfigProgramTests
{
    private static readonly Pubkey ConfigKey = Key(1);
    private static readonly Pubkey A = Key(2);
    private static readonly Pubkey B = Key(3);

    // MyConfig of Agave's tests: one u64.
    private static byte[] Store(ConfigKey[] keys, ulong item) =>
        ConfigKeys.Serialize(keys).Concat(BitConverter.GetBytes(item)).ToArray();

    private static Account ConfigAccount(ConfigKey[] keys, int size = 0)
    {
        var data = new byte[Math.Max(size, ConfigKeys.Serialize(keys).Length + 8)];
        ConfigKeys.Serialize(keys).CopyTo(data, 0);
        return new Account(1, data, ProgramIds.Config);
    }

    private static Outcome Run(byte[] data, Account config, params Meta[] metas) =>
        BuiltinHarness.Run(ProgramIds.Config, data, new() { [ConfigKey] = config }, metas);

    private static void AssertFails(InstructionErrorKind kind, Outcome outcome, string? log = null)
    {
        Assert.Equal(kind, outcome.Error?.Kind);
        Assert.Equal(ConfigProgram.ComputeUnits, outcome.UnitsConsumed);
        if (log != null) Assert.Contains(log, outcome.Logs);
    }

    [Fact]
    public void Stores_into_a_new_account_signed_by_itself()
    {
        var data = Store([], 42);
        var outcome = Run(data, ConfigAccount([], 64), new Meta(ConfigKey, true, true));
        Assert.Null(outcome.Error);
        Assert.Equal(ConfigProgram.ComputeUnits, outcome.UnitsConsumed);
        var stored = outcome.Accounts[ConfigKey].Data;
        Assert.Equal(data, stored[..data.Length].ToArray());
        // Bytes past the instruction data are left as they were.
        Assert.All(stored[data.Length..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Signer_keys_must_sign_in_order()
    {
        ConfigKey[] keys = [new(A, true), new(B, false)];
        var data = Store(keys, 7);
        Assert.Null(Run(data, ConfigAccount(keys), new(ConfigKey, true, true), new(A, true)).Error);
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(data, ConfigAccount(keys), new(ConfigKey, true, true), new(A, false)),
            $"account {A} signer_key().is_none()");
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(data, ConfigAccount(keys), new Meta(ConfigKey, true, true)),
            $"account {A} is not in account list");
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(data, ConfigAccount(keys), new(ConfigKey, true, true), new(B, true)),
            "account[2].signer_key() does not match Config data)");
    }

    [Fact]
    public void The_config_account_may_list_itself_as_signer()
    {
        ConfigKey[] keys = [new(ConfigKey, true)];
        Assert.Null(Run(Store(keys, 1), ConfigAccount(keys), new Meta(ConfigKey, true, true)).Error);
        // Stored signer list names it, so the first check passes; the loop then wants its signature.
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(Store(keys, 1), ConfigAccount(keys), new Meta(ConfigKey, false, true)),
            "account[0].signer_key().is_none()");
    }

    [Fact]
    public void Updates_need_every_stored_signer_and_no_other()
    {
        ConfigKey[] stored = [new(A, true), new(B, true)];
        Assert.Null(Run(Store(stored, 2), ConfigAccount(stored), new(ConfigKey, false, true), new(A, true), new(B, true)).Error);
        AssertFails(InstructionErrorKind.MissingRequiredSignature,
            Run(Store([new(A, true)], 2), ConfigAccount(stored), new(ConfigKey, false, true), new(A, true)),
            "too few signers: 1; expected: 2");
        var other = Key(9);
        AssertFails(InstructionErrorKind.MissingRequiredSignature,
            Run(Store([new(A, true), new(other, true)], 2), ConfigAccount(stored), new(ConfigKey, false, true), new(A, true), new(other, true)),
            $"account {other} is not in stored signer list");
    }

    [Fact]
    public void Duplicates_are_whole_entries()
    {
        AssertFails(InstructionErrorKind.InvalidArgument,
            Run(Store([new(A, false), new(A, false)], 1), ConfigAccount([], 100), new Meta(ConfigKey, true, true)),
            "new config contains duplicate keys");
        // Same key with different signer flags is two distinct entries for the BTreeSet Agave builds.
        Assert.Null(Run(Store([new(A, true), new(A, false)], 1), ConfigAccount([], 100), new(ConfigKey, true, true), new(A, true)).Error);
    }

    [Fact]
    public void Error_order_before_the_signer_checks()
    {
        // Undecodable instruction data comes first, before any account is looked at.
        AssertFails(InstructionErrorKind.InvalidInstructionData, BuiltinHarness.Run(ProgramIds.Config, [0x80], new(), []));
        AssertFails(InstructionErrorKind.NotEnoughAccountKeys, BuiltinHarness.Run(ProgramIds.Config, Store([], 1), new(), []));
        AssertFails(InstructionErrorKind.InvalidAccountOwner,
            Run(Store([], 1), new Account(1, new byte[16], ProgramIds.System), new Meta(ConfigKey, true, true)));
        var truncated = new Account(1, [1, 0, 0], ProgramIds.Config);
        AssertFails(InstructionErrorKind.InvalidAccountData, Run(Store([], 1), truncated, new Meta(ConfigKey, true, true)),
            "Unable to deserialize config account: io error: unexpected end of file");
        AssertFails(InstructionErrorKind.MissingRequiredSignature, Run(Store([], 1), ConfigAccount([]), new Meta(ConfigKey, false, true)));
    }

    [Fact]
    public void Data_must_fit_and_the_account_be_writable()
    {
        AssertFails(InstructionErrorKind.InvalidInstructionData, Run(Store([new(A, false)], 1), ConfigAccount([], 20), new Meta(ConfigKey, true, true)),
            "instruction data too large");
        AssertFails(InstructionErrorKind.ReadonlyDataModified, Run(Store([], 1), ConfigAccount([]), new Meta(ConfigKey, true, false)));
    }
}
