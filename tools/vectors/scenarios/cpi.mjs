import { Env } from '../lib/env.mjs';
import { kp, pk, PublicKey } from '../lib/keys.mjs';
import { tokenKit, spl } from '../lib/token.mjs';
import { PROGRAMS } from '../lib/programs.mjs';
import * as cb from '../lib/ix/misc.mjs';

const SOL = 1_000_000_000n;
const ATA = new PublicKey(PROGRAMS.ata.address);

// Cross-program invocations made by real programs: the associated-token program calls the system
// and token programs; Token-2022's Reallocate calls the system program.
export default function (ctx) {
  const G = 'cpi';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), mintAuth = kp('mint-authority'), alice = kp('alice');

  const world = (envOpts = {}, program = 'token') => {
    const env = new Env({ programs: ['token', 'token2022', 'ata'], ...envOpts });
    env.fund(payer, 100n * SOL); env.fund(alice, SOL); env.fund(mintAuth, SOL);
    const t = tokenKit(env, program);
    const mint = t.createMint(payer, kp(G + '/mint'), { authority: mintAuth });
    const ataAddr = spl.getAssociatedTokenAddressSync(mint, alice.publicKey, true, t.PID, ATA);
    const create = () => spl.createAssociatedTokenAccountInstruction(payer.publicKey, ataAddr, alice.publicKey, mint, t.PID, ATA);
    return { env, t, mint, ataAddr, create };
  };
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  { const { env, create } = world({ computeBudget: { maxInstructionStackDepth: 1n } }); add('depth_limit_1', 'A fixed compute budget with max_instruction_stack_depth = 1: the first CPI of an associated-account creation fails with CallDepth.', env, T(env, [], [create()]), { InstructionError: [0, 'CallDepth'] }); }
  { const { env, create } = world({ computeBudget: { maxInstructionStackDepth: 2n } }); add('depth_limit_2', 'max_instruction_stack_depth = 2 is enough for the associated-token program (its CPIs are at height 2).', env, T(env, [], [create()]), 'ok'); }
  { const { env, create } = world({ computeBudget: { maxInstructionTraceLength: 3n } }); add('trace_length_3', 'max_instruction_trace_length = 3: the fourth instruction-trace entry fails.', env, T(env, [], [create()]), { InstructionError: [0, 'MaxInstructionTraceLengthExceeded'] }); }
  { const { env, create } = world({ computeBudget: { computeUnitLimit: 12_000n } }); add('fixed_budget_out_of_compute', 'A fixed 12,000-unit budget runs out inside a CPI callee.', env, T(env, [], [create()]), 'error'); }
  { const { env, create } = world({ computeBudget: { invokeUnits: 5_000n } }); add('invoke_units_5000', 'A fixed budget charging 5,000 units per CPI (default 1,000).', env, T(env, [], [create()]), undefined); }
  { const { env, create } = world(); add('ata_create_token', 'Reference: associated-account creation with its CPIs and inner instructions (SPL Token).', env, T(env, [], [create()]), 'ok'); }
  { const { env, create } = world({}, 'token2022'); add('ata_create_token_2022', 'Reference: associated-account creation with its CPIs (Token-2022: also InitializeImmutableOwner).', env, T(env, [], [create()]), 'ok'); }
  { const { env, create } = world(); add('ata_create_limit_tight', 'Compute limit set just high enough for the CPIs.', env, T(env, [], [cb.setComputeUnitLimit(30_000), create()]), 'ok'); }
  { const { env, create } = world(); add('ata_create_limit_in_callee', 'A 10,000-unit limit runs out inside the token program called by CPI.', env, T(env, [], [cb.setComputeUnitLimit(10_000), create()]), 'error'); }
  {
    const { env, create } = world(); const i = create(); i.keys[1].isWritable = false;
    add('callee_needs_writable', 'The new associated account is passed read-only; the system-program CPI needs it writable: PrivilegeEscalation.', env, T(env, [], [i]), 'error');
  }
  {
    const { env, t, mint } = world({}, 'token2022'); const acct = kp(G + '/t22-account');
    t.createAccount(payer, acct, mint, alice);
    const funder = kp('funder'); env.fund(funder, SOL);
    const i = spl.createReallocateInstruction(acct.publicKey, funder.publicKey, [spl.ExtensionType.MemoTransfer], alice.publicKey, [], t.PID);
    const fi = i.keys.findIndex(k => k.pubkey.equals(funder.publicKey)); i.keys[fi].isSigner = false;
    add('reallocate_payer_not_signer', "Token-2022 Reallocate whose payer does not sign: the program's system transfer CPI escalates a privilege.", env, T(env, [alice], [i]), 'error');
  }
  {
    const { env, t, mint } = world({}, 'token2022'); const acct = kp(G + '/t22-account');
    t.createAccount(payer, acct, mint, alice);
    add('reallocate_cpi_transfer', 'Token-2022 Reallocate: the extra rent is paid through a system-program CPI.', env, T(env, [alice], [spl.createReallocateInstruction(acct.publicKey, payer.publicKey, [spl.ExtensionType.MemoTransfer, spl.ExtensionType.CpiGuard], alice.publicKey, [], t.PID)]), 'ok');
  }
}
