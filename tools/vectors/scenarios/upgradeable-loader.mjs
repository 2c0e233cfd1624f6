import { Env } from '../lib/env.mjs';
import { kp, pk } from '../lib/keys.mjs';
import { ix, r, w, ws, W } from '../lib/bytes.mjs';
import { elf } from '../lib/shared.mjs';
import { PROGRAMS } from '../lib/programs.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as L from '../lib/ix/loader.mjs';
import * as misc from '../lib/ix/misc.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  const G = 'upgradeable-loader';
  const add = (name, desc, env, tx, expect, extra = {}) => ctx.add(G, name, desc, env, tx, { expect, ...extra });
  const payer = kp('payer'), auth = kp('upgrade-authority'), mallory = kp('mallory'), newAuth = kp('new-authority');
  const prog = kp(G + '/program'), buffer = kp(G + '/buffer');
  const memoElf = elf(PROGRAMS.memo4.elf).bytes, helloElf = elf(PROGRAMS.hello.elf).bytes;
  const MAX = 25_000; // program-data capacity: room for hello_world (20,016 bytes)

  const base = () => {
    const env = new Env({ programs: [] });
    env.fund(payer, 100n * SOL); env.fund(auth, SOL); env.fund(mallory, SOL); env.fund(newAuth, SOL);
    return env;
  };
  /** An upgradeable program set up by writing its accounts (deployment is disabled by a feature). */
  const deployed = (env, { code = memoElf, authority = auth.publicKey, slot = 50n, cap = MAX } = {}) => {
    const pd = L.programDataAddress(prog.publicKey);
    const data = Buffer.concat([L.programDataState(slot, authority), code, Buffer.alloc(cap - code.length)]);
    env.set(pd, { lamports: env.rentExempt(data.length), data, owner: L.LOADER_V3 });
    env.set(prog, { lamports: env.rentExempt(L.PROGRAM_SIZE), data: L.programState(pd), owner: L.LOADER_V3, executable: true });
    return pd;
  };
  const filledBuffer = (env, code = helloElf, authority = auth.publicKey) => {
    const data = Buffer.concat([L.bufferState(authority), code]);
    env.set(buffer, { lamports: env.rentExempt(data.length), data, owner: L.LOADER_V3 });
  };
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });
  const memoIx = (text, signers = []) => ix(prog.publicKey, signers.map(s => ({ pubkey: s.publicKey, isSigner: true, isWritable: false })), Buffer.from(text));

  // ---- Buffers ----
  {
    const env = base(); const size = L.BUFFER_META + memoElf.length;
    add('initialize_buffer_ok', 'CreateAccount + InitializeBuffer sized for the memo program.', env,
      T(env, [buffer], [sys.createAccount(payer, buffer, env.rentExempt(size), BigInt(size), L.LOADER_V3), L.initializeBuffer(buffer, auth)]), 'ok');
  }
  {
    const env = base(); filledBuffer(env);
    add('initialize_buffer_already_initialized', 'InitializeBuffer on an initialized buffer: AccountAlreadyInitialized.', env, T(env, [], [L.initializeBuffer(buffer, auth)]), { InstructionError: [0, 'AccountAlreadyInitialized'] });
  }
  const emptyBuffer = env => { const size = L.BUFFER_META + memoElf.length; env.set(buffer, { lamports: env.rentExempt(size), data: Buffer.concat([L.bufferState(auth.publicKey), Buffer.alloc(memoElf.length)]), owner: L.LOADER_V3 }); };
  { const env = base(); emptyBuffer(env); add('write_ok', 'Write the first 512 bytes of the memo program into a buffer.', env, T(env, [auth], [L.write(buffer, auth, 0, memoElf.subarray(0, 512))]), 'ok'); }
  { const env = base(); emptyBuffer(env); add('write_last_chunk', 'Write the final chunk, ending exactly at the buffer end.', env, T(env, [auth], [L.write(buffer, auth, 2048, memoElf.subarray(2048))]), 'ok'); }
  { const env = base(); emptyBuffer(env); add('write_out_of_bounds', 'Write past the end of the buffer: AccountDataTooSmall.', env, T(env, [auth], [L.write(buffer, auth, memoElf.length - 10, memoElf.subarray(0, 20))]), { InstructionError: [0, 'AccountDataTooSmall'] }); }
  { const env = base(); emptyBuffer(env); add('write_wrong_authority', 'Write signed by a non-authority: IncorrectAuthority.', env, T(env, [mallory], [L.write(buffer, mallory, 0, memoElf.subarray(0, 64))]), { InstructionError: [0, 'IncorrectAuthority'] }); }
  {
    const env = base(); emptyBuffer(env); const i = L.write(buffer, auth, 0, memoElf.subarray(0, 64)); i.keys[1].isSigner = false;
    add('write_authority_not_signer', 'Write without the authority signature.', env, T(env, [], [i]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  {
    const env = base(); emptyBuffer(env);
    const i = L.write(buffer, auth, 0, memoElf.subarray(0, 64)); i.data = i.data.subarray(0, 10);
    add('write_truncated_data', 'Write instruction data cut short.', env, T(env, [auth], [i]), { InstructionError: [0, 'InvalidInstructionData'] });
  }
  // ---- Deploy (the oracle's disable_new_loader_v3_deployments gate does not exist in Tachyon) ----
  {
    const env = base(); filledBuffer(env, memoElf);
    add('deploy_with_max_data_len_disabled', 'DeployWithMaxDataLen with a complete buffer; new loader-v3 deployments are disabled by a feature.', env,
      T(env, [prog, auth], [sys.createAccount(payer, prog, env.rentExempt(L.PROGRAM_SIZE), BigInt(L.PROGRAM_SIZE), L.LOADER_V3), L.deployWithMaxDataLen(payer, prog, buffer, auth, BigInt(memoElf.length * 2))]), 'error',
      { divergence: 'LiteSVM runs Agave 2.2.0 with disable_new_loader_v3_deployments active; that gate was removed from the 2.2 branch (agave #5315) and Tachyon has no such gate, so Tachyon and Stratus deploy the program.' });
  }
  // ---- Invocation ----
  { const env = base(); deployed(env); add('invoke_upgradeable_program', 'Invoke an upgradeable program (memo v4 code in a ProgramData account).', env, T(env, [], [memoIx('upgradeable hello')]), 'ok'); }
  { const env = base(); deployed(env); add('invoke_upgradeable_with_signer', 'Invoke the upgradeable memo program with a signer account.', env, T(env, [auth], [memoIx('signed', [auth])]), 'ok'); }
  {
    const env = base(); deployed(env, { slot: 100n });
    add('invoke_deployed_this_slot', 'The ProgramData slot equals the current slot.', env, T(env, [], [memoIx('same slot')]), 'ok',
      { divergence: 'Agave 2.2 delays visibility of a program deployed or upgraded in the current slot ("Program is not deployed"); LiteSVM runs it.' });
  }
  // ---- Upgrade ----
  { const env = base(); deployed(env); filledBuffer(env); add('upgrade_ok', 'Upgrade the memo program to hello_world from a buffer; the buffer lamports go to the spill account.', env, T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]), 'ok'); }
  {
    const env = base(); deployed(env); filledBuffer(env); env.run(T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]));
    env.setClock({ slot: 101n });
    add('invoke_after_upgrade', 'Invoke the upgraded program one slot later: it now prints Hello world!.', env, T(env, [], [ix(prog.publicKey, [ws(payer)], [])]), 'ok');
  }
  { const env = base(); deployed(env); filledBuffer(env); add('upgrade_wrong_authority', 'Upgrade signed by a non-authority: IncorrectAuthority.', env, T(env, [mallory], [L.upgrade(prog, buffer, mallory, payer)]), 'error'); }
  { const env = base(); deployed(env, { authority: null }); filledBuffer(env); add('upgrade_immutable', 'Upgrade a program whose authority was removed: Immutable.', env, T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]), 'error'); }
  { const env = base(); deployed(env); filledBuffer(env, helloElf, mallory.publicKey); add('upgrade_buffer_authority_mismatch', 'The buffer authority differs from the upgrade authority.', env, T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]), 'error'); }
  { const env = base(); deployed(env, { cap: memoElf.length }); filledBuffer(env); add('upgrade_buffer_too_large', 'The new program is larger than the ProgramData capacity: AccountDataTooSmall.', env, T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]), 'error'); }
  { const env = base(); deployed(env); filledBuffer(env, Buffer.alloc(4000, 1)); add('upgrade_invalid_elf', 'The buffer holds bytes that do not load as an ELF: InvalidAccountData.', env, T(env, [auth], [L.upgrade(prog, buffer, auth, payer)]), 'error'); }
  // ---- SetAuthority ----
  { const env = base(); deployed(env); add('set_authority_program_ok', 'Move the upgrade authority to a new key.', env, T(env, [auth], [L.setAuthority(L.programDataAddress(prog.publicKey), auth, newAuth.publicKey)]), 'ok'); }
  { const env = base(); deployed(env); add('set_authority_program_none', 'Remove the upgrade authority: the program becomes immutable.', env, T(env, [auth], [L.setAuthority(L.programDataAddress(prog.publicKey), auth, null)]), 'ok'); }
  { const env = base(); deployed(env); add('set_authority_program_wrong_signer', 'SetAuthority on program data signed by a non-authority.', env, T(env, [mallory], [L.setAuthority(L.programDataAddress(prog.publicKey), mallory, newAuth.publicKey)]), 'error'); }
  { const env = base(); filledBuffer(env); add('set_authority_buffer_ok', 'Move a buffer authority to a new key.', env, T(env, [auth], [L.setAuthority(buffer, auth, newAuth.publicKey)]), 'ok'); }
  { const env = base(); filledBuffer(env); add('set_authority_buffer_none', 'A buffer authority cannot be removed.', env, T(env, [auth], [L.setAuthority(buffer, auth, null)]), 'error'); }
  { const env = base(); deployed(env); add('set_authority_checked_ok', 'SetAuthorityChecked: the new authority signs too.', env, T(env, [auth, newAuth], [L.setAuthorityChecked(L.programDataAddress(prog.publicKey), auth, newAuth)]), 'ok'); }
  {
    const env = base(); deployed(env); const i = L.setAuthorityChecked(L.programDataAddress(prog.publicKey), auth, newAuth); i.keys[2].isSigner = false;
    add('set_authority_checked_new_not_signer', 'SetAuthorityChecked without the new authority signature.', env, T(env, [auth], [i]), { InstructionError: [0, 'MissingRequiredSignature'] });
  }
  // ---- Close ----
  { const env = base(); filledBuffer(env); add('close_buffer_ok', 'Close a buffer; its lamports go to the recipient.', env, T(env, [auth], [L.close(buffer, payer, auth)]), 'ok'); }
  { const env = base(); filledBuffer(env); add('close_buffer_wrong_authority', 'Close a buffer signed by a non-authority.', env, T(env, [mallory], [L.close(buffer, payer, mallory)]), 'error'); }
  { const env = base(); filledBuffer(env); add('close_buffer_into_itself', 'Close a buffer with itself as the recipient.', env, T(env, [auth], [L.close(buffer, buffer, auth)]), 'error'); }
  { const env = base(); deployed(env); add('close_program_ok', 'Close a program: the ProgramData is emptied and the lamports go to the recipient.', env, T(env, [auth], [L.close(L.programDataAddress(prog.publicKey), payer, auth, prog)]), 'ok', { simulate: true }); }
  { const env = base(); deployed(env, { authority: null }); add('close_program_immutable', 'Close an immutable program.', env, T(env, [auth], [L.close(L.programDataAddress(prog.publicKey), payer, auth, prog)]), 'error'); }
  { const env = base(); deployed(env); add('close_program_without_program_account', 'Close ProgramData without passing the program account.', env, T(env, [auth], [L.close(L.programDataAddress(prog.publicKey), payer, auth)]), 'error'); }
  {
    const env = base(); const u = kp(G + '/uninitialized'); env.set(u, { lamports: SOL, data: Buffer.alloc(4), owner: L.LOADER_V3 });
    add('close_uninitialized_ok', 'Close an uninitialized loader account (no authority needed).', env, T(env, [], [L.close(u, payer)]), 'ok');
  }
  // ---- ExtendProgram ----
  { const env = base(); deployed(env); add('extend_program_ok', 'ExtendProgram by 1,024 bytes; the payer funds the rent through a system-program CPI.', env, T(env, [], [L.extendProgram(prog, payer, 1024)]), 'ok'); }
  { const env = base(); deployed(env); add('extend_program_zero', 'ExtendProgram by zero bytes: InvalidInstructionData.', env, T(env, [], [L.extendProgram(prog, payer, 0)]), 'error'); }
  { const env = base(); deployed(env); add('extend_program_without_payer', 'ExtendProgram without a payer when more rent is needed.', env, T(env, [], [L.extendProgram(prog, null, 1024)]), 'error'); }
  { const env = base(); deployed(env, { authority: null }); add('extend_program_immutable', 'ExtendProgram on an immutable program.', env, T(env, [], [L.extendProgram(prog, payer, 1024)]), undefined); }
  // ---- Misc ----
  { const env = base(); filledBuffer(env); add('invalid_instruction_tag', 'Loader-v3 instruction tag 42.', env, T(env, [], [ix(L.LOADER_V3, [w(buffer)], new W().u32(42).done())]), 'error'); }
  {
    const env = base(); const acct = kp(G + '/v2-account'); env.set(acct, { lamports: SOL, data: Buffer.alloc(100), owner: L.LOADER_V2 });
    add('loader_v2_write_disabled', 'The BPF loader v2 Write instruction (management instructions are disabled).', env, T(env, [acct], [ix(L.LOADER_V2, [w(acct, true)], new W().u32(0).u32(0).u64(4).bytes([1, 2, 3, 4]).done())]), 'error');
  }
}
