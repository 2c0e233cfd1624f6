using System.Buffers.Binary;
using Stratus.Core;
using Stratus.Core.Transactions;
using Stratus.Crypto;
using Stratus.Runtime.Context;
using Stratus.Runtime.Invoke;
using Stratus.Runtime.Logging;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls;

/// <summary>Compute costs of the syscalls (Agave 2.2 <c>ComputeBudget</c> defaults).</summary>
public static class SyscallCost
{
    public const ulong SyscallBase = 100;
    public const ulong LogPubkey = 100;
    public const ulong CpiBytesPerUnit = 250;
    public const ulong MemOpBase = 10;
    public const ulong SysvarBase = 100;
    public const ulong Sha256Base = 85;
    public const ulong Sha256ByteCost = 1;
    public const ulong Sha256MaxSlices = 20_000;
    public const int MaxReturnData = 1024;
}

/// <summary><c>sol_log_pubkey</c>.</summary>
public sealed class SolLogPubkey : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong addr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.LogPubkey);
        if (e != null) return e;
        e = SyscallHelpers.TranslateType(vm, AccessType.Load, addr, 32, 1, out var key);
        if (e != null) return e;
        vm.Log("Program log: " + Pubkey.Read(key));
        return null;
    }
}

/// <summary><c>sol_log_data</c>: "Program data: " and the base64 of each field.</summary>
public sealed class SolLogData : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong addr, ulong len, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.SyscallBase);
        if (e != null) return e;
        e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, addr, len, 16, 8, out var descriptors);
        if (e != null) return e;
        e = vm.ConsumeChecked(SyscallCost.SyscallBase * len);
        if (e != null) return e;
        ulong total = 0;
        for (var i = 0; i < (int)len; i++) total += BinaryPrimitives.ReadUInt64LittleEndian(descriptors[(i * 16 + 8)..]);
        e = vm.ConsumeChecked(total);
        if (e != null) return e;
        var fields = new byte[(int)len][];
        for (var i = 0; i < fields.Length; i++)
        {
            var ptr = BinaryPrimitives.ReadUInt64LittleEndian(descriptors[(i * 16)..]);
            var n = BinaryPrimitives.ReadUInt64LittleEndian(descriptors[(i * 16 + 8)..]);
            e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, ptr, n, 1, 1, out var field);
            if (e != null) return e;
            fields[i] = field.ToArray();
        }
        vm.Log("Program data: " + string.Join(' ', fields.Select(Convert.ToBase64String)));
        return null;
    }
}

/// <summary><c>sol_remaining_compute_units</c>.</summary>
public sealed class SolRemainingComputeUnits : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.SyscallBase);
        if (e != null) return e;
        r0 = vm.Meter.Remaining;
        return null;
    }
}

/// <summary><c>sol_get_stack_height</c>.</summary>
public sealed class SolGetStackHeight : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.SyscallBase);
        if (e != null) return e;
        r0 = (ulong)vm.Invoke().StackHeight;
        return null;
    }
}

/// <summary>The mem ops: cost max(10, n / 250); memcpy refuses overlapping ranges.</summary>
public sealed class SolMemOp(SolMemOp.Kind kind) : ISyscall
{
    public enum Kind { Memcpy, Memmove, Memset, Memcmp }

