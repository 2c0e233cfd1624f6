import { W, ix, w, r, ws, rs } from '../bytes.mjs';
import { pk } from '../keys.mjs';
import { SYSVARS } from '../programs.mjs';

export const STAKE = 'Stake11111111111111111111111111111111111111';
export const STAKE_CONFIG = 'StakeConfig11111111111111111111111111111111';
export const STAKE_SIZE = 200;
const d = tag => new W().u32(tag);

export const initialize = (stake, staker, withdrawer, lockup = { unixTimestamp: 0n, epoch: 0n, custodian: '11111111111111111111111111111111' }) =>
  ix(STAKE, [w(stake), r(SYSVARS.rent)], d(0).pubkey(staker).pubkey(withdrawer).i64(lockup.unixTimestamp).u64(lockup.epoch).pubkey(lockup.custodian).done());
export const initializeChecked = (stake, staker, withdrawer) => ix(STAKE, [w(stake), r(SYSVARS.rent), r(staker), rs(withdrawer)], d(9).done());
export const authorize = (stake, authority, next, kind /* 0 staker, 1 withdrawer */, custodian) =>
  ix(STAKE, [w(stake), r(SYSVARS.clock), rs(authority), ...(custodian ? [rs(custodian)] : [])], d(1).pubkey(next).u32(kind).done());
export const authorizeChecked = (stake, authority, next, kind) => ix(STAKE, [w(stake), r(SYSVARS.clock), rs(authority), rs(next)], d(10).u32(kind).done());
export const delegate = (stake, vote, staker) =>
  ix(STAKE, [w(stake), r(vote), r(SYSVARS.clock), r(SYSVARS.stake_history), r(STAKE_CONFIG), rs(staker)], d(2).done());
export const split = (stake, staker, lamports, dest) => ix(STAKE, [w(stake), w(dest), rs(staker)], d(3).u64(lamports).done());
export const withdraw = (stake, withdrawer, to, lamports, custodian) =>
  ix(STAKE, [w(stake), w(to), r(SYSVARS.clock), r(SYSVARS.stake_history), rs(withdrawer), ...(custodian ? [rs(custodian)] : [])], d(4).u64(lamports).done());
export const deactivate = (stake, staker) => ix(STAKE, [w(stake), r(SYSVARS.clock), rs(staker)], d(5).done());
export const setLockup = (stake, signer, { unixTimestamp = null, epoch = null, custodian = null }) =>
  ix(STAKE, [w(stake), rs(signer)], d(6).option(unixTimestamp, (x, v) => x.i64(v)).option(epoch, (x, v) => x.u64(v)).option(custodian, (x, v) => x.pubkey(v)).done());
export const merge = (dest, source, staker) => ix(STAKE, [w(dest), w(source), r(SYSVARS.clock), r(SYSVARS.stake_history), rs(staker)], d(7).done());
export const getMinimumDelegation = () => ix(STAKE, [], d(13).done());
export const moveLamports = (source, dest, staker, lamports) => ix(STAKE, [w(source), w(dest), rs(staker)], d(17).u64(lamports).done());
export const redelegate = (stake, uninit, vote, staker) => ix(STAKE, [w(stake), w(uninit), r(vote), r(STAKE_CONFIG), rs(staker)], d(15).done());
