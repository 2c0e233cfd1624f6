import { W, ix, ws, w, r, rs } from '../bytes.mjs';
import { SYSVARS } from '../programs.mjs';

export const SYSTEM_PROGRAM = '11111111111111111111111111111111';
export const NONCE_SIZE = 80;
const d = tag => new W().u32(tag);

export const createAccount = (from, to, lamports, space, owner) =>
  ix(SYSTEM_PROGRAM, [ws(from), ws(to)], d(0).u64(lamports).u64(space).pubkey(owner).done());
export const assign = (acct, owner) => ix(SYSTEM_PROGRAM, [ws(acct)], d(1).pubkey(owner).done());
export const transfer = (from, to, lamports) => ix(SYSTEM_PROGRAM, [ws(from), w(to)], d(2).u64(lamports).done());
export const createAccountWithSeed = (from, to, base, seed, lamports, space, owner, baseSigns = true) =>
  ix(SYSTEM_PROGRAM, [ws(from), w(to), ...(baseSigns ? [rs(base)] : [])], d(3).pubkey(base).str64(seed).u64(lamports).u64(space).pubkey(owner).done());
export const advanceNonce = (nonce, authority) =>
  ix(SYSTEM_PROGRAM, [w(nonce), r(SYSVARS.recent_blockhashes), rs(authority)], d(4).done());
export const withdrawNonce = (nonce, authority, to, lamports) =>
  ix(SYSTEM_PROGRAM, [w(nonce), w(to), r(SYSVARS.recent_blockhashes), r(SYSVARS.rent), rs(authority)], d(5).u64(lamports).done());
export const initializeNonce = (nonce, authority) =>
  ix(SYSTEM_PROGRAM, [w(nonce), r(SYSVARS.recent_blockhashes), r(SYSVARS.rent)], d(6).pubkey(authority).done());
export const authorizeNonce = (nonce, authority, newAuthority) =>
  ix(SYSTEM_PROGRAM, [w(nonce), rs(authority)], d(7).pubkey(newAuthority).done());
export const allocate = (acct, space) => ix(SYSTEM_PROGRAM, [ws(acct)], d(8).u64(space).done());
export const allocateWithSeed = (acct, base, seed, space, owner) =>
  ix(SYSTEM_PROGRAM, [w(acct), rs(base)], d(9).pubkey(base).str64(seed).u64(space).pubkey(owner).done());
export const assignWithSeed = (acct, base, seed, owner) =>
  ix(SYSTEM_PROGRAM, [w(acct), rs(base)], d(10).pubkey(base).str64(seed).pubkey(owner).done());
export const transferWithSeed = (from, base, seed, fromOwner, to, lamports) =>
  ix(SYSTEM_PROGRAM, [w(from), rs(base), w(to)], d(11).u64(lamports).str64(seed).pubkey(fromOwner).done());
export const upgradeNonce = nonce => ix(SYSTEM_PROGRAM, [w(nonce)], d(12).done());
