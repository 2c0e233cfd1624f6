// One LiteSVM instance set up the same way for every scenario, with bookkeeping of the addresses a
// scenario touched so a vector can list every account before and after its transaction.
import { native, ORACLE, txError, web3 } from './litesvm.mjs';
import { PublicKey, hashBytes, pk } from './keys.mjs';
import { PROGRAMS, DEFAULT_PROGRAMS, SYSVARS, BUILTINS, PRECOMPILES, INSTRUCTIONS_SYSVAR } from './programs.mjs';
import { elf, hideSymtab } from './shared.mjs';
import { buildTx } from './tx.mjs';

const { LiteSvm, FeatureSet, Account, Clock, SlotHash, TransactionMetadata, FailedTransactionMetadata, ComputeBudget } = native;

export const LAMPORTS_PER_SIGNATURE = 5000n;
/** Builtin and precompile account sets the vectors of this process named (name -> accounts). */
export const ACCOUNT_SETS = new Map();
export const SYSTEM = '11111111111111111111111111111111';
export const BPF_LOADER = 'BPFLoader2111111111111111111111111111111111';
export const NATIVE_LOADER = 'NativeLoader1111111111111111111111111111111';

export const DEFAULT_CLOCK = { slot: 100n, epochStartTimestamp: 1_700_000_000n, epoch: 2n, leaderScheduleEpoch: 3n, unixTimestamp: 1_700_000_040n };
export const SLOT_HASH_SLOTS = 10; // SlotHashes holds slots clock.slot-1 down to clock.slot-10

const featureSet = FeatureSet.allEnabled();
export const ACTIVE_FEATURES = [...featureSet.toString().matchAll(/([1-9A-HJ-NP-Za-km-z]{32,44}): (\d+)/g)]
  .map(m => m[1]).sort();
function computeBudgetFields(cb) {
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(cb)).filter(n => n !== 'constructor').sort();
  // Agave's ComputeBudget field names (the binding's getters are camelCase).
  const snake = n => n.replace(/([A-Z])/g, '_$1').toLowerCase().replace('secp256_k1', 'secp256k1').replace('log64_units', 'log_64_units');
  return Object.fromEntries(names.map(n => [snake(n), typeof cb[n] === 'bigint' ? cb[n] : BigInt(cb[n])]));
}
export const COMPUTE_BUDGET_FIELDS = computeBudgetFields(new ComputeBudget());

const isSpecial = a => a in BUILTINS || a in PRECOMPILES || Object.values(SYSVARS).includes(a) || a === INSTRUCTIONS_SYSVAR;

function accountJson(address, acc) {
  if (!acc) return { address, exists: false, lamports: 0n, data: '', owner: SYSTEM, executable: false, rent_epoch: 0n };
  return {
    address,
    lamports: acc.lamports(),
    data: Buffer.from(acc.data()).toString('base64'),
    owner: new PublicKey(acc.owner()).toBase58(),
    executable: acc.executable(),
    rent_epoch: acc.rentEpoch(),
  };
}

// Account data that embeds a shared ELF (program data, buffers) or is large and mostly zero
// (SlotHistory, big allocations) is written as data_parts: base64 pieces, zero runs and ELF
// references, so no ELF bytes are copied into the repository.
const KNOWN_ELFS = Object.values(PROGRAMS).map(p => p.elf);
function findElf(raw) {
  for (let o = raw.indexOf(ELF_MAGIC); o >= 0; o = raw.indexOf(ELF_MAGIC, o + 1)) {
    for (const rel of KNOWN_ELFS) {
      const e = elf(rel);
      if (o + e.bytes.length <= raw.length && raw.subarray(o, o + e.bytes.length).equals(e.bytes)) return { offset: o, e };
    }
  }
  return null;
}
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const ZERO_RUN = 64; // zero runs at least this long become { zeros } parts

