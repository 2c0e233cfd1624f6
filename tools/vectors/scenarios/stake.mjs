import { Env } from '../lib/env.mjs';
import { kp, pk } from '../lib/keys.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as S from '../lib/ix/stake.mjs';
import * as V from '../lib/ix/vote.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  stakeCases(ctx, 'stake', []);
  stakeCases(ctx, 'stake-core-bpf', ['stake_core_bpf']);
}

function stakeCases(ctx, G, programs) {
  // The expectations were written for the native program; the core-BPF build records what it does.
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect: programs.length ? undefined : expect });
  const payer = kp('payer'), staker = kp('stake/staker'), withdrawer = kp('stake/withdrawer'), custodian = kp('stake/custodian'), mallory = kp('mallory');
  const stakeKp = kp('stake/account'), stake2 = kp('stake/account-2'), splitKp = kp('stake/split');
  const voteKp = kp('stake/vote'), node = kp('stake/node');
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });
  const base = () => { const env = new Env({ programs }); for (const k of [staker, withdrawer, custodian, mallory, node]) env.fund(k, SOL); env.fund(payer, 1000n * SOL); return env; };
  const rent = env => env.rentExempt(S.STAKE_SIZE);
  const createIxs = (env, key, lamports, lockup) => [sys.createAccount(payer, key, lamports, BigInt(S.STAKE_SIZE), S.STAKE), S.initialize(key, staker.publicKey, withdrawer.publicKey, lockup)];
  const initialized = (env, key = stakeKp, lamports = rent(env) + 10n * SOL, lockup) => { env.run(T(env, [key], createIxs(env, key, lamports, lockup))); return pk(key); };
  const withVote = env => {
    env.run(T(env, [voteKp, node], [sys.createAccount(payer, voteKp, env.rentExempt(V.VOTE_STATE_SIZE), BigInt(V.VOTE_STATE_SIZE), V.VOTE), V.initialize(voteKp, node, node.publicKey, node.publicKey, 0)]));
    return voteKp.publicKey;
  };
  const delegated = env => { const s = initialized(env); const v = withVote(env); env.run(T(env, [staker], [S.delegate(s, v, staker)])); env.nextBlockhash(); return { s, v }; };

  // ---- Initialize ----
  { const env = base(); add('initialize_ok', 'CreateAccount (200 bytes) + Initialize with staker and withdrawer.', env, T(env, [stakeKp], createIxs(env, stakeKp, rent(env) + SOL)), 'ok'); }
  { const env = base(); add('initialize_with_lockup', 'Initialize with a lockup until epoch 10 and a custodian.', env, T(env, [stakeKp], createIxs(env, stakeKp, rent(env) + SOL, { unixTimestamp: 0n, epoch: 10n, custodian: custodian.publicKey })), 'ok'); }
  {
    const env = base();
    add('initialize_checked_ok', 'CreateAccount + InitializeChecked (the withdrawer signs).', env, T(env, [stakeKp, withdrawer], [sys.createAccount(payer, stakeKp, rent(env) + SOL, 200n, S.STAKE), S.initializeChecked(stakeKp, staker.publicKey, withdrawer)]), 'ok');
  }
  { const env = base(); add('initialize_not_rent_exempt', 'Initialize a stake account holding less than the rent-exempt minimum.', env, T(env, [stakeKp], createIxs(env, stakeKp, 1_000_000n)), 'error'); }
  { const env = base(); initialized(env); add('initialize_twice', 'Initialize an initialized stake account.', env, T(env, [], [S.initialize(stakeKp, staker.publicKey, withdrawer.publicKey)]), 'error'); }
  { const env = base(); env.set(stakeKp, { lamports: SOL, data: Buffer.alloc(100), owner: S.STAKE }); add('initialize_wrong_size', 'Initialize a 100-byte stake account.', env, T(env, [], [S.initialize(stakeKp, staker.publicKey, withdrawer.publicKey)]), 'error'); }
  // ---- Authorize ----
  { const env = base(); const s = initialized(env); add('authorize_staker_ok', 'Authorize a new staker, signed by the staker.', env, T(env, [staker], [S.authorize(s, staker, mallory.publicKey, 0)]), 'ok'); }
  { const env = base(); const s = initialized(env); add('authorize_withdrawer_ok', 'Authorize a new withdrawer, signed by the withdrawer.', env, T(env, [withdrawer], [S.authorize(s, withdrawer, mallory.publicKey, 1)]), 'ok'); }
  { const env = base(); const s = initialized(env); add('authorize_wrong_signer', 'Authorize signed by an unrelated key.', env, T(env, [mallory], [S.authorize(s, mallory, mallory.publicKey, 0)]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  { const env = base(); const s = initialized(env); add('authorize_checked_ok', 'AuthorizeChecked: the new staker signs too.', env, T(env, [staker, mallory], [S.authorizeChecked(s, staker, mallory, 0)]), 'ok'); }
  {
    const env = base(); const s = initialized(env, stakeKp, rent(env) + 10n * SOL, { unixTimestamp: 0n, epoch: 10n, custodian: custodian.publicKey });
    add('authorize_withdrawer_locked_no_custodian', 'Changing the withdrawer of a locked stake without the custodian.', env, T(env, [withdrawer], [S.authorize(s, withdrawer, mallory.publicKey, 1)]), 'error');
    add('authorize_withdrawer_locked_with_custodian', 'Changing the withdrawer of a locked stake with the custodian signing.', env, T(env, [withdrawer, custodian], [S.authorize(s, withdrawer, mallory.publicKey, 1, custodian)]), 'ok');
  }
  // ---- Delegate / deactivate ----
  { const env = base(); const s = initialized(env); const v = withVote(env); add('delegate_ok', 'Delegate 10 SOL to a vote account.', env, T(env, [staker], [S.delegate(s, v, staker)]), 'ok'); }
  { const env = base(); const s = initialized(env, stakeKp, rent(env) + SOL / 2n); const v = withVote(env); add('delegate_below_minimum', 'Delegate 0.5 SOL, below the 1 SOL minimum delegation.', env, T(env, [staker], [S.delegate(s, v, staker)]), 'error'); }
  { const env = base(); const s = initialized(env); const v = withVote(env); add('delegate_wrong_signer', 'Delegate signed by the withdrawer instead of the staker.', env, T(env, [withdrawer], [S.delegate(s, v, withdrawer)]), 'error'); }
  { const env = base(); const s = initialized(env); env.fund(voteKp, SOL); add('delegate_to_non_vote_account', 'Delegate to an account the vote program does not own.', env, T(env, [staker], [S.delegate(s, voteKp.publicKey, staker)]), 'error'); }
  { const env = base(); const v = withVote(env); env.set(stakeKp, { lamports: SOL * 2n, data: Buffer.alloc(200), owner: S.STAKE }); add('delegate_uninitialized', 'Delegate an uninitialized stake account.', env, T(env, [staker], [S.delegate(stakeKp, v, staker)]), 'error'); }
  { const env = base(); const { s } = delegated(env); add('deactivate_ok', 'Deactivate a delegated stake.', env, T(env, [staker], [S.deactivate(s, staker)]), 'ok'); }
  { const env = base(); const s = initialized(env); add('deactivate_not_delegated', 'Deactivate a stake that was never delegated.', env, T(env, [staker], [S.deactivate(s, staker)]), 'error'); }
  { const env = base(); const { s } = delegated(env); add('deactivate_wrong_signer', 'Deactivate signed by a non-staker.', env, T(env, [mallory], [S.deactivate(s, mallory)]), 'error'); }
  { const env = base(); const { s, v } = delegated(env); add('delegate_again_same_vote', 'Delegate again to the same vote account while the stake is still activating.', env, T(env, [staker], [S.delegate(s, v, staker)]), undefined); }
  // ---- Split / withdraw / lockup / merge ----
  const splitTarget = env => env.set(splitKp, { lamports: 0n, data: Buffer.alloc(200), owner: S.STAKE });
  { const env = base(); const s = initialized(env); splitTarget(env); env.fund(splitKp, rent(env)); env.set(splitKp, { lamports: rent(env), data: Buffer.alloc(200), owner: S.STAKE }); add('split_ok', 'Split 3 SOL from an initialized stake into a prefunded, rent-exempt, uninitialized stake account.', env, T(env, [staker], [S.split(s, staker, 3n * SOL, splitKp)]), 'ok'); }
  { const env = base(); const s = initialized(env); env.set(splitKp, { lamports: rent(env), data: Buffer.alloc(200), owner: S.STAKE }); add('split_too_much', 'Split more than the source holds.', env, T(env, [staker], [S.split(s, staker, 100n * SOL, splitKp)]), 'error'); }
  { const env = base(); const { s } = delegated(env); env.set(splitKp, { lamports: rent(env), data: Buffer.alloc(200), owner: S.STAKE }); add('split_delegated', 'Split 3 SOL from a delegated stake.', env, T(env, [staker], [S.split(s, staker, 3n * SOL, splitKp)]), undefined); }
  { const env = base(); const s = initialized(env); add('withdraw_ok', 'Withdraw 1 SOL from an initialized (undelegated) stake.', env, T(env, [withdrawer], [S.withdraw(s, withdrawer, payer.publicKey, SOL)]), 'ok'); }
  { const env = base(); const s = initialized(env); add('withdraw_all_ok', 'Withdraw the whole balance, closing the stake account.', env, T(env, [withdrawer], [S.withdraw(s, withdrawer, payer.publicKey, env.get(s).lamports)]), 'ok'); }
  { const env = base(); const s = initialized(env); add('withdraw_too_much', 'Withdraw more than the balance minus rent.', env, T(env, [withdrawer], [S.withdraw(s, withdrawer, payer.publicKey, 10n * SOL + 1n)]), 'error'); }
  { const env = base(); const s = initialized(env); add('withdraw_wrong_signer', 'Withdraw signed by the staker.', env, T(env, [staker], [S.withdraw(s, staker, payer.publicKey, SOL)]), 'error'); }
  { const env = base(); const { s } = delegated(env); add('withdraw_from_active', 'Withdraw from a delegated stake.', env, T(env, [withdrawer], [S.withdraw(s, withdrawer, payer.publicKey, SOL)]), 'error'); }
  {
    const env = base(); const s = initialized(env, stakeKp, rent(env) + 10n * SOL, { unixTimestamp: 0n, epoch: 10n, custodian: custodian.publicKey });
    add('withdraw_locked', 'Withdraw from a stake locked until epoch 10 (the clock says epoch 2).', env, T(env, [withdrawer], [S.withdraw(s, withdrawer, payer.publicKey, SOL)]), 'error');
    add('withdraw_locked_with_custodian', 'The custodian lets a locked stake be withdrawn.', env, T(env, [withdrawer, custodian], [S.withdraw(s, withdrawer, payer.publicKey, SOL, custodian)]), 'ok');
  }
  {
    const env = base(); const s = initialized(env, stakeKp, rent(env) + 10n * SOL, { unixTimestamp: 0n, epoch: 10n, custodian: custodian.publicKey });
    add('set_lockup_by_custodian', 'SetLockup moving the lockup to epoch 20, signed by the custodian.', env, T(env, [custodian], [S.setLockup(s, custodian, { epoch: 20n })]), 'ok');
    add('set_lockup_wrong_signer', 'SetLockup on a locked stake signed by the withdrawer (the custodian must sign).', env, T(env, [withdrawer], [S.setLockup(s, withdrawer, { epoch: 20n })]), 'error');
  }
  { const env = base(); const s = initialized(env); add('set_lockup_unlocked_by_withdrawer', 'SetLockup on an unlocked stake, signed by the withdrawer.', env, T(env, [withdrawer], [S.setLockup(s, withdrawer, { unixTimestamp: 1_800_000_000n, custodian: custodian.publicKey })]), 'ok'); }
  {
    const env = base(); const a = initialized(env); const b = initialized(env, stake2, rent(env) + 3n * SOL);
    add('merge_initialized_ok', 'Merge two initialized stakes with the same authorities.', env, T(env, [staker], [S.merge(a, b, staker)]), 'ok');
  }
  {
    const env = base(); const a = initialized(env); env.run(T(env, [stake2], [sys.createAccount(payer, stake2, rent(env) + SOL, 200n, S.STAKE), S.initialize(stake2, mallory.publicKey, withdrawer.publicKey)]));
    add('merge_mismatched_authorities', 'Merge two stakes whose stakers differ.', env, T(env, [staker], [S.merge(a, stake2.publicKey, staker)]), 'error');
  }
  { const env = base(); add('get_minimum_delegation', 'GetMinimumDelegation returns the minimum as return data.', env, T(env, [], [S.getMinimumDelegation()]), 'ok'); }
  { const env = base(); const { s, v } = delegated(env); env.set(splitKp, { lamports: 0n, data: Buffer.alloc(200), owner: S.STAKE }); add('redelegate_disabled', 'The Redelegate instruction (never activated).', env, T(env, [staker], [S.redelegate(s, splitKp, v, staker)]), 'error'); }
  { const env = base(); const a = initialized(env); const b = initialized(env, stake2, rent(env) + 3n * SOL); add('move_lamports_inactive', 'MoveLamports between two initialized (undelegated) stakes.', env, T(env, [staker], [S.moveLamports(a, b, staker, SOL)]), undefined); }
  { const env = base(); const s = initialized(env); add('invalid_instruction', 'Stake instruction tag 99.', env, T(env, [staker], [{ ...S.deactivate(s, staker), data: Buffer.from([99, 0, 0, 0]) }]), 'error'); }
}
