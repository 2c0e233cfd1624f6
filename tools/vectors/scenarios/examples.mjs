import { Env } from '../lib/env.mjs';
import { kp } from '../lib/keys.mjs';
import { ix, r, w, ws } from '../lib/bytes.mjs';
import { PROGRAMS } from '../lib/programs.mjs';
import * as cb from '../lib/ix/misc.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  const add = (group, name, desc, env, tx, expect) => ctx.add(group, name, desc, env, tx, { expect });
  const payer = kp('payer'), alice = kp('alice');
  const base = programs => { const env = new Env({ programs }); env.fund(payer, 100n * SOL); env.fund(alice, SOL); return env; };
  const T = (env, instructions, signers = []) => env.tx({ payer, signers: [payer, ...signers], instructions });

  // counter.so: data [0] increments a u32 counter in the first account.
  const C = PROGRAMS.counter.address;
  const counter = kp('examples/counter-account');
  const counterWorld = (data = Buffer.alloc(4), owner = C) => { const env = base(['counter']); env.set(counter, { lamports: SOL, data, owner }); return env; };
  { const env = counterWorld(); add('examples', 'counter_increment', 'Counter program: increment from 0.', env, T(env, [ix(C, [w(counter)], [0])]), 'ok'); }
  { const env = counterWorld(Buffer.from([41, 0, 0, 0])); add('examples', 'counter_increment_from_41', 'Counter program: increment from 41.', env, T(env, [ix(C, [w(counter)], [0])]), 'ok'); }
  { const env = counterWorld(Buffer.from([0xff, 0xff, 0xff, 0xff])); add('examples', 'counter_overflow', 'Counter program: incrementing u32::MAX panics (overflow checks).', env, T(env, [ix(C, [w(counter)], [0])]), undefined); }
  { const env = counterWorld(); add('examples', 'counter_twice', 'Counter program: two increments in one transaction.', env, T(env, [ix(C, [w(counter)], [0]), ix(C, [w(counter)], [0])]), 'ok'); }
  { const env = counterWorld(); add('examples', 'counter_readonly', 'Counter program: the counter account passed read-only (the program asserts writability).', env, T(env, [ix(C, [r(counter)], [0])]), 'error'); }
  { const env = counterWorld(Buffer.alloc(4), alice.publicKey); add('examples', 'counter_not_owned', 'Counter program: the counter account is owned by another program.', env, T(env, [ix(C, [w(counter)], [0])]), 'error'); }
  { const env = counterWorld(Buffer.alloc(2)); add('examples', 'counter_data_too_small', 'Counter program: a 2-byte counter account.', env, T(env, [ix(C, [w(counter)], [0])]), 'error'); }
  { const env = counterWorld(); add('examples', 'counter_unknown_instruction', 'Counter program: instruction 7 only logs an error and succeeds.', env, T(env, [ix(C, [w(counter)], [7])]), undefined); }
  { const env = counterWorld(); add('examples', 'counter_no_data', 'Counter program: empty instruction data panics on split_at.', env, T(env, [ix(C, [w(counter)], [])]), 'error'); }
  { const env = counterWorld(); add('examples', 'counter_no_accounts', 'Counter program: no accounts.', env, T(env, [ix(C, [], [0])]), 'error'); }
  { const env = counterWorld(); add('examples', 'counter_out_of_compute', 'Counter program with a 500-unit limit.', env, T(env, [cb.setComputeUnitLimit(500), ix(C, [w(counter)], [0])]), 'error'); }

  // hello_world.so logs "Hello world!".
  const H = PROGRAMS.hello.address;
  { const env = base(['hello']); add('examples', 'hello_world', 'Hello-world program with the payer as account.', env, T(env, [ix(H, [ws(payer)], [])]), 'ok'); }
  { const env = base(['hello']); add('examples', 'hello_world_no_accounts', 'Hello-world program with no accounts and some data.', env, T(env, [ix(H, [], [1, 2, 3])]), undefined); }

  // litesvm_clock_example.so: asserts Clock::get().unix_timestamp < 100.
  const K = PROGRAMS.clock.address;
  { const env = base(['clock']); env.setClock({ unixTimestamp: 50n }); add('examples', 'clock_early_ok', 'Clock example: unix_timestamp 50 passes the program assertion.', env, T(env, [ix(K, [], [0])]), 'ok'); }
  { const env = base(['clock']); env.setClock({ unixTimestamp: 1_735_689_600n }); add('examples', 'clock_late_fails', 'Clock example: unix_timestamp 2025-01-01 fails the assertion (panic).', env, T(env, [ix(K, [], [1])]), 'error'); }
  { const env = base(['clock']); env.setClock({ unixTimestamp: 99n }); add('examples', 'clock_boundary_99', 'Clock example: unix_timestamp 99.', env, T(env, [ix(K, [], [2])]), 'ok'); }
  { const env = base(['clock']); env.setClock({ unixTimestamp: 100n }); add('examples', 'clock_boundary_100', 'Clock example: unix_timestamp 100.', env, T(env, [ix(K, [], [3])]), 'error'); }
  { const env = base(['clock']); env.setClock({ unixTimestamp: -5n }); add('examples', 'clock_negative', 'Clock example: a negative unix_timestamp.', env, T(env, [ix(K, [], [4])]), 'ok'); }

  // spl_example_logging.so: exercises the logging syscalls.
  const L = PROGRAMS.logging.address;
  { const env = base(['logging']); add('examples', 'logging', 'SPL logging example with one read-only account.', env, T(env, [ix(L, [r(alice)], [])]), 'ok'); }
  { const env = base(['logging']); add('examples', 'logging_with_data', 'SPL logging example with instruction data and two accounts.', env, T(env, [ix(L, [r(alice), w(payer, true)], [10, 20, 30, 40, 50])]), undefined); }
  { const env = base(['logging']); add('examples', 'logging_no_accounts', 'SPL logging example with no accounts.', env, T(env, [ix(L, [], [])]), undefined); }
  { const env = base(['logging']); add('examples', 'logging_low_compute', 'SPL logging example with a 1,000-unit limit.', env, T(env, [cb.setComputeUnitLimit(1000), ix(L, [r(alice)], [])]), undefined); }

  // pinocchio token program at its own address: the same instruction set as SPL Token.
  const P = PROGRAMS.pinocchio_token.address;
  {
    const env = base(['pinocchio_token']);
    const mint = kp('examples/pinocchio-mint');
    const sys = { createAccount: null };
    env.set(mint, { lamports: env.rentExempt(82), data: Buffer.alloc(82), owner: P });
    const data = Buffer.concat([Buffer.from([20, 6]), Buffer.from(alice.publicKey.toBytes()), Buffer.from([0])]);
    add('examples', 'pinocchio_initialize_mint2', 'Pinocchio token program: InitializeMint2.', env, T(env, [ix(P, [w(mint)], data)]), 'ok');
  }
}
