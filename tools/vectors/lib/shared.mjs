// Locates ../shared (or $STRATUS_SHARED) the same way the C# tests do.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

function findShared() {
  const env = process.env.STRATUS_SHARED;
  if (env && existsSync(join(env, 'data'))) return resolve(env);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const c = join(dir, 'shared');
    if (existsSync(join(c, 'data')) && existsSync(join(c, 'docs'))) return c;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('shared data not found: set STRATUS_SHARED to the directory holding data/ and docs/');
    dir = parent;
  }
}

export const SHARED = findShared();
export const dataPath = rel => join(SHARED, 'data', rel);

const elfCache = new Map();
/** { bytes, sha256 } of a file under shared/data. */
export function elf(rel) {
  let e = elfCache.get(rel);
  if (!e) {
    const bytes = readFileSync(dataPath(rel));
    e = { rel, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    elfCache.set(rel, e);
  }
  return e;
}
