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

/**
 * The ELF with its static symbol table (.symtab) hidden by renaming the section to ".symtaX": LiteSVM 0.2.0 loads
 * programs with the loader's debugging features on, and sbpf 0.10 then reads every function name from .symtab,
 * failing on names longer than 64 bytes (StringTooLong). A bank loads without debugging features and never reads
 * .symtab, so for it both files are the same program. Returns { bytes, offset } (offset of the changed byte).
 */
export function hideSymtab(bytes) {
  const b = Buffer.from(bytes);
  const shoff = Number(b.readBigUInt64LE(0x28)), shentsize = b.readUInt16LE(0x3a), shnum = b.readUInt16LE(0x3c), shstrndx = b.readUInt16LE(0x3e);
  const sh = i => { const o = shoff + i * shentsize; return { name: b.readUInt32LE(o), type: b.readUInt32LE(o + 4), offset: Number(b.readBigUInt64LE(o + 0x18)) }; };
  const strtab = sh(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const h = sh(i);
    if (h.type !== 2) continue; // SHT_SYMTAB
    const at = strtab.offset + h.name;
    if (b.toString('latin1', at, at + 8) !== '.symtab\0') throw new Error('unexpected .symtab name');
    b[at + 6] = 'X'.charCodeAt(0);
    return { bytes: b, offset: at + 6 };
  }
  throw new Error('no .symtab');
}