    public SyscallError? Invoke(VmContext vm, ulong a1, ulong a2, ulong n, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(Math.Max(SyscallCost.MemOpBase, n / SyscallCost.CpiBytesPerUnit));
        if (e != null) return e;
        switch (kind)
        {
            case Kind.Memcpy:
            case Kind.Memmove:
            {
                if (kind == Kind.Memcpy && !NonOverlapping(a2, n, a1, n))
                    return new SyscallError(SyscallErrorKind.CopyOverlapping, "Overlapping copy");
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Store, a1, n, 1, 1, out var dst);
                if (e != null) return e;
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, a2, n, 1, 1, out var src);
                if (e != null) return e;
                src.CopyTo(dst);
                return null;
            }
            case Kind.Memset:
            {
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Store, a1, n, 1, 1, out var dst);
                if (e != null) return e;
                dst.Fill((byte)a2);
                return null;
            }
            default:
            {
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, a1, n, 1, 1, out var s1);
                if (e != null) return e;
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, a2, n, 1, 1, out var s2);
                if (e != null) return e;
                e = SyscallHelpers.TranslateType(vm, AccessType.Store, a4, 4, 4, out var result);
                if (e != null) return e;
                var cmp = 0;
                for (var i = 0; i < s1.Length; i++)
                {
                    if (s1[i] != s2[i]) { cmp = s1[i] - s2[i]; break; }
                }
                BinaryPrimitives.WriteInt32LittleEndian(result, cmp);
                return null;
            }
        }
    }

    internal static bool NonOverlapping(ulong src, ulong srcLen, ulong dst, ulong dstLen) =>
        src > dst ? src - dst >= dstLen : dst - src >= srcLen;
}

/// <summary><c>sol_alloc_free_</c>: the bump allocator over the heap; frees are ignored, failures return 0.</summary>
public sealed class SolAllocFree : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong size, ulong freeAddr, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var align = vm.CheckAligned ? 8UL : 1UL;
        // Layout::from_size_align fails when the rounded size overflows isize.
        if (size > long.MaxValue - (align - 1)) return null;
        var context = vm.Invoke().SyscallContext;
        if (context == null) return SyscallErrors.From(InstructionErrorKind.CallDepth);
        if (freeAddr != 0) return null;
        var pos = context.HeapPosition;
        var padding = (align - (MemoryLayout.HeapStart + pos) % align) % align;
        if (pos + padding + size <= context.HeapSize && pos + padding + size >= pos)
        {
            pos += padding;
            r0 = MemoryLayout.HeapStart + pos;
            context.HeapPosition = pos + size;
        }
        return null;
    }
}

/// <summary><c>sol_set_return_data</c>.</summary>
public sealed class SolSetReturnData : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong addr, ulong len, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(len / SyscallCost.CpiBytesPerUnit + SyscallCost.SyscallBase);
        if (e != null) return e;
        if (len > SyscallCost.MaxReturnData)
            return new SyscallError(SyscallErrorKind.ReturnDataTooLarge, $"Return data too large ({len} > {SyscallCost.MaxReturnData})");
        byte[] data = [];
        if (len != 0)
        {
            e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, addr, len, 1, 1, out var bytes);
            if (e != null) return e;
            data = bytes.ToArray();
        }
        var ctx = vm.Invoke();
        var error = ctx.Transaction.GetCurrentInstructionContext(out var ix) ?? ix.GetProgramKey(ctx.Transaction, out _);
        if (error != null) return SyscallErrors.From(error.Value);
        ix.GetProgramKey(ctx.Transaction, out var programId);
        ctx.Transaction.SetReturnData(programId, data);
        return null;
    }
}

/// <summary><c>sol_get_return_data</c>: copies up to <c>length</c> bytes and the setter's id; returns the full length.</summary>
public sealed class SolGetReturnData : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong dataAddr, ulong length, ulong programIdAddr, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.SyscallBase);
        if (e != null) return e;
        var returnData = vm.Invoke().Transaction.ReturnData;
        length = Math.Min(length, (ulong)returnData.Data.Length);
        if (length != 0)
        {
            e = vm.ConsumeChecked((length + 32) / SyscallCost.CpiBytesPerUnit);
            if (e != null) return e;
            e = SyscallHelpers.TranslateSlice(vm, AccessType.Store, dataAddr, length, 1, 1, out var to);
            if (e != null) return e;
            returnData.Data.AsSpan(0, (int)length).CopyTo(to);
            e = SyscallHelpers.TranslateType(vm, AccessType.Store, programIdAddr, 32, 1, out var id);
            if (e != null) return e;
            if (!SolMemOp.NonOverlapping(dataAddr, length, programIdAddr, 32))
                return new SyscallError(SyscallErrorKind.CopyOverlapping, "Overlapping copy");
            returnData.ProgramId.CopyTo(id);
        }
        r0 = (ulong)returnData.Data.Length;
        return null;
    }
}

