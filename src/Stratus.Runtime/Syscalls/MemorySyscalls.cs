using System.Buffers.Binary;
using Stratus.Core.Transactions;
using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;
using Stratus.Sbpf.Syscalls;

namespace Stratus.Runtime.Syscalls;

// Agave 2.2 mem_ops.rs. Without bpf_account_data_direct_mapping (its id is the placeholder
// "1ncomp1ete…" on Solana and X1, so it never activates there) each operand is translated as one
// contiguous slice, and an operand that crosses from one region into another is an access violation.
// With it (FeatureSet::all_enabled, e.g. LiteSVM) operands are walked region by region: see
// NonContiguousMemory. The flag is fixed per registry, like the rest of the feature set.

internal static class MemOps
{
    /// <summary><c>invoke_context.get_syscall_context()?.accounts_metadata</c>.</summary>
    public static SyscallError? AccountsMetadata(VmContext vm, out IReadOnlyList<SerializedAccountMetadata> accounts)
    {
        accounts = [];
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        if (host.AccountsMetadata is not { } metadata) return SyscallFailures.Instruction(InstructionErrorKind.CallDepth);
        accounts = metadata;
        return null;
    }
}

/// <summary><c>sol_memcpy_(dst, src, n)</c>: refuses guest ranges that overlap (CopyOverlapping), then copies.</summary>
public sealed class SolMemcpy(bool directMapping = false) : ISyscall
{
    public static readonly SolMemcpy Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong dst, ulong src, ulong n, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.MemOp(n));
        if (error != null) return error;
        if (!GuestMemory.IsNonOverlapping(src, n, dst, n)) return SyscallFailures.CopyOverlapping;
        return SolMemmove.Move(vm, dst, src, n, directMapping);
    }
}

/// <summary><c>sol_memmove_(dst, src, n)</c>: translates dst (writable) then src, and copies as memmove.</summary>
public sealed class SolMemmove(bool directMapping = false) : ISyscall
{
    public static readonly SolMemmove Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong dst, ulong src, ulong n, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.MemOp(n));
        return error ?? Move(vm, dst, src, n, directMapping);
    }

    internal static SyscallError? Move(VmContext vm, ulong dst, ulong src, ulong n, bool directMapping)
    {
        if (directMapping)
            return MemOps.AccountsMetadata(vm, out var accounts) ?? NonContiguousMemory.Move(vm, accounts, dst, src, n);
        var error = GuestMemory.TranslateBytes(vm, AccessType.Store, dst, n, out var to);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, src, n, out var from);
        if (error != null) return error;
        from.CopyTo(to); // Span.CopyTo has memmove semantics when host ranges overlap
        return null;
    }
}

/// <summary><c>sol_memset_(dst, c, n)</c>: fills with the low byte of c.</summary>
public sealed class SolMemset(bool directMapping = false) : ISyscall
{
    public static readonly SolMemset Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong dst, ulong c, ulong n, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.MemOp(n));
        if (error != null) return error;
        if (directMapping)
            return MemOps.AccountsMetadata(vm, out var accounts) ?? NonContiguousMemory.Set(vm, accounts, dst, (byte)c, n);
        error = GuestMemory.TranslateBytes(vm, AccessType.Store, dst, n, out var to);
        if (error != null) return error;
        to.Fill((byte)c);
        return null;
    }
}

/// <summary>
/// <c>sol_memcmp_(s1, s2, n, result)</c>: translates s1, s2, then the i32 result (4-aligned), and
/// stores the difference of the first differing bytes (s1[i] − s2[i]) or 0. Under direct mapping the
/// result is translated first, then the operands are compared chunk by chunk.
/// </summary>
public sealed class SolMemcmp(bool directMapping = false) : ISyscall
{
    public static readonly SolMemcmp Instance = new();

    public SyscallError? Invoke(VmContext vm, ulong s1Addr, ulong s2Addr, ulong n, ulong resultAddr, ulong a5, out ulong r0)
    {
        r0 = 0;
        var error = vm.ConsumeChecked(SyscallCosts.MemOp(n));
        if (error != null) return error;
        if (directMapping)
        {
            error = GuestMemory.TranslateType(vm, AccessType.Store, resultAddr, sizeof(int), sizeof(int), out var output);
            if (error != null) return error;
            error = MemOps.AccountsMetadata(vm, out var accounts);
            if (error != null) return error;
            error = NonContiguousMemory.Compare(vm, accounts, s1Addr, s2Addr, n, out int difference);
            if (error != null) return error;
            BinaryPrimitives.WriteInt32LittleEndian(output, difference);
            return null;
        }
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, s1Addr, n, out var s1);
        if (error != null) return error;
        error = GuestMemory.TranslateBytes(vm, AccessType.Load, s2Addr, n, out var s2);
        if (error != null) return error;
        error = GuestMemory.TranslateType(vm, AccessType.Store, resultAddr, sizeof(int), sizeof(int), out var result);
        if (error != null) return error;
        int mismatch = s1.CommonPrefixLength(s2);
        int diff = mismatch < s1.Length ? s1[mismatch] - s2[mismatch] : 0;
        BinaryPrimitives.WriteInt32LittleEndian(result, diff);
        return null;
    }
}

/// <summary>
/// <c>sol_alloc_free_(size, free_addr)</c>: free (non-zero address) does nothing; allocation bumps the
/// heap allocator with 8-byte alignment (BPF_ALIGN_OF_U128; 1 for the deprecated loader) and returns the address, or 0.
/// Free of compute units.
/// </summary>
public sealed class SolAllocFree : ISyscall
{
    public static readonly SolAllocFree Instance = new();

    /// <summary>solana-program-entrypoint BPF_ALIGN_OF_U128.</summary>
    private const ulong AlignOfU128 = 8;

    public SyscallError? Invoke(VmContext vm, ulong size, ulong freeAddr, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        ulong align = vm.CheckAligned ? AlignOfU128 : 1;
        // Layout::from_size_align fails when size rounded up to the alignment exceeds isize::MAX.
        if (size > (ulong)long.MaxValue - (align - 1)) return null;
        if (vm.Host is not ISyscallHost host) return SyscallFailures.NoHost;
        var allocator = host.Allocator;
        if (allocator == null) return SyscallFailures.Instruction(InstructionErrorKind.CallDepth);
        if (freeAddr == 0 && allocator.TryAllocate(size, align, out var address)) r0 = address;
        return null;
    }
}
