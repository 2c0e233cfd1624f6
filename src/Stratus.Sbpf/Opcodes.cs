namespace Stratus.Sbpf;

/// <summary>
/// Raw sBPF opcode bytes (byte 0 of an instruction slot). Several bytes mean different things in
/// different versions (e.g. 0x2C is mul32 reg in V0/V1 and a 1-byte load in V2); the names here
/// give the legacy meaning first and the moved meaning second where they clash.
/// </summary>
public static class Opcodes
{
    public const byte Lddw = 0x18;

    // legacy load / store classes (V0, V1)
    public const byte Ldxb = 0x71, Ldxh = 0x69, Ldxw = 0x61, Ldxdw = 0x79;
    public const byte Stb = 0x72, Sth = 0x6A, Stw = 0x62, Stdw = 0x7A;
    public const byte Stxb = 0x73, Stxh = 0x6B, Stxw = 0x63, Stxdw = 0x7B;

    // 32-bit ALU class (0x?4 imm, 0x?C reg)
    public const byte Add32Imm = 0x04, Add32Reg = 0x0C, Sub32Imm = 0x14, Sub32Reg = 0x1C;
    public const byte Mul32Imm = 0x24, Mul32Reg = 0x2C, Div32Imm = 0x34, Div32Reg = 0x3C;
    public const byte Or32Imm = 0x44, Or32Reg = 0x4C, And32Imm = 0x54, And32Reg = 0x5C;
    public const byte Lsh32Imm = 0x64, Lsh32Reg = 0x6C, Rsh32Imm = 0x74, Rsh32Reg = 0x7C;
    public const byte Neg32 = 0x84, Mod32Imm = 0x94, Mod32Reg = 0x9C;
    public const byte Xor32Imm = 0xA4, Xor32Reg = 0xAC, Mov32Imm = 0xB4, Mov32Reg = 0xBC;
    public const byte Arsh32Imm = 0xC4, Arsh32Reg = 0xCC, Le = 0xD4, Be = 0xDC;

    // V2 loads in the 32-bit ALU class
    public const byte Ld1b = 0x2C, Ld2b = 0x3C, Ld4b = 0x8C, Ld8b = 0x9C;

    // 64-bit ALU class (0x?7 imm, 0x?F reg)
    public const byte Add64Imm = 0x07, Add64Reg = 0x0F, Sub64Imm = 0x17, Sub64Reg = 0x1F;
    public const byte Mul64Imm = 0x27, Mul64Reg = 0x2F, Div64Imm = 0x37, Div64Reg = 0x3F;
    public const byte Or64Imm = 0x47, Or64Reg = 0x4F, And64Imm = 0x57, And64Reg = 0x5F;
    public const byte Lsh64Imm = 0x67, Lsh64Reg = 0x6F, Rsh64Imm = 0x77, Rsh64Reg = 0x7F;
    public const byte Neg64 = 0x87, Mod64Imm = 0x97, Mod64Reg = 0x9F;
    public const byte Xor64Imm = 0xA7, Xor64Reg = 0xAF, Mov64Imm = 0xB7, Mov64Reg = 0xBF;
    public const byte Arsh64Imm = 0xC7, Arsh64Reg = 0xCF, Hor64Imm = 0xF7;

    // V2 stores in the 64-bit ALU class
    public const byte St1bImm = 0x27, St1bReg = 0x2F, St2bImm = 0x37, St2bReg = 0x3F;
    public const byte St4bImm = 0x87, St4bReg = 0x8F, St8bImm = 0x97, St8bReg = 0x9F;

    // PQR class (V2, V3 of sbpf 0.10)
    public const byte Lmul32Imm = 0x86, Lmul32Reg = 0x8E, Lmul64Imm = 0x96, Lmul64Reg = 0x9E;
    public const byte Uhmul64Imm = 0x36, Uhmul64Reg = 0x3E, Shmul64Imm = 0xB6, Shmul64Reg = 0xBE;
    public const byte Udiv32Imm = 0x46, Udiv32Reg = 0x4E, Udiv64Imm = 0x56, Udiv64Reg = 0x5E;
    public const byte Urem32Imm = 0x66, Urem32Reg = 0x6E, Urem64Imm = 0x76, Urem64Reg = 0x7E;
    public const byte Sdiv32Imm = 0xC6, Sdiv32Reg = 0xCE, Sdiv64Imm = 0xD6, Sdiv64Reg = 0xDE;
    public const byte Srem32Imm = 0xE6, Srem32Reg = 0xEE, Srem64Imm = 0xF6, Srem64Reg = 0xFE;

    // jump class
    public const byte Ja = 0x05;
    public const byte JeqImm = 0x15, JeqReg = 0x1D, JgtImm = 0x25, JgtReg = 0x2D, JgeImm = 0x35, JgeReg = 0x3D;
    public const byte JltImm = 0xA5, JltReg = 0xAD, JleImm = 0xB5, JleReg = 0xBD;
    public const byte JsetImm = 0x45, JsetReg = 0x4D, JneImm = 0x55, JneReg = 0x5D;
    public const byte JsgtImm = 0x65, JsgtReg = 0x6D, JsgeImm = 0x75, JsgeReg = 0x7D;
    public const byte JsltImm = 0xC5, JsltReg = 0xCD, JsleImm = 0xD5, JsleReg = 0xDD;
    public const byte CallImm = 0x85, CallReg = 0x8D;
    /// <summary><c>exit</c> (V0-V2); <c>syscall</c> in V3 of sbpf 0.10; <c>exit</c> again under SIMD-0377.</summary>
    public const byte Exit = 0x95;
    public const byte Syscall = 0x95;
    /// <summary><c>return</c>: V3 of sbpf 0.10 only.</summary>
    public const byte Return = 0x9D;

    /// <summary>Class bits of the SIMD-0377 JMP32 class (reuses the PQR class 0x06).</summary>
    public const byte ClassJmp32 = 0x06;

    public const int SlotSize = 8;
}
