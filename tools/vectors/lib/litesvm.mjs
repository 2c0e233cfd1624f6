// Access to LiteSVM's native binding. The JS wrapper converts lamports and rent epochs to JS
// numbers (losing precision above 2^53), so the generator talks to the binding directly.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
export const native = require('litesvm/dist/internal.js');
export const web3 = require('@solana/web3.js');

const pkg = JSON.parse(readFileSync(require.resolve('litesvm/package.json'), 'utf8'));
const nativePkg = JSON.parse(readFileSync(require.resolve('litesvm-linux-x64-gnu/package.json'), 'utf8'));

// Crate versions compiled into litesvm-linux-x64-gnu@0.2.0 (read from the crate paths embedded in
// the binary and from LiteSVM's Cargo.lock at the node-litesvm 0.2.0 release).
export const ORACLE = {
  engine: 'litesvm',
  litesvm_npm: pkg.version,
  litesvm_native: nativePkg.name + '@' + nativePkg.version,
  litesvm_crate: '0.5.0',
  agave: '2.2.0',
  crates: {
    'solana-program-runtime': '2.2.0',
    'solana-svm': '2.2.0',
    'solana-bpf-loader-program': '2.2.0',
    'solana-system-program': '2.2.0',
    'solana-compute-budget-instruction': '2.2.0',
    'solana-vote-program': '2.2.0',
    'solana-stake-program': '2.2.0',
    'solana-config-program': '2.2.0',
    'solana-feature-set': '2.2.1',
    'solana-sbpf': '0.10.0',
  },
};

// Names for the binding's fieldless error enums, in the binding's declaration order.
export const TX_ERRORS = ['AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound',
  'InsufficientFundsForFee', 'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound', 'CallChainTooDeep',
  'MissingSignatureForFee', 'InvalidAccountIndex', 'SignatureFailure', 'InvalidProgramForExecution',
  'SanitizeFailure', 'ClusterMaintenance', 'AccountBorrowOutstanding', 'WouldExceedMaxBlockCostLimit',
  'UnsupportedVersion', 'InvalidWritableAccount', 'WouldExceedMaxAccountCostLimit',
  'WouldExceedAccountDataBlockLimit', 'TooManyAccountLocks', 'AddressLookupTableNotFound',
  'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData', 'InvalidAddressLookupTableIndex',
  'InvalidRentPayingAccount', 'WouldExceedMaxVoteCostLimit', 'WouldExceedAccountDataTotalLimit',
  'MaxLoadedAccountsDataSizeExceeded', 'ResanitizationNeeded', 'InvalidLoadedAccountsDataSizeLimit',
  'UnbalancedTransaction', 'ProgramCacheHitMaxLimit', 'CommitCancelled'];

export const IX_ERRORS = ['GenericError', 'InvalidArgument', 'InvalidInstructionData', 'InvalidAccountData',
  'AccountDataTooSmall', 'InsufficientFunds', 'IncorrectProgramId', 'MissingRequiredSignature',
  'AccountAlreadyInitialized', 'UninitializedAccount', 'UnbalancedInstruction', 'ModifiedProgramId',
  'ExternalAccountLamportSpend', 'ExternalAccountDataModified', 'ReadonlyLamportChange', 'ReadonlyDataModified',
  'DuplicateAccountIndex', 'ExecutableModified', 'RentEpochModified', 'NotEnoughAccountKeys',
  'AccountDataSizeChanged', 'AccountNotExecutable', 'AccountBorrowFailed', 'AccountBorrowOutstanding',
  'DuplicateAccountOutOfSync', 'InvalidError', 'ExecutableDataModified', 'ExecutableLamportChange',
  'ExecutableAccountNotRentExempt', 'UnsupportedProgramId', 'CallDepth', 'MissingAccount',
  'ReentrancyNotAllowed', 'MaxSeedLengthExceeded', 'InvalidSeeds', 'InvalidRealloc',
  'ComputationalBudgetExceeded', 'PrivilegeEscalation', 'ProgramEnvironmentSetupFailure',
  'ProgramFailedToComplete', 'ProgramFailedToCompile', 'Immutable', 'IncorrectAuthority',
  'AccountNotRentExempt', 'InvalidAccountOwner', 'ArithmeticOverflow', 'UnsupportedSysvar', 'IllegalOwner',
  'MaxAccountsDataAllocationsExceeded', 'MaxAccountsExceeded', 'MaxInstructionTraceLengthExceeded',
  'BuiltinProgramsMustConsumeComputeUnits'];

function ixErrorJson(e) {
  if (typeof e === 'number') return IX_ERRORS[e] ?? `Unknown(${e})`;
  if (e instanceof native.InstructionErrorCustom) return { Custom: e.code };
  if (e instanceof native.InstructionErrorBorshIo) return { BorshIoError: e.msg };
  throw new Error('unknown instruction error ' + e);
}

function ixErrorDebug(j) {
  if (typeof j === 'string') return j;
  if ('Custom' in j) return `Custom(${j.Custom})`;
  if ('BorshIoError' in j) return `BorshIoError(${JSON.stringify(j.BorshIoError)})`;
  throw new Error('bad');
}

/** TransactionError in serde's JSON shape (as Agave's RPC prints it) and in Rust Debug form. */
export function txError(err) {
  if (typeof err === 'number') {
    const n = TX_ERRORS[err] ?? `Unknown(${err})`;
    return { json: n, debug: n };
  }
  if (err instanceof native.TransactionErrorInstructionError) {
    const inner = ixErrorJson(err.err());
    return { json: { InstructionError: [err.index, inner] }, debug: `InstructionError(${err.index}, ${ixErrorDebug(inner)})` };
  }
  if (err instanceof native.TransactionErrorDuplicateInstruction) {
    return { json: { DuplicateInstruction: err.index }, debug: `DuplicateInstruction(${err.index})` };
  }
  if (err instanceof native.TransactionErrorInsufficientFundsForRent) {
    return { json: { InsufficientFundsForRent: { account_index: err.accountIndex } }, debug: `InsufficientFundsForRent { account_index: ${err.accountIndex} }` };
  }
  if (err instanceof native.TransactionErrorProgramExecutionTemporarilyRestricted) {
    return { json: { ProgramExecutionTemporarilyRestricted: { account_index: err.accountIndex } }, debug: `ProgramExecutionTemporarilyRestricted { account_index: ${err.accountIndex} }` };
  }
  throw new Error('unknown transaction error ' + err);
}