function bytesParts(raw) {
  const parts = [];
  let i = 0, lit = 0;
  while (i < raw.length) {
    if (raw[i] === 0) {
      let j = i;
      while (j < raw.length && raw[j] === 0) j++;
      if (j - i >= ZERO_RUN) {
        if (i > lit) parts.push({ base64: raw.subarray(lit, i).toString('base64') });
        parts.push({ zeros: j - i });
        lit = j;
      }
      i = j;
    } else i++;
  }
  if (raw.length > lit) parts.push({ base64: raw.subarray(lit).toString('base64') });
  return parts;
}

function compactAccount(j) {
  const raw = Buffer.from(j.data, 'base64');
  const hit = raw.length >= 1024 ? findElf(raw) : null;
  if (!hit && raw.length <= 65536) return j;
  const parts = hit
    ? [...bytesParts(raw.subarray(0, hit.offset)), { elf: hit.e.rel, sha256: hit.e.sha256, len: hit.e.bytes.length }, ...bytesParts(raw.subarray(hit.offset + hit.e.bytes.length))]
    : bytesParts(raw);
  const { data, ...rest } = j;
  return { ...rest, data_len: raw.length, data_parts: parts };
}

function precompileSignatures(msg) {
  let n = 0n;
  for (const ix of msg.instructions) {
    const prog = msg.allKeys[ix.programIdIndex];
    if (prog in PRECOMPILES && ix.data.length > 0) n += BigInt(ix.data[0]);
  }
  return n;
}

export class Env {
  constructor({ programs = DEFAULT_PROGRAMS, clock = {}, computeBudget = null } = {}) {
    this.svm = LiteSvm.default();
    // A fresh FeatureSet per call: the binding may take ownership of what it is given.
    this.svm.setBuiltins(FeatureSet.allEnabled());
    this.svm.setSysvars();
    this.svm.setPrecompiles(FeatureSet.allEnabled());
    this.svm.setSigverify(true);
    this.svm.setBlockhashCheck(true);
    this.fixedBudget = null;
    if (computeBudget) {
      // A fixed ComputeBudget replaces the per-transaction one (compute-budget instructions are then
      // still validated but their limits are not used).
      const cb = new ComputeBudget();
      for (const [k, v] of Object.entries(computeBudget)) cb[k] = v;
      this.svm.setComputeBudget(cb);
      this.fixedBudget = computeBudgetFields(cb);
      // The fields that differ from ComputeBudget::default(), so a runner knows what it must honour.
      this.budgetOverrides = Object.fromEntries(Object.entries(this.fixedBudget).filter(([k, v]) => COMPUTE_BUDGET_FIELDS[k] !== v));
    }
    this.known = new Set();
    this.programs = new Map(); // address -> { name, elf, sha256 }
    for (const name of programs) this.loadProgram(name);
    this.setClock(clock);
    this.blockhash = this.svm.latestBlockhash();
  }

  loadProgram(name, address) {
    const p = PROGRAMS[name];
    const addr = address ?? p.address;
    const e = elf(p.elf);
    if (p.loader && p.loader !== BPF_LOADER) {
      this.svm.setAccount(new PublicKey(addr).toBytes(), new Account(this.rentExempt(e.bytes.length), e.bytes, new PublicKey(p.loader).toBytes(), true, 0n));
    } else if (p.patch === 'hide-symtab') {
      // LiteSVM 0.2.0 cannot load this ELF as it is (see hideSymtab); the vector names the original file and says
      // what LiteSVM was given instead.
      const { bytes, offset } = hideSymtab(e.bytes);
      this.svm.addProgram(new PublicKey(addr).toBytes(), bytes);
      this.programs.set(addr, { name, elf: e.rel, sha256: e.sha256, litesvm_elf_patch: `LiteSVM was given this file with byte ${offset} changed from 'b' to 'X', renaming the .symtab section so that its loader (built with debugging features, which read every function name from .symtab and fail on names over 64 bytes) skips it; a bank loads without debugging features and never reads .symtab, so for Agave it is the same program` });
      return new PublicKey(addr);
    } else {
      this.svm.addProgram(new PublicKey(addr).toBytes(), e.bytes);
    }
    this.programs.set(addr, { name, elf: e.rel, sha256: e.sha256 });
    return new PublicKey(addr);
  }

