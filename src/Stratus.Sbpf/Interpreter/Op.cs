namespace Stratus.Sbpf.Interpreter;

/// <summary>
/// Version-resolved operation of a decoded instruction. The decoder maps each raw opcode to one of
/// these for the executable's version, so the interpreter loop never tests version flags.
/// </summary>
internal enum Op : byte
{
    // errors raised when executed
    Overrun,            // sentinel past the last slot: ExecutionOverrun
    Unsupported,        // UnsupportedInstruction
    InvalidInstruction, // le/be with a bad width
    DivideByZeroImm,    // unverified division by an immediate 0

    Exit,
    Lddw,

    Ld8, Ld16, Ld32, Ld64,
    St8Imm, St16Imm, St32Imm, St64Imm,
    St8Reg, St16Reg, St32Reg, St64Reg,

    // 32-bit ALU; S = sign-extend the result (V0/V1), Z = zero-extend (V2)
    Add32ImmS, Add32RegS, Add32ImmZ, Add32RegZ,
    Sub32ImmS, Sub32RegS, Sub32ImmZ, Sub32RegZ, Sub32ImmRevZ,
    Mul32Imm, Mul32Reg,
    Div32Imm, Div32Reg, Mod32Imm, Mod32Reg,
    Or32Imm, Or32Reg, And32Imm, And32Reg, Xor32Imm, Xor32Reg,
    Lsh32Imm, Lsh32Reg, Rsh32Imm, Rsh32Reg, Arsh32Imm, Arsh32Reg,
    Neg32,
    Mov32Imm, Mov32RegZ, Mov32RegS,
    Le16, Le32, Le64, Be16, Be32, Be64,

    // 64-bit ALU
    Add64Imm, Add64Reg, Sub64Imm, Sub64Reg, Sub64ImmRev,
    Mul64Imm, Mul64Reg, Div64Imm, Div64Reg, Mod64Imm, Mod64Reg,
    Or64Imm, Or64Reg, And64Imm, And64Reg, Xor64Imm, Xor64Reg,
    Lsh64Imm, Lsh64Reg, Rsh64Imm, Rsh64Reg, Arsh64Imm, Arsh64Reg,
    Neg64, Mov64Imm, Mov64Reg, Hor64,

    // PQR
    Lmul32Imm, Lmul32Reg, Lmul64Imm, Lmul64Reg,
    Uhmul64Imm, Uhmul64Reg, Shmul64Imm, Shmul64Reg,
    Udiv32Imm, Udiv32Reg, Udiv64Imm, Udiv64Reg,
    Urem32Imm, Urem32Reg, Urem64Imm, Urem64Reg,
    Sdiv32Imm, Sdiv32Reg, Sdiv64Imm, Sdiv64Reg,
    Srem32Imm, Srem32Reg, Srem64Imm, Srem64Reg,

    // jumps: target pc in Aux
    Ja,
    JeqImm, JeqReg, JgtImm, JgtReg, JgeImm, JgeReg, JltImm, JltReg, JleImm, JleReg,
    JsetImm, JsetReg, JneImm, JneReg, JsgtImm, JsgtReg, JsgeImm, JsgeReg,
    JsltImm, JsltReg, JsleImm, JsleReg,
    Jeq32Imm, Jeq32Reg, Jgt32Imm, Jgt32Reg, Jge32Imm, Jge32Reg, Jlt32Imm, Jlt32Reg, Jle32Imm, Jle32Reg,
    Jset32Imm, Jset32Reg, Jne32Imm, Jne32Reg, Jsgt32Imm, Jsgt32Reg, Jsge32Imm, Jsge32Reg,
    Jslt32Imm, Jslt32Reg, Jsle32Imm, Jsle32Reg,

    // calls
    CallSyscall,        // Aux = index into the syscall table
    CallLocal,          // Aux = target pc (inside the text)
    CallLocalOutside,   // registered target outside the text: push frame, then CallOutsideTextSegment
    Callx,              // Src = register holding the target address
    CallxStatic,        // sbpf 0.10 V3: target must also be a registered function
    SyscallMissing,     // sbpf 0.10 V3 syscall with an unknown hash: no effect (release-build behaviour)
}
