// Message compilation and serialization (legacy and v0), written out by hand so a scenario can
// build exactly the bytes it wants, including malformed ones (duplicate keys, missing signatures).
import { PublicKey, pk, sign } from './keys.mjs';

export function shortVec(n) {
  const out = [];
  for (;;) {
    let b = n & 0x7f;
    n >>>= 7;
    if (n === 0) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

/**
 * Compile instructions into a message description.
 * ix: { programId, keys: [{ pubkey, isSigner, isWritable }], data: Uint8Array }
 * opts: { payer, blockhash, version: 'legacy' | 0, lookupTables: [{ key, addresses: PublicKey[] }] }
 */
export function compile({ payer, instructions, blockhash, version = 'legacy', lookupTables = [] }) {
  const metas = new Map();
  const order = [];
  const add = (key, signer, writable, invoked) => {
    const k = pk(key).toBase58();
    let m = metas.get(k);
    if (!m) { m = { key: k, signer: false, writable: false, invoked: false }; metas.set(k, m); order.push(k); }
    m.signer ||= signer; m.writable ||= writable; m.invoked ||= invoked;
  };
  if (payer) add(payer, true, true, false);
  for (const ix of instructions) {
    for (const a of ix.keys) add(a.pubkey, !!a.isSigner, !!a.isWritable, false);
    add(ix.programId, false, false, true);
  }
  const all = order.map(k => metas.get(k));
  const cat = m => (m.signer ? (m.writable ? 0 : 1) : (m.writable ? 2 : 3));
  // Stable partition: payer stays first (it is a writable signer and was added first).
  const sorted = [0, 1, 2, 3].flatMap(c => all.filter(m => cat(m) === c));

  let staticKeys = sorted;
  const lookups = [];
  if (version === 0 && lookupTables.length) {
    const loadedW = [], loadedR = [];
    const remaining = [];
    const tableIndex = new Map();
    for (const t of lookupTables) t.addresses.forEach((a, i) => {
      const s = pk(a).toBase58();
      if (!tableIndex.has(s)) tableIndex.set(s, { table: pk(t.key).toBase58(), index: i });
    });
    const perTable = new Map(lookupTables.map(t => [pk(t.key).toBase58(), { writable: [], readonly: [], w: [], r: [] }]));
    for (const m of sorted) {
      const hit = tableIndex.get(m.key);
      if (!m.signer && !m.invoked && hit) {
        const e = perTable.get(hit.table);
        if (m.writable) { e.writable.push(hit.index); e.w.push(m); } else { e.readonly.push(hit.index); e.r.push(m); }
      } else remaining.push(m);
    }
    staticKeys = remaining;
    for (const t of lookupTables) {
      const e = perTable.get(pk(t.key).toBase58());
      if (!e.writable.length && !e.readonly.length) continue;
      lookups.push({ key: pk(t.key).toBase58(), writable: e.writable, readonly: e.readonly });
      loadedW.push(...e.w); loadedR.push(...e.r);
    }
    var loaded = { writable: loadedW.map(m => m.key), readonly: loadedR.map(m => m.key) };
  }
  const keys = staticKeys.map(m => m.key);
  const fullKeys = loaded ? [...keys, ...loaded.writable, ...loaded.readonly] : keys;
  const idx = new Map(fullKeys.map((k, i) => [k, i]));
  const header = {
    numRequiredSignatures: staticKeys.filter(m => m.signer).length,
    numReadonlySigned: staticKeys.filter(m => m.signer && !m.writable).length,
    numReadonlyUnsigned: staticKeys.filter(m => !m.signer && !m.writable).length,
  };
  const compiled = instructions.map(ix => ({
    programIdIndex: idx.get(pk(ix.programId).toBase58()),
    accounts: ix.keys.map(a => idx.get(pk(a.pubkey).toBase58())),
    data: Buffer.from(ix.data ?? []),
  }));
  return { version, header, keys, blockhash, instructions: compiled, lookups, loaded: loaded ?? null };
}

export function serializeMessage(msg) {
  const out = [];
  if (msg.version === 0) out.push(0x80);
  out.push(msg.header.numRequiredSignatures, msg.header.numReadonlySigned, msg.header.numReadonlyUnsigned);
  out.push(...shortVec(msg.keys.length));
  for (const k of msg.keys) out.push(...new PublicKey(k).toBytes());
  out.push(...new PublicKey(msg.blockhash).toBytes());
  out.push(...shortVec(msg.instructions.length));
  for (const ix of msg.instructions) {
    out.push(ix.programIdIndex);
    out.push(...shortVec(ix.accounts.length), ...ix.accounts);
    out.push(...shortVec(ix.data.length), ...ix.data);
  }
  if (msg.version === 0) {
    out.push(...shortVec(msg.lookups.length));
    for (const l of msg.lookups) {
      out.push(...new PublicKey(l.key).toBytes());
      out.push(...shortVec(l.writable.length), ...l.writable);
      out.push(...shortVec(l.readonly.length), ...l.readonly);
    }
  }
  return Buffer.from(out);
}

/**
 * Sign a compiled message. signers: list of kp(); a required signer without a key gets a zeroed
 * signature. opts.corrupt: indexes of signatures to flip a bit in; opts.signatures overrides count.
 */
export function signMessage(msg, signers, opts = {}) {
  const bytes = serializeMessage(msg);
  const byKey = new Map(signers.map(s => [s.publicKey.toBase58(), s]));
  const n = opts.signatureCount ?? msg.header.numRequiredSignatures;
  const sigs = [];
  for (let i = 0; i < n; i++) {
    const s = byKey.get(msg.keys[i]);
    const sig = s ? sign(s, bytes) : Buffer.alloc(64);
    if (opts.corrupt && opts.corrupt.includes(i)) sig[0] ^= 1;
    sigs.push(sig);
  }
  const tx = Buffer.concat([Buffer.from(shortVec(sigs.length)), ...sigs, bytes]);
  return { bytes: tx, message: msg, signatures: sigs };
}

export function buildTx({ payer, instructions, blockhash, signers, version = 'legacy', lookupTables = [], ...opts }) {
  const msg = compile({ payer, instructions, blockhash, version, lookupTables });
  if (opts.mutate) opts.mutate(msg);
  return signMessage(msg, signers, opts);
}
