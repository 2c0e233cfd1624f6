using System.Buffers.Binary;
using System.Diagnostics;
using Stratus.Core.Accounts;
using Stratus.Core.Transactions;
using Stratus.Sbpf;

namespace Stratus.Runtime.Serialization;

/// <summary>
/// Builds a BPF program's input as Agave's loader does (<c>serialize_parameters</c>,
/// programs/bpf_loader/src/serialization.rs in Agave/Tachyon 2.2): header, one entry per instruction
/// account, instruction data and program id, written at 0x4_0000_0000. The post-2.2 layouts of
/// <see cref="SerializationOptions"/> follow Agave 3.x/4.x as Firedancer implements them.
/// </summary>
public static class InputSerializer
{
    /// <summary>First byte of an entry that is not a duplicate (<c>NON_DUP_MARKER</c>).</summary>
    public const byte NonDupMarker = 0xFF;

    /// <summary>Most instruction accounts a program can be given (<c>MAX_INSTRUCTION_ACCOUNTS</c>).</summary>
    public const int MaxInstructionAccounts = NonDupMarker;

    /// <summary><c>BPF_ALIGN_OF_U128</c>: the alignment the aligned layout keeps (8 on SBF).</summary>
    public const int BpfAlignOfU128 = 8;

    // Aligned entry: marker, signer, writable, executable, 4 zero bytes, key, owner, lamports, data length, ..., rent epoch.
    internal const int AlignedHeaderSize = 4 + 4 + 32 + 32 + 8 + 8;
    // Unaligned entry: marker, signer, writable, key, lamports, data length, ..., owner, executable, rent epoch.
    internal const int UnalignedHeaderSize = 3 + 32 + 8 + 8;
    internal const int UnalignedTrailerSize = 32 + 1 + 8;

    /// <summary>
    /// Serializes <paramref name="invocation"/>. Fails with <c>MaxAccountsExceeded</c> above 255
    /// instruction accounts and <c>MissingAccount</c> for an index outside the transaction's accounts.
    /// </summary>
    public static InstructionError? Serialize(in InstructionInvocation invocation, SerializationOptions options, out SerializedInput? input)
    {
        options.Validate();
        input = null;
        var ixAccounts = invocation.InstructionAccounts;
        var txAccounts = invocation.TransactionAccounts;
        if (ixAccounts.Length > MaxInstructionAccounts)
            return new InstructionError(InstructionErrorKind.MaxAccountsExceeded);

        Span<byte> firstPosition = stackalloc byte[ixAccounts.Length];
        if (FindDuplicates(ixAccounts, txAccounts.Length, firstPosition) is { } missing)
            return new InstructionError(missing);

        bool aligned = invocation.Layout == InputLayout.Aligned;
        var mode = options.DataMode;
        var writer = new Writer(ComputeSize(invocation, firstPosition, aligned, mode, options), ixAccounts.Length);
        var metadata = new SerializedAccountMetadata[ixAccounts.Length];

        writer.WriteU64((ulong)ixAccounts.Length);
        for (int i = 0; i < ixAccounts.Length; i++)
        {
            int first = firstPosition[i];
            if (first != i)
            {
                metadata[i] = metadata[first];
                writer.WriteU8((byte)first);
                if (aligned) writer.Skip(7);
                continue;
            }
            var ix = ixAccounts[i];
            var (key, account) = txAccounts[ix.IndexInTransaction];
            bool canChange = AccountWriteGuard.CanDataBeChanged(account, invocation.ProgramId, ix.IsWritable,
                options.RemoveAccountsExecutableFlagChecks) == null;
            ulong rentEpoch = options.MaskOutRentEpoch ? ulong.MaxValue : account.RentEpoch;
            if (aligned)
            {
                ulong vmAddr = writer.Address;
                writer.WriteU8(NonDupMarker);
                writer.WriteU8(ix.IsSigner ? (byte)1 : (byte)0);
                writer.WriteU8(ix.IsWritable ? (byte)1 : (byte)0);
                writer.WriteU8(account.Executable ? (byte)1 : (byte)0);
                writer.Skip(4); // the original-data-length slot stays zero
                ulong keyAddr = writer.WriteBytes(key.AsSpan());
                ulong ownerAddr = writer.WriteBytes(account.Owner.AsSpan());
                ulong lamportsAddr = writer.WriteU64(account.Lamports);
                writer.WriteU64((ulong)account.DataLength);
                ulong dataAddr = writer.WriteAccountData(account, i, canChange, aligned: true, mode);
                writer.WriteU64(rentEpoch);
                metadata[i] = new SerializedAccountMetadata((ulong)account.DataLength, vmAddr, keyAddr, lamportsAddr, ownerAddr, dataAddr);
            }
            else
            {
                writer.WriteU8(NonDupMarker);
                writer.WriteU8(ix.IsSigner ? (byte)1 : (byte)0);
                writer.WriteU8(ix.IsWritable ? (byte)1 : (byte)0);
                ulong keyAddr = writer.WriteBytes(key.AsSpan());
                ulong lamportsAddr = writer.WriteU64(account.Lamports);
                writer.WriteU64((ulong)account.DataLength);
                ulong dataAddr = writer.WriteAccountData(account, i, canChange, aligned: false, mode);
                ulong ownerAddr = writer.WriteBytes(account.Owner.AsSpan());
                writer.WriteU8(account.Executable ? (byte)1 : (byte)0);
                writer.WriteU64(rentEpoch);
                metadata[i] = new SerializedAccountMetadata((ulong)account.DataLength, 0, keyAddr, lamportsAddr, ownerAddr, dataAddr);
            }
        }

        writer.WriteU64((ulong)invocation.Data.Length);
        ulong dataAddress = writer.WriteBytes(invocation.Data);
        writer.WriteBytes(invocation.ProgramId.AsSpan());
        if (aligned && options.DirectAccountPointersInProgramInput)
        {
            writer.Skip(AlignOffset(writer.Address));
            foreach (var m in metadata) writer.WriteU64(m.VmAddr);
        }
        var (buffer, regions) = writer.Finish();
        input = new SerializedInput(buffer, regions, metadata, dataAddress, invocation.Layout, options);
        return null;
    }

