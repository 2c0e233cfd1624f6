import { Env } from '../lib/env.mjs';
import { FEATURE_SET_NO_SVM_PRECOMPILES } from '../lib/references.mjs';
import { kp } from '../lib/keys.mjs';
import * as P from '../lib/ix/precompiles.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as misc from '../lib/ix/misc.mjs';

export const SOL = 1_000_000_000n;

// LiteSVM verifies precompile instructions while sanitizing, before the fee is charged, whatever
// move_precompile_verification_to_svm says. That is Agave 2.2 with the gate inactive (the bank's
// verify_transaction rejects the transaction; nothing is charged), so a failing verification is recorded
// with the gate inactive. With it active Agave would verify during execution and charge the fee.
// Passing transactions keep the all-enabled set: re-verifying during execution changes nothing.
export const precompileFeatureSet = c => c.expected.status === 'error' && c.expected.fee === 0n && c.expected.error.json.InstructionError
  ? FEATURE_SET_NO_SVM_PRECOMPILES
  : undefined;

/** A scenario helper shared by the three precompile groups. */
export function precompileCtx(ctx, G) {
  const payer = kp('payer'), bob = kp('bob');
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect, featureSet: precompileFeatureSet });
  const base = () => { const env = new Env({ programs: ['memo1', 'hello'] }); env.fund(payer, 100n * SOL); env.fund(bob, SOL); return env; };
  const T = (env, instructions) => env.tx({ payer, instructions });
  const run = (name, desc, instructions, expect) => { const env = base(); add(name, desc, env, T(env, instructions), expect); };
  return { add, base, T, run, payer, bob, sys, misc };
}
