import { Env } from '../lib/env.mjs';
import { kp } from '../lib/keys.mjs';
import { r, w, rs } from '../lib/bytes.mjs';
import * as misc from '../lib/ix/misc.mjs';
import * as cb from '../lib/ix/misc.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  const G = 'memo';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), alice = kp('alice'), bob = kp('bob');
  const base = () => { const env = new Env({ programs: ['memo1', 'memo4'] }); env.fund(payer, 100n * SOL); env.fund(alice, SOL); env.fund(bob, SOL); return env; };
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  for (const [v, prog] of [['v1', 'memo1'], ['v4', 'memo4']]) {
    { const env = base(); add(`${v}_ok`, `Memo ${v}: an ASCII memo with no accounts.`, env, T(env, [], [misc.memo(prog, 'hello from stratus')]), 'ok'); }
    { const env = base(); add(`${v}_empty`, `Memo ${v}: an empty memo.`, env, T(env, [], [misc.memo(prog, '')]), undefined); }
    { const env = base(); add(`${v}_utf8_multibyte`, `Memo ${v}: multi-byte UTF-8 (emoji and CJK).`, env, T(env, [], [misc.memo(prog, 'héllo → 世界 🚀')]), 'ok'); }
    { const env = base(); add(`${v}_invalid_utf8`, `Memo ${v}: bytes that are not UTF-8.`, env, T(env, [], [misc.memoRaw(prog, Buffer.from([0xf0, 0x9f, 0x98, 0x20, 0xff]))]), 'error'); }
    { const env = base(); add(`${v}_long`, `Memo ${v}: a 566-byte memo.`, env, T(env, [], [misc.memo(prog, 'x'.repeat(566))]), 'ok'); }
    { const env = base(); add(`${v}_one_signer`, `Memo ${v}: one signer account.`, env, T(env, [alice], [misc.memo(prog, 'signed', [alice])]), 'ok'); }
    { const env = base(); add(`${v}_two_signers`, `Memo ${v}: two signer accounts.`, env, T(env, [alice, bob], [misc.memo(prog, 'co-signed', [alice, bob])]), 'ok'); }
    { const env = base(); add(`${v}_non_signer_account`, `Memo ${v}: an account that does not sign.`, env, T(env, [], [misc.memoRaw(prog, Buffer.from('unsigned'), [r(alice)])]), undefined); }
    { const env = base(); add(`${v}_signer_and_non_signer`, `Memo ${v}: one signer and one non-signer account.`, env, T(env, [alice], [misc.memoRaw(prog, Buffer.from('mixed'), [rs(alice), r(bob)])]), undefined); }
    { const env = base(); add(`${v}_writable_signer`, `Memo ${v}: a writable signer account.`, env, T(env, [alice], [misc.memoRaw(prog, Buffer.from('writable'), [w(alice, true)])]), 'ok'); }
    { const env = base(); add(`${v}_low_compute`, `Memo ${v}: a 300-byte memo with only 400 compute units.`, env, T(env, [], [cb.setComputeUnitLimit(400), misc.memo(prog, 'y'.repeat(300))]), 'error'); }
  }
  { const env = base(); add('both_versions', 'Memo v1 and v4 in one transaction.', env, T(env, [alice], [misc.memo('memo1', 'first'), misc.memo('memo4', 'second', [alice])]), 'ok'); }
}
