using Stratus.Core;
using Stratus.Core.Accounts;
using Stratus.Core.Features;
using Stratus.Core.Transactions;
using Stratus.Runtime.Context;
using Stratus.Runtime.Errors;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Runtime.Programs;
using Stratus.Runtime.Programs.Bpf;
using Stratus.Runtime.Programs.System;
using Stratus.Runtime.Sysvars;

namespace Stratus.Runtime.Tests;

public class LogCollectorTests
{
    // Agave's log-collector test: 10,000 one-byte lines keep 9,999 and then "Log truncated".
    [Fact]
    public void Truncates_at_byte_limit()
    {
        var log = new LogCollector();
        for (var i = 0; i < LogCollector.DefaultBytesLimit * 2; i++) log.Log("x");
        Assert.Equal(LogCollector.DefaultBytesLimit, log.Messages.Count);
        Assert.All(log.Messages.Take(LogCollector.DefaultBytesLimit - 1), m => Assert.Equal("x", m));
        Assert.Equal("Log truncated", log.Messages[^1]);
    }

    [Fact]
    public void Unlimited_keeps_everything()
    {
        var log = new LogCollector(null);
        for (var i = 0; i < 20_000; i++) log.Log("x");
        Assert.Equal(20_000, log.Messages.Count);
    }
}

public class ProgramReturnCodeTests
{
    [Theory]
    [InlineData(1UL, "Custom(1)")]
    [InlineData(0xFFFF_FFFFUL, "Custom(4294967295)")]
    [InlineData(1UL << 32, "Custom(0)")]
    [InlineData(2UL << 32, "InvalidArgument")]
    [InlineData(11UL << 32, "NotEnoughAccountKeys")]
    [InlineData(26UL << 32, "IncorrectAuthority")]
    [InlineData(27UL << 32, "InvalidError")]
    [InlineData((2UL << 32) | 1, "InvalidError")]
    public void Maps_like_agave(ulong code, string expected) =>
        Assert.Equal(expected, ProgramReturnCode.ToInstructionError(code).ToString());

    [Fact]
    public void Display_text()
    {
        Assert.Equal("custom program error: 0x1", InstructionError.FromCustom(1).Describe());
        Assert.Equal("insufficient funds for instruction", new InstructionError(InstructionErrorKind.InsufficientFunds).Describe());
    }
}

public class RuntimeMathTests
{
    [Fact]
    public void Rent_minimum_balance_of_empty_account() => Assert.Equal(890_880UL, Rent.Default.MinimumBalance(0));

    [Theory]
    [InlineData(32 * 1024u, 0UL)]
    [InlineData(64 * 1024u, 8UL)]
    [InlineData(256 * 1024u, 56UL)]
    [InlineData(33 * 1024u, 8UL)]
    public void Heap_cost(uint heap, ulong cost) => Assert.Equal(cost, BpfLoaderProgram.HeapCost(heap, 8));

    [Fact]
    public void Rent_transitions()
    {
        var paying = new RentState(RentStateKind.RentPaying, 10, 0);
        Assert.False(RentCollector.TransitionAllowed(new RentState(RentStateKind.Uninitialized), paying));
        Assert.True(RentCollector.TransitionAllowed(paying, paying with { Lamports = 5 }));
        Assert.False(RentCollector.TransitionAllowed(paying, paying with { Lamports = 11 }));
        Assert.False(RentCollector.TransitionAllowed(paying, paying with { DataSize = 1 }));
        Assert.True(RentCollector.TransitionAllowed(paying, new RentState(RentStateKind.Uninitialized)));
    }