    /// <summary>
    /// Fills <paramref name="firstPosition"/> with the position of each instruction account's first
    /// occurrence (its own position when it is not a duplicate).
    /// </summary>
    internal static InstructionErrorKind? FindDuplicates(ReadOnlySpan<InstructionAccount> ixAccounts, int transactionAccountCount, Span<byte> firstPosition)
    {
        // Positions fit a byte (at most 255 accounts, so 0..254); 0xFF marks an unseen account.
        Span<byte> seen = transactionAccountCount <= 1024 ? stackalloc byte[transactionAccountCount] : new byte[transactionAccountCount];
        seen.Fill(0xFF);
        for (int i = 0; i < ixAccounts.Length; i++)
        {
            int tx = ixAccounts[i].IndexInTransaction;
            if (tx >= transactionAccountCount) return InstructionErrorKind.MissingAccount;
            if (seen[tx] == 0xFF) seen[tx] = (byte)i;
            firstPosition[i] = seen[tx];
        }
        return null;
    }

    /// <summary>Bytes needed to reach the next multiple of <see cref="BpfAlignOfU128"/>.</summary>
    public static int AlignOffset(ulong value) => (int)((BpfAlignOfU128 - (value % BpfAlignOfU128)) % BpfAlignOfU128);

    private static int ComputeSize(in InstructionInvocation invocation, ReadOnlySpan<byte> firstPosition, bool aligned, AccountDataMode mode, SerializationOptions options)
    {
        long size = 8;
        var ixAccounts = invocation.InstructionAccounts;
        for (int i = 0; i < ixAccounts.Length; i++)
        {
            if (firstPosition[i] != i)
            {
                size += aligned ? 8 : 1;
                continue;
            }
            long dataLength = invocation.TransactionAccounts[ixAccounts[i].IndexInTransaction].Account.DataLength;
            if (aligned)
            {
                size += AlignedHeaderSize + 8;
                size += mode switch
                {
                    AccountDataMode.Copy or AccountDataMode.SplitCopy => dataLength + AccountLimits.MaxPermittedDataIncrease + AlignOffset((ulong)dataLength),
                    AccountDataMode.Direct22 => AccountLimits.MaxPermittedDataIncrease + BpfAlignOfU128,
                    _ => BpfAlignOfU128,
                };
            }
            else
            {
                size += UnalignedHeaderSize + UnalignedTrailerSize;
                if (mode is AccountDataMode.Copy or AccountDataMode.SplitCopy) size += dataLength;
            }
        }
        size += 8 + invocation.Data.Length + 32;
        // Every aligned entry ends 8-aligned, so the pointer table's padding depends only on the data length.
        if (aligned && options.DirectAccountPointersInProgramInput)
            size += AlignOffset((ulong)invocation.Data.Length) + 8L * ixAccounts.Length;
        if (size > Array.MaxLength)
            throw new InvalidOperationException($"program input of {size} bytes exceeds the largest array");
        return (int)size;
    }