  setClock(over = {}) {
    const c = { ...DEFAULT_CLOCK, ...over };
    this.svm.setClock(new Clock(c.slot, c.epochStartTimestamp, c.epoch, c.leaderScheduleEpoch, c.unixTimestamp));
    const hashes = [];
    for (let i = 1n; i <= BigInt(SLOT_HASH_SLOTS) && c.slot - i >= 0n; i++) {
      const e = Buffer.alloc(40);
      e.writeBigUInt64LE(c.slot - i);
      hashBytes('slot-hash/' + (c.slot - i)).copy(e, 8);
      hashes.push(e);
    }
    // SlotHashes is written as its account (bincode: u64 count, then (slot, hash) newest first).
    const n = Buffer.alloc(8); n.writeBigUInt64LE(BigInt(hashes.length));
    this.svm.setAccount(new PublicKey(SYSVARS.slot_hashes).toBytes(),
      new Account(1n, Buffer.concat([n, ...hashes]), new PublicKey('Sysvar1111111111111111111111111111111111111').toBytes(), false, 0n));
  }

  get clock() { return this.svm.getClock(); }

  /** Move LiteSVM to its next blockhash (deterministic: a hash of the previous one). */
  nextBlockhash() {
    this.svm.expireBlockhash();
    this.blockhash = this.svm.latestBlockhash();
    return this.blockhash;
  }

  rentExempt(len) { return this.svm.minimumBalanceForRentExemption(BigInt(len)); }

  /** Write an account directly (scenario setup). */
  set(address, { lamports, data = new Uint8Array(0), owner = SYSTEM, executable = false, rentEpoch = 0n }) {
    const a = pk(address);
    this.svm.setAccount(a.toBytes(), new Account(BigInt(lamports), Uint8Array.from(data), pk(owner).toBytes(), executable, BigInt(rentEpoch)));
    this.known.add(a.toBase58());
    return a;
  }

  fund(address, lamports = 10_000_000_000n) { return this.set(address, { lamports }); }

  get(address) {
    const a = this.svm.getAccount(pk(address).toBytes());
    return a ? { lamports: a.lamports(), data: Buffer.from(a.data()), owner: new PublicKey(a.owner()).toBase58(), executable: a.executable(), rentEpoch: a.rentEpoch() } : null;
  }

  tx(opts) {
    return buildTx({ blockhash: this.blockhash, ...opts, signers: opts.signers ?? [opts.payer] , payer: opts.payer && pk(opts.payer) });
  }

  /** Resolve the full account-key list of a compiled message (static keys + lookup-table loads). */
  resolveKeys(msg) {
    const keys = [...msg.keys];
    if (msg.version === 0 && msg.lookups.length) {
      const w = [], r = [];
      for (const l of msg.lookups) {
        const t = this.get(l.key);
        const addrs = [];
        if (t) for (let o = 56; o + 32 <= t.data.length; o += 32) addrs.push(new PublicKey(t.data.subarray(o, o + 32)).toBase58());
        for (const i of l.writable) if (addrs[i]) w.push(addrs[i]);
        for (const i of l.readonly) if (addrs[i]) r.push(addrs[i]);
      }
      keys.push(...w, ...r);
    }
    return keys;
  }

  send(tx) {
    const r = this.svm.sendVersionedTransaction(tx.bytes);
    for (const k of this.resolveKeys(tx.message)) this.known.add(k);
    return r;
  }

  /** Setup transaction: must succeed. */
  run(tx) {
    const r = this.send(tx);
    if (r instanceof FailedTransactionMetadata) {
      throw new Error('setup transaction failed: ' + txError(r.err()).debug + '\n' + r.meta().logs().join('\n'));
    }
    return r;
  }

  snapshotAccounts(addresses) {
    return addresses.map(a => compactAccount(accountJson(a, this.svm.getAccount(new PublicKey(a).toBytes()))));
  }

