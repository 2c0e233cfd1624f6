import { W, ix, w, r, ws, rs } from '../bytes.mjs';
import { PublicKey, pk } from '../keys.mjs';
import { SYSVARS } from '../programs.mjs';
import { SYSTEM_PROGRAM } from './system.mjs';

export const LOADER_V3 = 'BPFLoaderUpgradeab1e11111111111111111111111';
export const LOADER_V2 = 'BPFLoader2111111111111111111111111111111111';
export const BUFFER_META = 37, PROGRAM_SIZE = 36, PROGRAMDATA_META = 45;

export const programDataAddress = program => PublicKey.findProgramAddressSync([pk(program).toBytes()], new PublicKey(LOADER_V3))[0];

const optKey = (wr, k) => (k ? wr.u8(1).pubkey(k) : wr.u8(0));
// The metadata of buffers and program data has a fixed size; a missing authority leaves zeros.
const pad = (b, n) => Buffer.concat([b, Buffer.alloc(n - b.length)]);
export const bufferState = authority => pad(optKey(new W().u32(1), authority).done(), BUFFER_META);
export const programState = programData => new W().u32(2).pubkey(programData).done();
export const programDataState = (slot, authority) => pad(optKey(new W().u32(3).u64(slot), authority).done(), PROGRAMDATA_META);

const d = tag => new W().u32(tag);
export const initializeBuffer = (buffer, authority) => ix(LOADER_V3, [w(buffer), r(authority)], d(0).done());
export const write = (buffer, authority, offset, bytes) => ix(LOADER_V3, [w(buffer), rs(authority)], d(1).u32(offset).u64(bytes.length).bytes(bytes).done());
export const deployWithMaxDataLen = (payer, program, buffer, authority, maxLen) =>
  ix(LOADER_V3, [ws(payer), w(programDataAddress(program)), w(program), w(buffer), r(SYSVARS.rent), r(SYSVARS.clock), r(SYSTEM_PROGRAM), rs(authority)], d(2).u64(maxLen).done());
export const upgrade = (program, buffer, authority, spill) =>
  ix(LOADER_V3, [w(programDataAddress(program)), w(program), w(buffer), w(spill), r(SYSVARS.rent), r(SYSVARS.clock), rs(authority)], d(3).done());
export const setAuthority = (account, current, next) =>
  ix(LOADER_V3, [w(account), rs(current), ...(next ? [r(next)] : [])], d(4).done());
export const setAuthorityChecked = (account, current, next) =>
  ix(LOADER_V3, [w(account), rs(current), rs(next)], d(7).done());
export const close = (account, recipient, authority, program) =>
  ix(LOADER_V3, [w(account), w(recipient), ...(authority ? [rs(authority)] : []), ...(program ? [w(program)] : [])], d(5).done());
export const extendProgram = (program, payer, bytes) =>
  ix(LOADER_V3, [w(programDataAddress(program)), w(program), r(SYSTEM_PROGRAM), ...(payer ? [ws(payer)] : [])], d(6).u32(bytes).done());
