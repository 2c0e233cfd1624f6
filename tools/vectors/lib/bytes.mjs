// Little-endian byte writer for instruction data (bincode / borsh style).
import { pk } from './keys.mjs';

export class W {
  constructor() { this.parts = []; }
  u8(v) { this.parts.push(Buffer.from([Number(v) & 0xff])); return this; }
  u16(v) { const b = Buffer.alloc(2); b.writeUInt16LE(Number(v)); this.parts.push(b); return this; }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(Number(v) >>> 0); this.parts.push(b); return this; }
  i64(v) { const b = Buffer.alloc(8); b.writeBigInt64LE(BigInt(v)); this.parts.push(b); return this; }
  u64(v) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v))); this.parts.push(b); return this; }
  pubkey(v) { this.parts.push(Buffer.from(pk(v).toBytes())); return this; }
  bytes(v) { this.parts.push(Buffer.from(v)); return this; }
  str64(s) { const b = Buffer.from(s); return this.u64(b.length).bytes(b); }   // bincode String
  str32(s) { const b = Buffer.from(s); return this.u32(b.length).bytes(b); }   // borsh String
  option(v, f) { if (v === null || v === undefined) return this.u8(0); this.u8(1); f(this, v); return this; }
  done() { return Buffer.concat(this.parts); }
}

export const meta = (pubkey, isSigner = false, isWritable = false) => ({ pubkey: pk(pubkey), isSigner, isWritable });
export const w = (pubkey, signer = false) => meta(pubkey, signer, true);
export const r = (pubkey, signer = false) => meta(pubkey, signer, false);
export const ws = pubkey => meta(pubkey, true, true);
export const rs = pubkey => meta(pubkey, true, false);
export const ix = (programId, keys, data) => ({ programId: pk(programId), keys, data: Buffer.from(data ?? []) });