    [Fact]
    public void Nonce_state_round_trips()
    {
        var state = NonceState.Initialized(new Pubkey(Enumerable.Repeat((byte)7, 32).ToArray()), NonceState.DurableNonceFrom(default), 5000);
        var bytes = state.Serialize();
        Assert.Equal(NonceState.Size, bytes.Length);
        Assert.True(NonceState.TryRead(bytes, out var back));
        Assert.Equal(state, back);
        Assert.False(NonceState.TryRead(bytes.AsSpan(0, 40), out _));
        Assert.False(NonceState.TryRead([2, 0, 0, 0, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void System_instruction_decoding_rejects_bad_input()
    {
        Assert.False(SystemInstruction.TryDecode([], out _));
        Assert.False(SystemInstruction.TryDecode([2, 0, 0, 0, 1, 2, 3], out _));
        Assert.False(SystemInstruction.TryDecode([13, 0, 0, 0], out _));
        Assert.True(SystemInstruction.TryDecode([2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 99], out var transfer));
        Assert.Equal((SystemInstructionKind.Transfer, 1UL), (transfer.Kind, transfer.Lamports));
        // A seed that is not UTF-8 fails like serde's String.
        byte[] badSeed = [3, 0, 0, 0, .. new byte[32], 1, 0, 0, 0, 0, 0, 0, 0, 0xFF, .. new byte[48]];
        Assert.False(SystemInstruction.TryDecode(badSeed, out _));
    }
}

/// <summary>Agave's transaction-context rules, through a one-instruction context.</summary>
public class TransactionContextTests
{
    private static readonly Pubkey ProgramA = new(Enumerable.Repeat((byte)0xAA, 32).ToArray());

    private static (TransactionContext Tx, InstructionContext Ix) Setup(bool writable = true, Pubkey? owner = null, ulong lamports = 1_000_000_000)
    {
        var accounts = new[]
        {
            new TransactionAccount(new Pubkey(Enumerable.Repeat((byte)1, 32).ToArray()), new Account(lamports, [], owner ?? ProgramA)),
            new TransactionAccount(new Pubkey(Enumerable.Repeat((byte)2, 32).ToArray()), new Account(lamports, [], ProgramA)),
            new TransactionAccount(ProgramA, new Account(1, [], ProgramIds.NativeLoader, executable: true)),
        };
        var tx = new TransactionContext(accounts, Rent.Default);
        tx.NextInstructionContext.Configure([2], [new InstructionAccount(0, true, writable), new InstructionAccount(1, false, true), new InstructionAccount(0, true, writable)], Array.Empty<byte>());
        Assert.Null(tx.Push());
        return (tx, tx.CurrentInstructionContext);
    }

    [Fact]
    public void Readonly_lamports_and_data()
    {
        var (tx, ix) = Setup(writable: false);
        using var a = tx.BorrowInstructionAccount(ix, 0, out var e);
        Assert.Null(e);
        Assert.Equal(InstructionErrorKind.ReadonlyLamportChange, a.SetLamports(5)!.Value.Kind);
        Assert.Equal(InstructionErrorKind.ReadonlyDataModified, a.SetDataLength(10)!.Value.Kind);
    }

    [Fact]
    public void Foreign_accounts()
    {
        var (tx, ix) = Setup(owner: ProgramIds.System);
        using var a = tx.BorrowInstructionAccount(ix, 0, out _);
        Assert.Equal(InstructionErrorKind.ExternalAccountLamportSpend, a.SetLamports(5)!.Value.Kind);
        Assert.Null(a.SetLamports(2_000_000_000));
        Assert.Equal(InstructionErrorKind.AccountDataSizeChanged, a.SetDataLength(10)!.Value.Kind);
        Assert.Equal(InstructionErrorKind.ModifiedProgramId, a.SetOwner(ProgramA)!.Value.Kind);
    }

    [Fact]
    public void Duplicate_borrow_fails_and_release_allows_again()
    {
        var (tx, ix) = Setup();
        var first = tx.BorrowInstructionAccount(ix, 0, out var e1);
        Assert.Null(e1);
        using (var dup = tx.BorrowInstructionAccount(ix, 2, out var e2))
            Assert.Equal(InstructionErrorKind.AccountBorrowFailed, e2!.Value.Kind);
        first.Dispose();
        using var again = tx.BorrowInstructionAccount(ix, 2, out var e3);
        Assert.Null(e3);
    }

    [Fact]
    public void Realloc_limits()
    {
        var (tx, ix) = Setup();
        using var a = tx.BorrowInstructionAccount(ix, 0, out _);
        Assert.Equal(InstructionErrorKind.InvalidRealloc, a.SetDataLength(AccountLimits.MaxPermittedDataLength + 1)!.Value.Kind);
        Assert.Null(a.SetDataLength(100));
        Assert.Equal(100, tx.AccountsResizeDelta);
    }

    [Fact]
    public void Unbalanced_instruction_is_reported_on_pop()
    {
        var (tx, ix) = Setup();
        using (var a = tx.BorrowInstructionAccount(ix, 0, out _)) Assert.Null(a.SetLamports(1));
        Assert.Equal(InstructionErrorKind.UnbalancedInstruction, tx.Pop()!.Value.Kind);
        Assert.Equal(0, tx.StackHeight);
    }

    [Fact]
    public void Trace_and_depth_limits()
    {
        var accounts = new[] { new TransactionAccount(ProgramA, new Account(1, [], ProgramIds.NativeLoader, executable: true)) };
        var tx = new TransactionContext(accounts, Rent.Default);
        for (var i = 0; i < TransactionContext.DefaultInstructionStackCapacity; i++)
        {
            tx.NextInstructionContext.Configure([0], [], Array.Empty<byte>());
            Assert.Null(tx.Push());
        }
        tx.NextInstructionContext.Configure([0], [], Array.Empty<byte>());
        Assert.Equal(InstructionErrorKind.CallDepth, tx.Push()!.Value.Kind);
    }
}

/// <summary>The System program through the invoke context: logs, CUs and errors as Agave.</summary>
public class SystemProgramTests
{
    private static readonly Pubkey From = new(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly Pubkey To = new(Enumerable.Repeat((byte)2, 32).ToArray());

    private static (InstructionError? Error, LogCollector Log, InvokeContext Ctx) Run(byte[] data, bool fromSigns, ulong fromLamports, ulong limit = 200_000)
    {
        var accounts = new[]
        {
            new TransactionAccount(From, new Account(fromLamports, [], ProgramIds.System)),
            new TransactionAccount(To, new Account(0, [], ProgramIds.System)),
            new TransactionAccount(ProgramIds.System, new Account(1, "system_program"u8, ProgramIds.NativeLoader, executable: true)),
        };
        var tx = new TransactionContext(accounts, Rent.Default);
        var features = FeatureSet.AllEnabled(ClusterProfile.Solana);
        var cache = new ProgramCacheForTxBatch(1, RuntimeEnvironment.Create(features));
        Builtins.Register(cache, features);
        var log = new LogCollector();
        var ctx = new InvokeContext(tx, cache, new EnvironmentConfig(default, 5000, features, new SysvarCache()), log, limit, 32 * 1024);
        var error = ctx.ProcessInstruction(data, [new InstructionAccount(0, fromSigns, true), new InstructionAccount(1, false, true)], [2], out _);
        return (error, log, ctx);
    }

    private static byte[] Transfer(ulong lamports) => [2, 0, 0, 0, .. BitConverter.GetBytes(lamports)];

    [Fact]
    public void Transfer_succeeds_and_costs_150()
    {
        var (error, log, ctx) = Run(Transfer(10), true, 100);
        Assert.Null(error);
        Assert.Equal(200_000UL - 150, ctx.Remaining);
        Assert.Equal(["Program 11111111111111111111111111111111 invoke [1]", "Program 11111111111111111111111111111111 success"], log.Messages);
    }

    [Fact]
    public void Transfer_without_signature()
    {
        var (error, log, _) = Run(Transfer(10), false, 100);
        Assert.Equal(InstructionErrorKind.MissingRequiredSignature, error!.Value.Kind);
        Assert.Equal($"Transfer: `from` account {From} must sign", log.Messages[1]);
        Assert.Equal("Program 11111111111111111111111111111111 failed: missing required signature for instruction", log.Messages[2]);
    }

    [Fact]
    public void Transfer_insufficient()
    {
        var (error, log, _) = Run(Transfer(1000), true, 100);
        Assert.Equal("Custom(1)", error!.Value.ToString());
        Assert.Equal("Transfer: insufficient lamports 100, need 1000", log.Messages[1]);
    }

    [Fact]
    public void Out_of_compute_before_running()
    {
        var (error, _, ctx) = Run(Transfer(10), true, 100, limit: 100);
        Assert.Equal(InstructionErrorKind.ComputationalBudgetExceeded, error!.Value.Kind);
        Assert.Equal(0UL, ctx.Remaining);
    }

    [Fact]
    public void Garbage_data() => Assert.Equal(InstructionErrorKind.InvalidInstructionData, Run([0xFF], true, 100).Error!.Value.Kind);
}