/// <summary>The typed sysvar getters (clock, rent, epoch schedule, ...): cost 100 + the struct's in-memory size.</summary>
public sealed class SolGetSysvar(Pubkey id, int size) : ISyscall
{
    public SyscallError? Invoke(VmContext vm, ulong addr, ulong a2, ulong a3, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        var e = vm.ConsumeChecked(SyscallCost.SysvarBase + (ulong)size);
        if (e != null) return e;
        e = SyscallHelpers.TranslateType(vm, AccessType.Store, addr, size, 8, out var var);
        if (e != null) return e;
        var cache = vm.Invoke().Environment.Sysvars;
        if (!cache.TryGetRaw(id, out var raw)) return SyscallErrors.From(InstructionErrorKind.UnsupportedSysvar);
        var.Clear();
        if (id == SysvarIds.Rent)
        {
            // In memory: u64, f64, u8 and 7 zero bytes of padding.
            if (raw.Length < 17) return SyscallErrors.From(InstructionErrorKind.UnsupportedSysvar);
            raw.AsSpan(0, 17).CopyTo(var);
        }
        else if (id == SysvarIds.EpochSchedule)
        {
            // In memory the bool sits in an 8-byte slot.
            if (raw.Length < 33) return SyscallErrors.From(InstructionErrorKind.UnsupportedSysvar);
            raw.AsSpan(0, 17).CopyTo(var);
            raw.AsSpan(17, 16).CopyTo(var[24..]);
        }
        else
        {
            if (raw.Length < size) return SyscallErrors.From(InstructionErrorKind.UnsupportedSysvar);
            raw.AsSpan(0, size).CopyTo(var);
        }
        return null;
    }
}

/// <summary><c>sol_sha256</c>, <c>sol_keccak256</c>, <c>sol_blake3</c>: 85 + Σ max(10, len/2) over the slices.</summary>
public sealed class SolHash(SolHash.Algorithm algorithm) : ISyscall
{
    public enum Algorithm { Sha256, Keccak256, Blake3 }

    public SyscallError? Invoke(VmContext vm, ulong valsAddr, ulong valsLen, ulong resultAddr, ulong a4, ulong a5, out ulong r0)
    {
        r0 = 0;
        if (valsLen > SyscallCost.Sha256MaxSlices)
            return new SyscallError(SyscallErrorKind.TooManySlices, "Hashing too many sequences");
        var e = vm.ConsumeChecked(SyscallCost.Sha256Base);
        if (e != null) return e;
        e = SyscallHelpers.TranslateSlice(vm, AccessType.Store, resultAddr, 32, 1, 1, out var result);
        if (e != null) return e;
        var input = new List<byte>();
        if (valsLen > 0)
        {
            e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, valsAddr, valsLen, 16, 8, out var descriptors);
            if (e != null) return e;
            for (var i = 0; i < (int)valsLen; i++)
            {
                var ptr = BinaryPrimitives.ReadUInt64LittleEndian(descriptors[(i * 16)..]);
                var n = BinaryPrimitives.ReadUInt64LittleEndian(descriptors[(i * 16 + 8)..]);
                e = SyscallHelpers.TranslateSlice(vm, AccessType.Load, ptr, n, 1, 1, out var bytes);
                if (e != null) return e;
                e = vm.ConsumeChecked(Math.Max(SyscallCost.Sha256ByteCost * (n / 2), 10));
                if (e != null) return e;
                input.AddRange(bytes);
            }
        }
        var data = input.ToArray();
        switch (algorithm)
        {
            case Algorithm.Sha256: Sha256.Hash(data, result); break;
            case Algorithm.Keccak256: Keccak256.Hash(data, result); break;
            default: Blake3.Hash(data, result); break;
        }
        return null;
    }
}
