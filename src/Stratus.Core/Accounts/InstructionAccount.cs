namespace Stratus.Core.Accounts;

/// <summary>
/// One account reference of an instruction as the runtime sees it: which transaction account it
/// names and the instruction-wide signer/writable flags. Repeats of the same transaction account are
/// allowed; the first occurrence is the one programs see (later ones are duplicates).
/// </summary>
public readonly record struct InstructionAccount(ushort IndexInTransaction, bool IsSigner, bool IsWritable);
