import * as P from '../lib/ix/precompiles.mjs';
import { precompileCtx } from './precompile-common.mjs';
import { ix } from '../lib/bytes.mjs';
import { PROGRAMS } from '../lib/programs.mjs';

// PrecompileError custom codes: 0 InvalidPublicKey, 1 InvalidRecoveryId, 2 InvalidSignature,
// 3 InvalidDataOffsets, 4 InvalidInstructionDataSize.
export default function (ctx) {
  const { run, sys, misc, payer, bob } = precompileCtx(ctx, 'ed25519');
  const E = code => ({ InstructionError: [0, { Custom: code }] });
  const one = (msg = 'stratus ed25519') => P.ed25519Data([{ label: 'a', message: msg }]);
  const ed = d => P.precompileIx(P.ED25519, d);
  const mut = (f, base = one()) => { const d = Buffer.from(base.data); f(d, base.offsets); return ed(d); };

  run('one_signature_ok', 'One valid signature with pubkey, signature and message in the instruction itself.', [ed(one().data)], 'ok');
  run('two_signatures_ok', 'Two valid signatures (the fee counts three signatures).', [ed(P.ed25519Data([{ label: 'a', message: 'first' }, { label: 'b', message: 'second message' }]).data)], 'ok');
  run('eight_signatures_ok', 'Eight valid signatures.', [ed(P.ed25519Data(Array.from({ length: 8 }, (_, i) => ({ label: 'k' + i, message: 'msg ' + i }))).data)], 'ok');
  run('empty_message_ok', 'A valid signature over an empty message.', [ed(one('').data)], 'ok');
  run('with_transfer_ok', 'A verification followed by a transfer.', [ed(one().data), sys.transfer(payer, bob, 1n)], 'ok');
  run('zero_signatures_no_data', 'num_signatures = 0 and nothing else: only the two header bytes.', [ed(Buffer.from([0, 0]))], undefined);
  run('zero_signatures_with_data', 'num_signatures = 0 followed by more bytes: InvalidInstructionDataSize.', [ed(Buffer.from([0, 0, 1, 2, 3]))], E(4));
  run('empty_data', 'No instruction data at all: InvalidInstructionDataSize.', [ed(Buffer.alloc(0))], E(4));
  run('one_byte_data', 'A single data byte.', [ed(Buffer.from([1]))], E(4));
  run('offsets_truncated', 'num_signatures = 1 but the offsets table is cut short.', [ed(one().data.subarray(0, 10))], E(4));
  run('bad_signature', 'One signature byte flipped: InvalidSignature.', [mut((d, o) => { d[o[0].sig] ^= 1; })], E(2));
  run('wrong_message', 'The message differs from the one signed.', [mut((d, o) => { d[o[0].msg] ^= 0x20; })], E(2));
  run('bad_public_key', 'A public key that is not a valid curve point: InvalidPublicKey.', [mut((d, o) => { d.fill(0xff, o[0].pubkey, o[0].pubkey + 32); d[o[0].pubkey + 31] = 0x7f; })], 'error');
  run('signature_offset_out_of_range', 'The signature offset points past the data: InvalidDataOffsets.', [mut(d => { d.writeUInt16LE(60000, 2); })], E(3));
  run('pubkey_offset_out_of_range', 'The public-key offset points past the data.', [mut(d => { d.writeUInt16LE(60000, 6); })], E(3));
  run('message_size_out_of_range', 'The message size runs past the data.', [mut(d => { d.writeUInt16LE(5000, 12); })], E(3));
  run('instruction_index_out_of_range', 'The signature instruction index names instruction 7 in a one-instruction transaction.', [mut(d => { d.writeUInt16LE(7, 4); })], E(3));
  {
    // Pubkey, signature and message in a second instruction (a memo holding the bytes).
    const inner = P.ed25519Data([{ label: 'a', message: 'cross-instruction' }]);
    const payload = inner.data.subarray(2 + 14);
    const d = Buffer.from(inner.data.subarray(0, 16));
    const shift = -(2 + 14);
    d.writeUInt16LE(inner.offsets[0].sig + shift, 2); d.writeUInt16LE(1, 4);
    d.writeUInt16LE(inner.offsets[0].pubkey + shift, 6); d.writeUInt16LE(1, 8);
    d.writeUInt16LE(inner.offsets[0].msg + shift, 10); d.writeUInt16LE(1, 14);
    run('data_in_other_instruction', 'The signature, key and message live in the data of instruction 1 (a hello-world program instruction, which ignores its data).', [ed(d), ix(PROGRAMS.hello.address, [], payload)], 'ok');
  }
  run('duplicate_precompile_instructions', 'Two ed25519 instructions in one transaction.', [ed(one('a').data), ed(one('b').data)], 'ok');
  run('num_signatures_255', 'num_signatures = 255 with data for one.', [mut(d => { d[0] = 255; })], E(4));
}
