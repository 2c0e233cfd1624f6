// Setup helpers for SPL Token and Token-2022 scenarios (instruction builders come from
// @solana/spl-token; they only encode instruction data).
import * as spl from '@solana/spl-token';
import { PROGRAMS } from './programs.mjs';
import { PublicKey, pk } from './keys.mjs';
import * as sys from './ix/system.mjs';
import { W, ix, r, w } from './bytes.mjs';

export { spl };
export const NATIVE_MINT = 'So11111111111111111111111111111111111111112';
export const NATIVE_MINT_2022 = '9pan9bMn5HatX4EJdBwg9VgCa7Uz5HL8N1m5D3NdXejP';

export function tokenKit(env, program = 'token') {
  const PID = new PublicKey(PROGRAMS[program].address);
  const is2022 = program === 'token2022';
  const kit = {
    PID,
    nativeMint: is2022 ? NATIVE_MINT_2022 : NATIVE_MINT,
    mintLen: (exts = []) => (is2022 ? spl.getMintLen(exts) : 82),
    accountLen: (exts = []) => (is2022 ? spl.getAccountLen(exts) : 165),
    /** Instructions creating and initializing a mint (extension init instructions go before InitializeMint2). */
    createMintIxs(payer, mint, { decimals = 6, authority, freeze = null, extensions = [], extInit = [], extraSpace = 0 } = {}) {
      const space = kit.mintLen(extensions) + extraSpace;
      return [
        sys.createAccount(payer, mint, env.rentExempt(space), BigInt(space), PID),
        ...extInit,
        spl.createInitializeMint2Instruction(pk(mint), decimals, pk(authority), freeze && pk(freeze), PID),
      ];
    },
    createMint(payer, mint, opts = {}) {
      env.run(env.tx({ payer, signers: [payer, mint], instructions: kit.createMintIxs(payer, mint, opts) }));
      return pk(mint);
    },
    createAccountIxs(payer, account, mint, owner, { extensions = [], extInit = [], lamports } = {}) {
      const space = kit.accountLen(extensions);
      return [
        sys.createAccount(payer, account, lamports ?? env.rentExempt(space), BigInt(space), PID),
        ...extInit,
        spl.createInitializeAccount3Instruction(pk(account), pk(mint), pk(owner), PID),
      ];
    },
    createAccount(payer, account, mint, owner, opts = {}) {
      env.run(env.tx({ payer, signers: [payer, account], instructions: kit.createAccountIxs(payer, account, mint, owner, opts) }));
      return pk(account);
    },
    mintTo(payer, mint, dest, authority, amount) {
      env.run(env.tx({ payer, signers: [payer, authority], instructions: [spl.createMintToInstruction(pk(mint), pk(dest), pk(authority), BigInt(amount), [], PID)] }));
    },
    createMultisig(payer, multisig, m, signers) {
      const space = 355;
      env.run(env.tx({ payer, signers: [payer, multisig], instructions: [
        sys.createAccount(payer, multisig, env.rentExempt(space), BigInt(space), PID),
        spl.createInitializeMultisigInstruction(pk(multisig), signers.map(pk), m, PID),
      ] }));
      return pk(multisig);
    },
    /** GetAccountDataSize (tag 21): returns the size as u64 return data. */
    getAccountDataSize: (mint, extensionTypes = []) => {
      const d = new W().u8(21);
      for (const t of extensionTypes) d.u16(t);
      return ix(PID, [r(mint)], d.done());
    },
    raw: (data, keys) => ix(PID, keys, data),
  };
  return kit;
}

/** Token-3.5 mint account data for the native mint (created by the runtime on mainnet). */
export function nativeMintData() {
  const b = Buffer.alloc(82);
  b[44] = 9;      // decimals
  b[45] = 1;      // is_initialized
  return b;
}
