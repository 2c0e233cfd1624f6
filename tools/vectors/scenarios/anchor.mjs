import { Env } from '../lib/env.mjs';
import { kp } from '../lib/keys.mjs';
import { ix, w, r, ws } from '../lib/bytes.mjs';
import { PROGRAMS } from '../lib/programs.mjs';
import { createHash } from 'node:crypto';

const SOL = 1_000_000_000n;
const PROGRAM = PROGRAMS.anchor_dflow.address;
const SYSTEM = '11111111111111111111111111111111';

// Anchor's instruction discriminator: the first 8 bytes of sha256("global:<snake_case name>").
const disc = name => createHash('sha256').update('global:' + name).digest().subarray(0, 8);
// The IDL instruction tag (sha256("anchor:idl")[..8], reversed as Anchor writes it) is only used as bytes here.
const IDL_TAG = Buffer.from(createHash('sha256').update('anchor:idl').digest().subarray(0, 8)).reverse();

// The instructions whose "Instruction: <Name>" log strings the program carries.
const INSTRUCTIONS = ['open_order', 'fill_order', 'close_order', 'swap', 'create_referral_token_account_idempotent', 'transfer_sol', 'wrap_sol', 'unwrap_sol'];

// An Anchor program (DFlow's swap orchestrator): instruction dispatch, Anchor's error reporting and account checks.
export default function (ctx) {
  const G = 'anchor';
  const payer = kp('payer'), bob = kp('bob');
  const world = () => { const env = new Env({ programs: ['anchor_dflow', 'token', 'ata'] }); env.fund(payer, 100n * SOL); env.fund(bob, SOL); return env; };
  const run = (name, desc, keys, data, expect) => {
    const env = world();
    ctx.add(G, name, desc, env, env.tx({ payer, instructions: [ix(PROGRAM, keys, data)] }), { expect });
  };

  const E = code => ({ InstructionError: [0, typeof code === 'number' ? { Custom: code } : code] });
  // Anchor error numbers: 100 InstructionMissing, 101 InstructionFallbackNotFound, 102 InstructionDidNotDeserialize,
  // 3005 AccountNotEnoughKeys.
  run('no_data', 'No instruction data: InstructionMissing (100).', [], Buffer.alloc(0), E(100));
  run('short_data', 'Four bytes of data, shorter than a discriminator: InstructionMissing (100).', [], Buffer.from([1, 2, 3, 4]), E(100));
  run('unknown_discriminator', 'Eight bytes that match no instruction: InstructionFallbackNotFound (101).', [], Buffer.from('stratus!'), E(101));
  for (const name of INSTRUCTIONS)
    run(`${name}_no_accounts`, `The ${name} discriminator alone: Anchor logs the instruction, then fails deserializing its arguments (102) or, for instructions without arguments, its account list (3005).`, [], disc(name), 'error');
  const u64 = n => { const b = Buffer.alloc(8); b.writeBigUInt64LE(n); return b; };
  const transferSol = n => Buffer.concat([disc('transfer_sol'), u64(n)]);
  run('transfer_sol_ok', 'transfer_sol(1000) from the signing payer to bob: one System transfer by CPI.', [ws(payer), w(bob), r(SYSTEM)], transferSol(1000n), 'ok');
  run('transfer_sol_no_arguments', 'transfer_sol with its accounts but without the amount: InstructionDidNotDeserialize (102).', [ws(payer), w(bob), r(SYSTEM)], disc('transfer_sol'), E(102));
  run('transfer_sol_unsigned', 'transfer_sol from bob, who does not sign: the System CPI fails with PrivilegeEscalation.', [w(bob), w(payer), r(SYSTEM)], transferSol(1000n), E('PrivilegeEscalation'));
  run('transfer_sol_insufficient', 'transfer_sol of more than the payer holds: the System CPI fails with Custom(1).', [ws(payer), w(bob), r(SYSTEM)], transferSol(1000n * SOL), E(1));
  run('transfer_sol_system_program_missing', 'transfer_sol with the program itself where the system program belongs: the CPI target is not among the accounts (MissingAccount).', [ws(payer), w(bob), r(PROGRAM)], transferSol(1000n), E('MissingAccount'));
  const NATIVE_MINT = 'So11111111111111111111111111111111111111112';
  run('wrap_sol_missing_accounts', 'wrap_sol(1000) with five accounts: AccountNotEnoughKeys (3005) naming system_program.', [ws(payer), w(bob), r(NATIVE_MINT), r(SYSTEM), r(PROGRAMS.token.address)], Buffer.concat([disc('wrap_sol'), u64(1000n)]), E(3005));
  run('idl_no_accounts', 'The IDL instruction tag with an IdlCreateAccount body and no accounts: AccountNotEnoughKeys (3005).', [], Buffer.concat([IDL_TAG, Buffer.from([0]), Buffer.alloc(8)]), E(3005));
}
