import { Env } from '../lib/env.mjs';
import { kp } from '../lib/keys.mjs';
import { ix, W, r } from '../lib/bytes.mjs';
import * as cb from '../lib/ix/misc.mjs';
import * as sys from '../lib/ix/system.mjs';
import { PROGRAMS } from '../lib/programs.mjs';

const SOL = 1_000_000_000n;

export default function (ctx) {
  const G = 'compute-budget';
  const add = (name, desc, env, tx, expect) => ctx.add(G, name, desc, env, tx, { expect });
  const payer = kp('payer'), bob = kp('bob');
  const base = (programs = ['memo1', 'memo4']) => { const env = new Env({ programs }); env.fund(payer, 100n * SOL); env.fund(bob, SOL); return env; };
  const memo = (t = 'compute budget') => cb.memo('memo1', t);
  const hello = () => ix(PROGRAMS.hello.address, [r(payer)], []);
  const T = (env, instructions, extra = {}) => env.tx({ payer, instructions, ...extra });

  // A fixed budget (LiteSVM's with_compute_budget) replaces the instruction-derived limits; the instructions are still validated.
  const fixed = budget => { const env = new Env({ programs: ['memo1', 'memo4'], computeBudget: budget }); env.fund(payer, 100n * SOL); env.fund(bob, SOL); return env; };
  { const env = fixed({ computeUnitLimit: 300n }); add('fixed_limit_overrides_instruction', 'A fixed 300-unit budget: SetComputeUnitLimit(1,400,000) is validated but not applied, so the memo runs out of compute.', env, T(env, [cb.setComputeUnitLimit(1_400_000), memo()]), { InstructionError: [1, 'ProgramFailedToComplete'] }); }
  { const env = fixed({ computeUnitLimit: 50_000n }); add('fixed_limit_ok', 'A fixed 50,000-unit budget with no compute-budget instruction: the memo completes (the consumption log shows the fixed limit).', env, T(env, [memo()]), 'ok'); }
  { const env = fixed({ computeUnitLimit: 50_000n }); add('fixed_limit_duplicate_instruction', 'A fixed budget does not skip validation: two SetComputeUnitLimit instructions still fail with DuplicateInstruction.', env, T(env, [cb.setComputeUnitLimit(1_000), cb.setComputeUnitLimit(2_000), memo()]), { DuplicateInstruction: 1 }); }
  { const env = base(); add('set_limit_ok', 'SetComputeUnitLimit(50,000) before a memo.', env, T(env, [cb.setComputeUnitLimit(50_000), memo()]), 'ok'); }
  { const env = base(); add('set_limit_zero_builtin_only', 'SetComputeUnitLimit(0) with only a system transfer.', env, T(env, [cb.setComputeUnitLimit(0), sys.transfer(payer, bob, 1n)]), undefined); }
  { const env = base(); add('set_limit_zero_program', 'SetComputeUnitLimit(0) before a memo: the program runs out of compute at once.', env, T(env, [cb.setComputeUnitLimit(0), memo()]), 'error'); }
  { const env = base(); add('set_limit_above_max', 'SetComputeUnitLimit(2,000,000) is capped at 1,400,000 (visible in the consumption log).', env, T(env, [cb.setComputeUnitLimit(2_000_000), memo()]), 'ok'); }
  { const env = base(); add('set_limit_u32_max', 'SetComputeUnitLimit(u32::MAX).', env, T(env, [cb.setComputeUnitLimit(0xffffffff), memo()]), 'ok'); }
  { const env = base(); add('set_limit_after_program', 'SetComputeUnitLimit placed after the program instruction still applies to the whole transaction.', env, T(env, [memo(), cb.setComputeUnitLimit(30_000)]), 'ok'); }
  { const env = base(); add('set_limit_too_low', 'A limit of 300 units: the memo program exceeds it.', env, T(env, [cb.setComputeUnitLimit(300), memo()]), 'error'); }
  {
    const env = base();
    const probe = env.svm.simulateVersionedTransaction(T(env, [cb.setComputeUnitLimit(200_000), memo('exact')]).bytes);
    const used = Number(probe.meta().computeUnitsConsumed()) - 150; // minus the compute-budget instruction
    add('set_limit_exact', `A limit equal to the units consumed (${used} for the memo + 150 for the budget instruction).`, env, T(env, [cb.setComputeUnitLimit(used + 150), memo('exact')]), 'ok');
    const env2 = base();
    add('set_limit_one_short', 'A limit one unit below what the transaction needs.', env2, T(env2, [cb.setComputeUnitLimit(used + 149), memo('exact')]), 'error');
  }
  { const env = base(); add('default_limit_two_programs', 'No limit instruction: two memo instructions share the default per-instruction budget.', env, T(env, [memo('one'), cb.memo('memo1', 'two')]), 'ok'); }
  { const env = base(); add('set_price_ok', 'SetComputeUnitPrice(1,000 micro-lamports); LiteSVM charges no prioritization fee.', env, T(env, [cb.setComputeUnitPrice(1000), sys.transfer(payer, bob, 1n)]), 'ok'); }
  { const env = base(); add('set_price_u64_max', 'SetComputeUnitPrice(u64::MAX).', env, T(env, [cb.setComputeUnitPrice((1n << 64n) - 1n), sys.transfer(payer, bob, 1n)]), 'ok'); }
  { const env = base(); add('set_price_and_limit', 'Price and limit together.', env, T(env, [cb.setComputeUnitLimit(10_000), cb.setComputeUnitPrice(5), memo()]), 'ok'); }
  { const env = base(); add('request_heap_ok', 'RequestHeapFrame(64 KiB).', env, T(env, [cb.requestHeapFrame(64 * 1024), memo()]), 'ok'); }
  { const env = base(); add('request_heap_max', 'RequestHeapFrame(256 KiB), the largest allowed.', env, T(env, [cb.requestHeapFrame(256 * 1024), memo()]), 'ok'); }
  { const env = base(); add('request_heap_min', 'RequestHeapFrame(32 KiB), the default size.', env, T(env, [cb.requestHeapFrame(32 * 1024), memo()]), 'ok'); }
  { const env = base(); add('request_heap_not_multiple', 'RequestHeapFrame(33,000) is not a multiple of 1,024.', env, T(env, [cb.requestHeapFrame(33_000), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('request_heap_too_small', 'RequestHeapFrame(16 KiB) is below the minimum.', env, T(env, [cb.requestHeapFrame(16 * 1024), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('request_heap_too_large', 'RequestHeapFrame(257 KiB) is above the maximum.', env, T(env, [cb.requestHeapFrame(257 * 1024), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('loaded_data_size_ok', 'SetLoadedAccountsDataSizeLimit(100,000).', env, T(env, [cb.setLoadedAccountsDataSizeLimit(100_000), sys.transfer(payer, bob, 1n)]), 'ok'); }
  { const env = base(); add('loaded_data_size_zero', 'SetLoadedAccountsDataSizeLimit(0) is invalid.', env, T(env, [cb.setLoadedAccountsDataSizeLimit(0), sys.transfer(payer, bob, 1n)]), 'InvalidLoadedAccountsDataSizeLimit'); }
  { const env = base(); add('loaded_data_size_tiny', 'SetLoadedAccountsDataSizeLimit(1): LiteSVM does not enforce the loaded-data limit (harness.loaded_accounts_data_size).', env, T(env, [cb.setLoadedAccountsDataSizeLimit(1), memo()]), undefined); }
  { const env = base(); add('duplicate_limit', 'Two SetComputeUnitLimit instructions: DuplicateInstruction(1).', env, T(env, [cb.setComputeUnitLimit(1000), cb.setComputeUnitLimit(2000), memo()]), { DuplicateInstruction: 1 }); }
  { const env = base(); add('duplicate_price', 'Two SetComputeUnitPrice instructions.', env, T(env, [cb.setComputeUnitPrice(1), sys.transfer(payer, bob, 1n), cb.setComputeUnitPrice(2)]), { DuplicateInstruction: 2 }); }
  { const env = base(); add('duplicate_heap', 'Two RequestHeapFrame instructions.', env, T(env, [cb.requestHeapFrame(64 * 1024), cb.requestHeapFrame(64 * 1024), memo()]), { DuplicateInstruction: 1 }); }
  { const env = base(); add('duplicate_loaded_data_size', 'Two SetLoadedAccountsDataSizeLimit instructions.', env, T(env, [cb.setLoadedAccountsDataSizeLimit(100_000), cb.setLoadedAccountsDataSizeLimit(100_000), memo()]), { DuplicateInstruction: 1 }); }
  { const env = base(); add('deprecated_request_units', 'The removed RequestUnits instruction (tag 0).', env, T(env, [cb.requestUnitsDeprecated(100_000, 0), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('unknown_tag', 'Compute-budget instruction tag 5 does not exist.', env, T(env, [ix(cb.COMPUTE_BUDGET, [], [5, 0, 0, 0, 0]), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('empty_data', 'Compute-budget instruction with no data.', env, T(env, [ix(cb.COMPUTE_BUDGET, [], []), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('truncated_limit', 'SetComputeUnitLimit with two data bytes instead of four.', env, T(env, [ix(cb.COMPUTE_BUDGET, [], [2, 0x10, 0x27]), memo()]), { InstructionError: [0, 'InvalidInstructionData'] }); }
  { const env = base(); add('trailing_bytes', 'SetComputeUnitLimit with an extra trailing byte.', env, T(env, [ix(cb.COMPUTE_BUDGET, [], [2, 0x10, 0x27, 0, 0, 9]), memo()]), undefined); }
  { const env = base(); add('only_budget_instructions', 'A transaction made of compute-budget instructions only.', env, T(env, [cb.setComputeUnitLimit(1000), cb.setComputeUnitPrice(1)]), 'ok'); }
  { const env = base(); add('all_four', 'Limit, price, heap and loaded-data-size together with a memo.', env, T(env, [cb.setComputeUnitLimit(100_000), cb.setComputeUnitPrice(10), cb.requestHeapFrame(128 * 1024), cb.setLoadedAccountsDataSizeLimit(1_000_000), memo()]), 'ok'); }
  { const env = base(); add('budget_instruction_with_accounts', 'A compute-budget instruction that lists an account.', env, T(env, [ix(cb.COMPUTE_BUDGET, [r(bob)], new W().u8(2).u32(10_000).done()), memo()]), undefined); }
  {
    const env = base(['memo1', 'hello']);
    add('limit_with_bpf_program', 'SetComputeUnitLimit before the hello-world program.', env, T(env, [cb.setComputeUnitLimit(5_000), hello()]), 'ok');
  }
}
