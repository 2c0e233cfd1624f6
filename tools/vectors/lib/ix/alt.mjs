import { W, ix, w, r, ws, rs } from '../bytes.mjs';
import { PublicKey, pk } from '../keys.mjs';
import { SYSTEM_PROGRAM } from './system.mjs';

export const ALT = 'AddressLookupTab1e1111111111111111111111111';
export const META = 56;
const U64_MAX = (1n << 64n) - 1n;

export function tableAddress(authority, recentSlot) {
  const s = Buffer.alloc(8); s.writeBigUInt64LE(BigInt(recentSlot));
  return PublicKey.findProgramAddressSync([pk(authority).toBytes(), s], new PublicKey(ALT));
}

/** Table account data: ProgramState::LookupTable(meta) followed by the addresses. */
export function tableData({ authority = null, deactivationSlot = U64_MAX, lastExtendedSlot = 0n, startIndex = 0, addresses = [] }) {
  const head = new W().u32(1).u64(deactivationSlot).u64(lastExtendedSlot).u8(startIndex);
  if (authority) head.u8(1).pubkey(authority); else head.u8(0).bytes(Buffer.alloc(32));
  head.u16(0);
  return Buffer.concat([head.done(), ...addresses.map(a => Buffer.from(pk(a).toBytes()))]);
}

const d = tag => new W().u32(tag);
export const create = (authority, payer, recentSlot, { signer = false } = {}) => {
  const [table, bump] = tableAddress(authority, recentSlot);
  return { table, bump, ix: ix(ALT, [w(table), signer ? rs(authority) : r(authority), ws(payer), r(SYSTEM_PROGRAM)], d(0).u64(recentSlot).u8(bump).done()) };
};
export const createRaw = (table, authority, payer, recentSlot, bump) => ix(ALT, [w(table), r(authority), ws(payer), r(SYSTEM_PROGRAM)], d(0).u64(recentSlot).u8(bump).done());
export const freeze = (table, authority) => ix(ALT, [w(table), rs(authority)], d(1).done());
export const extend = (table, authority, payer, addresses) => {
  const data = d(2).u64(addresses.length);
  for (const a of addresses) data.pubkey(a);
  return ix(ALT, [w(table), rs(authority), ...(payer ? [ws(payer), r(SYSTEM_PROGRAM)] : [])], data.done());
};
export const deactivate = (table, authority) => ix(ALT, [w(table), rs(authority)], d(3).done());
export const close = (table, authority, recipient) => ix(ALT, [w(table), rs(authority), w(recipient)], d(4).done());
