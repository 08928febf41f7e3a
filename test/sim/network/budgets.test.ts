// Budgets: a task's, a session's or a period's spending never exceeds limit + burst (checked call
// by call, and on every request row), and each action on exhaustion happens and is counted.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Budgets } from '../../../sim/network/flow/budgets.js';
import { emptyFlowStats } from '../../../sim/network/record/flow-stats.js';
import { OUTCOME_BUDGET, OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import type { AgentSpec, BudgetSpec, NetworkSpec, RouteSpec } from '../../../sim/network/spec.js';
import { Stream } from '../../../sim/random/stream.js';
import { populationClass, runOne } from '../../helpers/flow-specs.js';
import { det, gpuPool, linearProfile, llm, model, network, poissonClass } from '../../helpers/specs.js';

const test = suite('budgets');

// One LLM call: 1000 prompt + 100 output tokens at $1e-5 / $3e-5 per token = $0.013.
const PROMPT = 1000, OUTPUT = 100;
const CALL = PROMPT * 1e-5 + OUTPUT * 3e-5;
const loop = (p: number): RouteSpec => ({ kind: 'random', to: [0, -1], p: [p, 1 - p], escalate: [false, false] });

function llmNet(agents: AgentSpec[], classes: NetworkSpec['classes'], budgets: BudgetSpec[]): NetworkSpec {
  const profile = linearProfile(0.01, 1e-5, 1e-3, 0);
  return network({
    agents, classes, budgets,
    models: [model('big', profile, [1e-5, 3e-5]), model('small', profile, [1e-6, 3e-6])],
    pools: [gpuPool('g', 0, 2, 10_000_000), gpuPool('s', 1, 2, 10_000_000)],
  });
}

const budget = (b: Partial<BudgetSpec> & Pick<BudgetSpec, 'name' | 'scope' | 'limit'>): BudgetSpec =>
  ({ resource: 'cost', burst: 0, period: 1, classes: [0], onExhaustion: { kind: 'stop' }, ...b });

test('a task budget stops a looping agent: no task spends more than limit + burst, and the stop is counted', () => {
  const limit = 0.05, burst = 0.01;
  const net = llmNet([llm('agent', 0, PROMPT, OUTPUT, loop(0.8))], [poissonClass('task', 0.5, 0)], [budget({ name: 'task', scope: 'task', limit, burst })]);
  const { rows, get } = runOne(net, 4000);
  const most = Math.floor((limit + burst) / CALL) * CALL; // calls that fit
  let stopped = 0;
  for (let i = 0; i < rows.count; i++) {
    assert.ok(rows.cost[i]! <= limit + burst + 1e-12, `task spent ${rows.cost[i]} > ${limit + burst}`);
    if (rows.outcome[i] === OUTCOME_BUDGET) {
      stopped++;
      assert.ok(Math.abs(rows.cost[i]! - most) < 1e-12, `a stopped task spent all that fits (${rows.cost[i]} vs ${most})`);
    } else {
      assert.is(rows.outcome[i], OUTCOME_COMPLETED);
    }
  }
  // A task is stopped when it wants a 5th call: 0.8^4 of tasks.
  const n = rows.count, p = 0.8 ** Math.round(most / CALL);
  assert.ok(Math.abs(stopped / n - p) <= 5 * Math.sqrt((p * (1 - p)) / n), `stopped ${stopped}/${n} vs ${p}`);
  assert.is(get('stopped'), stopped);
  assert.is(get('budget.task.stopped'), stopped);
  assert.is(get('budget.task.exhausted'), stopped);
  assert.ok(Math.abs(get('budget.task.spent') - rows.cost.reduce((a, b) => a + b, 0)) < 1e-6 * get('budget.task.spent') + CALL * 4, 'spent = what the tasks paid');
});

test('degrade: calls beyond the budget go to the cheaper model, counted, and the task goes on as from the original agent', () => {
  // 2.5 calls' worth: two big calls, then small ones at a tenth of the price (five fit), then a stop.
  const net = llmNet(
    [llm('big', 0, PROMPT, OUTPUT, loop(0.8)), llm('small', 1, PROMPT, OUTPUT)],
    [poissonClass('task', 0.5, 0)],
    [budget({ name: 'task', scope: 'task', limit: 2.5 * CALL, onExhaustion: { kind: 'degrade', to: 1 } })],
  );
  const T = 4000;
  const { rows, get } = runOne(net, T);
  const small = CALL / 10;
  let stopped = 0, longest = 0;
  for (let i = 0; i < rows.count; i++) {
    const calls = Math.round(rows.tokensIn[i]! / PROMPT);
    longest = Math.max(longest, calls);
    const expected = Math.min(calls, 2) * CALL + Math.max(0, calls - 2) * small;
    assert.ok(Math.abs(rows.cost[i]! - expected) < 1e-12, `a task of ${calls} calls cost ${rows.cost[i]}, not ${expected}`);
    assert.ok(rows.cost[i]! <= 2.5 * CALL * (1 + 1e-9));
    if (rows.outcome[i] === OUTCOME_BUDGET) { stopped++; assert.is(calls, 7, 'stopped when the 8th call fits nowhere'); }
  }
  // After a degraded call the loop goes on (the big agent's route), up to the 7 calls that fit.
  assert.is(longest, 7);
  const p = 0.8 ** 7;
  assert.ok(Math.abs(stopped / rows.count - p) <= 5 * Math.sqrt((p * (1 - p)) / rows.count), `stopped ${stopped}/${rows.count} vs ${p}`);
  assert.is(get('budget.task.stopped'), stopped);
  // Each degraded call is one call of the small model, and nothing else calls it.
  assert.ok(Math.abs(get('agent.small.throughput') * T - get('budget.task.degraded')) <= 5);
  // A call meets the exhausted budget once: then it is degraded, or stopped when even that does not fit.
  assert.is(get('budget.task.exhausted'), get('budget.task.degraded') + stopped);
});

test('a period budget with defer: cumulative spending stays under limit + burst + rate t, deferred calls wait', () => {
  const period = 60, limit = 60 * 0.5 * CALL, burst = 5 * CALL; // half the offered spending rate
  const net = llmNet([llm('agent', 0, PROMPT, OUTPUT)], [poissonClass('task', 1, 0)], [budget({ name: 'hourly', scope: 'period', limit, burst, period, onExhaustion: { kind: 'defer' } })]);
  const T = 3000;
  const { rows, get } = runOne(net, T);
  // A call is paid before it starts, so the spending by a row's finish includes every earlier finish.
  const order = Array.from({ length: rows.count }, (_, i) => i).sort((a, b) => rows.finish[a]! - rows.finish[b]!);
  let spent = 0;
  for (const i of order) {
    spent += rows.cost[i]!;
    assert.ok(spent <= limit + burst + (limit / period) * rows.finish[i]! + 1e-9, `spent ${spent} by ${rows.finish[i]}`);
  }
  assert.ok(get('budget.hourly.spent') <= limit + burst + (limit / period) * T + 1e-9);
  assert.ok(get('budget.hourly.deferred') > 100 && get('budget.hourly.defer.wait.mean') > 1);
  // Deferred work is throttled to the refill rate: tasks complete at about limit / period / CALL per second.
  assert.ok(Math.abs(get('throughput') - limit / period / CALL) < 0.05, `throughput ${get('throughput')}`);
});

test('a session budget ends the session once spent: its turns never spend more than limit + burst together', () => {
  const limit = 6 * CALL, burst = 0;
  const net = llmNet(
    [llm('agent', 0, PROMPT, OUTPUT, loop(0.5))],
    [populationClass('chat', 20, 0, det(10), { dist: 'exponential', mean: 5 })],
    [budget({ name: 'session', scope: 'session', limit, burst })],
  );
  const { rows, get } = runOne(net, 3000);
  const bySession = new Map<number, { cost: number; turns: number; stopped: number }>();
  for (let i = 0; i < rows.count; i++) {
    const s = rows.session[i]!;
    assert.ok(s >= 0, 'every turn belongs to a session');
    const e = bySession.get(s) ?? { cost: 0, turns: 0, stopped: 0 };
    e.cost += rows.cost[i]!;
    e.turns++;
    if (rows.outcome[i] === OUTCOME_BUDGET) e.stopped++;
    bySession.set(s, e);
  }
  for (const [s, e] of bySession) {
    assert.ok(e.cost <= limit + burst + 1e-12, `session ${s} spent ${e.cost}`);
    assert.ok(e.stopped <= 1, `session ${s} was stopped ${e.stopped} times: it should end at the first`);
  }
  // Each turn makes 2 calls on average, 10 turns: most sessions run out before their last turn.
  assert.ok(get('session.turns.mean') < 10 && get('session.turns.mean') > 1, `turns per session ${get('session.turns.mean')}`);
  assert.ok(get('budget.session.stopped') > 0);
});

test('budgets checked call by call: random calls never push any bucket past its depth', () => {
  const spec = network({
    agents: [llm('agent', 0, 1, 1)],
    classes: [poissonClass('a', 1, 0), poissonClass('b', 1, 0)],
    budgets: [
      budget({ name: 'task', scope: 'task', limit: 10, burst: 2, classes: [0, 1], resource: 'tokens' }),
      budget({ name: 'period', scope: 'period', limit: 30, burst: 10, period: 10, classes: [1], resource: 'tokens', onExhaustion: { kind: 'defer' } }),
    ],
  });
  const stats = emptyFlowStats(spec);
  let now = 0;
  const due: { time: number; b: number }[] = [];
  const charges: { time: number; amount: number }[] = [];
  const taskSpent = new Map<number, number>();
  const held = new Map<number, number>();
  const budgets = new Budgets(spec, stats, {
    scheduleBudget: (time, b) => { due.push({ time, b }); },
    deferredReady: (r) => { tryCall(r, held.get(r)!, true); },
    abandoned: () => false,
  });
  const tryCall = (r: number, tokens: number, released: boolean) => {
    const before = stats.budgetSpent[1]!;
    const b = budgets.check(r % 2, r, -1, 0, tokens, now, released);
    if (b < 0) {
      taskSpent.set(r, (taskSpent.get(r) ?? 0) + tokens);
      assert.ok(taskSpent.get(r)! <= 12 + 1e-9, `task ${r} spent ${taskSpent.get(r)}`);
      if (r % 2 === 1) charges.push({ time: now, amount: stats.budgetSpent[1]! - before });
    } else if (b === 1 && budgets.defer(b, r, 0, tokens, 0, 0, now)) {
      held.set(r, tokens);
    }
  };
  const s = new Stream('budget-unit');
  for (let r = 0; r < 3000; r++) budgets.startTask(r);
  for (let k = 0; k < 20000; k++) {
    now += -Math.log(1 - s.uniform()) * 0.05;
    while (due.length > 0 && due[0]!.time <= now) { const d = due.shift()!; const keep = now; now = d.time; budgets.release(d.b, now); now = keep; }
    tryCall(Math.floor(s.uniform() * 3000), 1 + Math.floor(s.uniform() * 5), false);
  }
  // Period bucket: in every window [t_i, t_j] of charges, spending <= depth + rate (t_j - t_i).
  let minStart = Infinity, cum = 0;
  for (const c of charges) {
    minStart = Math.min(minStart, cum - 3 * c.time);
    cum += c.amount;
    assert.ok(cum - 3 * c.time - minStart <= 40 + 1e-6, `period budget over its depth by ${cum - 3 * c.time - minStart - 40}`);
  }
  assert.ok(charges.length > 500 && stats.budgetDeferred[1]! > 100, `${charges.length} charges, ${stats.budgetDeferred[1]} deferred`);
});

test.run();
