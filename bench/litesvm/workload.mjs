// Builds a benchmark workload in LiteSVM (npm litesvm 0.2.0, Agave 2.2's SVM with its sBPF JIT), times LiteSVM
// executing it, and writes the workload for `Stratus.Benchmarks litesvm-replay`:
//
//   node bench/litesvm/workload.mjs token-transfer|ui-amount --count N [--warmup W] [--segments S]
//        [--no-sigverify] --out FILE
//
// The file is a vector of the format tools/vectors writes (docs/vectors.md): its inputs hold the pre-state of
// every account and the first transaction; `bench` adds every transaction (base64), LiteSVM's status and
// compute units for each, the final state of every account, and LiteSVM's timing. Setup and vector capture
// reuse the generator's modules (tools/vectors/lib), so the workload runs exactly as the conformance vectors do.
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { Env } from '../../tools/vectors/lib/env.mjs';
import { tokenKit, spl } from '../../tools/vectors/lib/token.mjs';
import { kp, pk } from '../../tools/vectors/lib/keys.mjs';
import { r } from '../../tools/vectors/lib/bytes.mjs';
import { native, txError } from '../../tools/vectors/lib/litesvm.mjs';
import { makeVector, stringify } from '../../tools/vectors/lib/vector.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const kind = args[0];
const count = Number(opt('--count', 10000));
const warmup = Number(opt('--warmup', 2000));
const segments = Number(opt('--segments', 5));
const sigverify = !args.includes('--no-sigverify');
const out = opt('--out', null);
if (!['token-transfer', 'ui-amount'].includes(kind) || !out || !(count > 0) || !(warmup > 0)) {
  console.error('usage: workload.mjs token-transfer|ui-amount --count N [--warmup W] [--segments S] [--no-sigverify] --out FILE');
  process.exit(2);
}

const env = new Env({ programs: ['token'] });
const token = tokenKit(env);
const SOL = 1_000_000_000n;
const total = warmup + count;
const txs = [];
const log = (...m) => console.error('[litesvm]', ...m);

if (kind === 'token-transfer') {
  // WALLETS owners, each paying its own fee and holding one token account of one mint; transaction i moves
  // (1 + i / WALLETS) tokens from wallet i % WALLETS to another wallet, so every transaction is distinct and
  // signed by exactly one key (the owner is the fee payer).
  const WALLETS = 32;
  const authority = kp('bench/mint-authority');
  env.fund(authority, 1000n * SOL);
  const mint = token.createMint(authority, kp('bench/mint'), { decimals: 6, authority });
  const owners = [], accounts = [];
  for (let w = 0; w < WALLETS; w++) {
    const owner = kp('bench/owner/' + w);
    env.fund(owner, 1000n * SOL);
    owners.push(owner);
    accounts.push(token.createAccount(authority, kp('bench/token-account/' + w), mint, owner));
    token.mintTo(authority, mint, accounts[w], authority, 1_000_000_000_000n);
  }
  for (let i = 0; i < total; i++) {
    const from = i % WALLETS, to = (from + 1 + (Math.floor(i / WALLETS) % (WALLETS - 1))) % WALLETS;
    const amount = BigInt(1 + Math.floor(i / WALLETS));
    txs.push(env.tx({ payer: owners[from], instructions: [spl.createTransferInstruction(accounts[from], accounts[to], pk(owners[from]), amount, [], token.PID)] }));
  }
} else {
  // SPL Token's UiAmountToAmount on a 1,000-character amount: one read-only 82-byte account, ~80,000 CU spent
  // parsing the string inside the program (one log line and one return-data syscall), so execution time is
  // almost all sBPF interpretation (or, in LiteSVM, JIT-compiled code).
  const PAYERS = 32;
  const authority = kp('bench/mint-authority');
  env.fund(authority, 1000n * SOL);
  const mint = token.createMint(authority, kp('bench/mint'), { decimals: 2, authority });
  const payers = [];
  for (let p = 0; p < PAYERS; p++) { payers.push(kp('bench/payer/' + p)); env.fund(payers[p], 1000n * SOL); }
  for (let i = 0; i < total; i++) {
    const amount = String(i + 1).padStart(1000, '0') + '.5';
    txs.push(env.tx({ payer: payers[i % PAYERS], instructions: [token.raw(Buffer.concat([Buffer.from([24]), Buffer.from(amount)]), [r(mint)])] }));
  }
}
log(`${kind}: built ${total} signed transactions (${warmup} warm-up, ${count} timed)`);
env.svm.setSigverify(sigverify);

