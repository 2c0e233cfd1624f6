import { FEATURE_SET_LEGACY_LOADING } from '../lib/references.mjs';
import { Env } from '../lib/env.mjs';
import { kp, PublicKey, hashFromLabel } from '../lib/keys.mjs';
import { ix, r, w, rs } from '../lib/bytes.mjs';
import * as cb from '../lib/ix/misc.mjs';
import * as sys from '../lib/ix/system.mjs';
import { PROGRAMS } from '../lib/programs.mjs';
import { signMessage, compile } from '../lib/tx.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  const G = 'transaction';
  const add = (name, desc, env, tx, expect, extra = {}) => ctx.add(G, name, desc, env, tx, { expect, ...extra });
  const payer = kp('payer'), alice = kp('alice'), bob = kp('bob');
  const base = (programs = ['memo1']) => { const env = new Env({ programs }); env.fund(payer, 100n * SOL); env.fund(alice, 5n * SOL); env.fund(bob, SOL); return env; };
  const xfer = () => sys.transfer(payer, bob, 1000n);

  { const env = base(); add('legacy_transfer', 'A plain legacy transfer (baseline).', env, env.tx({ payer, instructions: [xfer()] }), 'ok'); }
  { const env = base(); add('v0_transfer_no_lookups', 'The same transfer as a v0 message without lookup tables.', env, env.tx({ payer, instructions: [xfer()], version: 0 }), 'ok'); }
  { const env = base(); add('no_instructions', 'A signed transaction with no instructions: only the fee is charged.', env, env.tx({ payer, instructions: [] }), 'ok'); }
  { const env = base(); add('bad_signature_fee_payer', "The fee payer's signature has one bit flipped: SignatureFailure.", env, env.tx({ payer, instructions: [xfer()], corrupt: [0] }), 'SignatureFailure'); }
  { const env = base(); add('bad_signature_second_signer', "The second signer's signature is corrupted.", env, env.tx({ payer, signers: [payer, alice], instructions: [sys.transfer(alice, bob, 1n)], corrupt: [1] }), 'SignatureFailure'); }
  { const env = base(); add('missing_signature', 'A required signature is all zeros.', env, env.tx({ payer, signers: [payer], instructions: [sys.transfer(alice, bob, 1n)] }), 'SignatureFailure'); }
  {
    const env = base();
    add('signature_count_mismatch', 'The transaction carries one signature more than the header requires: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], signatureCount: 2 }), 'SanitizeFailure');
  }
  { const env = base(); add('blockhash_not_found', 'The recent blockhash is unknown to the bank.', env, env.tx({ payer, instructions: [xfer()], blockhash: hashFromLabel('unknown-blockhash') }), 'BlockhashNotFound'); }
  {
    const env = base(); const old = env.blockhash; env.svm.expireBlockhash(); env.blockhash = env.svm.latestBlockhash();
    add('blockhash_expired', 'The blockhash was current before LiteSVM expired it; LiteSVM accepts only its latest blockhash.', env,
      env.tx({ payer, instructions: [xfer()], blockhash: old }), 'BlockhashNotFound');
  }
  {
    const env = base(); const t = env.tx({ payer, instructions: [xfer()] }); env.run(t);
    add('already_processed', 'The same signed transaction sent a second time: AlreadyProcessed.', env, t, 'AlreadyProcessed');
  }
  { const env = base(); const ghost = kp('ghost-payer'); add('fee_payer_not_found', 'The fee payer account does not exist: AccountNotFound.', env, env.tx({ payer: ghost, signers: [ghost, alice], instructions: [sys.transfer(alice, bob, 1n)] }), 'AccountNotFound'); }
  { const env = base(); const poor = kp('poor-payer'); env.fund(poor, 4999n); add('insufficient_funds_for_fee', 'The fee payer holds 4,999 lamports, one less than the fee.', env, env.tx({ payer: poor, signers: [poor], instructions: [] }), 'InsufficientFundsForFee'); }
  { const env = base(); const poor = kp('poor-payer'); env.fund(poor, 5000n); add('fee_payer_exact_fee', 'The fee payer holds exactly the fee and ends with zero lamports.', env, env.tx({ payer: poor, signers: [poor], instructions: [] }), 'ok'); }
  {
    const env = base(); const p = kp('edge-payer'); const min = env.rentExempt(0); env.fund(p, min + 4000n);
    add('fee_payer_becomes_rent_paying', 'Paying the fee would leave a rent-exempt fee payer below the rent-exempt minimum: InsufficientFundsForRent.', env,
      env.tx({ payer: p, signers: [p], instructions: [] }), 'InsufficientFundsForRent');
  }
  {
    const env = base(); const p = kp('edge-payer'); const min = env.rentExempt(0); env.fund(p, min + 5000n);
    add('fee_payer_stays_rent_exempt', 'The fee payer holds the rent-exempt minimum plus exactly the fee.', env,
      env.tx({ payer: p, signers: [p], instructions: [] }), 'ok');
  }
  {
    const env = base(); const p = kp('rent-paying-payer'); env.fund(p, 100_000n);
    add('fee_payer_already_rent_paying', 'A rent-paying fee payer (below the minimum already) may pay a fee and stay rent-paying.', env,
      env.tx({ payer: p, signers: [p], instructions: [] }), 'ok');
  }
  { const env = base(); const p = kp('owned-payer'); env.set(p, { lamports: SOL, owner: PROGRAMS.memo1.address }); add('fee_payer_not_system_owned', 'The fee payer is owned by a program: InvalidAccountForFee.', env, env.tx({ payer: p, signers: [p], instructions: [] }), 'InvalidAccountForFee'); }
  { const env = base(); const p = kp('data-payer'); env.set(p, { lamports: SOL, data: Buffer.alloc(10) }); add('fee_payer_has_data', 'The fee payer is system-owned but carries 10 bytes of data: InvalidAccountForFee.', env, env.tx({ payer: p, signers: [p], instructions: [] }), 'InvalidAccountForFee'); }
  {
    const env = base(); const ghost = kp('program/not-deployed');
    add('program_not_found', 'The invoked program account does not exist.', env, env.tx({ payer, instructions: [ix(ghost, [], [1, 2, 3])] }), 'error',
      { divergence: 'Agave 2.2 reports ProgramAccountNotFound while loading; LiteSVM loads a default account and reports InvalidProgramForExecution.' });
  }
  {
    const env = base();
    add('program_not_executable', 'The invoked program id is an ordinary (non-executable) system account: InvalidProgramForExecution while loading, no fee.', env, env.tx({ payer, instructions: [ix(bob, [], [1])] }), 'InvalidProgramForExecution',
      { featureSet: FEATURE_SET_LEGACY_LOADING });
  }
  {
    const env = base();
    add('instruction_account_index_out_of_range', 'An instruction names account index 9 in a 3-key message: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], mutate: m => { m.instructions[0].accounts[1] = 9; } }), 'SanitizeFailure');
  }
  {
    const env = base();
    add('program_index_is_fee_payer', 'The program id index points at the fee payer: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], mutate: m => { m.instructions[0].programIdIndex = 0; } }), 'SanitizeFailure');
  }
  {
    const env = base();
    add('program_index_out_of_range', 'The program id index is past the last key: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], mutate: m => { m.instructions[0].programIdIndex = 7; } }), 'SanitizeFailure');
  }
  {
    const env = base();
    add('header_all_signers_readonly', 'The header marks every signer read-only, so the fee payer is not writable: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], mutate: m => { m.header.numReadonlySigned = 1; } }), 'SanitizeFailure');
  }
  {
    const env = base();
    add('header_too_many_readonly', 'The header claims more read-only unsigned keys than there are keys: SanitizeFailure.', env,
      env.tx({ payer, instructions: [xfer()], mutate: m => { m.header.numReadonlyUnsigned = 5; } }), 'SanitizeFailure');
  }
  {
    const env = base();
    add('writable_program_demoted', "The header marks the invoked program writable; it is demoted to read-only and the transaction succeeds.", env,
      env.tx({ payer, instructions: [cb.memo('memo1', 'demoted')], mutate: m => { m.header.numReadonlyUnsigned = 0; } }), 'ok');
  }
  {
    const env = base();
    add('writable_program_and_account', 'A program id that is also passed as a writable instruction account.', env,
      env.tx({ payer, instructions: [ix(PROGRAMS.memo1.address, [w(PROGRAMS.memo1.address)], Buffer.from('x'))] }), undefined);
  }
  {
    const env = base(['memo1']);
    const many = Array.from({ length: 20 }, (_, i) => cb.memo('memo1', 'memo #' + i));
    add('twenty_instructions', 'Twenty memo instructions in one transaction.', env, env.tx({ payer, instructions: many }), 'ok');
  }
  {
    const env = base();
    const signers = Array.from({ length: 12 }, (_, i) => kp('signer-' + i));
    for (const s of signers) env.fund(s, SOL);
    add('twelve_signers', 'Twelve signers each transfer one lamport to bob: the fee counts thirteen signatures.', env,
      env.tx({ payer, signers: [payer, ...signers], instructions: signers.map(s => sys.transfer(s, bob, 1n)) }), 'ok');
  }
  {
    const env = base(); const data = kp('data-acct'); env.set(data, { lamports: env.rentExempt(10), data: Buffer.alloc(10), owner: PROGRAMS.memo1.address });
    add('readonly_data_account_passed', 'A program-owned data account passed read-only to memo.', env,
      env.tx({ payer, instructions: [ix(PROGRAMS.memo1.address, [r(data)], Buffer.from('ro'))] }), 'ok');
  }
}
