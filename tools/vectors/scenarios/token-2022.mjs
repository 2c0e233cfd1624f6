import { classicTokenCases } from './token.mjs';
import { Env } from '../lib/env.mjs';
import { kp, pk } from '../lib/keys.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as misc from '../lib/ix/misc.mjs';
import { tokenKit, spl } from '../lib/token.mjs';

const SOL = 1_000_000_000n;
const X = spl.ExtensionType;

export default function (ctx) {
  classicTokenCases(ctx, 'token-2022', 'token2022');
  extensionCases(ctx);
}

function extensionCases(ctx) {
  const G = 'token-2022';
  const add = (name, desc, env, tx, expect) => ctx.add(G, 'ext_' + name, desc, env, tx, { expect });
  const payer = kp('payer'), mintAuth = kp('mint-authority'), alice = kp('alice'), bob = kp('bob'), mallory = kp('mallory');
  const feeAuth = kp('fee-authority'), closeAuth = kp('close-authority'), delegate = kp('permanent-delegate');
  const mintKp = kp(G + '/ext-mint'), aAcct = kp(G + '/ext-alice'), bAcct = kp(G + '/ext-bob'), cAcct = kp(G + '/ext-carol');

  const base = (programs = ['token2022']) => {
    const env = new Env({ programs });
    env.fund(payer, 100n * SOL);
    for (const k of [mintAuth, alice, bob, mallory, feeAuth, closeAuth, delegate]) env.fund(k, SOL);
    return { env, t: tokenKit(env, 'token2022') };
  };
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  // ---- Transfer fee ----
  const feeInit = t => [spl.createInitializeTransferFeeConfigInstruction(mintKp.publicKey, feeAuth.publicKey, feeAuth.publicKey, 100, 1000n, t.PID)];
  const feeWorld = () => {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, extensions: [X.TransferFeeConfig], extInit: feeInit(t) });
    const ext = { extensions: [X.TransferFeeAmount] };
    const a = t.createAccount(payer, aAcct, mint, alice, ext), b = t.createAccount(payer, bAcct, mint, bob, ext);
    t.mintTo(payer, mint, a, mintAuth, 1_000_000n);
    return { env, t, mint, a, b };
  };
  {
    const { env, t } = base();
    add('transfer_fee_initialize_mint', 'Create a mint with a 1% transfer fee capped at 1,000.', env, T(env, [mintKp], t.createMintIxs(payer, mintKp, { authority: mintAuth, extensions: [X.TransferFeeConfig], extInit: feeInit(t) })), 'ok');
  }
  { const { env, t, mint, a, b } = feeWorld(); add('transfer_fee_transfer_checked_with_fee', 'TransferCheckedWithFee of 10,000 with the expected fee 100 withheld in the destination.', env, T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 100n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a, b } = feeWorld(); add('transfer_fee_capped', 'TransferCheckedWithFee of 500,000: the fee is capped at 1,000.', env, T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 500_000n, 6, 1000n, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a, b } = feeWorld(); add('transfer_fee_wrong_fee', 'TransferCheckedWithFee stating a fee of 99 where 100 is due: FeeMismatch.', env, T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 99n, [], t.PID)]), 'error'); }
  { const { env, t, mint, a, b } = feeWorld(); add('transfer_fee_plain_transfer_checked', 'TransferChecked on a fee mint withholds the fee too.', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 10_000n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, a, b } = feeWorld(); add('transfer_fee_unchecked_transfer', 'The unchecked Transfer instruction is refused on a mint with a transfer fee.', env, T(env, [alice], [spl.createTransferInstruction(a, b, alice.publicKey, 10_000n, [], t.PID)]), 'error'); }
  {
    const { env, t, mint, a, b } = feeWorld(); env.run(T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 100n, [], t.PID)]));
    add('transfer_fee_withdraw_from_accounts', 'WithdrawWithheldTokensFromAccounts moves the withheld fee to alice.', env, T(env, [feeAuth], [spl.createWithdrawWithheldTokensFromAccountsInstruction(mint, a, feeAuth.publicKey, [], [b], t.PID)]), 'ok');
  }
  {
    const { env, t, mint, a, b } = feeWorld(); env.run(T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 100n, [], t.PID)]));
    add('transfer_fee_withdraw_wrong_authority', 'WithdrawWithheldTokensFromAccounts signed by a non-authority.', env, T(env, [mallory], [spl.createWithdrawWithheldTokensFromAccountsInstruction(mint, a, mallory.publicKey, [], [b], t.PID)]), 'error');
  }
  {
    const { env, t, mint, a, b } = feeWorld(); env.run(T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 100n, [], t.PID)]));
    add('transfer_fee_harvest_to_mint', 'HarvestWithheldTokensToMint (permissionless) moves the withheld fee into the mint.', env, T(env, [], [spl.createHarvestWithheldTokensToMintInstruction(mint, [b], t.PID)]), 'ok');
  }
  {
    const { env, t, mint, a, b } = feeWorld(); env.run(T(env, [alice], [spl.createTransferCheckedWithFeeInstruction(a, mint, b, alice.publicKey, 10_000n, 6, 100n, [], t.PID)]));
    env.run(T(env, [], [spl.createHarvestWithheldTokensToMintInstruction(mint, [b], t.PID)]));
    add('transfer_fee_withdraw_from_mint', 'WithdrawWithheldTokensFromMint after a harvest.', env, T(env, [feeAuth], [spl.createWithdrawWithheldTokensFromMintInstruction(mint, a, feeAuth.publicKey, [], t.PID)]), 'ok');
  }
  { const { env, t, mint } = feeWorld(); add('transfer_fee_set_fee', 'SetTransferFee to 2% (takes effect two epochs later).', env, T(env, [feeAuth], [spl.createSetTransferFeeInstruction(mint, feeAuth.publicKey, [], 200, 5000n, t.PID)]), 'ok'); }
  { const { env, t, mint } = feeWorld(); add('transfer_fee_set_fee_too_high', 'SetTransferFee above 100% (10,001 basis points).', env, T(env, [feeAuth], [spl.createSetTransferFeeInstruction(mint, feeAuth.publicKey, [], 10_001, 5000n, t.PID)]), 'error'); }
  { const { env, t, mint } = feeWorld(); add('transfer_fee_get_account_data_size', 'GetAccountDataSize for a fee mint (TransferFeeAmount is required) plus MemoTransfer.', env, T(env, [], [t.getAccountDataSize(mint, [X.MemoTransfer])]), 'ok'); }

  // ---- Mint close authority ----
  const closeWorld = () => {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, extensions: [X.MintCloseAuthority], extInit: [spl.createInitializeMintCloseAuthorityInstruction(mintKp.publicKey, closeAuth.publicKey, t.PID)] });
    return { env, t, mint };
  };
  { const { env, t, mint } = closeWorld(); add('mint_close_ok', 'Close a mint with zero supply using its close authority.', env, T(env, [closeAuth], [spl.createCloseAccountInstruction(mint, closeAuth.publicKey, closeAuth.publicKey, [], t.PID)]), 'ok'); }
  {
    const { env, t, mint } = closeWorld(); const a = t.createAccount(payer, aAcct, mint, alice); t.mintTo(payer, mint, a, mintAuth, 5n);
    add('mint_close_with_supply', 'Closing a mint that has supply fails.', env, T(env, [closeAuth], [spl.createCloseAccountInstruction(mint, closeAuth.publicKey, closeAuth.publicKey, [], t.PID)]), 'error');
  }
  { const { env, t, mint } = closeWorld(); add('mint_close_wrong_authority', 'Closing a mint signed by a non-authority.', env, T(env, [mallory], [spl.createCloseAccountInstruction(mint, mallory.publicKey, mallory.publicKey, [], t.PID)]), 'error'); }
  {
    const { env, t } = base(); const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    add('mint_close_without_extension', 'Closing a mint that has no close authority extension.', env, T(env, [mintAuth], [spl.createCloseAccountInstruction(mint, mintAuth.publicKey, mintAuth.publicKey, [], t.PID)]), 'error');
  }

  // ---- Memo transfer ----
  const memoWorld = (enable = true) => {
    const { env, t } = base(['token2022', 'memo4', 'memo1']);
    const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    const a = t.createAccount(payer, aAcct, mint, alice);
    const b = t.createAccount(payer, bAcct, mint, bob, { extensions: [X.MemoTransfer], extInit: [] });
    t.mintTo(payer, mint, a, mintAuth, 1000n);
    if (enable) env.run(T(env, [bob], [spl.createEnableRequiredMemoTransfersInstruction(b, bob.publicKey, [], t.PID)]));
    return { env, t, mint, a, b };
  };
  {
    const { env, t } = memoWorld(false);
    add('memo_transfer_enable', 'EnableRequiredMemoTransfers on an account with room for the extension.', env, T(env, [bob], [spl.createEnableRequiredMemoTransfersInstruction(bAcct.publicKey, bob.publicKey, [], t.PID)]), 'ok');
  }
  { const { env, t, mint, a, b } = memoWorld(); add('memo_transfer_missing_memo', 'Transfer into an account that requires memos, without one.', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 10n, 6, [], t.PID)]), 'error'); }
  { const { env, t, mint, a, b } = memoWorld(); add('memo_transfer_with_memo', 'A memo (program v4) immediately before the transfer satisfies the requirement.', env, T(env, [alice], [misc.memo('memo4', 'invoice 42'), spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 10n, 6, [], t.PID)]), 'ok'); }
  { const { env, t, mint, a, b } = memoWorld(); add('memo_transfer_memo_v1', 'A memo from the v1 program before the transfer.', env, T(env, [alice], [misc.memo('memo1', 'invoice 43'), spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 10n, 6, [], t.PID)]), undefined); }
  { const { env, t, b } = memoWorld(); add('memo_transfer_disable', 'DisableRequiredMemoTransfers.', env, T(env, [bob], [spl.createDisableRequiredMemoTransfersInstruction(b, bob.publicKey, [], t.PID)]), 'ok'); }

  // ---- Immutable owner ----
  {
    const { env, t } = base(); const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    const a = t.createAccount(payer, aAcct, mint, alice, { extensions: [X.ImmutableOwner], extInit: [spl.createInitializeImmutableOwnerInstruction(aAcct.publicKey, t.PID)] });
    add('immutable_owner_set_authority', 'SetAuthority(AccountOwner) on an account with an immutable owner.', env, T(env, [alice], [spl.createSetAuthorityInstruction(a, alice.publicKey, spl.AuthorityType.AccountOwner, mallory.publicKey, [], t.PID)]), 'error');
  }
  {
    const { env, t } = base(); const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    add('immutable_owner_initialize', 'Create an account with the ImmutableOwner extension.', env,
      T(env, [aAcct], t.createAccountIxs(payer, aAcct, mint, alice, { extensions: [X.ImmutableOwner], extInit: [spl.createInitializeImmutableOwnerInstruction(aAcct.publicKey, t.PID)] })), 'ok');
  }

  // ---- Metadata pointer + token metadata ----
  const metaWorld = () => {
    const { env, t } = base();
    // Fund the mint for the metadata that TokenMetadata::Initialize appends (reallocation).
    const ixs = t.createMintIxs(payer, mintKp, { authority: mintAuth, extensions: [X.MetadataPointer], extInit: [spl.createInitializeMetadataPointerInstruction(mintKp.publicKey, mintAuth.publicKey, mintKp.publicKey, t.PID)] });
    ixs[0] = sys.createAccount(payer, mintKp, env.rentExempt(t.mintLen([X.MetadataPointer]) + 400), BigInt(t.mintLen([X.MetadataPointer])), t.PID);
    env.run(T(env, [mintKp], ixs));
    return { env, t, mint: mintKp.publicKey };
  };
  const initMeta = (t, mint) => spl.createInitializeInstruction({ programId: t.PID, metadata: mint, updateAuthority: mintAuth.publicKey, mint, mintAuthority: mintAuth.publicKey, name: 'Stratus Test', symbol: 'STR', uri: 'https://example.com/str.json' });
  {
    const { env, t } = base();
    add('metadata_pointer_initialize', 'Create a mint whose metadata pointer points at itself.', env,
      T(env, [mintKp], t.createMintIxs(payer, mintKp, { authority: mintAuth, extensions: [X.MetadataPointer], extInit: [spl.createInitializeMetadataPointerInstruction(mintKp.publicKey, mintAuth.publicKey, mintKp.publicKey, t.PID)] })), 'ok');
  }
  { const { env, t, mint } = metaWorld(); add('metadata_initialize', 'TokenMetadata Initialize (name, symbol, uri) stored in the mint, which grows.', env, T(env, [mintAuth], [initMeta(t, mint)]), 'ok'); }
  {
    const { env, t, mint } = metaWorld(); env.run(T(env, [mintAuth], [initMeta(t, mint)]));
    add('metadata_update_field', 'TokenMetadata UpdateField adds a custom key.', env, T(env, [mintAuth], [spl.createUpdateFieldInstruction({ programId: t.PID, metadata: mint, updateAuthority: mintAuth.publicKey, field: 'color', value: 'blue' })]), 'ok');
  }
  {
    const { env, t, mint } = metaWorld(); env.run(T(env, [mintAuth], [initMeta(t, mint)]));
    add('metadata_update_wrong_authority', 'TokenMetadata UpdateField signed by a non-authority.', env, T(env, [mallory], [spl.createUpdateFieldInstruction({ programId: t.PID, metadata: mint, updateAuthority: mallory.publicKey, field: 'name', value: 'Evil' })]), 'error');
  }
  {
    const { env, t, mint } = metaWorld(); env.run(T(env, [mintAuth], [initMeta(t, mint)]));
    add('metadata_emit', 'TokenMetadata Emit returns the serialized metadata as return data.', env, T(env, [], [spl.createEmitInstruction({ programId: t.PID, metadata: mint })]), 'ok');
  }
  { const { env, t, mint } = metaWorld(); add('metadata_initialize_wrong_mint_authority', 'TokenMetadata Initialize signed by a non-mint-authority.', env, T(env, [mallory], [spl.createInitializeInstruction({ programId: t.PID, metadata: mint, updateAuthority: mallory.publicKey, mint, mintAuthority: mallory.publicKey, name: 'X', symbol: 'X', uri: '' })]), 'error'); }

  // ---- Non-transferable, permanent delegate, default state, interest, pausable ----
  {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, extensions: [X.NonTransferable], extInit: [spl.createInitializeNonTransferableMintInstruction(mintKp.publicKey, t.PID)] });
    const ext = { extensions: [X.NonTransferableAccount, X.ImmutableOwner] };
    const a = t.createAccount(payer, aAcct, mint, alice, ext), b = t.createAccount(payer, bAcct, mint, bob, ext);
    t.mintTo(payer, mint, a, mintAuth, 100n);
    add('non_transferable_transfer', 'Transfer of a non-transferable token fails.', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 1n, 6, [], t.PID)]), 'error');
    add('non_transferable_burn', 'Burning a non-transferable token is allowed.', env, T(env, [alice], [spl.createBurnCheckedInstruction(a, mint, alice.publicKey, 1n, 6, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, extensions: [X.PermanentDelegate], extInit: [spl.createInitializePermanentDelegateInstruction(mintKp.publicKey, delegate.publicKey, t.PID)] });
    const a = t.createAccount(payer, aAcct, mint, alice), b = t.createAccount(payer, bAcct, mint, bob);
    t.mintTo(payer, mint, a, mintAuth, 100n);
    add('permanent_delegate_transfer', "The permanent delegate moves tokens out of alice's account without her signature.", env, T(env, [delegate], [spl.createTransferCheckedInstruction(a, mint, b, delegate.publicKey, 40n, 6, [], t.PID)]), 'ok');
    add('permanent_delegate_burn', 'The permanent delegate burns tokens it does not own.', env, T(env, [delegate], [spl.createBurnCheckedInstruction(a, mint, delegate.publicKey, 10n, 6, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base(); const freeze = kp('freeze-authority'); env.fund(freeze, SOL);
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, freeze, extensions: [X.DefaultAccountState], extInit: [spl.createInitializeDefaultAccountStateInstruction(mintKp.publicKey, spl.AccountState.Frozen, t.PID)] });
    add('default_state_frozen_new_account', 'A new account of a mint whose default state is Frozen starts frozen.', env, T(env, [aAcct], t.createAccountIxs(payer, aAcct, mint, alice)), 'ok');
    add('default_state_thaw', 'The freeze authority thaws the default-frozen account.', env, T(env, [freeze], [spl.createThawAccountInstruction(aAcct.publicKey, mint, freeze.publicKey, [], t.PID)]), 'ok');
    add('default_state_update', 'UpdateDefaultAccountState to Initialized.', env, T(env, [freeze], [spl.createUpdateDefaultAccountStateInstruction(mint, spl.AccountState.Initialized, freeze.publicKey, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, decimals: 2, extensions: [X.InterestBearingConfig], extInit: [spl.createInitializeInterestBearingMintInstruction(mintKp.publicKey, mintAuth.publicKey, 500, t.PID)] });
    env.setClock({ unixTimestamp: 1_700_000_040n + 365n * 24n * 3600n });
    add('interest_bearing_amount_to_ui', 'AmountToUiAmount on a 5%-interest mint one year after initialization (uses the clock).', env, T(env, [], [spl.createAmountToUiAmountInstruction(mint, 10_000n, t.PID)]), 'ok');
    add('interest_bearing_update_rate', 'UpdateRateInterestBearingMint to 10%.', env, T(env, [mintAuth], [spl.createUpdateRateInterestBearingMintInstruction(mint, mintAuth.publicKey, 1000, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base();
    const mint = t.createMint(payer, mintKp, { authority: mintAuth, extensions: [X.PausableConfig], extInit: [spl.createInitializePausableConfigInstruction(mintKp.publicKey, mintAuth.publicKey, t.PID)] });
    const ext = { extensions: [X.PausableAccount] };
    const a = t.createAccount(payer, aAcct, mint, alice, ext), b = t.createAccount(payer, bAcct, mint, bob, ext);
    t.mintTo(payer, mint, a, mintAuth, 100n);
    add('pausable_pause', 'Pause a pausable mint.', env, T(env, [mintAuth], [spl.createPauseInstruction(mint, mintAuth.publicKey, [], t.PID)]), 'ok');
    add('pausable_transfer_while_paused', 'Transfer while the mint is paused fails.', env, T(env, [alice], [spl.createTransferCheckedInstruction(a, mint, b, alice.publicKey, 1n, 6, [], t.PID)]), 'error');
  }
  // ---- CPI guard, reallocate ----
  {
    const { env, t } = base(); const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    const a = t.createAccount(payer, aAcct, mint, alice, { extensions: [X.CpiGuard] });
    add('cpi_guard_enable', 'EnableCpiGuard on an account with room for it.', env, T(env, [alice], [spl.createEnableCpiGuardInstruction(a, alice.publicKey, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base(); const mint = t.createMint(payer, mintKp, { authority: mintAuth });
    const a = t.createAccount(payer, aAcct, mint, alice);
    add('enable_memo_without_space', 'EnableRequiredMemoTransfers on an account without room for the extension.', env,
      T(env, [alice], [spl.createEnableRequiredMemoTransfersInstruction(a, alice.publicKey, [], t.PID)]), 'error');
    add('reallocate_add_memo_transfer', 'Reallocate an account to make room for MemoTransfer (payer funds the rent).', env, T(env, [alice], [spl.createReallocateInstruction(a, payer.publicKey, [X.MemoTransfer], alice.publicKey, [], t.PID)]), 'ok');
    env.nextBlockhash();
    add('enable_memo_after_reallocate', 'EnableRequiredMemoTransfers after the reallocation.', env, T(env, [alice], [spl.createEnableRequiredMemoTransfersInstruction(a, alice.publicKey, [], t.PID)]), 'ok');
  }
  {
    const { env, t } = base();
    add('mint_with_many_extensions', 'One mint with transfer fee, close authority, metadata pointer and permanent delegate.', env,
      T(env, [mintKp], t.createMintIxs(payer, mintKp, {
        authority: mintAuth,
        extensions: [X.TransferFeeConfig, X.MintCloseAuthority, X.MetadataPointer, X.PermanentDelegate],
        extInit: [...feeInit(t), spl.createInitializeMintCloseAuthorityInstruction(mintKp.publicKey, closeAuth.publicKey, t.PID), spl.createInitializeMetadataPointerInstruction(mintKp.publicKey, mintAuth.publicKey, mintKp.publicKey, t.PID), spl.createInitializePermanentDelegateInstruction(mintKp.publicKey, delegate.publicKey, t.PID)],
      })), 'ok');
  }
  {
    const { env, t } = base();
    add('extension_init_after_mint_init', 'InitializeMintCloseAuthority after InitializeMint2 is refused.', env,
      T(env, [mintKp], [...t.createMintIxs(payer, mintKp, { authority: mintAuth, extensions: [X.MintCloseAuthority] }), spl.createInitializeMintCloseAuthorityInstruction(mintKp.publicKey, closeAuth.publicKey, t.PID)]), 'error');
  }
  {
    const { env, t } = base();
    add('mint_too_small_for_extension', 'InitializeMintCloseAuthority on an 82-byte account.', env,
      T(env, [mintKp], [sys.createAccount(payer, mintKp, env.rentExempt(82), 82n, t.PID), spl.createInitializeMintCloseAuthorityInstruction(mintKp.publicKey, closeAuth.publicKey, t.PID)]), 'error');
  }
}
