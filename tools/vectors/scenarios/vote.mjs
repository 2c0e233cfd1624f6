import { Env } from '../lib/env.mjs';
import { kp, pk, PublicKey, hashBytes } from '../lib/keys.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as V from '../lib/ix/vote.mjs';

const SOL = 1_000_000_000n;
const slotHash = slot => new PublicKey(hashBytes('slot-hash/' + slot));

export default function (ctx) {
  const G = 'vote';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), node = kp('vote/node'), voter = kp('vote/voter'), withdrawer = kp('vote/withdrawer'), mallory = kp('mallory');
  const voteKp = kp('vote/account');
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });
  const base = () => { const env = new Env({ programs: [] }); for (const k of [payer, node, voter, withdrawer, mallory]) env.fund(k, k === payer ? 100n * SOL : SOL); return env; };
  const createIxs = (env, lamports) => [sys.createAccount(payer, voteKp, lamports ?? env.rentExempt(V.VOTE_STATE_SIZE), BigInt(V.VOTE_STATE_SIZE), V.VOTE), V.initialize(voteKp, node, voter.publicKey, withdrawer.publicKey, 10)];
  const world = () => { const env = base(); env.run(T(env, [voteKp, node], createIxs(env, env.rentExempt(V.VOTE_STATE_SIZE) + SOL))); env.nextBlockhash(); return env; };
  const vk = voteKp.publicKey;

  { const env = base(); add('initialize_ok', 'CreateAccount (3,762 bytes) + InitializeAccount with 10% commission.', env, T(env, [voteKp, node], createIxs(env)), 'ok'); }
  { const env = base(); add('initialize_not_rent_exempt', 'InitializeAccount on a vote account below the rent-exempt minimum.', env, T(env, [voteKp, node], createIxs(env, 1_000_000n)), 'error'); }
  {
    const env = base(); const i = createIxs(env); i[1].keys[3].isSigner = false;
    add('initialize_node_not_signer', 'InitializeAccount without the node identity signature.', env, T(env, [voteKp], i), { InstructionError: [1, 'MissingRequiredSignature'] });
  }
  { const env = world(); add('initialize_twice', 'InitializeAccount on an initialized vote account.', env, T(env, [node], [V.initialize(vk, node, voter.publicKey, withdrawer.publicKey, 5)]), 'error'); }
  {
    const env = base(); env.set(voteKp, { lamports: SOL, data: Buffer.alloc(100), owner: V.VOTE });
    add('initialize_wrong_size', 'InitializeAccount on a 100-byte account.', env, T(env, [node], [V.initialize(vk, node, voter.publicKey, withdrawer.publicKey, 5)]), 'error');
  }
  { const env = world(); add('authorize_voter_ok', 'Authorize a new voter, signed by the current voter (takes effect next epoch).', env, T(env, [voter], [V.authorize(vk, voter, mallory.publicKey, 0)]), 'ok'); }
  { const env = world(); add('authorize_withdrawer_ok', 'Authorize a new withdrawer, signed by the withdrawer.', env, T(env, [withdrawer], [V.authorize(vk, withdrawer, mallory.publicKey, 1)]), 'ok'); }
  { const env = world(); add('authorize_voter_by_withdrawer', 'The withdrawer may also change the voter.', env, T(env, [withdrawer], [V.authorize(vk, withdrawer, mallory.publicKey, 0)]), 'ok'); }
  { const env = world(); add('authorize_wrong_signer', 'Authorize signed by an unrelated key.', env, T(env, [mallory], [V.authorize(vk, mallory, mallory.publicKey, 1)]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  { const env = world(); add('authorize_checked_ok', 'AuthorizeChecked: the new withdrawer signs too.', env, T(env, [withdrawer, mallory], [V.authorizeChecked(vk, withdrawer, mallory, 1)]), 'ok'); }
  { const env = world(); add('update_commission_ok', 'UpdateCommission to 5%, signed by the withdrawer.', env, T(env, [withdrawer], [V.updateCommission(vk, withdrawer, 5)]), 'ok'); }
  { const env = world(); add('update_commission_wrong_signer', 'UpdateCommission signed by the voter (not the withdrawer).', env, T(env, [voter], [V.updateCommission(vk, voter, 5)]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  { const env = world(); add('update_validator_identity_ok', 'UpdateValidatorIdentity signed by the new node and the withdrawer.', env, T(env, [mallory, withdrawer], [V.updateValidatorIdentity(vk, mallory, withdrawer)]), 'ok'); }
  { const env = world(); add('withdraw_partial_ok', 'Withdraw 0.5 SOL, leaving more than the rent-exempt minimum.', env, T(env, [withdrawer], [V.withdraw(vk, withdrawer, payer.publicKey, SOL / 2n)]), 'ok'); }
  { const env = world(); add('withdraw_all_ok', 'Withdraw the whole balance of a vote account with no credits: it is closed.', env, T(env, [withdrawer], [V.withdraw(vk, withdrawer, payer.publicKey, env.get(vk).lamports)]), 'ok'); }
  { const env = world(); add('withdraw_below_rent', 'Withdraw so much that the account would stop being rent-exempt.', env, T(env, [withdrawer], [V.withdraw(vk, withdrawer, payer.publicKey, SOL + 1n)]), { InstructionError: [0, 'InsufficientFunds'] }); }
  { const env = world(); add('withdraw_wrong_signer', 'Withdraw signed by the voter.', env, T(env, [voter], [V.withdraw(vk, voter, payer.publicKey, 1000n)]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  const tower = (slot, hash = slotHash(slot), extra = {}) => ({ lockouts: [[BigInt(slot), 1]], hash, timestamp: 1_700_000_040n, blockId: new PublicKey(hashBytes('block-id/' + slot)), ...extra });
  { const env = world(); add('tower_sync_ok', 'TowerSync voting on slot 99 with its SlotHashes hash.', env, T(env, [voter], [V.towerSync(vk, voter, tower(99))]), 'ok'); }
  { const env = world(); add('tower_sync_two_slots', 'TowerSync with lockouts on slots 98 (confirmation 2) and 99.', env, T(env, [voter], [V.towerSync(vk, voter, { ...tower(99), lockouts: [[98n, 2], [99n, 1]] })]), 'ok'); }
  { const env = world(); add('tower_sync_wrong_hash', 'TowerSync for slot 99 with the wrong hash.', env, T(env, [voter], [V.towerSync(vk, voter, tower(99, slotHash(42)))]), 'error'); }
  { const env = world(); add('tower_sync_slot_not_in_slot_hashes', 'TowerSync for slot 100, not yet in SlotHashes.', env, T(env, [voter], [V.towerSync(vk, voter, tower(100))]), 'error'); }
  { const env = world(); add('tower_sync_wrong_voter', 'TowerSync signed by the withdrawer instead of the voter.', env, T(env, [withdrawer], [V.towerSync(vk, withdrawer, tower(99))]), 'error'); }
  { const env = world(); add('tower_sync_no_timestamp', 'TowerSync without a timestamp.', env, T(env, [voter], [V.towerSync(vk, voter, { ...tower(99), timestamp: null })]), 'ok'); }
  { const env = world(); add('tower_sync_old_timestamp', 'TowerSync with a timestamp older than the clock epoch start.', env, T(env, [voter], [V.towerSync(vk, voter, { ...tower(99), timestamp: 5n })]), undefined); }
  {
    const env = world(); env.run(T(env, [voter], [V.towerSync(vk, voter, tower(98))])); env.nextBlockhash();
    add('tower_sync_second_vote', 'A second TowerSync on slot 99 after one on slot 98.', env, T(env, [voter], [V.towerSync(vk, voter, { ...tower(99), lockouts: [[98n, 2], [99n, 1]] })]), 'ok');
  }
  { const env = world(); add('legacy_vote_instruction', 'The legacy Vote instruction (deprecated by a feature in this set).', env, T(env, [voter], [V.legacyVote(vk, voter, [99n], slotHash(99))]), 'error'); }
  { const env = world(); add('invalid_instruction', 'Vote instruction tag 99.', env, T(env, [voter], [{ ...V.updateCommission(vk, voter, 1), data: Buffer.from([99, 0, 0, 0]) }]), 'error'); }
}
