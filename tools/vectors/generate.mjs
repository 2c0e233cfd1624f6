// Runs every scenario in LiteSVM and writes one JSON vector per case into conformance-vectors/.
// Usage: node tools/vectors/generate.mjs [--out DIR] [--only GROUP[,GROUP...]]
import { mkdirSync, writeFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeVector, stringify, FORMAT, FORMAT_VERSION } from './lib/vector.mjs';
import { ORACLE } from './lib/litesvm.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const OUT = outArg >= 0 ? resolve(args[outArg + 1]) : resolve(here, '../../conformance-vectors');
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;

const SCENARIO_MODULES = [
  'system', 'nonce', 'compute-budget', 'transaction', 'token', 'token-2022', 'associated-token',
  'memo', 'examples', 'upgradeable-loader', 'cpi', 'lookup-table', 'vote', 'stake', 'config',
  'ed25519', 'secp256k1', 'secp256r1',
];

const vectors = [];
const names = new Set();
const ctx = {
  add(group, name, description, env, tx, opts = {}) {
    const id = group + '/' + name;
    if (names.has(id)) throw new Error('duplicate vector ' + id);
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error('bad vector name ' + id);
    names.add(id);
    let captured;
    try {
      captured = env.capture(tx, opts);
    } catch (e) {
      e.message = id + ': ' + e.message;
      throw e;
    }
    vectors.push({ group, name, vector: makeVector({ group, name, description, ...captured }) });
    return captured;
  },
};

for (const m of SCENARIO_MODULES) {
  const file = join(here, 'scenarios', m + '.mjs');
  if (!existsSync(file)) continue;
  const mod = await import(file);
  if (ONLY && !ONLY.has(m)) continue;
  await mod.default(ctx);
}

const groups = new Map();
for (const v of vectors) groups.set(v.group, (groups.get(v.group) ?? 0) + 1);
for (const g of groups.keys()) {
  const dir = join(OUT, g);
  if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f));
  mkdirSync(dir, { recursive: true });
}
for (const v of vectors) writeFileSync(join(OUT, v.group, v.name + '.json'), stringify(v.vector));

if (!ONLY) {
  const manifest = {
    format: FORMAT,
    version: FORMAT_VERSION,
    oracle: ORACLE,
    regenerate: 'npm --prefix tools/vectors ci && npm --prefix tools/vectors run generate',
    total: vectors.length,
    groups: Object.fromEntries([...groups.entries()].sort()),
  };
  writeFileSync(join(OUT, 'manifest.json'), stringify(manifest));
}
console.log([...groups.entries()].map(([g, n]) => `${g}: ${n}`).join('\n'));
console.log(`${vectors.length} vectors written to ${OUT}`);
