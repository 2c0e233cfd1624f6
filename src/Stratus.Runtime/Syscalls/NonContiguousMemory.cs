using Stratus.Runtime.Serialization;
using Stratus.Sbpf;
using Stratus.Sbpf.Memory;

namespace Stratus.Runtime.Syscalls;

/// <summary>
/// Agave 2.2's mem ops under bpf_account_data_direct_mapping (mem_ops.rs <c>memmove_non_contiguous</c>,
/// <c>memcmp_non_contiguous</c>, <c>memset_non_contiguous</c>): operands are walked region by region
/// (sbpf's unaligned <c>MemoryMapping::region</c> + <c>vm_to_host</c>), so they may span the input's
/// several regions, but one operand may not mix account-data regions with other regions
/// (InvalidLength). The feature's id is a placeholder on Solana and X1, but
/// <c>FeatureSet::all_enabled</c> (LiteSVM, test validators) turns it on.
/// </summary>
internal static class NonContiguousMemory
{
    public static SyscallError? Move(VmContext vm, IReadOnlyList<SerializedAccountMetadata> accounts, ulong dst, ulong src, ulong n)
    {
        bool reverse = unchecked(dst - src) < n;
        int unused = 0;
        return Pairs(vm, accounts, AccessType.Load, src, AccessType.Store, dst, n, reverse, compare: false, ref unused);
    }

    public static SyscallError? Compare(VmContext vm, IReadOnlyList<SerializedAccountMetadata> accounts, ulong s1, ulong s2, ulong n, out int diff)
    {
        diff = 0;
        return Pairs(vm, accounts, AccessType.Load, s1, AccessType.Load, s2, n, reverse: false, compare: true, ref diff);
    }

    public static SyscallError? Set(VmContext vm, IReadOnlyList<SerializedAccountMetadata> accounts, ulong dst, byte value, ulong n)
    {
        var error = ChunkIterator.Create(vm, accounts, AccessType.Store, dst, n, out var chunks);
        if (error != null) return error;
        while (true)
        {
            error = chunks.Next(out bool has, out var region, out ulong addr, out ulong length);
            if (error != null) return error;
            if (!has) return null;
            error = VmToHost(region!, addr, length, out var bytes);
            if (error != null) return error;
            bytes.Fill(value);
        }
    }

    private static SyscallError? Pairs(VmContext vm, IReadOnlyList<SerializedAccountMetadata> accounts, AccessType srcAccess, ulong src,
        AccessType dstAccess, ulong dst, ulong n, bool reverse, bool compare, ref int diff)
    {
        var error = ChunkIterator.Create(vm, accounts, srcAccess, src, n, out var srcChunks);
        if (error != null) return error;
        error = ChunkIterator.Create(vm, accounts, dstAccess, dst, n, out var dstChunks);
        if (error != null) return error;

        MemoryRegion? srcRegion = null, dstRegion = null;
        ulong srcAddr = 0, srcRemaining = 0, dstAddr = 0, dstRemaining = 0;
        while (true)
        {
            if (srcRegion == null)
            {
                error = reverse
                    ? srcChunks.NextBack(out bool has, out srcRegion, out srcAddr, out srcRemaining)
                    : srcChunks.Next(out has, out srcRegion, out srcAddr, out srcRemaining);
                if (error != null) return error;
                if (!has) return null;
            }
            if (dstRegion == null)
            {
                error = reverse
                    ? dstChunks.NextBack(out bool has, out dstRegion, out dstAddr, out dstRemaining)
                    : dstChunks.Next(out has, out dstRegion, out dstAddr, out dstRemaining);
                if (error != null) return error;
                if (!has) return null;
            }

            ulong length = Math.Min(srcRemaining, dstRemaining);
            ulong srcAt = reverse ? srcAddr + srcRemaining - length : srcAddr;
            ulong dstAt = reverse ? dstAddr + dstRemaining - length : dstAddr;
            error = VmToHost(srcRegion!, srcAt, length, out var from);
            if (error != null) return error;
            error = VmToHost(dstRegion!, dstAt, length, out var to);
            if (error != null) return error;

            if (compare)
            {
                int mismatch = from.CommonPrefixLength(to);
                if (mismatch < from.Length)
                {
                    diff = from[mismatch] - to[mismatch];
                    return null;
                }
            }
            else
            {
                from.CopyTo(to);
            }

            srcRemaining -= length;
            dstRemaining -= length;
            if (!reverse)
            {
                srcAddr += length;
                dstAddr += length;
            }
            if (srcRemaining == 0) srcRegion = null;
            if (dstRemaining == 0) dstRegion = null;
        }
    }

    /// <summary>sbpf <c>MemoryRegion::vm_to_host</c>: InvalidVirtualAddress(addr) outside the region or in a gap.</summary>
    private static SyscallError? VmToHost(MemoryRegion region, ulong addr, ulong length, out Span<byte> bytes)
    {
        bytes = default;
        if (addr >= region.VmAddr)
        {
            ulong offset = addr - region.VmAddr;
            int shift = region.GapSize == 0 ? 63 : System.Numerics.BitOperations.Log2(region.GapSize);
            bool inGap = ((offset >> shift) & 1) == 1;
            ulong mask = ~0UL << shift;
            ulong gapped = ((offset & mask) >> 1) | (offset & ~mask);
            if (!inGap && gapped <= (ulong)region.Length && length <= (ulong)region.Length - gapped)
            {
                bytes = region.HostSpan((int)gapped, (int)length);
                return null;
            }
        }
        return SyscallError.FromVm(new VmError(VmErrorKind.InvalidVirtualAddress) { Address = addr });
    }