  /**
   * The named account set holding these builtin or precompile accounts: `<kind>`, or `<kind>-without-<names>` when some
   * of the kind's accounts are left out (a builtin replaced by a core-BPF program). Registered in ACCOUNT_SETS.
   */
  accountSet(kind, entries) {
    const all = kind === 'builtins' ? BUILTINS : PRECOMPILES;
    const present = new Set(entries.map(([address]) => address));
    const missing = Object.entries(all).filter(([address]) => !present.has(address)).map(([, name]) => name.replace(/_program$/, '').replaceAll('_', '-'));
    const name = missing.length ? `${kind}-without-${missing.join('-and-')}` : kind;
    const accounts = entries.map(([address, n]) => ({ name: n, ...accountJson(address, this.svm.getAccount(new PublicKey(address).toBytes())) }));
    const known = ACCOUNT_SETS.get(name);
    if (known && JSON.stringify(known, (k, x) => typeof x === 'bigint' ? String(x) : x) !== JSON.stringify(accounts, (k, x) => typeof x === 'bigint' ? String(x) : x))
      throw new Error('account set ' + name + ' differs between environments');
    ACCOUNT_SETS.set(name, accounts);
    return name;
  }

  /**
   * Run a transaction and describe it as a vector: everything needed to replay it and everything
   * LiteSVM produced. The environment keeps the post-state, so scenarios can chain vectors.
   */
  capture(tx, { expect, simulate = false } = {}) {
    const msg = tx.message;
    const txKeys = this.resolveKeys(msg);
    msg.allKeys = txKeys;
    const accountSet = [...new Set([...this.known, ...txKeys])].filter(a => !isSpecial(a) && !this.programs.has(a)).sort();
    const pre = this.snapshotAccounts(accountSet).filter(a => a.exists !== false);
    const referencedPrograms = [...this.programs.entries()].filter(([a]) => txKeys.includes(a)).sort(([a], [b]) => a < b ? -1 : 1);
    const payer = msg.keys[0];
    const payerPre = this.svm.getBalance(new PublicKey(payer).toBytes()) ?? 0n;

    // Only the transaction's own signature can make a difference (AlreadyProcessed).
    const statusCache = tx.signatures.length && this.svm.getTransaction(tx.signatures[0]) !== null ? [bs58(tx.signatures[0])] : [];
    const inputs = {
      blockhash: this.blockhash,
      status_cache: statusCache,
      lamports_per_signature: LAMPORTS_PER_SIGNATURE,
      feature_set: 'all-enabled', // feature-sets/all-enabled.json
      compute_budget: this.fixedBudget ? {
        source: 'fixed: the harness sets this ComputeBudget for every transaction; compute-budget instructions are validated but their limits are not applied',
        values: this.fixedBudget,
        overrides: this.budgetOverrides,
      } : {
        source: 'per transaction: compute_unit_limit and heap_size from its compute-budget instructions (process_compute_budget_instructions), every other field ComputeBudget::default()',
        values: 'default', // compute-budgets/default.json
      },
      sysvars: Object.entries(SYSVARS).map(([name, address]) => ({ name, ...compactAccount(accountJson(address, this.svm.getAccount(new PublicKey(address).toBytes()))) })),
      // A builtin replaced by a BPF program (core-BPF builds) is listed under programs instead.
      // Both are account-sets/<name>.json files (written by the generator; see accountSet).
      builtins: this.accountSet('builtins', Object.entries(BUILTINS).filter(([address]) => !this.programs.has(address))),
      precompiles: this.accountSet('precompiles', Object.entries(PRECOMPILES)),
      programs: referencedPrograms.map(([address, p]) => {
        const a = this.svm.getAccount(new PublicKey(address).toBytes());
        return { address, name: p.name, elf: p.elf, sha256: p.sha256, ...(p.litesvm_elf_patch ? { litesvm_elf_patch: p.litesvm_elf_patch } : {}), owner: new PublicKey(a.owner()).toBase58(), lamports: a.lamports(), executable: a.executable(), rent_epoch: a.rentEpoch() };
      }),
      accounts: pre,
      transaction: {
        base64: tx.bytes.toString('base64'),
        version: msg.version === 0 ? 0 : 'legacy',
        signatures: tx.signatures.map(s => bs58(s)),
        account_keys: msg.keys,
        loaded_addresses: msg.version === 0 ? { writable: txKeys.slice(msg.keys.length, msg.keys.length + msg.lookups.reduce((n, l) => n + l.writable.length, 0)), readonly: txKeys.slice(msg.keys.length + msg.lookups.reduce((n, l) => n + l.writable.length, 0)) } : undefined,
      },
    };

    // simulate: LiteSVM 0.2.0 panics when it commits some post-states (a closed upgradeable
    // program cannot be reloaded into its cache), so such transactions are simulated and the
    // post-state is the pre-state overlaid with the simulated writable accounts.
    let result, simulated = null;
    if (simulate) {
      result = this.svm.simulateVersionedTransaction(tx.bytes);
      if (result instanceof FailedTransactionMetadata) throw new Error('simulate is only for successful transactions');
      simulated = new Map(result.postAccounts().map(p => [new PublicKey(p.address).toBase58(), p.account()]));
      result = result.meta();
    } else {
      result = this.send(tx);
    }
    const failed = result instanceof FailedTransactionMetadata;
    const meta = failed ? result.meta() : result;
    const err = failed ? txError(result.err()) : null;

    const postSet = [...new Set([...accountSet, ...txKeys])].filter(a => !isSpecial(a) && !this.programs.has(a)).sort();
    const post = simulated
      ? postSet.map(a => compactAccount(accountJson(a, simulated.get(a) ?? this.svm.getAccount(new PublicKey(a).toBytes()))))
      : this.snapshotAccounts(postSet);
    const payerPost = simulated ? simulated.get(payer).lamports() : (this.svm.getBalance(new PublicKey(payer).toBytes()) ?? 0n);

    const formulaFee = LAMPORTS_PER_SIGNATURE * (BigInt(msg.header.numRequiredSignatures) + precompileSignatures(msg));
    const payerInInstructions = msg.instructions.some(ix => ix.accounts.some(i => txKeys[i] === payer));
    let fee;
    if (failed || !payerInInstructions) {
      fee = payerPre - payerPost;
      if (fee !== 0n && fee !== formulaFee) throw new Error(`fee mismatch: observed ${fee}, formula ${formulaFee}`);
    } else fee = formulaFee;

    const rd = meta.returnData();
    const rdData = Buffer.from(rd.data());
    const rdProgram = new PublicKey(rd.programId()).toBase58();
    const expected = {
      status: failed ? 'error' : 'ok',
      error: err ? { json: err.json, debug: err.debug } : null,
      compute_units_consumed: meta.computeUnitsConsumed(),
      fee,
      logs: meta.logs(),
      // As Agave reports it: None when the data is empty (the loader resets it to (program, []) on every invocation).
      return_data: rdData.length ? { program_id: rdProgram, data: rdData.toString('base64') } : null,
      inner_instructions: meta.innerInstructions().map((list, index) => ({ index, instructions: list.map(ii => {
        const ci = ii.instruction();
        return { program_id_index: ci.programIdIndex(), accounts: [...ci.accounts()], data: Buffer.from(ci.data()).toString('base64'), stack_height: ii.stackHeight() };
      }) })).filter(e => e.instructions.length),
      accounts: post,
    };
    if (expect !== undefined) checkExpect(expect, expected);
    return { inputs, expected };
  }
}

import { createRequire } from 'node:module';
const bs58lib = createRequire(import.meta.url)('bs58');
function bs58(bytes) { return (bs58lib.default ?? bs58lib).encode(bytes); }

function checkExpect(expect, got) {
  const ok = got.status === 'ok';
  if (expect === 'ok') { if (!ok) throw new Error('expected success, got ' + got.error.debug + '\n' + got.logs.join('\n')); return; }
  if (ok) throw new Error('expected ' + JSON.stringify(expect) + ', transaction succeeded\n' + got.logs.join('\n'));
  if (expect === 'error') return;
  const want = typeof expect === 'string' ? expect : JSON.stringify(expect);
  const have = typeof expect === 'string' ? got.error.debug : JSON.stringify(got.error.json);
  if (!have.includes(want)) throw new Error(`expected error ${want}, got ${have}\n` + got.logs.join('\n'));
}
