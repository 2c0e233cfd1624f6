// Vector assembly and deterministic JSON output.
import { ORACLE } from './litesvm.mjs';

export const FORMAT = 'stratus-litesvm-txn-vector';
export const FORMAT_VERSION = 2;
export const HARNESS_NAME = 'litesvm-0.2.0';

// How LiteSVM 0.2.0 runs a transaction where it differs from a full Agave bank; a replaying runner
// must apply the same rules (see docs/vectors.md).
export const HARNESS = {
  sigverify: true,
  blockhash_check: 'recent_blockhash must equal inputs.blockhash, or the transaction must be a valid durable-nonce transaction',
  status_cache: 'a signature already processed by the same LiteSVM instance fails with AlreadyProcessed',
  fee: 'lamports_per_signature x (transaction signatures + precompile signatures); no prioritization fee is charged',
  fee_payer: 'the first account that is not only invoked as a program; must be a system account (or nonce account keeping its rent-exempt minimum) with lamports >= fee; the fee payer rent-state transition is checked',
  fee_on_failure: 'charged when execution started (instruction error or post-execution rent check); not charged when the transaction failed before execution (sanitize, signature, blockhash, compute-budget, fee-payer, account or program loading errors)',
  nonce_on_failure: 'a failed durable-nonce transaction does not advance the nonce',
  nonce_advance: "instructions see the transaction's recent_blockhash as the bank blockhash (Agave: the bank's last blockhash), so AdvanceNonceAccount in a durable-nonce transaction stores DurableNonce::from_blockhash(recent_blockhash), i.e. of the nonce it consumes; the durable-nonce check itself uses inputs.blockhash",

  rent_state_check: 'after execution, for writable accounts whose post-state data is non-empty only, pre-state taken before the fee was charged; it also runs after an instruction failed, and a rent failure then replaces the instruction error (InsufficientFundsForRent; the logs still show the instruction failure)',
  account_locks: 'not checked (no TooManyAccountLocks / AccountInUse)',
  loaded_accounts_data_size: 'not checked',
  rent_collection: 'none; rent_epoch is never rewritten; an account that does not exist is loaded with rent_epoch 0',
  program_cache: 'programs are executable in the slot they were deployed in (no delayed visibility); BPF programs load with the v1 runtime environment built with debugging features',
  builtins: 'exactly inputs.builtins and inputs.precompiles, plus inputs.programs; the stake, config, vote and lookup-table programs are native builtins even though the core-BPF migration features are active, except where inputs.programs loads a core-BPF build at the builtin address',
  precompiles: 'verified while sanitizing, before execution and before the fee: a failing precompile instruction gives InstructionError(index, Custom(PrecompileError)) with no fee charged and no state change (Agave 2.2 with move_precompile_verification_to_svm inactive, which is how such vectors record their feature set)',
  log_bytes_limit: 10000,
  post_state: 'state after commit: every account of inputs.accounts and every account key; a failed transaction leaves every account unchanged except the fee payer, which is charged the fee',
};

export function makeVector({ group, name, description, divergence, inputs, expected }) {
  const v = { format: FORMAT, version: FORMAT_VERSION, group, name, description };
  if (divergence) v.divergence = divergence;
  return { ...v, oracle: ORACLE, harness: HARNESS_NAME, inputs, expected };
}

/** JSON with u64 values (bigint) written as exact integers. */
export function stringify(v) {
  return JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `@@big:${x}` : x), 1).replace(/"@@big:(\d+)"/g, '$1') + '\n';
}
