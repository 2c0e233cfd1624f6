import { W, ix, rs, r } from '../bytes.mjs';
import { PROGRAMS } from '../programs.mjs';

export const COMPUTE_BUDGET = 'ComputeBudget111111111111111111111111111111';
export const requestUnitsDeprecated = (units, fee) => ix(COMPUTE_BUDGET, [], new W().u8(0).u32(units).u32(fee).done());
export const requestHeapFrame = bytes => ix(COMPUTE_BUDGET, [], new W().u8(1).u32(bytes).done());
export const setComputeUnitLimit = units => ix(COMPUTE_BUDGET, [], new W().u8(2).u32(units).done());
export const setComputeUnitPrice = microLamports => ix(COMPUTE_BUDGET, [], new W().u8(3).u64(microLamports).done());
export const setLoadedAccountsDataSizeLimit = bytes => ix(COMPUTE_BUDGET, [], new W().u8(4).u32(bytes).done());

export const memo = (program, text, signers = []) => ix(PROGRAMS[program].address, signers.map(s => rs(s)), Buffer.from(text));
export const memoRaw = (program, bytes, keys = []) => ix(PROGRAMS[program].address, keys, bytes);
