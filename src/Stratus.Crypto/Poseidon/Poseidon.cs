using Fr = Stratus.Crypto.Bn254.Fp256<Stratus.Crypto.Bn254.FrModulus>;

namespace Stratus.Crypto.Poseidon;

/// <summary>
/// Agave's <c>PoseidonSyscallError</c> (light-poseidon 0.2 errors mapped by solana-poseidon), numbered
/// as the syscall returns them in r0 before simplify_alt_bn128_syscall_error_codes.
/// </summary>
public enum PoseidonError : byte
{
    None = 0,
    InvalidParameters = 1,
    InvalidEndianness = 2,
    InvalidNumberOfInputs = 3,
    EmptyInput = 4,
    InvalidInputLength = 5,
    BytesToPrimeFieldElement = 6,
    InputLargerThanModulus = 7,
    VecToArray = 8,
    U64Tou8 = 9,
    BytesToBigInt = 10,
    InvalidWidthCircom = 11,
    Unexpected = 12,
}

/// <summary>
/// The circom-compatible Poseidon hash of light-poseidon 0.2 over BN254's scalar field (x⁵, widths
/// 2..13): the state is [0, inputs…], then 4 full rounds, the partial rounds and 4 full rounds, each
/// adding round constants, applying the S-box and multiplying by the MDS matrix; the hash is state[0].
/// </summary>
public static class PoseidonHasher
{
    public const int HashSize = 32;
    public const int MaxInputs = PoseidonParameters.MaxWidth - 1;

    /// <summary>The number of bytes of a field element; inputs may be shorter (light-poseidon 0.2) but not longer.</summary>
    public const int MaxInputLength = 32;

    /// <summary>
    /// light-poseidon's byte validation then conversion for one input: EmptyInput, InvalidInputLength
    /// (more than 32 bytes), or InputLargerThanModulus. Shorter inputs are the integer they encode.
    /// </summary>
    public static PoseidonError ValidateLength(ReadOnlySpan<byte> input) =>
        input.IsEmpty ? PoseidonError.EmptyInput
        : input.Length > MaxInputLength ? PoseidonError.InvalidInputLength
        : PoseidonError.None;

    /// <summary>Converts an input that passed <see cref="ValidateLength"/>; InputLargerThanModulus when not below r.</summary>
    public static PoseidonError ToFieldElement(ReadOnlySpan<byte> input, bool bigEndian, out Fr value)
    {
        Span<byte> padded = stackalloc byte[32];
        padded.Clear();
        if (bigEndian) input.CopyTo(padded.Slice(32 - input.Length));
        else input.CopyTo(padded);
        bool ok = bigEndian ? Fr.TryFromBigEndian(padded, out value) : Fr.TryFromLittleEndian(padded, out value);
        return ok ? PoseidonError.None : PoseidonError.InputLargerThanModulus;
    }

    /// <summary>Whether light-poseidon's <c>new_circom</c> accepts this many inputs (1..12).</summary>
    public static PoseidonError CheckInputCount(int count) =>
        count < 1 || count > MaxInputs ? PoseidonError.InvalidWidthCircom : PoseidonError.None;

    /// <summary>The permutation's first output for state [0, inputs…].</summary>
    public static PoseidonError Hash(ReadOnlySpan<Fr> inputs, out Fr result)
    {
        result = default;
        var error = CheckInputCount(inputs.Length);
        if (error != PoseidonError.None) return error;
        var p = PoseidonParameters.ForWidth(inputs.Length + 1);
        int t = p.Width;
        Span<Fr> state = stackalloc Fr[t];
        Span<Fr> next = stackalloc Fr[t];
        state[0] = Fr.Zero;
        inputs.CopyTo(state.Slice(1));

        int half = PoseidonParameters.FullRounds / 2;
        int round = 0;
        for (int i = 0; i < half; i++, round++) Round(p, round, state, next, full: true);
        for (int i = 0; i < p.PartialRounds; i++, round++) Round(p, round, state, next, full: false);
        for (int i = 0; i < half; i++, round++) Round(p, round, state, next, full: true);
        result = state[0];
        return PoseidonError.None;
    }

    private static void Round(PoseidonParameters p, int round, Span<Fr> state, Span<Fr> scratch, bool full)
    {
        int t = p.Width;
        var constants = p.RoundConstants.AsSpan(round * t, t);
        for (int i = 0; i < t; i++) state[i] += constants[i];
        if (full)
        {
            for (int i = 0; i < t; i++) state[i] = Pow5(state[i]);
        }
        else
        {
            state[0] = Pow5(state[0]);
        }
        var mds = p.Mds;
        for (int i = 0; i < t; i++)
        {
            var acc = Fr.Zero;
            for (int j = 0; j < t; j++) acc += mds[i * t + j] * state[j];
            scratch[i] = acc;
        }
        scratch.CopyTo(state);
    }

    private static Fr Pow5(in Fr x)
    {
        var x2 = x.Square();
        return x2.Square() * x;
    }

    /// <summary>
    /// light-poseidon's <c>hash_bytes_be</c>/<c>hash_bytes_le</c> as solana-poseidon calls it: the input
    /// count first, then every input's length, then every conversion; the 32-byte result in the same
    /// endianness as the inputs.
    /// </summary>
    public static PoseidonError HashBytes(IReadOnlyList<byte[]> inputs, bool bigEndian, Span<byte> output)
    {
        var error = CheckInputCount(inputs.Count);
        if (error != PoseidonError.None) return error;
        foreach (var input in inputs)
        {
            error = ValidateLength(input);
            if (error != PoseidonError.None) return error;
        }
        Span<Fr> elements = stackalloc Fr[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            error = ToFieldElement(inputs[i], bigEndian, out elements[i]);
            if (error != PoseidonError.None) return error;
        }
        Hash(elements, out var result);
        WriteResult(result, bigEndian, output);
        return PoseidonError.None;
    }

    public static void WriteResult(in Fr hash, bool bigEndian, Span<byte> output)
    {
        if (bigEndian) hash.WriteBigEndian(output.Slice(0, HashSize));
        else hash.WriteLittleEndian(output.Slice(0, HashSize));
    }
}
