import * as P from '../lib/ix/precompiles.mjs';
import { precompileCtx } from './precompile-common.mjs';

export default function (ctx) {
  const { run, sys, payer, bob } = precompileCtx(ctx, 'secp256r1');
  const one = (msg = 'stratus secp256r1', opts = {}) => P.secp256r1Data([{ label: 'a', message: msg }], opts);
  const r1 = d => P.precompileIx(P.SECP256R1, d);
  const mut = (f, base = one()) => { const d = Buffer.from(base.data); f(d, base.offsets); return r1(d); };

  run('one_signature_ok', 'One valid low-S P-256 signature (compressed public key).', [r1(one().data)], 'ok');
  run('two_signatures_ok', 'Two valid signatures.', [r1(P.secp256r1Data([{ label: 'a', message: 'one' }, { label: 'b', message: 'two' }]).data)], 'ok');
  run('eight_signatures_ok', 'Eight valid signatures, the most allowed.', [r1(P.secp256r1Data(Array.from({ length: 8 }, (_, i) => ({ label: 'k' + i, message: 'm' + i }))).data)], 'ok');
  run('nine_signatures', 'Nine signatures: more than the precompile allows.', [r1(P.secp256r1Data(Array.from({ length: 9 }, (_, i) => ({ label: 'k' + i, message: 'm' + i }))).data)], 'error');
  run('with_transfer_ok', 'A verification followed by a transfer.', [r1(one().data), sys.transfer(payer, bob, 1n)], 'ok');
  run('high_s', 'The same signature with s replaced by n - s (high S): rejected.', [r1(one('stratus secp256r1', { highS: true }).data)], 'error');
  run('zero_signatures_no_data', 'num_signatures = 0 and nothing else.', [r1(Buffer.from([0, 0]))], 'error');
  run('zero_signatures_with_data', 'num_signatures = 0 followed by more bytes.', [r1(Buffer.from([0, 0, 9, 9]))], 'error');
  run('empty_data', 'No instruction data.', [r1(Buffer.alloc(0))], 'error');
  run('offsets_truncated', 'num_signatures = 1 but the offsets table is cut short.', [r1(one().data.subarray(0, 9))], 'error');
  run('bad_signature', 'A signature byte flipped.', [mut((d, o) => { d[o[0].sig + 10] ^= 1; })], 'error');
  run('wrong_message', 'The message differs from the one signed.', [mut((d, o) => { d[o[0].msg] ^= 0x20; })], 'error');
  run('bad_public_key', 'A compressed public key whose prefix byte is 0x05.', [mut((d, o) => { d[o[0].pubkey] = 5; })], 'error');
  run('signature_r_zero', 'A signature whose r is zero.', [mut((d, o) => { d.fill(0, o[0].sig, o[0].sig + 32); })], 'error');
  run('signature_offset_out_of_range', 'The signature offset points past the data.', [mut(d => { d.writeUInt16LE(60000, 2); })], 'error');
  run('pubkey_offset_out_of_range', 'The public-key offset points past the data.', [mut(d => { d.writeUInt16LE(60000, 6); })], 'error');
  run('message_size_out_of_range', 'The message size runs past the data.', [mut(d => { d.writeUInt16LE(5000, 12); })], 'error');
  run('instruction_index_out_of_range', 'The signature instruction index names instruction 3.', [mut(d => { d.writeUInt16LE(3, 4); })], 'error');
}
