import { W, ix, w, r, ws, rs } from '../bytes.mjs';
import { pk } from '../keys.mjs';
import { SYSVARS } from '../programs.mjs';

export const VOTE = 'Vote111111111111111111111111111111111111111';
export const VOTE_STATE_SIZE = 3762;
const d = tag => new W().u32(tag);

export const initialize = (vote, node, voter, withdrawer, commission) =>
  ix(VOTE, [w(vote), r(SYSVARS.rent), r(SYSVARS.clock), rs(node)], d(0).pubkey(node).pubkey(voter).pubkey(withdrawer).u8(commission).done());
export const authorize = (vote, authority, next, kind /* 0 voter, 1 withdrawer */) =>
  ix(VOTE, [w(vote), r(SYSVARS.clock), rs(authority)], d(1).pubkey(next).u32(kind).done());
export const legacyVote = (vote, voter, slots, hash, timestamp = null) => {
  const data = d(2).u64(slots.length);
  for (const s of slots) data.u64(s);
  data.pubkey(hash).option(timestamp, (x, t) => x.i64(t));
  return ix(VOTE, [w(vote), r(SYSVARS.slot_hashes), r(SYSVARS.clock), rs(voter)], data.done());
};
export const withdraw = (vote, withdrawer, to, lamports) => ix(VOTE, [w(vote), w(to), rs(withdrawer)], d(3).u64(lamports).done());
export const updateValidatorIdentity = (vote, node, withdrawer) => ix(VOTE, [w(vote), rs(node), rs(withdrawer)], d(4).done());
export const updateCommission = (vote, withdrawer, commission) => ix(VOTE, [w(vote), rs(withdrawer)], d(5).u8(commission).done());
export const authorizeChecked = (vote, authority, next, kind) => ix(VOTE, [w(vote), r(SYSVARS.clock), rs(authority), rs(next)], d(7).u32(kind).done());

function varint(wr, v) {
  let x = BigInt(v);
  for (;;) { const b = Number(x & 0x7fn); x >>= 7n; if (x === 0n) { wr.u8(b); return wr; } wr.u8(b | 0x80); }
}

/** TowerSync in its compact wire form: root (u64::MAX for none), lockout offsets, hash, timestamp, block id. */
export const towerSync = (vote, voter, { lockouts, root = null, hash, timestamp = null, blockId }) => {
  const data = d(14).u64(root ?? ((1n << 64n) - 1n));
  const { shortVec } = SHORT;
  data.bytes(shortVec(lockouts.length));
  let prev = root ?? 0n;
  for (const [slot, conf] of lockouts) { varint(data, BigInt(slot) - prev); data.u8(conf); prev = BigInt(slot); }
  data.pubkey(hash).option(timestamp, (x, t) => x.i64(t)).pubkey(blockId);
  return ix(VOTE, [w(vote), rs(voter)], data.done());
};
import * as SHORT from '../tx.mjs';
