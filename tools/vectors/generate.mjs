// Runs every scenario in LiteSVM and writes one JSON vector per case into conformance-vectors/.
//
//   node tools/vectors/generate.mjs [--out DIR] [--only MODULE[,MODULE...]]
//
// Each scenario module runs in its own node process (started with --no-allocation-site-pretenuring:
// with many LiteSVM instances alive, V8's pretenuring pass has aborted the process with bad_alloc).
import { mkdirSync, writeFileSync, readdirSync, rmSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { makeVector, stringify, FORMAT, FORMAT_VERSION } from './lib/vector.mjs';
import { ORACLE } from './lib/litesvm.mjs';
import { referenceFiles, REFERENCE_DIRS, featureSet, accountSetFiles } from './lib/references.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const OUT = resolve(opt('--out') ?? join(here, '../../conformance-vectors'));

export const SCENARIO_MODULES = [
  'system', 'nonce', 'compute-budget', 'transaction', 'token', 'token-2022', 'associated-token',
  'memo', 'examples', 'upgradeable-loader', 'cpi', 'lookup-table', 'vote', 'stake', 'config',
  'ed25519', 'secp256k1', 'secp256r1', 'runtime', 'anchor',
];

async function worker(module) {
  const vectors = [];
  const names = new Set();
  const ctx = {
    add(group, name, description, env, tx, opts = {}) {
      const id = group + '/' + name;
      if (process.env.VECTORS_DEBUG) console.error('vector', id, Math.round(process.memoryUsage().rss / 1e6) + 'MB');
      if (names.has(id)) throw new Error('duplicate vector ' + id);
      if (!/^[a-z0-9_]+$/.test(name)) throw new Error('bad vector name ' + id);
      names.add(id);
      const { divergence, featureSet: fsOpt, ...captureOpts } = opts;
      let captured;
      try {
        captured = env.capture(tx, captureOpts);
      } catch (e) {
        e.message = id + ': ' + e.message;
        throw e;
      }
      const note = typeof divergence === 'function' ? divergence(captured) : divergence;
      // A scenario may name another feature set (lib/references.mjs) for what it captured.
      const fsName = typeof fsOpt === 'function' ? fsOpt(captured) : fsOpt;
      if (fsName) { featureSet(fsName); captured.inputs.feature_set = fsName; }
      vectors.push({ group, name, vector: makeVector({ group, name, description, divergence: note, ...captured }) });
      return captured;
    },
  };
  const mod = await import(join(here, 'scenarios', module + '.mjs'));
  await mod.default(ctx);
  const groups = new Map();
  for (const v of vectors) groups.set(v.group, (groups.get(v.group) ?? 0) + 1);
  for (const g of groups.keys()) {
    const dir = join(OUT, g);
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
    mkdirSync(dir, { recursive: true });
  }
  for (const v of vectors) writeFileSync(join(OUT, v.group, v.name + '.json'), stringify(v.vector));
  // Account sets are written by the workers that use them (the same name always has the same content).
  for (const [dir, name, obj] of accountSetFiles()) {
    mkdirSync(join(OUT, dir), { recursive: true });
    writeFileSync(join(OUT, dir, name + '.json'), stringify(obj));
  }
  process.stdout.write(JSON.stringify(Object.fromEntries(groups)) + '\n');
}

function countGroups() {
  const groups = {};
  for (const d of readdirSync(OUT).sort()) {
    const p = join(OUT, d);
    if (!statSync(p).isDirectory() || REFERENCE_DIRS.includes(d)) continue;
    const n = readdirSync(p).filter(f => f.endsWith('.json')).length;
    if (n) groups[d] = n;
  }
  return groups;
}

async function driver() {
  const only = opt('--only');
  const modules = only ? only.split(',') : SCENARIO_MODULES.filter(m => existsSync(join(here, 'scenarios', m + '.mjs')));
  mkdirSync(OUT, { recursive: true });
  if (!only) {
    // A full run owns every vector directory: stale groups disappear.
    for (const d of readdirSync(OUT)) {
      const p = join(OUT, d);
      if (statSync(p).isDirectory() && readdirSync(p).some(f => f.endsWith('.json'))) rmSync(p, { recursive: true });
    }
  }
  for (const m of modules) {
    const r = spawnSync(process.execPath, ['--no-allocation-site-pretenuring', self, '--worker', m, '--out', OUT], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) { console.error(`scenario module ${m} failed (exit ${r.status}, signal ${r.signal})`); process.exit(1); }
    const counts = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(`${m}: ` + Object.entries(counts).map(([g, n]) => `${g} ${n}`).join(', '));
  }
  const references = {};
  for (const [dir, name, obj] of referenceFiles()) {
    mkdirSync(join(OUT, dir), { recursive: true });
    writeFileSync(join(OUT, dir, name + '.json'), stringify(obj));
    (references[dir] ??= []).push(name);
  }
  references['account-sets'] = readdirSync(join(OUT, 'account-sets')).filter(f => f.endsWith('.json')).map(f => f.slice(0, -5)).sort();
  const groups = countGroups();
  const total = Object.values(groups).reduce((a, b) => a + b, 0);
  const manifest = {
    // Not FORMAT itself: the manifest must not be mistaken for a vector.
    format: FORMAT + '-manifest',
    version: FORMAT_VERSION,
    oracle: ORACLE,
    regenerate: 'npm --prefix tools/vectors ci && npm --prefix tools/vectors run generate',
    total,
    groups,
    references,
  };
  writeFileSync(join(OUT, 'manifest.json'), stringify(manifest));
  console.log(`${total} vectors in ${OUT}`);
}

if (opt('--worker')) await worker(opt('--worker'));
else await driver();
