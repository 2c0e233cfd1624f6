import { Env } from '../lib/env.mjs';
import { kp, pk, PublicKey } from '../lib/keys.mjs';
import { SYSVARS } from '../lib/programs.mjs';
import { ix, r, w, ws, W } from '../lib/bytes.mjs';
import * as sys from '../lib/ix/system.mjs';
import { tokenKit, spl, NATIVE_MINT, nativeMintData } from '../lib/token.mjs';

const SOL = 1_000_000_000n;
const E = code => ({ InstructionError: [0, { Custom: code }] });

/** Shared by token and token-2022 groups: the classic SPL Token instruction set. */
export function classicTokenCases(ctx, G, program) {
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), mintAuth = kp('mint-authority'), freezeAuth = kp('freeze-authority');
  const alice = kp('alice'), bob = kp('bob'), mallory = kp('mallory'), delegate = kp('delegate');
  const mintKp = kp(G + '/mint'), otherMintKp = kp(G + '/other-mint');
  const aliceAcct = kp(G + '/alice-token'), bobAcct = kp(G + '/bob-token'), otherAcct = kp(G + '/other-token');

  const world = ({ freeze = true, aliceAmount = 1000n, decimals = 6 } = {}) => {
    const env = new Env({ programs: [program] });
    env.fund(payer, 100n * SOL);
    for (const k of [alice, bob, mallory, delegate, mintAuth, freezeAuth]) env.fund(k, SOL);
    const t = tokenKit(env, program);
    const mint = t.createMint(payer, mintKp, { decimals, authority: mintAuth, freeze: freeze ? freezeAuth : null });
    const a = t.createAccount(payer, aliceAcct, mint, alice);
    const b = t.createAccount(payer, bobAcct, mint, bob);
    if (aliceAmount) t.mintTo(payer, mint, a, mintAuth, aliceAmount);
    return { env, t, mint, a, b, P: t.PID };
  };
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  // ---- Mints ----
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    add('initialize_mint_ok', 'CreateAccount + InitializeMint (with the rent sysvar), 6 decimals, no freeze authority.', env,
      T(env, [mintKp], [sys.createAccount(payer, mintKp, env.rentExempt(82), 82n, t.PID), spl.createInitializeMintInstruction(mintKp.publicKey, 6, mintAuth.publicKey, null, t.PID)]), 'ok');
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    add('initialize_mint2_with_freeze_ok', 'CreateAccount + InitializeMint2 with a freeze authority, 9 decimals.', env,
      T(env, [mintKp], t.createMintIxs(payer, mintKp, { decimals: 9, authority: mintAuth, freeze: freezeAuth })), 'ok');
  }
  {
    const { env, t, mint } = world();
    add('initialize_mint_already_initialized', 'InitializeMint2 on an initialized mint: TokenError::AlreadyInUse (6).', env,
      T(env, [], [spl.createInitializeMint2Instruction(mint, 6, mintAuth.publicKey, null, t.PID)]), E(6));
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    env.set(mintKp, { lamports: 1_000_000n, data: Buffer.alloc(82), owner: t.PID });
    add('initialize_mint_not_rent_exempt', 'InitializeMint (checks the rent sysvar) on an 82-byte account below the rent-exempt minimum: NotRentExempt (0).', env,
      T(env, [], [spl.createInitializeMintInstruction(mintKp.publicKey, 6, mintAuth.publicKey, null, t.PID)]), E(0));
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    env.set(mintKp, { lamports: SOL, data: Buffer.alloc(81), owner: t.PID });
    add('initialize_mint_wrong_size', 'InitializeMint2 on an 81-byte account.', env,
      T(env, [], [spl.createInitializeMint2Instruction(mintKp.publicKey, 6, mintAuth.publicKey, null, t.PID)]), 'error');
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    env.set(mintKp, { lamports: SOL, data: Buffer.alloc(82), owner: t.PID });
    const i = spl.createInitializeMintInstruction(mintKp.publicKey, 6, mintAuth.publicKey, null, t.PID); i.keys[1].pubkey = new PublicKey(SYSVARS.clock);
    add('initialize_mint_wrong_rent_sysvar', 'InitializeMint passing the clock sysvar where rent belongs.', env, T(env, [], [i]), 'error');
  }
  // ---- Accounts ----
  {
    const { env, t, mint } = world();
    add('initialize_account_ok', 'CreateAccount + InitializeAccount (owner passed as an account, rent sysvar).', env,
      T(env, [otherAcct], [sys.createAccount(payer, otherAcct, env.rentExempt(165), 165n, t.PID), spl.createInitializeAccountInstruction(otherAcct.publicKey, mint, mallory.publicKey, t.PID)]), 'ok');
  }
  {
    const { env, t, mint } = world();
    add('initialize_account2_ok', 'CreateAccount + InitializeAccount2 (owner in instruction data).', env,
      T(env, [otherAcct], [sys.createAccount(payer, otherAcct, env.rentExempt(165), 165n, t.PID), spl.createInitializeAccount2Instruction(otherAcct.publicKey, mint, mallory.publicKey, t.PID)]), 'ok');
  }
  {
    const { env, t, mint } = world();
    add('initialize_account3_ok', 'CreateAccount + InitializeAccount3 (no rent sysvar).', env,
      T(env, [otherAcct], t.createAccountIxs(payer, otherAcct, mint, mallory)), 'ok');
  }
  {
    const { env, t } = world(); env.set(otherMintKp, { lamports: SOL, data: Buffer.alloc(82), owner: t.PID });
    add('initialize_account_uninitialized_mint', 'InitializeAccount3 for a mint that is not initialized: InvalidMint (2).', env,
      T(env, [otherAcct], t.createAccountIxs(payer, otherAcct, otherMintKp, mallory)), { InstructionError: [1, { Custom: 2 }] });
  }
  {
    const { env, t, mint, a } = world();
    add('initialize_account_already_initialized', 'InitializeAccount3 on an initialized token account: AlreadyInUse (6).', env,
      T(env, [], [spl.createInitializeAccount3Instruction(a, mint, mallory.publicKey, t.PID)]), E(6));
  }
  {
    const { env, t, mint } = world();
    env.set(otherAcct, { lamports: SOL, data: Buffer.alloc(165), owner: sys.SYSTEM_PROGRAM });
    add('initialize_account_not_token_owned', 'InitializeAccount3 on an account the token program does not own.', env,
      T(env, [], [spl.createInitializeAccount3Instruction(otherAcct.publicKey, mint, mallory.publicKey, t.PID)]), 'error');
  }
  // ---- MintTo ----
  { const { env, t, mint, b } = world(); add('mint_to_ok', 'MintTo 500 tokens.', env, T(env, [mintAuth], [spl.createMintToInstruction(mint, b, mintAuth.publicKey, 500n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, b } = world(); add('mint_to_checked_ok', 'MintToChecked with the right decimals.', env, T(env, [mintAuth], [spl.createMintToCheckedInstruction(mint, b, mintAuth.publicKey, 500n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, mint, b } = world(); add('mint_to_checked_wrong_decimals', 'MintToChecked with 9 decimals for a 6-decimal mint: MintDecimalsMismatch (18).', env, T(env, [mintAuth], [spl.createMintToCheckedInstruction(mint, b, mintAuth.publicKey, 500n, 9, [], t.PID)]), E(18)); }
  { const { env, t, mint, b } = world(); add('mint_to_wrong_authority', 'MintTo signed by an account that is not the mint authority: OwnerMismatch (4).', env, T(env, [mallory], [spl.createMintToInstruction(mint, b, mallory.publicKey, 500n, [], t.PID)]), E(4)); }
  {
    const { env, t, mint, b } = world(); const i = spl.createMintToInstruction(mint, b, mintAuth.publicKey, 500n, [], t.PID); i.keys[2].isSigner = false;
    add('mint_to_authority_not_signer', 'MintTo whose authority does not sign.', env, T(env, [], [i]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  { const { env, t, mint, b } = world(); add('mint_to_overflow', 'MintTo u64::MAX on top of an existing supply: Overflow (14).', env, T(env, [mintAuth], [spl.createMintToInstruction(mint, b, mintAuth.publicKey, (1n << 64n) - 1n, [], t.PID)]), E(14)); }
  {
    const { env, t, mint, b } = world();
    env.run(T(env, [mintAuth], [spl.createSetAuthorityInstruction(mint, mintAuth.publicKey, spl.AuthorityType.MintTokens, null, [], t.PID)]));
    add('mint_to_fixed_supply', 'MintTo after the mint authority was removed: FixedSupply (5).', env, T(env, [mintAuth], [spl.createMintToInstruction(mint, b, mintAuth.publicKey, 1n, [], t.PID)]), E(5));
  }
  {
    const { env, t, b } = world(); const other = t.createMint(payer, otherMintKp, { authority: mintAuth });
    add('mint_to_mint_mismatch', 'MintTo into a token account of another mint: MintMismatch (3).', env, T(env, [mintAuth], [spl.createMintToInstruction(other, b, mintAuth.publicKey, 1n, [], t.PID)]), E(3));
  }
  // ---- Transfer ----
  { const { env, t, a, b } = world(); add('transfer_ok', 'Transfer 250 tokens from alice to bob.', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 250n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a, b } = world(); add('transfer_checked_ok', 'TransferChecked 250 tokens.', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 250n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, a, b } = world(); add('transfer_all', 'Transfer the whole balance.', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 1000n, [], t.PID)]), 'ok'); }
  { const { env, t, a, b } = world(); add('transfer_zero', 'Transfer zero tokens.', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 0n, [], t.PID)]), 'ok'); }
  { const { env, t, a } = world(); add('transfer_to_self', 'Transfer from an account to itself.', env, T(env, [alice], [spl.createTransferInstruction(a, a, alice.publicKey, 10n, [], t.PID)]), 'ok'); }
  { const { env, t, a, b } = world(); add('transfer_insufficient_funds', 'Transfer more than the balance: InsufficientFunds (1).', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 1001n, [], t.PID)]), E(1)); }
  { const { env, t, a, b } = world(); add('transfer_wrong_owner', 'Transfer signed by a non-owner: OwnerMismatch (4).', env, T(env, [mallory], [spl.createTransferInstruction(a, b, mallory.publicKey, 1n, [], t.PID)]), E(4)); }
  {
    const { env, t, a, b } = world(); const i = spl.createTransferInstruction(a, b, alice.publicKey, 1n, [], t.PID); i.keys[2].isSigner = false;
    add('transfer_owner_not_signer', 'Transfer whose owner does not sign.', env, T(env, [], [i]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  { const { env, t, mint, a, b } = world(); add('transfer_checked_wrong_decimals', 'TransferChecked with the wrong decimals: MintDecimalsMismatch (18).', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 1n, 2, [], t.PID)]), E(18)); }
  {
    const { env, t, a } = world(); const other = t.createMint(payer, otherMintKp, { authority: mintAuth }); const o = t.createAccount(payer, otherAcct, other, bob);
    add('transfer_mint_mismatch', 'Transfer into a token account of another mint: MintMismatch (3).', env, T(env, [alice], [spl.createTransferInstruction(a, o, alice.publicKey, 1n, [], t.PID)]), E(3));
  }
  {
    const { env, t, a, b } = world(); const other = t.createMint(payer, otherMintKp, { authority: mintAuth });
    add('transfer_checked_wrong_mint', 'TransferChecked naming a different mint: MintMismatch (3).', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, other, b, alice.publicKey, 1n, 6, [], t.PID)]), E(3));
  }
  {
    const { env, t, mint, a, b } = world(); env.run(T(env, [freezeAuth], [spl.createFreezeAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]));
    add('transfer_from_frozen', 'Transfer out of a frozen account: AccountFrozen (17).', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 1n, [], t.PID)]), E(17));
  }
  {
    const { env, t, a, b } = world(); env.run(T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]));
    add('transfer_by_delegate_ok', 'A delegate with a 300-token allowance transfers 200.', env, T(env, [delegate], [spl.createTransferInstruction(a, b, delegate.publicKey, 200n, [], t.PID)]), 'ok');
  }
  {
    const { env, t, a, b } = world(); env.run(T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]));
    add('transfer_by_delegate_exceeds_allowance', 'A delegate transfers more than its allowance: InsufficientFunds (1).', env, T(env, [delegate], [spl.createTransferInstruction(a, b, delegate.publicKey, 301n, [], t.PID)]), E(1));
  }
  {
    const { env, t, a, b } = world(); env.run(T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]));
    add('transfer_by_delegate_whole_allowance', 'A delegate spends its whole allowance, which clears the delegation.', env, T(env, [delegate], [spl.createTransferInstruction(a, b, delegate.publicKey, 300n, [], t.PID)]), 'ok');
  }
  {
    const { env, t, a, b } = world();
    const i = spl.createTransferInstruction(a, b, alice.publicKey, 1n, [], t.PID); i.keys[0].isWritable = false;
    add('transfer_source_readonly', 'The source token account is passed read-only.', env, T(env, [alice], [i]), 'error');
  }
  // ---- Approve / Revoke ----
  { const { env, t, a } = world(); add('approve_ok', 'Approve a delegate for 300 tokens.', env, T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a } = world(); add('approve_checked_ok', 'ApproveChecked with the right decimals.', env, T(env, [alice], [spl.createApproveCheckedInstruction(a, mint, delegate.publicKey, alice.publicKey, 300n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a } = world(); add('approve_checked_wrong_decimals', 'ApproveChecked with the wrong decimals (18).', env, T(env, [alice], [spl.createApproveCheckedInstruction(a, mint, delegate.publicKey, alice.publicKey, 300n, 0, [], t.PID)]), E(18)); }
  { const { env, t, a } = world(); add('approve_wrong_owner', 'Approve signed by a non-owner: OwnerMismatch (4).', env, T(env, [mallory], [spl.createApproveInstruction(a, delegate.publicKey, mallory.publicKey, 300n, [], t.PID)]), E(4)); }
  {
    const { env, t, a } = world(); env.run(T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]));
    add('revoke_ok', 'Revoke an existing delegation.', env, T(env, [alice], [spl.createRevokeInstruction(a, alice.publicKey, [], t.PID)]), 'ok');
  }
  { const { env, t, a } = world(); add('revoke_wrong_owner', 'Revoke signed by a non-owner: OwnerMismatch (4).', env, T(env, [mallory], [spl.createRevokeInstruction(a, mallory.publicKey, [], t.PID)]), E(4)); }
  // ---- Burn ----
  { const { env, t, mint, a } = world(); add('burn_ok', 'Burn 100 tokens.', env, T(env, [alice], [spl.createBurnInstruction(a, mint, alice.publicKey, 100n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a } = world(); add('burn_checked_ok', 'BurnChecked 100 tokens.', env, T(env, [alice], [spl.createBurnCheckedInstruction(a, mint, alice.publicKey, 100n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a } = world(); add('burn_insufficient_funds', 'Burn more than the balance: InsufficientFunds (1).', env, T(env, [alice], [spl.createBurnInstruction(a, mint, alice.publicKey, 5000n, [], t.PID)]), E(1)); }
  {
    const { env, t, mint, a } = world(); env.run(T(env, [alice], [spl.createApproveInstruction(a, delegate.publicKey, alice.publicKey, 300n, [], t.PID)]));
    add('burn_by_delegate_ok', 'A delegate burns within its allowance.', env, T(env, [delegate], [spl.createBurnInstruction(a, mint, delegate.publicKey, 50n, [], t.PID)]), 'ok');
  }
  {
    const { env, t, a } = world(); const other = t.createMint(payer, otherMintKp, { authority: mintAuth });
    add('burn_wrong_mint', 'Burn naming a mint the account does not belong to: MintMismatch (3).', env, T(env, [alice], [spl.createBurnInstruction(a, other, alice.publicKey, 1n, [], t.PID)]), E(3));
  }
  // ---- Close ----
  { const { env, t, b } = world(); add('close_account_ok', 'Close an empty token account; its lamports go to the owner.', env, T(env, [bob], [spl.createCloseAccountInstruction(b, bob.publicKey, bob.publicKey, [], t.PID)]), 'ok'); }
  { const { env, t, a } = world(); add('close_account_non_zero_balance', 'Close an account that still holds tokens: NonNativeHasBalance (11).', env, T(env, [alice], [spl.createCloseAccountInstruction(a, alice.publicKey, alice.publicKey, [], t.PID)]), E(11)); }
  { const { env, t, b } = world(); add('close_account_wrong_owner', 'Close signed by a non-owner: OwnerMismatch (4).', env, T(env, [mallory], [spl.createCloseAccountInstruction(b, mallory.publicKey, mallory.publicKey, [], t.PID)]), E(4)); }
  {
    const { env, t, b } = world(); env.run(T(env, [bob], [spl.createSetAuthorityInstruction(b, bob.publicKey, spl.AuthorityType.CloseAccount, mallory.publicKey, [], t.PID)]));
    add('close_account_by_close_authority', 'Close by the close authority set with SetAuthority(CloseAccount).', env, T(env, [mallory], [spl.createCloseAccountInstruction(b, mallory.publicKey, mallory.publicKey, [], t.PID)]), 'ok');
  }
  { const { env, t, b } = world(); add('close_account_into_itself', 'Close with the destination equal to the closed account.', env, T(env, [bob], [spl.createCloseAccountInstruction(b, b, bob.publicKey, [], t.PID)]), 'error'); }
  // ---- Freeze / Thaw ----
  { const { env, t, mint, a } = world(); add('freeze_ok', 'Freeze a token account.', env, T(env, [freezeAuth], [spl.createFreezeAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]), 'ok'); }
  {
    const { env, t, mint, a } = world(); env.run(T(env, [freezeAuth], [spl.createFreezeAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]));
    add('thaw_ok', 'Thaw a frozen token account.', env, T(env, [freezeAuth], [spl.createThawAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]), 'ok');
  }
  { const { env, t, mint, a } = world(); add('thaw_not_frozen', 'Thaw an account that is not frozen: InvalidState (13).', env, T(env, [freezeAuth], [spl.createThawAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]), E(13)); }
  { const { env, t, mint, a } = world(); add('freeze_wrong_authority', 'Freeze signed by a non-authority: OwnerMismatch (4).', env, T(env, [mallory], [spl.createFreezeAccountInstruction(a, mint, mallory.publicKey, [], t.PID)]), E(4)); }
  { const { env, t, mint, a } = world({ freeze: false }); add('freeze_mint_cannot_freeze', 'Freeze on a mint without a freeze authority: MintCannotFreeze (16).', env, T(env, [freezeAuth], [spl.createFreezeAccountInstruction(a, mint, freezeAuth.publicKey, [], t.PID)]), E(16)); }
  // ---- SetAuthority ----
  { const { env, t, mint } = world(); add('set_authority_mint_ok', 'Move the mint authority to another key.', env, T(env, [mintAuth], [spl.createSetAuthorityInstruction(mint, mintAuth.publicKey, spl.AuthorityType.MintTokens, mallory.publicKey, [], t.PID)]), 'ok'); }
  { const { env, t, mint } = world(); add('set_authority_freeze_none', 'Remove the freeze authority.', env, T(env, [freezeAuth], [spl.createSetAuthorityInstruction(mint, freezeAuth.publicKey, spl.AuthorityType.FreezeAccount, null, [], t.PID)]), 'ok'); }
  { const { env, t, a } = world(); add('set_authority_account_owner_ok', 'Change the owner of a token account.', env, T(env, [alice], [spl.createSetAuthorityInstruction(a, alice.publicKey, spl.AuthorityType.AccountOwner, mallory.publicKey, [], t.PID)]), 'ok'); }
  { const { env, t, a } = world(); add('set_authority_unsupported_type', 'SetAuthority(MintTokens) on a token account: AuthorityTypeNotSupported (15).', env, T(env, [alice], [spl.createSetAuthorityInstruction(a, alice.publicKey, spl.AuthorityType.MintTokens, mallory.publicKey, [], t.PID)]), E(15)); }
  { const { env, t, mint } = world(); add('set_authority_wrong_signer', 'SetAuthority on the mint signed by a non-authority: OwnerMismatch (4).', env, T(env, [mallory], [spl.createSetAuthorityInstruction(mint, mallory.publicKey, spl.AuthorityType.MintTokens, mallory.publicKey, [], t.PID)]), E(4)); }
  // ---- Multisig ----
  const ms = [kp('ms-signer-1'), kp('ms-signer-2'), kp('ms-signer-3')];
  const msKp = kp(G + '/multisig');
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    add('initialize_multisig_ok', 'CreateAccount + InitializeMultisig, 2 of 3.', env,
      T(env, [msKp], [sys.createAccount(payer, msKp, env.rentExempt(355), 355n, t.PID), spl.createInitializeMultisigInstruction(msKp.publicKey, ms.map(s => s.publicKey), 2, t.PID)]), 'ok');
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    add('initialize_multisig_m_zero', 'InitializeMultisig requiring 0 signers: InvalidNumberOfRequiredSigners (8).', env,
      T(env, [msKp], [sys.createAccount(payer, msKp, env.rentExempt(355), 355n, t.PID), spl.createInitializeMultisigInstruction(msKp.publicKey, ms.map(s => s.publicKey), 0, t.PID)]), { InstructionError: [1, { Custom: 8 }] });
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    add('initialize_multisig_m_exceeds_n', 'InitializeMultisig with m = 4 > n = 3 is accepted (only 1 <= m <= 11 is checked).', env,
      T(env, [msKp], [sys.createAccount(payer, msKp, env.rentExempt(355), 355n, t.PID), spl.createInitializeMultisigInstruction(msKp.publicKey, ms.map(s => s.publicKey), 4, t.PID)]), undefined);
  }
  {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    const twelve = Array.from({ length: 12 }, (_, i) => kp('ms-many-' + i).publicKey);
    add('initialize_multisig_too_many_signers', 'InitializeMultisig with 12 signer keys: InvalidNumberOfProvidedSigners (7).', env,
      T(env, [msKp], [sys.createAccount(payer, msKp, env.rentExempt(355), 355n, t.PID), spl.createInitializeMultisigInstruction(msKp.publicKey, twelve, 2, t.PID)]), { InstructionError: [1, { Custom: 7 }] });
  }
  const msWorld = () => {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); const t = tokenKit(env, program);
    const m = t.createMultisig(payer, msKp, 2, ms.map(s => s.publicKey));
    const mint = t.createMint(payer, mintKp, { authority: m });
    const a = t.createAccount(payer, aliceAcct, mint, m);
    const b = t.createAccount(payer, bobAcct, mint, bob);
    env.run(T(env, [ms[0], ms[1]], [spl.createMintToInstruction(mint, a, m, 1000n, [ms[0].publicKey, ms[1].publicKey], t.PID)]));
    return { env, t, m, mint, a, b };
  };
  { const { env, t, m, mint, b } = msWorld(); add('multisig_mint_to_ok', 'MintTo with a 2-of-3 multisig authority, signers 1 and 3.', env, T(env, [ms[0], ms[2]], [spl.createMintToInstruction(mint, b, m, 5n, [ms[0].publicKey, ms[2].publicKey], t.PID)]), 'ok'); }
  {
    const { env, t, m, mint, b } = msWorld(); const i = spl.createMintToInstruction(mint, b, m, 5n, [ms[0].publicKey, ms[1].publicKey], t.PID); i.keys[4].isSigner = false;
    add('multisig_not_enough_signers', 'MintTo with only one of the two required multisig signatures.', env, T(env, [ms[0]], [i]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  { const { env, t, m, a, b } = msWorld(); add('multisig_transfer_ok', 'Transfer out of an account owned by the multisig.', env, T(env, [ms[1], ms[2]], [spl.createTransferInstruction(a, b, m, 10n, [ms[1].publicKey, ms[2].publicKey], t.PID)]), 'ok'); }
  {
    const { env, t, m, a, b } = msWorld(); const stranger = kp('ms-stranger');
    add('multisig_wrong_signer', 'A multisig transfer signed by one member and one non-member.', env, T(env, [ms[0], stranger], [spl.createTransferInstruction(a, b, m, 10n, [ms[0].publicKey, stranger.publicKey], t.PID)]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  // ---- Native (wrapped SOL) ----
  const nativeWorld = () => {
    const env = new Env({ programs: [program] }); env.fund(payer, 100n * SOL); env.fund(alice, SOL); const t = tokenKit(env, program);
    env.set(t.nativeMint, { lamports: env.rentExempt(82), data: nativeMintData(), owner: t.PID });
    return { env, t };
  };
  {
    const { env, t } = nativeWorld();
    add('native_initialize_account', 'Create a wrapped-SOL account holding 2 SOL above rent: its token amount is the excess.', env,
      T(env, [aliceAcct], t.createAccountIxs(payer, aliceAcct, t.nativeMint, alice, { lamports: env.rentExempt(165) + 2n * SOL })), 'ok');
  }
  {
    const { env, t } = nativeWorld(); const a = t.createAccount(payer, aliceAcct, t.nativeMint, alice);
    add('native_sync', 'Transfer lamports into a wrapped-SOL account, then SyncNative.', env,
      T(env, [], [sys.transfer(payer, a, SOL), spl.createSyncNativeInstruction(a, t.PID)]), 'ok');
  }
  {
    const { env, t } = nativeWorld(); const a = t.createAccount(payer, aliceAcct, t.nativeMint, alice, { lamports: env.rentExempt(165) + SOL });
    add('native_close', 'Close a wrapped-SOL account with a balance: all lamports go to the destination.', env,
      T(env, [alice], [spl.createCloseAccountInstruction(a, alice.publicKey, alice.publicKey, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = world();
    add('sync_native_on_non_native', 'SyncNative on a non-native account: NonNativeNotSupported (19).', env, T(env, [], [spl.createSyncNativeInstruction(aliceAcct.publicKey, t.PID)]), E(19));
  }
  // ---- Return-data instructions and misc ----
  { const { env, t, mint } = world(); add('get_account_data_size', 'GetAccountDataSize returns the token-account size as return data.', env, T(env, [], [t.getAccountDataSize(mint)]), 'ok'); }
  { const { env, t, mint } = world(); add('amount_to_ui_amount', 'AmountToUiAmount(1,234,567) returns "1.234567" as return data.', env, T(env, [], [spl.createAmountToUiAmountInstruction(mint, 1234567n, t.PID)]), 'ok'); }
  { const { env, t, mint } = world(); add('ui_amount_to_amount', 'UiAmountToAmount("12.5") returns 12,500,000 as return data.', env, T(env, [], [spl.createUiAmountToAmountInstruction(mint, '12.5', t.PID)]), 'ok'); }
  { const { env, t, mint } = world(); add('ui_amount_to_amount_invalid', 'UiAmountToAmount with a non-numeric string.', env, T(env, [], [spl.createUiAmountToAmountInstruction(mint, 'abc', t.PID)]), 'error'); }
  {
    const { env, t, mint } = world();
    add('initialize_immutable_owner', 'InitializeImmutableOwner before InitializeAccount3.', env,
      T(env, [otherAcct], [sys.createAccount(payer, otherAcct, env.rentExempt(t.accountLen([spl.ExtensionType.ImmutableOwner])), BigInt(t.accountLen([spl.ExtensionType.ImmutableOwner])), t.PID), spl.createInitializeImmutableOwnerInstruction(otherAcct.publicKey, t.PID), spl.createInitializeAccount3Instruction(otherAcct.publicKey, mint, mallory.publicKey, t.PID)]), 'ok');
  }
  { const { env, t, mint } = world(); add('invalid_instruction_tag', 'Instruction tag 200 does not exist.', env, T(env, [], [t.raw([200], [w(mint)])]), 'error'); }
  { const { env, t, mint } = world(); add('empty_instruction_data', 'A token instruction with no data.', env, T(env, [], [t.raw([], [w(mint)])]), 'error'); }
  {
    const { env, t, a, b } = world();
    const i = spl.createTransferInstruction(a, b, alice.publicKey, 1n, [], t.PID); i.keys = i.keys.slice(0, 2);
    add('transfer_missing_accounts', 'Transfer with only two of its three accounts: NotEnoughAccountKeys.', env, T(env, [], [i]), { InstructionError: [0, 'NotEnoughAccountKeys'] });
  }
  {
    const { env, t, a, b } = world(); env.set(otherAcct, { lamports: SOL, data: env.get(a).data, owner: sys.SYSTEM_PROGRAM });
    add('transfer_source_not_token_owned', 'The source holds token-account bytes but is owned by the system program.', env,
      T(env, [alice], [spl.createTransferInstruction(otherAcct.publicKey, b, alice.publicKey, 1n, [], t.PID)]), 'error');
  }
}

export default function (ctx) {
  classicTokenCases(ctx, 'token', 'token');
}