// Transaction 0 is captured as a vector: its inputs are the pre-state of the whole workload.
const first = env.capture(txs[0]);
const vector = makeVector({ group: 'bench', name: kind, description: `benchmark workload ${kind}: ${total} transactions`, ...first });

const results = new Array(total);
for (let i = 1; i < warmup; i++) results[i] = env.svm.sendVersionedTransaction(txs[i].bytes);

const bytes = txs.map(t => t.bytes);
const segmentSize = Math.floor(count / segments);
const segmentStats = [];
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let s = 0; s < segments; s++) {
  const from = warmup + s * segmentSize, to = s === segments - 1 ? total : from + segmentSize;
  const c = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let i = from; i < to; i++) results[i] = env.svm.sendVersionedTransaction(bytes[i]);
  const wallNs = Number(process.hrtime.bigint() - t);
  const cu = process.cpuUsage(c);
  segmentStats.push({ transactions: to - from, wall_ns: wallNs, cpu_us: cu.user + cu.system });
}
const wallNs = Number(process.hrtime.bigint() - t0);
const cpu = process.cpuUsage(cpu0);
const load1 = loadavg()[0];

const outcomes = [];
let timedUnits = 0n, failed = 0;
for (let i = 0; i < total; i++) {
  let status, units;
  if (i === 0) {
    status = first.expected.error ? first.expected.error.debug : 'ok';
    units = first.expected.compute_units_consumed;
  } else {
    const res = results[i];
    const bad = res instanceof native.FailedTransactionMetadata;
    status = bad ? txError(res.err()).debug : 'ok';
    units = (bad ? res.meta() : res).computeUnitsConsumed();
  }
  if (status !== 'ok') failed++;
  if (i >= warmup) timedUnits += units;
  outcomes.push({ status, compute_units: units });
}
if (failed) { log(`${failed} transactions failed in LiteSVM; first: ${outcomes.find(o => o.status !== 'ok').status}`); process.exit(1); }

const finalAccounts = vector.inputs.accounts.map(a => {
  const acc = env.svm.getAccount(pk(a.address).toBytes());
  return { address: a.address, lamports: acc ? acc.lamports() : 0n, data_sha256: createHash('sha256').update(acc ? acc.data() : new Uint8Array(0)).digest('hex') };
});

const cpuUs = cpu.user + cpu.system;
const litesvm = {
  transactions: count, warmup, sigverify,
  wall_ns: wallNs, cpu_us: cpuUs,
  tx_per_s_wall: count / (wallNs / 1e9), tx_per_s_cpu: count / (cpuUs / 1e6),
  compute_units: timedUnits, cu_per_s_cpu: Number(timedUnits) / (cpuUs / 1e6),
  segments: segmentStats, load_average: [load0, load1],
};
vector.bench = {
  workload: kind, sigverify, warmup, segments,
  transactions: txs.map(t => t.bytes.toString('base64')),
  outcomes, final_accounts: finalAccounts, litesvm,
};
writeFileSync(out, stringify(vector));
log(`${count} transactions in ${(wallNs / 1e6).toFixed(1)} ms wall, ${(cpuUs / 1e3).toFixed(1)} ms CPU: ` +
  `${litesvm.tx_per_s_wall.toFixed(0)} tx/s wall, ${litesvm.tx_per_s_cpu.toFixed(0)} tx/s CPU, ` +
  `${(litesvm.cu_per_s_cpu / 1e6).toFixed(1)} M CU/s CPU (${timedUnits} CU), load ${load0.toFixed(2)}->${load1.toFixed(2)}`);
// LiteSVM 0.2's native binding has aborted at exit after some programs (tools/vectors/README.md); the file is written.
process.exit(0);
