// Quorum joins with cancellation, and speculative execution: latency, cancelled and wasted work
// against exact values (deterministic services, order statistics of exponentials).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Experiment } from '../../../models/run/experiment.js';
import { OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import type { RouteSpec } from '../../../sim/network/spec.js';
import { router, runOne } from '../../helpers/flow-specs.js';
import { inIntervalAt } from '../../helpers/assert.js';
import { det, EXIT, network, poissonClass, scenarioOf, station } from '../../helpers/specs.js';

const test = suite('task graphs: quorum joins and speculation');

const binomialClose = (hits: number, n: number, p: number, what: string) => {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(hits / n - p) <= 5 * se, `${what}: ${hits}/${n} = ${hits / n} vs p = ${p} (5 se = ${5 * se})`);
};

const fork = (branches: number[], need: number | undefined, then: RouteSpec = EXIT): RouteSpec =>
  need === undefined ? { kind: 'fork', branches, then } : { kind: 'fork', branches, then, need };

test('a quorum of 1 of 3 exponential workers: latency is the fastest, the other two run on as wasted work', () => {
  const mean = 3;
  const net = network({
    agents: [router('plan', fork([1, 1, 1], 1)), station('worker', 10_000, { dist: 'exponential', mean })],
    classes: [poissonClass('task', 2, 0)],
  });
  const r = new Experiment(scenarioOf(net, { horizon: 3000, warmup: 100, replications: 10 }), 'test').runToEnd();
  // The minimum of 3 exponentials has mean mean/3; the other two still run in full: E[sum] - E[min].
  inIntervalAt(r.metrics['e2e.mean']!, mean / 3, 0.999, 'latency of a 1-of-3 quorum');
  const wastedPerTask = r.metrics['wasted.seconds']!.values.map((w, i) => w! / r.metrics['completed']!.values[i]!);
  const m = wastedPerTask.reduce((a, b) => a + b, 0) / wastedPerTask.length;
  const sd = Math.sqrt(wastedPerTask.reduce((a, b) => a + (b - m) ** 2, 0) / (wastedPerTask.length - 1));
  assert.ok(Math.abs(m - (3 * mean - mean / 3)) <= 4 * sd / Math.sqrt(wastedPerTask.length) + 0.05, `wasted per task ${m} vs ${3 * mean - mean / 3}`);
  // Two branches are cancelled per task that joined (it then exits at once).
  const { get } = runOne(net, 2000);
  assert.is(get('branches.cancelled'), 2 * get('completed'));
});

test('cancelled branches still waiting in line are dropped with no work; the quorum parent is not failed by a late branch', () => {
  // Both branches queue at one single-server station: the first finishes, the second is cancelled in line.
  const net = network({
    agents: [router('plan', fork([1, 1], 1, { kind: 'agent', to: 2, escalate: false })), station('solver', 1, det(1)), station('after', 100, det(0.5))],
    classes: [poissonClass('task', 0.4, 0)],
  });
  const horizon = 20000;
  const { get, rows } = runOne(net, horizon);
  assert.is(get('wasted.seconds'), 0, 'no work is done for a branch dropped in line');
  const busy = get('agent.solver.utilization') * horizon;
  const served = get('agent.solver.throughput') * horizon;
  assert.ok(Math.abs(busy - served) <= 1 + 1e-6, `busy ${busy} = served ${served} (± one in service at the end)`);
  assert.ok(Math.abs(served - get('agent.after.throughput') * horizon) <= 2, 'one solver call per task');
  for (let i = 0; i < rows.count; i++) assert.is(rows.outcome[i], OUTCOME_COMPLETED);
});

test('a quorum is counted over successful branches: failed ones do not meet it, and fail the parent only when it cannot be met', () => {
  const p = 0.3;
  const net = network({
    agents: [router('plan', fork([1, 1, 1], 2)), station('worker', 10_000, { dist: 'exponential', mean: 1 }, EXIT, { failure: p })],
    classes: [poissonClass('task', 2, 0)],
  });
  const { get } = runOne(net, 5000);
  // Fails when at most 1 of 3 succeeds: (1-q)^3 + 3 q (1-q)^2 with q = 1 - p the success probability.
  const q = 1 - p;
  const pFail = p ** 3 + 3 * q * p * p;
  const n = get('completed') + get('failed');
  binomialClose(get('failed'), n, pFail, 'share of tasks whose quorum could not be met');
  // Without quorum (need all 3) any failure fails the task: 1 - q^3, as before this feature.
  const all = runOne(network({ agents: [router('plan', fork([1, 1, 1], undefined)), station('worker', 10_000, { dist: 'exponential', mean: 1 }, EXIT, { failure: p })], classes: [poissonClass('task', 2, 0)] }), 5000);
  binomialClose(all.get('failed'), all.get('completed') + all.get('failed'), 1 - q ** 3, 'share of failed tasks needing all branches');
});

test('nested forks under a quorum are cancelled as a whole subtree', () => {
  // Branch 0 forks again (two slow steps); branch 1 is fast: the quorum of 1 cancels the subtree.
  const net = network({
    agents: [
      router('plan', fork([1, 2], 1)),
      router('split', fork([3, 3], undefined)),
      station('fast', 100, det(1)),
      station('slow', 100, det(5)),
    ],
    classes: [poissonClass('task', 1, 0)],
  });
  const { get, rows } = runOne(net, 2000);
  for (let i = 0; i < rows.count; i++) assert.ok(Math.abs(rows.finish[i]! - rows.arrival[i]! - 1) < 1e-9, 'latency is the fast branch');
  // Both slow steps were in service when cancelled: 2 x 5 s of waste per task (the last few may still run).
  const tasks = get('completed');
  assert.ok(Math.abs(get('wasted.seconds') - 10 * tasks) <= 10 * 5, `wasted ${get('wasted.seconds')} vs ${10 * tasks}`);
  assert.is(get('branches.cancelled'), tasks);
});

test('speculation: a hit finishes at the slower of the two steps, a miss reruns the guess; its first run is wasted', () => {
  const hit = 0.7, main = 1, guess = 0.5;
  const spec: RouteSpec = { kind: 'speculate', main: 1, guess: 2, hit, then: EXIT };
  const net = network({
    agents: [router('plan', spec), station('main', 1000, det(main)), station('next', 1000, det(guess))],
    classes: [poissonClass('task', 3, 0)],
  });
  const { get, rows } = runOne(net, 3000);
  let misses = 0;
  for (let i = 0; i < rows.count; i++) {
    const e2e = rows.finish[i]! - rows.arrival[i]!;
    const isMiss = Math.abs(e2e - (main + guess)) < 1e-9;
    assert.ok(isMiss || Math.abs(e2e - main) < 1e-9, `latency ${e2e} is max(main, guess) or that plus the guess again`);
    if (isMiss) misses++;
  }
  assert.is(get('speculation.misses'), misses);
  assert.is(get('speculation.hits'), rows.count - misses);
  binomialClose(misses, rows.count, 1 - hit, 'share of wrong guesses');
  assert.ok(Math.abs(get('wasted.seconds') - guess * misses) < 1e-6, 'a wrong guess wastes its run');
  // The guess step runs once per task, twice on a miss; main once.
  assert.ok(Math.abs(get('agent.next.throughput') * 3000 - (rows.count + misses)) <= 2);
});

test.run();