    /// <summary>Agave's <c>MemoryChunkIterator</c> (double-ended).</summary>
    private struct ChunkIterator
    {
        private VmContext _vm;
        private IReadOnlyList<SerializedAccountMetadata> _accounts;
        private AccessType _access;
        private ulong _initialAddr, _length, _start, _end;
        private int _accountIndex;
        private bool _hasAccountIndex;
        private int _isAccount; // -1 unknown, 0 no, 1 yes
        private bool _resizeArea;

        public static SyscallError? Create(VmContext vm, IReadOnlyList<SerializedAccountMetadata> accounts, AccessType access, ulong addr, ulong length, out ChunkIterator iterator)
        {
            iterator = default;
            if (addr > ulong.MaxValue - length)
                return SyscallError.FromVm(new VmError(VmErrorKind.AccessViolation) { AccessType = access, Address = addr, Size = length, Section = "unknown" });
            iterator = new ChunkIterator
            {
                _vm = vm,
                _accounts = accounts,
                _access = access,
                _initialAddr = addr,
                _length = length,
                _start = addr,
                _end = addr + length,
                _isAccount = -1,
                // Agave passes get_check_aligned() as resize_area: deprecated-loader inputs have no realloc area.
                _resizeArea = vm.CheckAligned,
            };
            return null;
        }

        public SyscallError? Next(out bool has, out MemoryRegion? region, out ulong addr, out ulong length)
        {
            has = false;
            addr = length = 0;
            region = null;
            if (_start == _end) return null;
            var error = Region(_start, out region);
            if (error != null)
            {
                _start = _end;
                return error;
            }
            if (!_hasAccountIndex)
            {
                _accountIndex = 0;
                _hasAccountIndex = true;
            }
            bool regionIsAccount;
            while (true)
            {
                if (_accountIndex < _accounts.Count)
                {
                    var account = _accounts[_accountIndex];
                    ulong resizeAddr = Saturating(account.VmDataAddr, account.OriginalDataLength);
                    if (resizeAddr < region!.VmAddr)
                    {
                        _accountIndex++;
                        continue;
                    }
                    regionIsAccount = (account.OriginalDataLength != 0 && region.VmAddr == account.VmDataAddr)
                        || (_resizeArea && region.VmAddr == resizeAddr);
                    break;
                }
                regionIsAccount = false;
                break;
            }
            error = CheckKind(regionIsAccount);
            if (error != null) return error;

            addr = _start;
            if (region!.VmAddrEnd <= _end)
            {
                length = region.VmAddrEnd - _start;
                _start = region.VmAddrEnd;
            }
            else
            {
                length = _end - _start;
                _start = _end;
            }
            has = true;
            return null;
        }

        public SyscallError? NextBack(out bool has, out MemoryRegion? region, out ulong addr, out ulong length)
        {
            has = false;
            addr = length = 0;
            region = null;
            if (_start == _end) return null;
            var error = Region(_end - 1, out region);
            if (error != null)
            {
                _start = _end;
                return error;
            }
            if (!_hasAccountIndex)
            {
                _accountIndex = Math.Max(_accounts.Count - 1, 0);
                _hasAccountIndex = true;
            }
            bool regionIsAccount;
            while (true)
            {
                if (_accountIndex >= _accounts.Count)
                {
                    regionIsAccount = false;
                    break;
                }
                var account = _accounts[_accountIndex];
                ulong resizeAddr = Saturating(account.VmDataAddr, account.OriginalDataLength);
                if (_accountIndex > 0 && account.VmDataAddr > region!.VmAddr)
                {
                    _accountIndex--;
                    continue;
                }
                regionIsAccount = (account.OriginalDataLength != 0 && region!.VmAddr == account.VmDataAddr)
                    || (_resizeArea && region!.VmAddr == resizeAddr);
                break;
            }
            error = CheckKind(regionIsAccount);
            if (error != null) return error;

            if (region!.VmAddr >= _start)
            {
                length = _end - region.VmAddr;
                _end = region.VmAddr;
            }
            else
            {
                length = _end - _start;
                _end = _start;
            }
            addr = _end;
            has = true;
            return null;
        }

        private SyscallError? CheckKind(bool regionIsAccount)
        {
            if (_isAccount < 0) _isAccount = regionIsAccount ? 1 : 0;
            else if ((_isAccount == 1) != regionIsAccount) return SyscallError.InvalidLength;
            return null;
        }

        /// <summary>
        /// sbpf's unaligned <c>MemoryMapping::region</c>: the last region starting at or below the
        /// address, which must contain it (and be writable for a store); the access violation it raises
        /// is reported for the whole operand, as Agave's iterator rewrites it.
        /// </summary>
        private readonly SyscallError? Region(ulong addr, out MemoryRegion? region)
        {
            var regions = _vm.Memory.Regions;
            int lo = 0, hi = regions.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                if (regions[mid].VmAddr <= addr) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            region = found < 0 ? null : regions[found];
            if (region != null && addr < region.VmAddrEnd && (_access == AccessType.Load || region.Writable)) return null;
            region = null;
            var at = _vm.Memory.AccessViolation(_access, addr, 0);
            return SyscallError.FromVm(new VmError(at.Kind)
            {
                AccessType = _access,
                Address = _initialAddr,
                Size = _length,
                Section = at.Section,
                StackFrame = at.StackFrame,
            });
        }

        private static ulong Saturating(ulong a, ulong b) => a > ulong.MaxValue - b ? ulong.MaxValue : a + b;
    }
}