    /// <summary>
    /// The input buffer being written plus the regions cut from it. A region covers the buffer from
    /// <see cref="_regionStart"/>; <see cref="_regionVaddr"/> is where that byte appears in the VM.
    /// </summary>
    private struct Writer
    {
        private readonly byte[] _buffer;
        private readonly List<InputRegion> _regions;
        private int _position;
        private int _regionStart;
        private ulong _regionVaddr;

        public Writer(int size, int accountCount)
        {
            _buffer = new byte[size];
            _regions = new List<InputRegion>(1 + 3 * accountCount);
            _regionVaddr = MemoryLayout.InputStart;
        }

        public readonly ulong Address => _regionVaddr + (ulong)(_position - _regionStart);

        public ulong WriteU8(byte value)
        {
            ulong address = Address;
            _buffer[_position++] = value;
            return address;
        }

        public ulong WriteU64(ulong value)
        {
            ulong address = Address;
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position, 8), value);
            _position += 8;
            return address;
        }

        public ulong WriteBytes(ReadOnlySpan<byte> value)
        {
            ulong address = Address;
            value.CopyTo(_buffer.AsSpan(_position));
            _position += value.Length;
            return address;
        }

        // The buffer starts zeroed, so padding only needs to be stepped over.
        public void Skip(int count) => _position += count;

        /// <summary>Writes or maps one account's data and realloc room; returns the data's guest address.</summary>
        public ulong WriteAccountData(Account account, int accountIndex, bool canChange, bool aligned, AccountDataMode mode)
        {
            int length = account.DataLength;
            int alignOffset = AlignOffset((ulong)length);
            switch (mode)
            {
                case AccountDataMode.Copy:
                {
                    ulong address = WriteBytes(account.Data);
                    if (aligned) Skip(AccountLimits.MaxPermittedDataIncrease + alignOffset);
                    return address;
                }
                case AccountDataMode.Direct22:
                {
                    PushBufferRegion(writable: true);
                    ulong address = _regionVaddr;
                    if (length > 0)
                        PushRegion(account.DataBuffer, 0, length, (ulong)length, canChange, accountIndex);
                    if (aligned)
                    {
                        // Agave 2.2 always pads a full 8 bytes and starts the realloc region past
                        // (8 - alignOffset) of them, so the realloc area keeps the same host and guest
                        // alignment whatever the data length.
                        Skip(AccountLimits.MaxPermittedDataIncrease + BpfAlignOfU128);
                        _regionStart += BpfAlignOfU128 - alignOffset;
                        PushBufferRegion(canChange);
                    }
                    return address;
                }
                default:
                {
                    bool direct = mode == AccountDataMode.SplitDirect;
                    PushBufferRegion(writable: true);
                    ulong address = _regionVaddr;
                    int dataOffset = _position;
                    if (!direct)
                    {
                        WriteBytes(account.Data);
                        if (aligned) Skip(AccountLimits.MaxPermittedDataIncrease);
                    }
                    ulong reserved = (ulong)length + (aligned ? (ulong)AccountLimits.MaxPermittedDataIncrease : 0);
                    if (reserved > 0)
                    {
                        if (direct) PushRegion(account.DataBuffer, 0, length, reserved, canChange, accountIndex);
                        else PushRegion(_buffer, dataOffset, length, reserved, canChange, accountIndex);
                    }
                    _regionStart = _position;
                    if (aligned)
                    {
                        if (!direct)
                        {
                            Skip(alignOffset);
                        }
                        else
                        {
                            Skip(BpfAlignOfU128);
                            _regionStart += BpfAlignOfU128 - alignOffset;
                        }
                    }
                    return address;
                }
            }
        }

        private void PushRegion(byte[] host, int offset, int length, ulong reserved, bool writable, int accountIndex)
        {
            _regions.Add(new InputRegion(_regionVaddr, host, offset, length, reserved, writable, accountIndex));
            _regionVaddr += reserved;
        }

        private void PushBufferRegion(bool writable)
        {
            int length = _position - _regionStart;
            _regions.Add(new InputRegion(_regionVaddr, _buffer, _regionStart, length, (ulong)length, writable, -1));
            _regionVaddr += (ulong)length;
            _regionStart = _position;
        }

        public (byte[] Buffer, InputRegion[] Regions) Finish()
        {
            Debug.Assert(_position == _buffer.Length, "size computation disagrees with the bytes written");
            PushBufferRegion(writable: true);
            return (_buffer, _regions.ToArray());
        }
    }
}
