// Inputs shared by many vectors, stored once beside the group directories and named from each vector:
// feature sets (feature-sets/<name>.json), compute budgets (compute-budgets/<name>.json) and the harness rules
// (harnesses/<name>.json). See docs/vectors.md.
import { ACTIVE_FEATURES, COMPUTE_BUDGET_FIELDS, ACCOUNT_SETS } from './env.mjs';
import { HARNESS, HARNESS_NAME } from './vector.mjs';

export const REFERENCE_FORMAT = {
  'feature-sets': 'stratus-litesvm-feature-set',
  'compute-budgets': 'stratus-litesvm-compute-budget',
  harnesses: 'stratus-litesvm-harness',
  'account-sets': 'stratus-litesvm-account-set',
};
export const REFERENCE_VERSION = 1;
export const REFERENCE_DIRS = Object.keys(REFERENCE_FORMAT);

const ALL_ENABLED_SOURCE = 'FeatureSet::all_enabled() of solana-feature-set 2.2.1 (what LiteSVM 0.2.0 runs with): every feature that version knows, active from slot 0';

// solana-feature-set 2.2.1 ids of the gates a variant leaves out.
const FEATURE_IDS = {
  move_precompile_verification_to_svm: '9ypxGLzkMxi89eDerRKXWDXe44UY2z4hBig4mDhNq5Dp',
  remove_accounts_executable_flag_checks: 'FfgtauHUWKeXTzjXkua9Px4tNGBFHKZ9WaigM5VbbzFx',
  enable_transaction_loading_failure_fees: 'PaymEPK2oqwT9TXAVfadjztH2H6KfLEB9Hhd5Q5frvP',
};

// LiteSVM 0.2.0 always runs all_enabled(). Where a gate's only effect on a transaction is a step LiteSVM performs
// the pre-gate way, the vector names a variant without that gate: the Agave 2.2 configuration whose answer is
// LiteSVM's. `why` is recorded in the feature-set file.
const VARIANTS = {
  'all-enabled': { without: [], why: null },
  'all-enabled-without-move-precompile-verification-to-svm': {
    without: ['move_precompile_verification_to_svm'],
    why: 'LiteSVM verifies precompiles while sanitizing (before execution, no fee, no state change), which Agave 2.2 does (Bank::verify_transaction) only with this gate inactive. Used by vectors whose precompile verification fails: the transaction never executes, so the gate has no other effect',
  },
  'all-enabled-without-executable-flag-removal-and-loading-failure-fees': {
    without: ['remove_accounts_executable_flag_checks', 'enable_transaction_loading_failure_fees'],
    why: 'LiteSVM always checks that an invoked program account is executable while loading, and charges nothing when loading fails; Agave 2.2 does both only with these two gates inactive. Used by vectors that fail while loading programs: the transaction never executes, so the gates have no other effect',
  },
};
export const FEATURE_SET_LEGACY_LOADING = 'all-enabled-without-executable-flag-removal-and-loading-failure-fees';
export const FEATURE_SET_ALL = 'all-enabled';
export const FEATURE_SET_NO_SVM_PRECOMPILES = 'all-enabled-without-move-precompile-verification-to-svm';
export const COMPUTE_BUDGET_DEFAULT = 'default';

export function featureSet(name) {
  const v = VARIANTS[name];
  if (!v) throw new Error('unknown feature set ' + name);
  const ids = v.without.map(f => { const id = FEATURE_IDS[f]; if (!id || !ACTIVE_FEATURES.includes(id)) throw new Error('bad feature ' + f); return id; });
  return {
    source: v.why ? `${ALL_ENABLED_SOURCE}, without ${v.without.join(', ')}: ${v.why}` : ALL_ENABLED_SOURCE,
    active: ACTIVE_FEATURES.filter(id => !ids.includes(id)),
  };
}

/** Every reference file: [dir, name, object]. */
export function referenceFiles() {
  const head = (dir, name) => ({ format: REFERENCE_FORMAT[dir], version: REFERENCE_VERSION, name });
  return [
    ...Object.keys(VARIANTS).map(name => ['feature-sets', name, { ...head('feature-sets', name), ...featureSet(name) }]),
    ['compute-budgets', COMPUTE_BUDGET_DEFAULT, { ...head('compute-budgets', COMPUTE_BUDGET_DEFAULT), source: "ComputeBudget::default() of solana-compute-budget 2.2.0 (Agave field names)", values: COMPUTE_BUDGET_FIELDS }],
    ['harnesses', HARNESS_NAME, { ...head('harnesses', HARNESS_NAME), rules: HARNESS }],
  ];
}

/** The account-set files of the builtin and precompile sets this process used: [dir, name, object]. */
export function accountSetFiles() {
  return [...ACCOUNT_SETS.entries()].map(([name, accounts]) => ['account-sets', name, {
    format: REFERENCE_FORMAT['account-sets'], version: REFERENCE_VERSION, name,
    source: name.startsWith('builtins') ? 'the builtin program accounts LiteSVM registered (native-loader owned, data = the name)' : 'the precompile accounts LiteSVM registered',
    accounts,
  }]);
}
