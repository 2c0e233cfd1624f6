import { Env } from '../lib/env.mjs';
import { kp, pk } from '../lib/keys.mjs';
import { ix, w, r, rs, ws } from '../lib/bytes.mjs';
import { shortVec } from '../lib/tx.mjs';
import * as sys from '../lib/ix/system.mjs';

const SOL = 1_000_000_000n;
const CONFIG = 'Config1111111111111111111111111111111111111';

/** ConfigKeys (short_vec of (pubkey, is_signer)) followed by the stored bytes. */
function configData(keys, payload) {
  return Buffer.concat([Buffer.from(shortVec(keys.length)), ...keys.map(([k, s]) => Buffer.concat([Buffer.from(pk(k).toBytes()), Buffer.from([s ? 1 : 0])])), Buffer.from(payload)]);
}

export default function (ctx) {
  const G = 'config';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), cfg = kp('config/account'), a = kp('config/signer-a'), b = kp('config/signer-b'), mallory = kp('mallory');
  const SIZE = 200;
  const base = (data = Buffer.alloc(0)) => {
    const env = new Env({ programs: [] }); env.fund(payer, 100n * SOL); env.fund(a, SOL); env.fund(b, SOL); env.fund(mallory, SOL);
    if (data) { const d = Buffer.alloc(SIZE); data.copy(d); env.set(cfg, { lamports: env.rentExempt(SIZE), data: d, owner: CONFIG }); }
    return env;
  };
  const store = (keys, payload, metas) => ix(CONFIG, metas, configData(keys, payload));
  const T = (env, signers, instructions) => env.tx({ payer, signers: [payer, ...signers], instructions });

  {
    const env = base(null);
    add('create_and_store', 'CreateAccount owned by the config program, then Store signed by the config account.', env,
      T(env, [cfg], [sys.createAccount(payer, cfg, env.rentExempt(SIZE), BigInt(SIZE), CONFIG), store([], 'hello config', [ws(cfg)])]), 'ok');
  }
  { const env = base(); add('store_no_keys_ok', 'Store with no keys, signed by the config account.', env, T(env, [cfg], [store([], 'v1', [ws(cfg)])]), 'ok'); }
  { const env = base(); add('store_not_signed', 'Store with no signer keys, without the config account signature.', env, T(env, [], [store([], 'v1', [w(cfg)])]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  { const env = base(); add('store_with_signer_key_ok', 'Store listing signer A, signed by the config account and A.', env, T(env, [cfg, a], [store([[a.publicKey, true]], 'payload', [ws(cfg), rs(a)])]), 'ok'); }
  { const env = base(); add('store_signer_key_missing', 'Store listing signer A, but A does not sign.', env, T(env, [cfg], [store([[a.publicKey, true]], 'payload', [ws(cfg), r(a)])]), { InstructionError: [0, 'MissingRequiredSignature'] }); }
  { const env = base(); add('store_non_signer_key', 'Store listing B as a non-signer key.', env, T(env, [cfg], [store([[b.publicKey, false]], 'payload', [ws(cfg)])]), 'ok'); }
  {
    const env = base(configData([[a.publicKey, true]], 'old'));
    add('update_by_existing_signer', 'Update signed by the signer the stored keys name, without the config account.', env, T(env, [a], [store([[a.publicKey, true]], 'new', [w(cfg), rs(a)])]), 'ok');
  }
  {
    const env = base(configData([[a.publicKey, true]], 'old'));
    add('update_by_other_signer', 'Update signed by B, which the stored keys do not name.', env, T(env, [b], [store([[b.publicKey, true]], 'new', [w(cfg), rs(b)])]), 'error');
  }
  {
    const env = base(configData([[a.publicKey, true], [b.publicKey, true]], 'old'));
    add('update_needs_all_signers', 'Two stored signers; the update is signed by only one.', env, T(env, [a], [store([[a.publicKey, true], [b.publicKey, true]], 'new', [w(cfg), rs(a), r(b)])]), 'error');
  }
  { const env = base(); add('store_duplicate_signers', 'The same signer key listed twice.', env, T(env, [cfg, a], [store([[a.publicKey, true], [a.publicKey, true]], 'dup', [ws(cfg), rs(a), rs(a)])]), 'error'); }
  { const env = base(); add('store_too_large', 'The new data does not fit the 200-byte account.', env, T(env, [cfg], [store([], 'x'.repeat(300), [ws(cfg)])]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('store_invalid_data', 'Instruction data that does not start with valid ConfigKeys.', env, T(env, [cfg], [ix(CONFIG, [ws(cfg)], Buffer.from([0xff, 0xff, 0xff, 0xff]))]), 'error'); }
  {
    const env = base(); env.set(cfg, { lamports: SOL, data: Buffer.alloc(SIZE) });
    add('store_not_owned', 'The config account is owned by the system program.', env, T(env, [cfg], [store([], 'x', [ws(cfg)])]), { InstructionError: [0, 'InvalidAccountOwner'] });
  }
  { const env = base(); add('store_no_accounts', 'Store with no accounts.', env, T(env, [], [store([], 'x', [])]), 'error'); }
}
