// Programs the scenarios load, by short name: address and ELF (path relative to shared/data).
import { kp } from './keys.mjs';

const L = 'elfs/litesvm/';
export const PROGRAMS = {
  token: { address: 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA', elf: L + 'spl_token-3.5.0.so' },
  token2022: { address: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb', elf: L + 'spl_token_2022-11.0.0.so' },
  ata: { address: 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL', elf: L + 'spl_associated_token_account-1.1.1.so' },
  // Memo 1.0.0 was built for, and on mainnet is owned by, the deprecated loader (unaligned input).
  memo1: { address: 'Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo', elf: L + 'spl_memo-1.0.0.so', loader: 'BPFLoader1111111111111111111111111111111111' },
  memo4: { address: 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr', elf: L + 'spl_memo-4.0.0.so' },
  counter: { address: kp('program/counter').publicKey.toBase58(), elf: L + 'counter.so' },
  hello: { address: kp('program/hello_world').publicKey.toBase58(), elf: L + 'hello_world.so' },
  clock: { address: kp('program/clock_example').publicKey.toBase58(), elf: L + 'litesvm_clock_example.so' },
  logging: { address: kp('program/spl_example_logging').publicKey.toBase58(), elf: L + 'spl_example_logging.so' },
  // Core-BPF builds loaded over the native builtins at the same addresses.
  stake_core_bpf: { address: 'Stake11111111111111111111111111111111111111', elf: L + 'core_bpf_stake-1.0.1.so' },
  alt_core_bpf: { address: 'AddressLookupTab1e1111111111111111111111111', elf: L + 'address_lookup_table.so' },
  // DFlow's swap orchestrator (Anchor), loaded with its .symtab hidden from LiteSVM 0.2.0 (lib/shared.mjs hideSymtab).
  anchor_dflow: { address: 'DF1ow3DqMj3HvTj8i8J9yM2hE9hCrLLXpdbaKZu4ZPnz', elf: L + 'DF1ow3DqMj3HvTj8i8J9yM2hE9hCrLLXpdbaKZu4ZPnz.so', patch: 'hide-symtab' },
  pinocchio_token: { address: kp('program/pinocchio_token').publicKey.toBase58(), elf: L + 'pinocchio_token_program.so' },
};

export const DEFAULT_PROGRAMS = ['token', 'token2022', 'ata', 'memo1', 'memo4'];

export const SYSVARS = {
  clock: 'SysvarC1ock11111111111111111111111111111111',
  epoch_rewards: 'SysvarEpochRewards1111111111111111111111111',
  epoch_schedule: 'SysvarEpochSchedu1e111111111111111111111111',
  fees: 'SysvarFees111111111111111111111111111111111',
  last_restart_slot: 'SysvarLastRestartS1ot1111111111111111111111',
  recent_blockhashes: 'SysvarRecentB1ockHashes11111111111111111111',
  rent: 'SysvarRent111111111111111111111111111111111',
  slot_hashes: 'SysvarS1otHashes111111111111111111111111111',
  slot_history: 'SysvarS1otHistory11111111111111111111111111',
  stake_history: 'SysvarStakeHistory1111111111111111111111111',
};
export const INSTRUCTIONS_SYSVAR = 'Sysvar1nstructions1111111111111111111111111';

// LiteSVM 0.2.0's builtins (native-loader accounts whose data is the program name).
export const BUILTINS = {
  '11111111111111111111111111111111': 'system_program',
  'Vote111111111111111111111111111111111111111': 'vote_program',
  'Stake11111111111111111111111111111111111111': 'stake_program',
  'Config1111111111111111111111111111111111111': 'config_program',
  'BPFLoader1111111111111111111111111111111111': 'solana_bpf_loader_deprecated_program',
  'BPFLoader2111111111111111111111111111111111': 'solana_bpf_loader_program',
  'BPFLoaderUpgradeab1e11111111111111111111111': 'solana_bpf_loader_upgradeable_program',
  'ComputeBudget111111111111111111111111111111': 'compute_budget_program',
  'AddressLookupTab1e1111111111111111111111111': 'address_lookup_table_program',
};
export const PRECOMPILES = {
  'KeccakSecp256k11111111111111111111111111111': 'secp256k1',
  'Ed25519SigVerify111111111111111111111111111': 'ed25519',
  'Secp256r1SigVerify1111111111111111111111111': 'secp256r1',
};
