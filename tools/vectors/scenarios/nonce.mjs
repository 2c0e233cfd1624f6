import { createHash } from 'node:crypto';
import { Env } from '../lib/env.mjs';
import { kp, PublicKey } from '../lib/keys.mjs';
import { SYSVARS } from '../lib/programs.mjs';
import * as sys from '../lib/ix/system.mjs';

const SOL = 1_000_000_000n;

export const durableNonce = blockhash =>
  new PublicKey(createHash('sha256').update('DURABLE_NONCE').update(new PublicKey(blockhash).toBytes()).digest()).toBase58();

/** Nonce account data: Versions (0 legacy, 1 current) / State::Initialized { authority, durable_nonce, fee }. */
export function nonceData({ authority, nonce, lamportsPerSignature = 5000n, legacy = false, initialized = true }) {
  const b = Buffer.alloc(80);
  b.writeUInt32LE(legacy ? 0 : 1, 0);
  if (!initialized) return b;
  b.writeUInt32LE(1, 4);
  Buffer.from(new PublicKey(authority).toBytes()).copy(b, 8);
  Buffer.from(new PublicKey(nonce).toBytes()).copy(b, 40);
  b.writeBigUInt64LE(lamportsPerSignature, 72);
  return b;
}

export default function (ctx) {
  const G = 'nonce';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), nonce = kp('nonce-account'), auth = kp('nonce-authority'), bob = kp('bob');

  // Fresh environment with the blockhash expired once, so the nonce stored at setup (from the
  // genesis blockhash) differs from the current one and can be advanced.
  const setup = ({ initialized = true, legacy = false, lamports, authority = auth.publicKey, fundBob = true, expire = true } = {}) => {
    const env = new Env({ programs: [] });
    env.fund(payer, 100n * SOL);
    if (fundBob) env.fund(bob, SOL);
    const stored = durableNonce(env.blockhash);
    env.set(nonce, { lamports: lamports ?? env.rentExempt(80) + SOL, data: nonceData({ authority, nonce: stored, legacy, initialized }) });
    if (expire) { env.svm.expireBlockhash(); env.blockhash = env.svm.latestBlockhash(); }
    return { env, stored };
  };

  {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL);
    add('create_and_initialize', 'CreateAccount (80 bytes, system-owned) followed by InitializeNonceAccount.', env,
      env.tx({ payer, signers: [payer, nonce], instructions: [sys.createAccount(payer, nonce, env.rentExempt(80), 80n, sys.SYSTEM_PROGRAM), sys.initializeNonce(nonce, auth)] }), 'ok');
  }
  {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL);
    env.set(nonce, { lamports: env.rentExempt(80), data: Buffer.alloc(80) });
    add('initialize_ok', 'InitializeNonceAccount on an allocated, rent-exempt, system-owned account.', env,
      env.tx({ payer, instructions: [sys.initializeNonce(nonce, auth)] }), 'ok');
  }
  {
    const { env } = setup();
    add('initialize_already_initialized', 'InitializeNonceAccount on an initialized nonce account.', env,
      env.tx({ payer, instructions: [sys.initializeNonce(nonce, auth)] }), 'error');
  }
  {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL);
    env.set(nonce, { lamports: env.rentExempt(80) - 1n, data: Buffer.alloc(80) });
    add('initialize_not_rent_exempt', 'InitializeNonceAccount with one lamport less than the rent-exempt minimum.', env,
      env.tx({ payer, instructions: [sys.initializeNonce(nonce, auth)] }), { InstructionError: [0, 'InsufficientFunds'] });
  }
  {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL);
    env.set(nonce, { lamports: SOL, data: Buffer.alloc(50) });
    add('initialize_wrong_size', 'InitializeNonceAccount on a 50-byte account.', env,
      env.tx({ payer, instructions: [sys.initializeNonce(nonce, auth)] }), 'error');
  }
  {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL);
    env.set(nonce, { lamports: SOL, data: Buffer.alloc(80), owner: kp('program/some-owner').publicKey });
    add('initialize_not_system_owned', 'InitializeNonceAccount on an account owned by another program.', env,
      env.tx({ payer, instructions: [sys.initializeNonce(nonce, auth)] }), 'error');
  }
  {
    const { env } = setup();
    add('advance_ok', 'AdvanceNonceAccount after the blockhash changed.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.advanceNonce(nonce, auth)] }), 'ok');
  }
  {
    const { env } = setup({ expire: false });
    add('advance_not_expired', 'AdvanceNonceAccount while the stored nonce is the current one: NonceBlockhashNotExpired.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.advanceNonce(nonce, auth)] }), 'error');
  }
  {
    const { env } = setup(); const other = kp('not-the-authority');
    add('advance_wrong_authority', 'AdvanceNonceAccount signed by an account that is not the authority.', env,
      env.tx({ payer, signers: [payer, other], instructions: [sys.advanceNonce(nonce, other)] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env } = setup({ initialized: false });
    add('advance_uninitialized', 'AdvanceNonceAccount on an uninitialized nonce account.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.advanceNonce(nonce, auth)] }), 'error');
  }
  {
    const { env } = setup();
    const t = sys.advanceNonce(nonce, auth); t.keys[1].pubkey = new PublicKey(SYSVARS.rent);
    add('advance_wrong_sysvar', 'AdvanceNonceAccount passing the rent sysvar where RecentBlockhashes belongs.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [t] }), { InstructionError: [0, 'InvalidArgument'] });
  }
  {
    const { env } = setup();
    add('withdraw_partial_ok', 'Withdraw 0.5 SOL, leaving the rent-exempt minimum and more.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.withdrawNonce(nonce, auth, bob, SOL / 2n)] }), 'ok');
  }
  {
    const { env } = setup();
    const all = env.get(nonce).lamports;
    add('withdraw_all_ok', 'Withdraw the whole balance after the blockhash changed: the account is emptied.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.withdrawNonce(nonce, auth, bob, all)] }), 'ok');
  }
  {
    const { env } = setup({ expire: false });
    const all = env.get(nonce).lamports;
    add('withdraw_all_not_expired', 'Withdraw the whole balance while the stored nonce is current.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.withdrawNonce(nonce, auth, bob, all)] }), 'error');
  }
  {
    const { env } = setup();
    add('withdraw_below_rent', 'Withdraw so much that less than the rent-exempt minimum would remain.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.withdrawNonce(nonce, auth, bob, SOL + 1n)] }), { InstructionError: [0, 'InsufficientFunds'] });
  }
  {
    const { env } = setup();
    add('withdraw_more_than_balance', 'Withdraw more lamports than the account holds.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.withdrawNonce(nonce, auth, bob, 10n * SOL)] }), { InstructionError: [0, 'InsufficientFunds'] });
  }
  {
    const { env } = setup(); const other = kp('not-the-authority');
    add('withdraw_wrong_authority', 'Withdraw signed by an account that is not the authority.', env,
      env.tx({ payer, signers: [payer, other], instructions: [sys.withdrawNonce(nonce, other, bob, 1000n)] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env } = setup({ initialized: false, lamports: 2n * SOL });
    add('withdraw_uninitialized_ok', 'Withdraw from an uninitialized nonce account, signed by the account itself.', env,
      env.tx({ payer, signers: [payer, nonce], instructions: [sys.withdrawNonce(nonce, nonce, bob, SOL)] }), 'ok');
  }
  {
    const { env } = setup(); const next = kp('new-nonce-authority');
    add('authorize_ok', 'AuthorizeNonceAccount hands the nonce to a new authority.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.authorizeNonce(nonce, auth, next.publicKey)] }), 'ok');
  }
  {
    const { env } = setup(); const other = kp('not-the-authority');
    add('authorize_wrong_authority', 'AuthorizeNonceAccount signed by a non-authority.', env,
      env.tx({ payer, signers: [payer, other], instructions: [sys.authorizeNonce(nonce, other, other.publicKey)] }), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const { env } = setup({ initialized: false });
    add('authorize_uninitialized', 'AuthorizeNonceAccount on an uninitialized nonce account.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.authorizeNonce(nonce, auth, bob.publicKey)] }), 'error');
  }
  {
    const { env } = setup({ legacy: true });
    add('upgrade_legacy_ok', 'UpgradeNonceAccount turns a legacy-version nonce into the current version.', env,
      env.tx({ payer, instructions: [sys.upgradeNonce(nonce)] }), 'ok');
  }
  {
    const { env } = setup();
    add('upgrade_current_fails', 'UpgradeNonceAccount on a current-version nonce.', env,
      env.tx({ payer, instructions: [sys.upgradeNonce(nonce)] }), 'error');
  }
  {
    const { env } = setup({ initialized: false });
    add('upgrade_uninitialized', 'UpgradeNonceAccount on an uninitialized nonce account.', env,
      env.tx({ payer, instructions: [sys.upgradeNonce(nonce)] }), 'error');
  }

  // ---- Durable-nonce transactions ----
  {
    const { env, stored } = setup();
    add('durable_transfer_ok', 'A durable-nonce transaction: its blockhash is the stored nonce, AdvanceNonceAccount first, then a transfer.', env,
      env.tx({ payer, signers: [payer, auth], blockhash: stored, instructions: [sys.advanceNonce(nonce, auth), sys.transfer(payer, bob, SOL)] }), 'ok');
  }
  {
    const { env, stored } = setup();
    add('durable_advance_only', 'A durable-nonce transaction that only advances the nonce.', env,
      env.tx({ payer, signers: [payer, auth], blockhash: stored, instructions: [sys.advanceNonce(nonce, auth)] }), 'ok');
  }
  {
    const { env } = setup();
    add('durable_wrong_nonce_value', 'The transaction blockhash is neither recent nor the stored nonce: BlockhashNotFound.', env,
      env.tx({ payer, signers: [payer, auth], blockhash: durableNonce(env.blockhash), instructions: [sys.advanceNonce(nonce, auth), sys.transfer(payer, bob, SOL)] }), 'BlockhashNotFound');
  }
  {
    const { env, stored } = setup();
    add('durable_advance_not_first', 'AdvanceNonceAccount is the second instruction, so the transaction is not a durable-nonce transaction.', env,
      env.tx({ payer, signers: [payer, auth], blockhash: stored, instructions: [sys.transfer(payer, bob, SOL), sys.advanceNonce(nonce, auth)] }), 'BlockhashNotFound');
  }
  {
    const { env, stored } = setup(); const other = kp('not-the-authority');
    add('durable_wrong_authority', 'The advance is signed by a non-authority, so the nonce does not validate.', env,
      env.tx({ payer, signers: [payer, other], blockhash: stored, instructions: [sys.advanceNonce(nonce, other), sys.transfer(payer, bob, SOL)] }), 'BlockhashNotFound');
  }
  {
    const { env, stored } = setup();
    add('durable_instruction_fails', 'A durable-nonce transaction whose transfer fails: the fee is charged; LiteSVM does not advance the nonce (harness.nonce_on_failure).', env,
      env.tx({ payer, signers: [payer, auth, bob], blockhash: stored, instructions: [sys.advanceNonce(nonce, auth), sys.transfer(bob, payer, 5n * SOL)] }), { InstructionError: [1, { Custom: 1 }] });
  }
  {
    const { env, stored } = setup({ authority: nonce.publicKey });
    add('durable_nonce_account_pays_fee', 'The nonce account is its own authority and pays the fee (keeping its rent-exempt minimum).', env,
      env.tx({ payer: nonce, signers: [nonce], blockhash: stored, instructions: [sys.advanceNonce(nonce, nonce)] }), 'ok');
  }
  {
    const { env } = setup({ expire: false });
    add('durable_nonce_is_current', 'The stored nonce equals the durable nonce of the current blockhash, so it cannot be used.', env,
      env.tx({ payer, signers: [payer, auth], blockhash: durableNonce(env.blockhash), instructions: [sys.advanceNonce(nonce, auth)] }), 'BlockhashNotFound');
  }
  {
    const { env } = setup();
    add('recent_blockhash_with_advance', 'A transaction with the current blockhash that also advances a nonce.', env,
      env.tx({ payer, signers: [payer, auth], instructions: [sys.advanceNonce(nonce, auth), sys.transfer(payer, bob, 1n)] }), 'ok');
  }
}
