namespace Stratus.Core.Transactions;

/// <summary>Agave's <c>SanitizeError</c>; every one of them becomes <see cref="TransactionErrorKind.SanitizeFailure"/>.</summary>
public enum SanitizeError
{
    /// <summary>Not an Agave value: the check passed.</summary>
    None = 0,
    IndexOutOfBounds,
    ValueOutOfBounds,
    InvalidValue,
}

/// <summary>Which sanitize rule failed: finer than <see cref="SanitizeError"/>, for logs and tests.</summary>
public enum SanitizeReason
{
    None = 0,
    /// <summary>Fewer signatures than the header's num_required_signatures.</summary>
    NotEnoughSignatures,
    /// <summary>More signatures than the header's num_required_signatures.</summary>
    TooManySignatures,
    /// <summary>More signatures than static account keys (signers must be static keys).</summary>
    SignaturesExceedStaticKeys,
    /// <summary>num_required_signatures + num_readonly_unsigned_accounts exceeds the static keys.</summary>
    HeaderExceedsAccountKeys,
    /// <summary>num_readonly_signed_accounts is not below num_required_signatures: no writable fee payer.</summary>
    NoWritableFeePayer,
    /// <summary>A v0 address table lookup with neither writable nor readonly indexes.</summary>
    EmptyAddressTableLookup,
    /// <summary>A v0 message with no static keys.</summary>
    NoAccountKeys,
    /// <summary>A v0 message whose static plus looked-up keys exceed 256.</summary>
    TooManyAccountKeys,
    /// <summary>An instruction's program id index is not a static key.</summary>
    ProgramIdIndexOutOfBounds,
    /// <summary>An instruction's program id index is 0, the fee payer.</summary>
    ProgramIdIsFeePayer,
    /// <summary>An instruction's account index is beyond the message's keys.</summary>
    AccountIndexOutOfBounds,
}

/// <summary>Outcome of a sanitize check: Agave's error plus the exact rule (and instruction) that failed.</summary>
public readonly record struct SanitizeResult(SanitizeError Error, SanitizeReason Reason, int InstructionIndex = -1)
{
    public static SanitizeResult Ok => default;

    public bool IsOk => Reason == SanitizeReason.None;

    public override string ToString() => IsOk
        ? "ok"
        : InstructionIndex >= 0 ? $"{Error} ({Reason}, instruction {InstructionIndex})" : $"{Error} ({Reason})";
}
