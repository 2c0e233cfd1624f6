import { Env } from '../lib/env.mjs';
import { kp, pk, PublicKey } from '../lib/keys.mjs';
import * as sys from '../lib/ix/system.mjs';
import { tokenKit, spl } from '../lib/token.mjs';
import { PROGRAMS } from '../lib/programs.mjs';

const SOL = 1_000_000_000n;
const ATA = new PublicKey(PROGRAMS.ata.address);

export default function (ctx) {
  const G = 'associated-token';
  const add = (name, desc, env, tx, expect, extra = {}) => ctx.add(G, name, desc, env, tx, { expect, ...extra });
  const payer = kp('payer'), mintAuth = kp('mint-authority'), alice = kp('alice'), bob = kp('bob'), funder = kp('funder');

  const world = (program = 'token', opts = {}) => {
    const env = new Env({ programs: ['token', 'token2022', 'ata'], ...opts });
    env.fund(payer, 100n * SOL); env.fund(alice, SOL); env.fund(mintAuth, SOL); env.fund(funder, 5n * SOL);
    const t = tokenKit(env, program);
    const mint = t.createMint(payer, kp(G + '/mint-' + program), { authority: mintAuth });
    const ata = owner => spl.getAssociatedTokenAddressSync(mint, pk(owner), true, t.PID, ATA);
    return { env, t, mint, ata };
  };
  const create = (t, mint, ataAddr, owner, p = payer) => spl.createAssociatedTokenAccountInstruction(pk(p), ataAddr, pk(owner), mint, t.PID, ATA);
  const createIdem = (t, mint, ataAddr, owner, p = payer) => spl.createAssociatedTokenAccountIdempotentInstruction(pk(p), ataAddr, pk(owner), mint, t.PID, ATA);
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  { const { env, t, mint, ata } = world(); add('create_ok', "Create alice's associated token account (SPL Token).", env, T(env, [], [create(t, mint, ata(alice), alice)]), 'ok'); }
  { const { env, t, mint, ata } = world('token2022'); add('create_token_2022_ok', "Create alice's associated token account for a Token-2022 mint (immutable owner added).", env, T(env, [], [create(t, mint, ata(alice), alice)]), 'ok'); }
  { const { env, t, mint, ata } = world(); add('create_idempotent_new', 'CreateIdempotent when the account does not exist yet.', env, T(env, [], [createIdem(t, mint, ata(alice), alice)]), 'ok'); }
  {
    const { env, t, mint, ata } = world(); env.run(T(env, [], [create(t, mint, ata(alice), alice)])); env.nextBlockhash();
    add('create_idempotent_existing', 'CreateIdempotent when the account already exists: nothing changes.', env, T(env, [], [createIdem(t, mint, ata(alice), alice)]), 'ok');
  }
  {
    const { env, t, mint, ata } = world(); env.run(T(env, [], [create(t, mint, ata(alice), alice)])); env.nextBlockhash();
    add('create_existing', 'Create (not idempotent) when the account already exists.', env, T(env, [], [create(t, mint, ata(alice), alice)]), 'error');
  }
  {
    const { env, t, mint, ata } = world();
    add('create_wrong_address', "Create passing bob's associated address for alice: InvalidSeeds.", env, T(env, [], [create(t, mint, ata(bob), alice)]), 'error');
  }
  {
    const { env, t, mint, ata } = world(); env.fund(ata(alice), 1_000_000n);
    add('create_prefunded_address', 'The associated address already holds lamports: the program tops up, allocates and assigns instead of creating.', env, T(env, [], [create(t, mint, ata(alice), alice)]), 'ok');
  }
  {
    const { env, t, mint, ata } = world();
    const i = create(t, mint, ata(alice), alice, funder); i.keys[0].isSigner = false;
    add('create_funder_not_signer', 'The funding account does not sign, so the CPI to the system program escalates a privilege.', env, T(env, [], [i]), { InstructionError: [0, 'PrivilegeEscalation'] });
  }
  {
    const { env, t, mint, ata } = world();
    const i = create(t, mint, ata(alice), alice, funder); i.keys[0].isWritable = false;
    add('create_funder_readonly', 'The funding account signs but is read-only: writable privilege escalation in the CPI.', env, T(env, [funder], [i]), { InstructionError: [0, 'PrivilegeEscalation'] });
  }
  {
    const { env, t, mint, ata } = world(); const poor = kp('poor-funder'); env.fund(poor, 1000n);
    add('create_funder_insufficient', 'The funder cannot pay the rent of the new account.', env, T(env, [poor], [create(t, mint, ata(alice), alice, poor)]), 'error');
  }
  {
    const { env, t, ata } = world(); const fake = kp(G + '/uninitialized-mint'); env.set(fake, { lamports: SOL, data: Buffer.alloc(82), owner: t.PID });
    const addr = spl.getAssociatedTokenAddressSync(fake.publicKey, alice.publicKey, true, t.PID, ATA);
    add('create_uninitialized_mint', 'Create for a mint account that is not initialized.', env, T(env, [], [create(t, fake.publicKey, addr, alice)]), 'error');
  }
  {
    const { env, t, mint, ata } = world(); const t22 = tokenKit(env, 'token2022');
    const addr = spl.getAssociatedTokenAddressSync(mint, alice.publicKey, true, t22.PID, ATA);
    add('create_wrong_token_program', 'Create naming Token-2022 for a mint owned by SPL Token.', env, T(env, [], [create(t22, mint, addr, alice)]), 'error');
  }
  {
    const { env, t, mint, ata } = world(); const i = create(t, mint, ata(alice), alice); i.keys = i.keys.slice(0, 4);
    add('create_missing_accounts', 'Create with only four of its six accounts.', env, T(env, [], [i]), 'error');
  }
  {
    const { env, t, mint, ata } = world(); const i = create(t, mint, ata(alice), alice); i.data = Buffer.from([7]);
    add('invalid_instruction', 'Instruction tag 7 does not exist.', env, T(env, [], [i]), 'error');
  }
  {
    // Nested: an associated token account owned by another associated token account.
    const { env, t, mint, ata } = world(); const ownerAta = ata(alice);
    env.run(T(env, [], [create(t, mint, ownerAta, alice)]));
    const nested = spl.getAssociatedTokenAddressSync(mint, ownerAta, true, t.PID, ATA);
    env.run(T(env, [], [create(t, mint, nested, ownerAta)]));
    t.mintTo(payer, mint, nested, mintAuth, 77n);
    add('recover_nested_ok', 'RecoverNested moves tokens from a nested associated account back to the owner and closes it.', env,
      T(env, [alice], [spl.createRecoverNestedInstruction(nested, mint, ownerAta, ownerAta, mint, alice.publicKey, t.PID, ATA)]), 'ok');
  }
  {
    const { env, t, mint, ata } = world(); const ownerAta = ata(alice);
    env.run(T(env, [], [create(t, mint, ownerAta, alice)]));
    const nested = spl.getAssociatedTokenAddressSync(mint, ownerAta, true, t.PID, ATA);
    env.run(T(env, [], [create(t, mint, nested, ownerAta)]));
    add('recover_nested_wrong_wallet', 'RecoverNested signed by a wallet that does not own the owner account.', env,
      T(env, [bob], [spl.createRecoverNestedInstruction(nested, mint, ownerAta, ownerAta, mint, bob.publicKey, t.PID, ATA)]), 'error');
  }
  {
    // Thirteen creations: each makes several CPIs, together more than the 64-entry instruction trace.
    const { env, t, mint } = world();
    const owners = Array.from({ length: 13 }, (_, i) => kp('ata-owner-' + i).publicKey);
    const ixs = owners.map(o => create(t, mint, spl.getAssociatedTokenAddressSync(mint, o, true, t.PID, ATA), o));
    add('instruction_trace_too_long', 'Thirteen Create instructions need more than 64 instruction-trace entries: MaxInstructionTraceLengthExceeded.', env, T(env, [], ixs), 'MaxInstructionTraceLengthExceeded');
  }
  {
    const { env, t, mint } = world();
    const owners = Array.from({ length: 12 }, (_, i) => kp('ata-owner-' + i).publicKey);
    const ixs = owners.map(o => create(t, mint, spl.getAssociatedTokenAddressSync(mint, o, true, t.PID, ATA), o));
    add('instruction_trace_at_limit', 'Twelve Create instructions stay within the 64-entry instruction trace.', env, T(env, [], ixs), 'ok');
  }
}
