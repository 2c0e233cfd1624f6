import { Env } from '../lib/env.mjs';
import { kp, pk } from '../lib/keys.mjs';
import { ix, r, w } from '../lib/bytes.mjs';
import * as sys from '../lib/ix/system.mjs';
import * as alt from '../lib/ix/alt.mjs';
import * as misc from '../lib/ix/misc.mjs';
import { PROGRAMS } from '../lib/programs.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  lookupTableCases(ctx, 'lookup-table', [], true);
  lookupTableCases(ctx, 'lookup-table-core-bpf', ['alt_core_bpf'], false);
}

// The program's instructions run against the native builtin and the core-BPF build; the v0 loading
// cases (which do not invoke the program) only once.
function lookupTableCases(ctx, G, programs, withLoading) {
  const add = (name, desc, env, tx, expect, extra = {}) => ctx.add(G, name, desc, env, tx, { expect: programs.length ? undefined : expect, ...extra });
  const payer = kp('payer'), auth = kp('table-authority'), mallory = kp('mallory');
  const dests = Array.from({ length: 8 }, (_, i) => kp('alt-dest-' + i).publicKey);
  const base = (extra = []) => { const env = new Env({ programs: [...programs, ...extra] }); env.fund(payer, 100n * SOL); env.fund(auth, SOL); env.fund(mallory, SOL); for (const d of dests) env.fund(d, SOL); return env; };
  const T = (env, signers, instructions, extra = {}) => env.tx({ payer, signers: [payer, ...signers], instructions, ...extra });
  const tableKp = kp(G + '/table'), table2Kp = kp(G + '/table-2');
  const setTable = (env, key, opts) => { const data = alt.tableData(opts); env.set(key, { lamports: env.rentExempt(data.length), data, owner: alt.ALT }); return { key: pk(key), addresses: opts.addresses ?? [] }; };
  const active = { authority: auth.publicKey, lastExtendedSlot: 60n, addresses: dests };

  // ---- Program instructions ----
  { const env = base(); const c = alt.create(auth.publicKey, payer, 95n); add('create_ok', 'CreateLookupTable for recent slot 95 (in SlotHashes); the authority does not need to sign.', env, T(env, [], [c.ix]), 'ok'); }
  { const env = base(); const c = alt.create(auth.publicKey, payer, 95n, { signer: true }); add('create_signed_authority', 'CreateLookupTable with the authority signing.', env, T(env, [auth], [c.ix]), 'ok'); }
  { const env = base(); const c = alt.create(auth.publicKey, payer, 5n); add('create_slot_not_recent', 'CreateLookupTable for slot 5, which is not in SlotHashes.', env, T(env, [], [c.ix]), 'error'); }
  { const env = base(); const c = alt.create(auth.publicKey, payer, 100n); add('create_current_slot', 'CreateLookupTable for the current slot (not yet in SlotHashes).', env, T(env, [], [c.ix]), 'error'); }
  {
    const env = base(); const [t, bump] = alt.tableAddress(auth.publicKey, 95n);
    add('create_wrong_bump', 'CreateLookupTable with a bump seed that does not derive the table address.', env, T(env, [], [alt.createRaw(t, auth.publicKey, payer, 95n, (bump + 1) % 256)]), 'error');
  }
  {
    const env = base(); const c = alt.create(auth.publicKey, payer, 95n); env.fund(c.table, 1_000_000n);
    add('create_prefunded', 'CreateLookupTable when the table address already holds some lamports.', env, T(env, [], [c.ix]), 'ok');
  }
  { const env = base(); setTable(env, tableKp, { authority: auth.publicKey }); add('extend_ok', 'ExtendLookupTable with three addresses; the payer funds the growth through a system CPI.', env, T(env, [auth], [alt.extend(tableKp.publicKey, auth, payer, dests.slice(0, 3))]), 'ok'); }
  { const env = base(); setTable(env, tableKp, active); add('extend_again', 'Extend a table that already holds eight addresses.', env, T(env, [auth], [alt.extend(tableKp.publicKey, auth, payer, [kp('alt-extra').publicKey])]), 'ok'); }
  { const env = base(); setTable(env, tableKp, { authority: auth.publicKey }); add('extend_empty', 'ExtendLookupTable with no addresses.', env, T(env, [auth], [alt.extend(tableKp.publicKey, auth, payer, [])]), 'error'); }
  { const env = base(); setTable(env, tableKp, { authority: auth.publicKey }); add('extend_wrong_authority', 'ExtendLookupTable signed by a non-authority.', env, T(env, [mallory], [alt.extend(tableKp.publicKey, mallory, payer, dests.slice(0, 1))]), 'error'); }
  { const env = base(); setTable(env, tableKp, { addresses: dests }); add('extend_frozen', 'ExtendLookupTable on a frozen table (no authority).', env, T(env, [auth], [alt.extend(tableKp.publicKey, auth, payer, dests.slice(0, 1))]), 'error'); }
  { const env = base(); setTable(env, tableKp, { authority: auth.publicKey }); add('extend_without_payer', 'ExtendLookupTable without a payer when the table needs more rent.', env, T(env, [auth], [alt.extend(tableKp.publicKey, auth, null, dests.slice(0, 1))]), 'error'); }
  { const env = base(); setTable(env, tableKp, active); add('freeze_ok', 'FreezeLookupTable removes the authority.', env, T(env, [auth], [alt.freeze(tableKp.publicKey, auth)]), 'ok'); }
  { const env = base(); setTable(env, tableKp, { authority: auth.publicKey }); add('freeze_empty', 'FreezeLookupTable on an empty table.', env, T(env, [auth], [alt.freeze(tableKp.publicKey, auth)]), 'error'); }
  { const env = base(); setTable(env, tableKp, active); add('deactivate_ok', 'DeactivateLookupTable sets the deactivation slot to the current slot.', env, T(env, [auth], [alt.deactivate(tableKp.publicKey, auth)]), 'ok'); }
  { const env = base(); setTable(env, tableKp, { ...active, deactivationSlot: 95n }); add('deactivate_twice', 'DeactivateLookupTable on a table already deactivating.', env, T(env, [auth], [alt.deactivate(tableKp.publicKey, auth)]), 'error'); }
  { const env = base(); setTable(env, tableKp, active); add('deactivate_wrong_authority', 'DeactivateLookupTable signed by a non-authority.', env, T(env, [mallory], [alt.deactivate(tableKp.publicKey, mallory)]), 'error'); }
  { const env = base(); setTable(env, tableKp, { ...active, deactivationSlot: 50n }); add('close_ok', 'CloseLookupTable of a table deactivated at slot 50 (no longer in SlotHashes).', env, T(env, [auth], [alt.close(tableKp.publicKey, auth, auth.publicKey)]), 'ok'); }
  { const env = base(); setTable(env, tableKp, { ...active, deactivationSlot: 95n }); add('close_still_deactivating', 'CloseLookupTable of a table deactivated at slot 95, still in SlotHashes.', env, T(env, [auth], [alt.close(tableKp.publicKey, auth, auth.publicKey)]), 'error'); }
  { const env = base(); setTable(env, tableKp, active); add('close_active', 'CloseLookupTable of an active table.', env, T(env, [auth], [alt.close(tableKp.publicKey, auth, auth.publicKey)]), 'error'); }
  { const env = base(); setTable(env, tableKp, { ...active, deactivationSlot: 100n }); add('close_deactivated_this_slot', 'CloseLookupTable of a table deactivated in the current slot.', env, T(env, [auth], [alt.close(tableKp.publicKey, auth, auth.publicKey)]), 'error'); }

  if (!withLoading) return;
  // ---- v0 transactions that load addresses through tables ----
  const xfers = (n, off = 0) => Array.from({ length: n }, (_, i) => sys.transfer(payer, dests[off + i], 1000n + BigInt(i)));
  { const env = base(); const t = setTable(env, tableKp, active); add('v0_writable_lookup', 'A v0 transfer to an address loaded (writable) from a table.', env, T(env, [], xfers(1), { version: 0, lookupTables: [t] }), 'ok'); }
  { const env = base(); const t = setTable(env, tableKp, active); add('v0_many_lookups', 'A v0 transaction with eight transfers, every destination loaded from one table.', env, T(env, [], xfers(8), { version: 0, lookupTables: [t] }), 'ok'); }
  {
    const env = base(['memo1']); const t = setTable(env, tableKp, active);
    add('v0_readonly_lookup', 'A v0 memo instruction reading accounts loaded read-only from a table.', env,
      T(env, [], [ix(PROGRAMS.memo1.address, [r(dests[2]), r(dests[3])], Buffer.from('alt readonly'))], { version: 0, lookupTables: [t] }), 'ok');
  }
  {
    const env = base(); const t1 = setTable(env, tableKp, { ...active, addresses: dests.slice(0, 4) }); const t2 = setTable(env, table2Kp, { ...active, addresses: dests.slice(4) });
    add('v0_two_tables', 'A v0 transaction loading from two tables.', env, T(env, [], [...xfers(2, 0), ...xfers(2, 4)], { version: 0, lookupTables: [t1, t2] }), 'ok');
  }
  {
    const env = base(); const t = setTable(env, tableKp, active);
    add('v0_index_out_of_range', 'A lookup index past the end of the table: InvalidAddressLookupTableIndex.', env,
      T(env, [], xfers(1), { version: 0, lookupTables: [t], mutate: m => { m.lookups[0].writable[0] = 40; } }), 'error');
  }
  {
    const env = base(); const t = { key: tableKp.publicKey, addresses: dests };
    add('v0_table_not_found', 'The lookup table account does not exist: AddressLookupTableNotFound.', env, T(env, [], xfers(1), { version: 0, lookupTables: [t] }), 'AddressLookupTableNotFound');
  }
  {
    const env = base(); const data = alt.tableData(active); env.set(tableKp, { lamports: SOL, data, owner: sys.SYSTEM_PROGRAM });
    add('v0_table_wrong_owner', 'The table account is not owned by the lookup-table program.', env, T(env, [], xfers(1), { version: 0, lookupTables: [{ key: tableKp.publicKey, addresses: dests }] }), 'InvalidAddressLookupTableOwner');
  }
  {
    const env = base(); env.set(tableKp, { lamports: SOL, data: Buffer.alloc(20, 1), owner: alt.ALT });
    add('v0_table_invalid_data', 'The table account holds bytes that are not a lookup table.', env, T(env, [], xfers(1), { version: 0, lookupTables: [{ key: tableKp.publicKey, addresses: dests }] }), 'InvalidAddressLookupTableData');
  }
  { const env = base(); const t = setTable(env, tableKp, { ...active, deactivationSlot: 50n }); add('v0_table_deactivated', 'Loading from a table deactivated at slot 50 (fully deactivated).', env, T(env, [], xfers(1), { version: 0, lookupTables: [t] }), 'error'); }
  { const env = base(); const t = setTable(env, tableKp, { ...active, deactivationSlot: 95n }); add('v0_table_deactivating', 'Loading from a table that is still deactivating (slot 95 is in SlotHashes) works.', env, T(env, [], xfers(1), { version: 0, lookupTables: [t] }), 'ok'); }
  {
    const env = base(); const t = setTable(env, tableKp, { ...active, lastExtendedSlot: 100n, startIndex: 4 });
    add('v0_extended_this_slot_old_index', 'The table was extended in the current slot; index 2 predates that extension.', env, T(env, [], xfers(1, 2), { version: 0, lookupTables: [t] }), 'ok');
    add('v0_extended_this_slot_new_index', 'The table was extended in the current slot; index 5 was added in it and cannot be used yet.', env, T(env, [], xfers(1, 5), { version: 0, lookupTables: [t] }), 'error');
  }
  {
    const env = base(['memo1']); const many = Array.from({ length: 70 }, (_, i) => kp('alt-lock-' + i).publicKey);
    const t = setTable(env, tableKp, { ...active, addresses: many });
    add('v0_too_many_account_locks', 'A v0 memo transaction that loads 70 read-only accounts from a table (73 account keys in all).', env,
      T(env, [], [ix(PROGRAMS.memo1.address, many.map(k => r(k)), Buffer.from('locks'))], { version: 0, lookupTables: [t] }), undefined,
      { divergence: 'Agave 2.2 rejects more than 64 account keys (MAX_TX_ACCOUNT_LOCKS) with TooManyAccountLocks before execution; LiteSVM does not take account locks and executes the transaction.' });
  }
  {
    const env = base(); const t = setTable(env, tableKp, active);
    add('v0_lookup_and_compute_budget', 'A v0 transaction with a compute-budget instruction and table-loaded destinations.', env,
      T(env, [], [misc.setComputeUnitLimit(10_000), ...xfers(3)], { version: 0, lookupTables: [t] }), 'ok');
  }
}
