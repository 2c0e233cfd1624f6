// Instruction builders for the ed25519, secp256k1 and secp256r1 signature-verification precompiles.
import { ed25519 } from '@noble/curves/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1';
import { p256 } from '@noble/curves/p256';
import { keccak_256 } from '@noble/hashes/sha3';
import { sha256 } from '@noble/hashes/sha256';
import { ix } from '../bytes.mjs';
import { seedFor } from '../keys.mjs';

export const ED25519 = 'Ed25519SigVerify111111111111111111111111111';
export const SECP256K1 = 'KeccakSecp256k11111111111111111111111111111';
export const SECP256R1 = 'Secp256r1SigVerify1111111111111111111111111';
export const SELF = 0xffff;

const u16 = (b, o, v) => b.writeUInt16LE(v, o);

/** entries: [{ label, message }]; returns { data, parts } where parts locate each piece for mutations. */
export function ed25519Data(entries, { instructionIndex = SELF } = {}) {
  const headerLen = 2 + 14 * entries.length;
  const payload = [];
  let off = headerLen;
  const offsets = [];
  for (const e of entries) {
    const seed = seedFor('ed25519/' + e.label);
    const pub = Buffer.from(ed25519.getPublicKey(seed));
    const msg = Buffer.from(e.message);
    const sig = Buffer.from(ed25519.sign(msg, seed));
    const o = { pubkey: off, sig: off + 32, msg: off + 96, msgLen: msg.length };
    payload.push(pub, sig, msg);
    off += 96 + msg.length;
    offsets.push(o);
  }
  const head = Buffer.alloc(headerLen);
  head[0] = entries.length;
  offsets.forEach((o, i) => {
    const b = 2 + 14 * i;
    u16(head, b, o.sig); u16(head, b + 2, instructionIndex);
    u16(head, b + 4, o.pubkey); u16(head, b + 6, instructionIndex);
    u16(head, b + 8, o.msg); u16(head, b + 10, o.msgLen); u16(head, b + 12, instructionIndex);
  });
  return { data: Buffer.concat([head, ...payload]), offsets };
}

export function ethAddress(pubUncompressed) {
  return Buffer.from(keccak_256(pubUncompressed.subarray(1))).subarray(12);
}

export function secp256k1Data(entries, { instructionIndex = 0 } = {}) {
  const headerLen = 1 + 11 * entries.length;
  const payload = [];
  let off = headerLen;
  const offsets = [];
  for (const e of entries) {
    const priv = seedFor('secp256k1/' + e.label);
    const pub = Buffer.from(secp256k1.getPublicKey(priv, false));
    const msg = Buffer.from(e.message);
    const s = secp256k1.sign(keccak_256(msg), priv);
    const sig = Buffer.concat([Buffer.from(s.toCompactRawBytes()), Buffer.from([s.recovery])]);
    const eth = ethAddress(pub);
    const o = { sig: off, eth: off + 65, msg: off + 85, msgLen: msg.length };
    payload.push(sig, eth, msg);
    off += 85 + msg.length;
    offsets.push(o);
  }
  const head = Buffer.alloc(headerLen);
  head[0] = entries.length;
  offsets.forEach((o, i) => {
    const b = 1 + 11 * i;
    u16(head, b, o.sig); head[b + 2] = instructionIndex;
    u16(head, b + 3, o.eth); head[b + 5] = instructionIndex;
    u16(head, b + 6, o.msg); u16(head, b + 8, o.msgLen); head[b + 10] = instructionIndex;
  });
  return { data: Buffer.concat([head, ...payload]), offsets };
}

export const P256_N = p256.CURVE.n;

export function secp256r1Data(entries, { instructionIndex = SELF, highS = false } = {}) {
  const headerLen = 2 + 14 * entries.length;
  const payload = [];
  let off = headerLen;
  const offsets = [];
  for (const e of entries) {
    const priv = seedFor('secp256r1/' + e.label);
    const pub = Buffer.from(p256.getPublicKey(priv, true));
    const msg = Buffer.from(e.message);
    let s = p256.sign(sha256(msg), priv, { lowS: true });
    if (highS) s = new p256.Signature(s.r, P256_N - s.s);
    const sig = Buffer.from(s.toCompactRawBytes());
    const o = { sig: off, pubkey: off + 64, msg: off + 97, msgLen: msg.length };
    payload.push(sig, pub, msg);
    off += 97 + msg.length;
    offsets.push(o);
  }
  const head = Buffer.alloc(headerLen);
  head[0] = entries.length;
  offsets.forEach((o, i) => {
    const b = 2 + 14 * i;
    u16(head, b, o.sig); u16(head, b + 2, instructionIndex);
    u16(head, b + 4, o.pubkey); u16(head, b + 6, instructionIndex);
    u16(head, b + 8, o.msg); u16(head, b + 10, o.msgLen); u16(head, b + 12, instructionIndex);
  });
  return { data: Buffer.concat([head, ...payload]), offsets };
}

export const precompileIx = (program, data) => ix(program, [], data);
