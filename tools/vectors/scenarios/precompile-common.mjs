import { Env } from '../lib/env.mjs';
import { kp } from '../lib/keys.mjs';
import * as P from '../lib/ix/precompiles.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as misc from '../lib/ix/misc.mjs';

export const SOL = 1_000_000_000n;

/** A scenario helper shared by the three precompile groups. */
export function precompileCtx(ctx, G) {
  const payer = kp('payer'), bob = kp('bob');
  // LiteSVM verifies precompile instructions while sanitizing, before the fee is charged; Agave 2.2
  // with move_precompile_verification_to_svm active verifies them during execution.
  const divergence = c => c.expected.status === 'error' && c.inputs.fee === undefined && c.expected.fee === 0n && c.expected.error.json.InstructionError
    ? 'move_precompile_verification_to_svm is active: Agave 2.2 verifies precompiles during execution, so this failure is charged the fee (and a durable nonce would advance); LiteSVM verifies them before execution and charges nothing. The error itself is the same.'
    : undefined;
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect, divergence });
  const base = () => { const env = new Env({ programs: ['memo1', 'hello'] }); env.fund(payer, 100n * SOL); env.fund(bob, SOL); return env; };
  const T = (env, instructions) => env.tx({ payer, instructions });
  const run = (name, desc, instructions, expect) => { const env = base(); add(name, desc, env, T(env, instructions), expect); };
  return { add, base, T, run, payer, bob, sys, misc };
}
