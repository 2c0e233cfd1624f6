// Deterministic keys: every keypair is derived from a fixed label, so regenerating the vectors
// produces the same addresses and (ed25519 being deterministic) the same signatures.
import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import web3 from '@solana/web3.js';

export const { PublicKey } = web3;

const cache = new Map();

export function seedFor(label) {
  return createHash('sha256').update('stratus-vectors/' + label).digest();
}

/** A signer: { label, publicKey (PublicKey), seed (32 bytes) }. */
export function kp(label) {
  let k = cache.get(label);
  if (!k) {
    const seed = seedFor(label);
    k = { label, seed, publicKey: new PublicKey(ed25519.getPublicKey(seed)) };
    cache.set(label, k);
  }
  return k;
}

export function sign(signer, message) {
  return Buffer.from(ed25519.sign(message, signer.seed));
}

export function pk(x) {
  if (x instanceof PublicKey) return x;
  if (x && x.publicKey) return x.publicKey;
  return new PublicKey(x);
}

export function pda(seeds, programId) {
  return PublicKey.findProgramAddressSync(seeds, pk(programId));
}

export function hashBytes(label) {
  return createHash('sha256').update(label).digest();
}

/** base58 blockhash-like value from a label. */
export function hashFromLabel(label) {
  return new PublicKey(hashBytes(label)).toBase58();
}
