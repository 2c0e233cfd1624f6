import { Env } from '../lib/env.mjs';
import { kp, PublicKey } from '../lib/keys.mjs';
import { ix, ws, w, r, rs, W } from '../lib/bytes.mjs';
import * as sys from '../lib/ix/system.mjs';

const SOL = 1_000_000_000n;
const OWNER = kp('program/some-owner').publicKey; // an arbitrary owner program id

export default function (ctx) {
  const G = 'system';
  const base = () => {
    const env = new Env({ programs: [] });
    const payer = kp('payer');
    env.fund(payer, 100n * SOL);
    return { env, payer };
  };
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });

  // ---- Transfer ----
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, 5n * SOL);
    add('transfer_ok', 'Transfer 1 SOL from a signer to an existing system account.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, payer, SOL)] }), 'ok');
  }
  {
    const { env, payer } = base(); const bob = kp('bob');
    add('transfer_fee_payer_to_new_account', 'The fee payer funds an account that does not exist yet.', env,
      env.tx({ payer, instructions: [sys.transfer(payer, bob, 2n * SOL)] }), 'ok');
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_zero_lamports', 'A zero-lamport transfer succeeds and changes nothing but the fee payer.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, 0n)] }), 'ok');
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_insufficient_funds', 'Transfer more than the source holds: SystemError::ResultWithNegativeLamports (Custom 1).', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, 2n * SOL)] }), { InstructionError: [0, { Custom: 1 }] });
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_u64_max', 'Transfer u64::MAX lamports.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, (1n << 64n) - 1n)] }), { InstructionError: [0, { Custom: 1 }] });
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    const t = sys.transfer(alice, bob, 1000n); t.keys[0].isSigner = false;
    add('transfer_from_not_signer', 'The source of a transfer is not a signer.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.set(alice, { lamports: SOL, data: Buffer.alloc(8, 1) }); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_from_account_with_data', 'A system-owned source that carries data cannot transfer.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, 1000n)] }), { InstructionError: [0, 'InvalidArgument'] });
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.set(alice, { lamports: SOL, owner: OWNER }); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_from_non_system_owned', 'The source is owned by another program: the system program may not debit it.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, 1000n)] }), 'error');
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    const t = sys.transfer(alice, bob, 1000n); t.keys[1].isWritable = false;
    add('transfer_to_readonly', 'The destination is passed read-only.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [t] }), 'error');
  }
  {
    const { env, payer } = base(); const alice = kp('alice'); env.fund(alice, SOL);
    add('transfer_to_self', 'Source and destination are the same account.', env,
      env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, alice, 1000n)] }), 'ok');
  }
  {
    const { env, payer } = base(); const a = kp('alice'), b = kp('bob'), c = kp('carol');
    env.fund(a, 3n * SOL); env.fund(b, SOL); env.fund(c, SOL);
    add('transfer_chain_three_instructions', 'Three transfers in one transaction: a->b, b->c, c->a.', env,
      env.tx({ payer, signers: [payer, a, b, c], instructions: [sys.transfer(a, b, SOL), sys.transfer(b, c, SOL / 2n), sys.transfer(c, a, SOL / 4n)] }), 'ok');
  }
  {
    const { env, payer } = base(); const a = kp('alice'), b = kp('bob'); env.fund(a, 3n * SOL); env.fund(b, SOL);
    add('transfer_second_instruction_fails', 'The second of two transfers fails; the first is rolled back and only the fee is charged.', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.transfer(a, b, SOL), sys.transfer(a, b, 5n * SOL)] }), { InstructionError: [1, { Custom: 1 }] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'), b = kp('bob'); env.fund(a, SOL); env.fund(b, SOL);
    const t = sys.transfer(a, b, 1000n); t.data = t.data.subarray(0, 8);
    add('transfer_truncated_data', 'Transfer instruction data cut short.', env,
      env.tx({ payer, signers: [payer, a], instructions: [t] }), { InstructionError: [0, 'InvalidInstructionData'] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    const t = sys.transfer(a, a, 1000n); t.keys = [ws(a)];
    add('transfer_missing_destination', 'Transfer with only the source account.', env,
      env.tx({ payer, signers: [payer, a], instructions: [t] }), { InstructionError: [0, 'NotEnoughAccountKeys'] });
  }
  {
    const { env, payer } = base();
    add('unknown_instruction_tag', 'System instruction tag 99 does not exist.', env,
      env.tx({ payer, instructions: [ix(sys.SYSTEM_PROGRAM, [ws(payer)], new W().u32(99).done())] }), { InstructionError: [0, 'InvalidInstructionData'] });
  }
  {
    const { env, payer } = base();
    add('empty_instruction_data', 'System instruction with no data.', env,
      env.tx({ payer, instructions: [ix(sys.SYSTEM_PROGRAM, [ws(payer)], [])] }), { InstructionError: [0, 'InvalidInstructionData'] });
  }

  // ---- CreateAccount ----
  const rentFor = (env, n) => env.rentExempt(n);
  {
    const { env, payer } = base(); const n = kp('new-account');
    add('create_account_ok', 'Create a 100-byte account owned by another program, funded rent-exempt.', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, rentFor(env, 100), 100n, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const f = kp('funder'); env.fund(f, 10n * SOL); const n = kp('new-account');
    add('create_account_separate_funder', 'A funder other than the fee payer creates a system-owned 0-byte account.', env,
      env.tx({ payer, signers: [payer, f, n], instructions: [sys.createAccount(f, n, SOL, 0n, sys.SYSTEM_PROGRAM)] }), 'ok');
  }
  {
    const { env, payer } = base(); const n = kp('new-account'); env.fund(n, 1000n);
    add('create_account_already_in_use', 'The new account already holds lamports: SystemError::AccountAlreadyInUse (Custom 0).', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, rentFor(env, 10), 10n, OWNER)] }), { InstructionError: [0, { Custom: 0 }] });
  }
  {
    const { env, payer } = base(); const n = kp('new-account'); env.set(n, { lamports: 0n, data: Buffer.alloc(4), owner: OWNER });
    add('create_account_zero_lamports_with_data', 'The target has zero lamports but carries data owned by another program.', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, rentFor(env, 10), 10n, OWNER)] }), 'error');
  }
  {
    const { env, payer } = base(); const n = kp('new-account');
    const t = sys.createAccount(payer, n, rentFor(env, 10), 10n, OWNER); t.keys[1].isSigner = false;
    add('create_account_new_not_signer', 'The new account does not sign.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const f = kp('funder'); env.fund(f, 10n * SOL); const n = kp('new-account');
    const t = sys.createAccount(f, n, SOL, 0n, OWNER); t.keys[0].isSigner = false;
    add('create_account_funder_not_signer', 'The funding account does not sign.', env,
      env.tx({ payer, signers: [payer, n], instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const f = kp('funder'); env.fund(f, SOL); const n = kp('new-account');
    add('create_account_insufficient_funds', 'The funder cannot cover the requested lamports.', env,
      env.tx({ payer, signers: [payer, f, n], instructions: [sys.createAccount(f, n, 2n * SOL, 0n, OWNER)] }), { InstructionError: [0, { Custom: 1 }] });
  }
  {
    const { env, payer } = base(); const n = kp('new-account');
    add('create_account_space_too_large', 'Space above MAX_PERMITTED_DATA_LENGTH (10 MiB): SystemError::InvalidAccountDataLength (Custom 3).', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, SOL, 10n * 1024n * 1024n + 1n, OWNER)] }), { InstructionError: [0, { Custom: 3 }] });
  }
  {
    const { env, payer } = base(); const n = kp('new-account');
    add('create_account_not_rent_exempt', 'A 100-byte account funded with 1,000 lamports fails the post-execution rent check.', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, 1000n, 100n, OWNER)] }), 'InsufficientFundsForRent');
  }
  {
    const { env, payer } = base(); const n = kp('new-account');
    add('create_account_max_space', 'Create an account of exactly 10 MiB.', env,
      env.tx({ payer, signers: [payer, n], instructions: [sys.createAccount(payer, n, rentFor(env, 10 * 1024 * 1024), 10n * 1024n * 1024n, OWNER)] }), 'ok');
  }

  // ---- Assign ----
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    add('assign_ok', 'Assign a system account to another owner.', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.assign(a, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    const t = sys.assign(a, OWNER); t.keys[0].isSigner = false;
    add('assign_not_signer', 'Assign without the account signature.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    const t = sys.assign(a, sys.SYSTEM_PROGRAM); t.keys[0].isSigner = false;
    add('assign_same_owner_unsigned', 'Assigning the current owner is a no-op that needs no signature.', env,
      env.tx({ payer, instructions: [t] }), 'ok');
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.set(a, { lamports: SOL, owner: OWNER });
    add('assign_non_system_owned', 'Assign an account the system program does not own.', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.assign(a, kp('program/other').publicKey)] }), 'error');
  }

  // ---- Allocate ----
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    add('allocate_ok', 'Allocate 200 bytes in a funded system account.', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.allocate(a, 200n)] }), 'ok');
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.set(a, { lamports: SOL, data: Buffer.alloc(10) });
    add('allocate_already_has_data', 'Allocate on an account that already has data: AccountAlreadyInUse (Custom 0).', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.allocate(a, 200n)] }), { InstructionError: [0, { Custom: 0 }] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    add('allocate_too_large', 'Allocate more than 10 MiB: InvalidAccountDataLength (Custom 3).', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.allocate(a, 10n * 1024n * 1024n + 1n)] }), { InstructionError: [0, { Custom: 3 }] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    const t = sys.allocate(a, 10n); t.keys[0].isSigner = false;
    add('allocate_not_signer', 'Allocate without the account signature.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, 1_000_000n);
    add('allocate_not_rent_exempt', 'Allocate 1,000 bytes in an account holding 0.001 SOL: the rent check fails.', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.allocate(a, 1000n)] }), 'InsufficientFundsForRent');
  }
  {
    const { env, payer } = base(); const a = kp('alice'); env.fund(a, SOL);
    add('allocate_and_assign', 'Allocate then assign in one transaction (the usual create-by-hand pattern).', env,
      env.tx({ payer, signers: [payer, a], instructions: [sys.allocate(a, 64n), sys.assign(a, OWNER)] }), 'ok');
  }

  // ---- Seed variants ----
  {
    const { env, payer } = base(); const seed = 'vault';
    const addr = withSeedSync(payer.publicKey, seed, OWNER);
    add('create_account_with_seed_ok', 'CreateAccountWithSeed with the fee payer as base.', env,
      env.tx({ payer, instructions: [sys.createAccountWithSeed(payer, addr, payer, seed, rentFor(env, 50), 50n, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const b = kp('base'); const seed = 'a-longer-seed-of-32-characters!!';
    const addr = withSeedSync(b.publicKey, seed, OWNER);
    add('create_account_with_seed_separate_base', 'CreateAccountWithSeed with a separate base signer and a 32-byte seed.', env,
      env.tx({ payer, signers: [payer, b], instructions: [sys.createAccountWithSeed(payer, addr, b, seed, rentFor(env, 8), 8n, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const seed = 'vault';
    const wrong = withSeedSync(payer.publicKey, 'other', OWNER);
    add('create_account_with_seed_address_mismatch', 'The derived address does not match: SystemError::AddressWithSeedMismatch (Custom 5).', env,
      env.tx({ payer, instructions: [sys.createAccountWithSeed(payer, wrong, payer, seed, rentFor(env, 8), 8n, OWNER)] }), { InstructionError: [0, { Custom: 5 }] });
  }
  {
    const { env, payer } = base(); const seed = 'x'.repeat(33);
    const addr = kp('seed-too-long-target').publicKey;
    add('create_account_with_seed_too_long', 'A 33-byte seed exceeds MAX_SEED_LEN.', env,
      env.tx({ payer, instructions: [sys.createAccountWithSeed(payer, addr, payer, seed, rentFor(env, 8), 8n, OWNER)] }), 'error');
  }
  {
    const { env, payer } = base(); const b = kp('base'); env.fund(b, SOL); const seed = 'vault';
    const addr = withSeedSync(b.publicKey, seed, OWNER);
    const t = sys.createAccountWithSeed(payer, addr, b, seed, rentFor(env, 8), 8n, OWNER); t.keys[2].isSigner = false;
    add('create_account_with_seed_base_not_signer', 'The base account is passed but does not sign.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const seed = 'vault'; const addr = withSeedSync(payer.publicKey, seed, OWNER);
    env.fund(addr, SOL);
    add('allocate_with_seed_ok', 'AllocateWithSeed on a funded seed-derived account.', env,
      env.tx({ payer, instructions: [sys.allocateWithSeed(addr, payer, seed, 32n, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const seed = 'vault'; const addr = withSeedSync(payer.publicKey, seed, OWNER);
    env.fund(addr, SOL);
    add('allocate_with_seed_mismatch', 'AllocateWithSeed with the wrong seed (Custom 5).', env,
      env.tx({ payer, instructions: [sys.allocateWithSeed(addr, payer, 'wrong', 32n, OWNER)] }), { InstructionError: [0, { Custom: 5 }] });
  }
  {
    const { env, payer } = base(); const seed = 'vault'; const addr = withSeedSync(payer.publicKey, seed, OWNER);
    env.fund(addr, SOL);
    add('assign_with_seed_ok', 'AssignWithSeed on a funded seed-derived account.', env,
      env.tx({ payer, instructions: [sys.assignWithSeed(addr, payer, seed, OWNER)] }), 'ok');
  }
  {
    const { env, payer } = base(); const b = kp('base'); env.fund(b, SOL); const seed = 'vault'; const addr = withSeedSync(b.publicKey, seed, OWNER);
    env.fund(addr, SOL);
    const t = sys.assignWithSeed(addr, b, seed, OWNER); t.keys[1].isSigner = false;
    add('assign_with_seed_base_not_signer', 'AssignWithSeed without the base signature.', env,
      env.tx({ payer, instructions: [t] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env, payer } = base(); const seed = 'savings'; const addr = withSeedSync(payer.publicKey, seed, sys.SYSTEM_PROGRAM);
    env.fund(addr, 2n * SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_with_seed_ok', 'TransferWithSeed from a system-owned seed-derived account.', env,
      env.tx({ payer, instructions: [sys.transferWithSeed(addr, payer, seed, sys.SYSTEM_PROGRAM, bob, SOL)] }), 'ok');
  }
  {
    const { env, payer } = base(); const seed = 'savings'; const addr = withSeedSync(payer.publicKey, seed, sys.SYSTEM_PROGRAM);
    env.fund(addr, 2n * SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_with_seed_wrong_owner', 'TransferWithSeed naming the wrong from_owner (Custom 5).', env,
      env.tx({ payer, instructions: [sys.transferWithSeed(addr, payer, seed, OWNER, bob, SOL)] }), { InstructionError: [0, { Custom: 5 }] });
  }
  {
    const { env, payer } = base(); const seed = 'savings'; const addr = withSeedSync(payer.publicKey, seed, sys.SYSTEM_PROGRAM);
    env.fund(addr, SOL); const bob = kp('bob'); env.fund(bob, SOL);
    add('transfer_with_seed_insufficient_funds', 'TransferWithSeed of more than the account holds (Custom 1).', env,
      env.tx({ payer, instructions: [sys.transferWithSeed(addr, payer, seed, sys.SYSTEM_PROGRAM, bob, 3n * SOL)] }), { InstructionError: [0, { Custom: 1 }] });
  }
}

import { createHash } from 'node:crypto';
function withSeedSync(base, seed, owner) {
  const h = createHash('sha256').update(Buffer.concat([Buffer.from(base.toBytes()), Buffer.from(seed), Buffer.from(new PublicKey(owner).toBytes())])).digest();
  return new PublicKey(h);
}
