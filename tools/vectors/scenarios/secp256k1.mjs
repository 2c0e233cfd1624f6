import * as P from '../lib/ix/precompiles.mjs';
import { precompileCtx } from './precompile-common.mjs';

export default function (ctx) {
  const { run, sys, payer, bob } = precompileCtx(ctx, 'secp256k1');
  const E = code => ({ InstructionError: [0, { Custom: code }] });
  const one = (msg = 'stratus secp256k1') => P.secp256k1Data([{ label: 'a', message: msg }]);
  const k1 = d => P.precompileIx(P.SECP256K1, d);
  const mut = (f, base = one()) => { const d = Buffer.from(base.data); f(d, base.offsets); return k1(d); };

  run('one_signature_ok', 'One valid recoverable signature checked against an Ethereum address.', [k1(one().data)], 'ok');
  run('two_signatures_ok', 'Two valid signatures.', [k1(P.secp256k1Data([{ label: 'a', message: 'one' }, { label: 'b', message: 'two' }]).data)], 'ok');
  run('with_transfer_ok', 'A verification followed by a transfer.', [k1(one().data), sys.transfer(payer, bob, 1n)], 'ok');
  run('empty_message_ok', 'A valid signature over an empty message.', [k1(one('').data)], 'ok');
  run('zero_signatures_no_data', 'count = 0 and no other bytes.', [k1(Buffer.from([0]))], undefined);
  run('zero_signatures_with_data', 'count = 0 followed by more bytes.', [k1(Buffer.from([0, 1, 2]))], 'error');
  run('empty_data', 'No instruction data.', [k1(Buffer.alloc(0))], 'error');
  run('offsets_truncated', 'count = 1 but the offsets table is cut short.', [k1(one().data.subarray(0, 8))], 'error');
  run('bad_signature', 'A signature byte flipped: the recovered address differs.', [mut((d, o) => { d[o[0].sig + 5] ^= 1; })], 'error');
  run('wrong_eth_address', 'The Ethereum address does not match the signer.', [mut((d, o) => { d[o[0].eth] ^= 1; })], 'error');
  run('wrong_message', 'The message differs from the one signed.', [mut((d, o) => { d[o[0].msg] ^= 0x20; })], 'error');
  run('recovery_id_4', 'Recovery id 4: InvalidRecoveryId.', [mut((d, o) => { d[o[0].sig + 64] = 4; })], 'error');
  run('recovery_id_flipped', 'The other recovery id (recovers a different key).', [mut((d, o) => { d[o[0].sig + 64] ^= 1; })], 'error');
  run('signature_s_zero', 'A signature whose s is zero.', [mut((d, o) => { d.fill(0, o[0].sig + 32, o[0].sig + 64); })], 'error');
  run('signature_r_overflow', 'A signature whose r is all 0xff (not below the group order).', [mut((d, o) => { d.fill(0xff, o[0].sig, o[0].sig + 32); })], 'error');
  run('signature_offset_out_of_range', 'The signature offset points past the data.', [mut(d => { d.writeUInt16LE(60000, 1); })], 'error');
  run('eth_offset_out_of_range', 'The Ethereum-address offset points past the data.', [mut(d => { d.writeUInt16LE(60000, 4); })], 'error');
  run('message_size_out_of_range', 'The message size runs past the data.', [mut(d => { d.writeUInt16LE(5000, 9); })], 'error');
  run('instruction_index_out_of_range', 'The signature instruction index names instruction 5.', [mut(d => { d[3] = 5; })], 'error');
  run('count_255', 'count = 255 with data for one signature.', [mut(d => { d[0] = 255; })], 'error');
}
