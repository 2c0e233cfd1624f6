import { Env } from '../lib/env.mjs';
import { kp, pk, PublicKey } from '../lib/keys.mjs';
import { W, ix, w, r } from '../lib/bytes.mjs';
import { PROGRAMS, SYSVARS } from '../lib/programs.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as cb from '../lib/ix/misc.mjs';
import * as P from '../lib/ix/precompiles.mjs';
import { createHash } from 'node:crypto';
import { precompileFeatureSet } from './precompile-common.mjs';

const SOL = 1_000_000_000n;
const MEMO = PROGRAMS.memo4.address;
const TOKEN = PROGRAMS.token.address;
const ATA = PROGRAMS.ata.address;

// The scenarios of the first generator (generate-runtime.cjs, whose vectors the runtime unit tests replayed):
// single transactions and chained flows against SPL Memo 4.0.0, Token 3.5.0 and the associated-token program.
// A flow is one environment; each step is a vector (`<flow>_<step>`) and the blockhash moves on between steps,
// so identical steps are distinct transactions.
export default function (ctx) {
  const G = 'runtime';
  const payer = kp('runtime/payer'), alice = kp('runtime/alice'), bob = kp('runtime/bob');
  const mint = kp('runtime/mint'), acctA = kp('runtime/account-a'), acctB = kp('runtime/account-b'), nonce = kp('runtime/nonce');

  const world = () => {
    const env = new Env({ programs: ['memo4', 'token', 'ata'] });
    env.fund(payer, 10n * SOL);
    return env;
  };
  const T = (env, signers, instructions, opts = {}) => env.tx({ payer, signers: [payer, ...signers], instructions, ...opts });
  const one = (name, desc, signers, instructions, expect, opts) => { const env = world(); ctx.add(G, name, desc, env, T(env, signers, instructions, opts), { expect }); };
  // steps: [description, () => [signers, instructions], expect]
  const flow = (name, steps, setup) => {
    const env = world();
    if (setup) setup(env);
    steps.forEach(([desc, build, expect], i) => {
      const [signers, instructions] = build(env);
      ctx.add(G, `${name}_${i}`, desc, env, T(env, signers, instructions), { expect, featureSet: name.startsWith('precompile') ? precompileFeatureSet : undefined });
      env.nextBlockhash();
    });
  };

  // System program.
  one('system_transfer', 'Transfer 0.001 SOL to a new account.', [], [sys.transfer(payer, alice, 1_000_000n)], 'ok');
  one('system_transfer_insufficient', 'Transfer more than the payer holds: Custom(1) (ResultWithNegativeLamports).', [], [sys.transfer(payer, alice, 20n * SOL)], { InstructionError: [0, { Custom: 1 }] });
  one('system_create_account', 'CreateAccount of 100 bytes owned by the memo program.', [alice], [sys.createAccount(payer, alice, 10_000_000n, 100n, MEMO)], 'ok');
  {
    const i = sys.createAccount(payer, alice, 10_000_000n, 100n, MEMO); i.keys[1].isSigner = false;
    one('system_create_account_unsigned', 'CreateAccount whose new account does not sign: MissingRequiredSignature.', [], [i], { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  one('system_allocate_assign', 'Fund an account, then Allocate 64 bytes and Assign it to the memo program in the same transaction.', [alice],
    [sys.transfer(payer, alice, 100_000_000n), sys.allocate(alice, 64n), sys.assign(alice, MEMO)], 'ok');
  one('system_nonce_create_initialize', 'CreateAccount (80 bytes) and InitializeNonceAccount with another authority.', [nonce],
    [sys.createAccount(payer, nonce, 2_000_000n, 80n, sys.SYSTEM_PROGRAM), sys.initializeNonce(nonce, alice)], 'ok');
  {
    const seeded = new PublicKey(createHash('sha256').update(Buffer.concat([pk(payer).toBuffer(), Buffer.from('stratus'), pk(MEMO).toBuffer()])).digest());
    one('system_create_with_seed', 'CreateAccountWithSeed at the address derived from (payer, "stratus", memo program).', [],
      [sys.createAccountWithSeed(payer, seeded, payer, 'stratus', 5_000_000n, 10n, MEMO, false)], 'ok');
  }
  one('system_create_with_seed_mismatch', 'CreateAccountWithSeed naming an address that is not the derived one: Custom(5) (AddressWithSeedMismatch).', [],
    [sys.createAccountWithSeed(payer, alice, payer, 'stratus', 5_000_000n, 10n, MEMO, false)], { InstructionError: [0, { Custom: 5 }] });
  flow('system_create_account_in_use', [
    ['Transfer to an address, so it holds lamports.', () => [[], [sys.transfer(payer, alice, 5_000_000n)]], 'ok'],
    ['CreateAccount at that funded address: Custom(0) (AccountAlreadyInUse).', () => [[alice], [sys.createAccount(payer, alice, 10_000_000n, 1n, MEMO)]], { InstructionError: [0, { Custom: 0 }] }],
  ]);
  one('system_allocate_too_large', 'Allocate 10 MiB + 1 bytes: Custom(3) (InvalidAccountDataLength).', [], [sys.allocate(payer, 10n * 1024n * 1024n + 1n)], { InstructionError: [0, { Custom: 3 }] });
  flow('system_nonce_lifecycle', [
    ['Create and initialize a nonce account (authority: the payer).', () => [[nonce], [sys.createAccount(payer, nonce, 2_000_000n, 80n, sys.SYSTEM_PROGRAM), sys.initializeNonce(nonce, payer)]], 'ok'],
    ['AdvanceNonceAccount after the blockhash moved on.', () => [[], [sys.advanceNonce(nonce, payer)]], 'ok'],
    ['AuthorizeNonceAccount: the authority becomes alice.', () => [[], [sys.authorizeNonce(nonce, payer, alice)]], 'ok'],
    ['AdvanceNonceAccount signed by the former authority: MissingRequiredSignature.', () => [[], [sys.advanceNonce(nonce, payer)]], { InstructionError: [0, 'MissingRequiredSignature'] }],
    ['WithdrawNonceAccount of every lamport by the new authority (closes the account).', () => [[alice], [sys.withdrawNonce(nonce, alice, bob, 2_000_000n)]], 'ok'],
  ]);

  // Compute budget.
  one('compute_budget_limit', 'SetComputeUnitLimit(10,000) and a transfer.', [], [cb.setComputeUnitLimit(10_000), sys.transfer(payer, alice, 1_000_000n)], 'ok');
  one('compute_budget_duplicate', 'Two SetComputeUnitLimit instructions: DuplicateInstruction(1).', [], [cb.setComputeUnitLimit(10_000), cb.setComputeUnitLimit(20_000)], { DuplicateInstruction: 1 });

  // SPL Memo 4.0.0.
  one('memo_simple', 'A memo without signers.', [], [cb.memo('memo4', 'hello stratus')], 'ok');
  one('memo_signed', 'A memo signed by the payer.', [], [cb.memo('memo4', 'signed memo', [payer])], 'ok');
  one('memo_invalid_utf8', 'Memo data that is not UTF-8: the program fails.', [], [cb.memoRaw('memo4', Buffer.from([0xff, 0xfe, 0x41]))], { InstructionError: [0, 'ProgramFailedToComplete'] });
  one('memo_out_of_compute', 'A 200-byte memo under a 500-unit limit: ComputationalBudgetExceeded.', [], [cb.setComputeUnitLimit(500), cb.memo('memo4', 'x'.repeat(200))], { InstructionError: [1, 'ComputationalBudgetExceeded'] });

  // SPL Token 3.5.0 by raw instruction data.
  const u64 = n => new W().u64(BigInt(n)).done();
  const tok = (data, keys) => ix(TOKEN, keys, Buffer.concat(data.map(x => Buffer.from(x))));
  const rs = k => r(k, true);
  const create = (k, space) => sys.createAccount(payer, k, 10_000_000n, BigInt(space), TOKEN);
  const initMint = (freeze = false) => tok([[0, 6], pk(alice).toBytes(), freeze ? [1] : [0], freeze ? pk(alice).toBytes() : []], [w(mint), r(SYSVARS.rent)]);
  const initAcct = (a, owner) => tok([[1]], [w(a), r(mint), r(owner), r(SYSVARS.rent)]);
  const twoAccounts = () => [[acctA, acctB], [create(acctA, 165), initAcct(acctA, alice), create(acctB, 165), initAcct(acctB, bob)]];
  one('token_init_mint', 'CreateAccount (82 bytes) and InitializeMint (6 decimals, no freeze authority).', [mint], [create(mint, 82), initMint()], 'ok');
  flow('token_full_flow', [
    ['Create and initialize a mint.', () => [[mint], [create(mint, 82), initMint()]], 'ok'],
    ['Create and initialize two token accounts (owners alice and bob).', twoAccounts, 'ok'],
    ['MintTo 1,000,000 into alice\'s account.', () => [[alice], [tok([[7], u64(1_000_000)], [w(mint), w(acctA), rs(alice)])]], 'ok'],
    ['Transfer 250,000 from alice to bob.', () => [[alice], [tok([[3], u64(250_000)], [w(acctA), w(acctB), rs(alice)])]], 'ok'],
    ['Transfer 5,000,000, more than the balance: Custom(1) (InsufficientFunds).', () => [[alice], [tok([[3], u64(5_000_000)], [w(acctA), w(acctB), rs(alice)])]], { InstructionError: [0, { Custom: 1 }] }],
  ]);
  flow('token_more', [
    ['Create a mint with a freeze authority.', () => [[mint], [create(mint, 82), initMint(true)]], 'ok'],
    ['Create and initialize two token accounts.', twoAccounts, 'ok'],
    ['MintTo 1,000 into alice\'s account.', () => [[alice], [tok([[7], u64(1_000)], [w(mint), w(acctA), rs(alice)])]], 'ok'],
    ['Approve bob as delegate for 300.', () => [[alice], [tok([[4], u64(300)], [w(acctA), r(bob), rs(alice)])]], 'ok'],
    ['The delegate transfers 200.', () => [[bob], [tok([[3], u64(200)], [w(acctA), w(acctB), rs(bob)])]], 'ok'],
    ['The delegate transfers 200 again, beyond the remaining allowance: Custom(1) (InsufficientFunds).', () => [[bob], [tok([[3], u64(200)], [w(acctA), w(acctB), rs(bob)])]], { InstructionError: [0, { Custom: 1 }] }],
    ['Burn 100 from alice\'s account.', () => [[alice], [tok([[8], u64(100)], [w(acctA), w(mint), rs(alice)])]], 'ok'],
    ['Freeze bob\'s account.', () => [[alice], [tok([[10]], [w(acctB), r(mint), rs(alice)])]], 'ok'],
    ['Transfer out of the frozen account: Custom(17) (AccountFrozen).', () => [[bob], [tok([[3], u64(1)], [w(acctB), w(acctA), rs(bob)])]], { InstructionError: [0, { Custom: 17 }] }],
    ['Transfer into the frozen account: Custom(17).', () => [[bob], [tok([[3], u64(1)], [w(acctA), w(acctB), rs(bob)])]], { InstructionError: [0, { Custom: 17 }] }],
    ['CloseAccount of the frozen account with a balance: Custom(11) (NonNativeHasBalance).', () => [[bob], [tok([[9]], [w(acctB), w(payer), rs(bob)])]], { InstructionError: [0, { Custom: 11 }] }],
    ['Unknown instruction tag 99: Custom(12) (InvalidInstruction).', () => [[], [tok([[99]], [w(acctA)])]], { InstructionError: [0, { Custom: 12 }] }],
  ]);

  // Associated token accounts: CPIs into Token (GetAccountDataSize with return data, InitializeImmutableOwner,
  // InitializeAccount3) and into System with the PDA as signer.
  const ataOf = wallet => PublicKey.findProgramAddressSync([pk(wallet).toBuffer(), pk(TOKEN).toBuffer(), pk(mint).toBuffer()], pk(ATA))[0];
  const ataIx = (wallet, kind, address = ataOf(wallet), funder = { pubkey: pk(payer), isSigner: true, isWritable: true }) =>
    ix(ATA, [funder, w(address), r(wallet), r(mint), r(sys.SYSTEM_PROGRAM), r(TOKEN)], kind === null ? [] : [kind]);
  const mintStep = ['Create and initialize a mint.', () => [[mint], [create(mint, 82), initMint()]], 'ok'];
  flow('ata_create', [
    mintStep,
    ['Create alice\'s associated token account (instruction data empty: Create).', () => [[], [ataIx(alice, null)]], 'ok'],
    ['Create it again (Create, not idempotent): IllegalOwner.', () => [[], [ataIx(alice, 0)]], { InstructionError: [0, 'IllegalOwner'] }],
  ]);
  flow('ata_wrong_address', [
    mintStep,
    ['Create for bob at alice\'s associated address: InvalidSeeds.', () => [[], [ataIx(bob, 0, ataOf(alice))]], { InstructionError: [0, 'InvalidSeeds'] }],
  ]);
  flow('ata_escalation', [
    mintStep,
    ['CreateIdempotent funded by bob, who does not sign: the System CPI fails with PrivilegeEscalation.', () => [[], [ataIx(alice, 1, ataOf(alice), w(bob))]], { InstructionError: [0, 'PrivilegeEscalation'] }],
  ], env => env.fund(bob, SOL));
  flow('ata_idempotent', [
    mintStep,
    ['CreateIdempotent for bob.', () => [[], [ataIx(bob, 1)]], 'ok'],
  ]);

  // ed25519 precompile: a passing verification, and a failing one after a transfer (verified before execution).
  const edData = message => P.ed25519Data([{ label: 'runtime/alice', message }]).data;
  flow('precompile_ed25519', [
    ['A valid ed25519 verification (no logs, no compute units).', () => [[], [P.precompileIx(P.ED25519, edData('stratus'))]], 'ok'],
    ['A transfer, then an ed25519 instruction with a corrupted signature: InstructionError(1, Custom(2)), nothing executed or charged.', () => {
      const d = Buffer.from(edData('stratus')); d[d.length - 1] ^= 1;
      return [[], [sys.transfer(payer, alice, 1_000_000n), P.precompileIx(P.ED25519, d)]];
    }, { InstructionError: [1, { Custom: 2 }] }],
  ]);
}
