// SLO gates: met, violated or inconclusive from the interval of the candidate's mean; unknown
// metric names and limits of the wrong unit are scenario diagnostics pointing at the line.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSlos, evaluateSlo } from '../../../models/compare/slo.js';
import type { SloSpec } from '../../../models/scenario/core/types.js';
import { ScenarioError } from '../../../models/scenario/core/types.js';

const test = suite('compare: SLOs');
const at = { path: 'slos[0].metric', line: 20, column: 15 };
const slo = (bound: 'max' | 'min', limit: number, written: SloSpec['written'] = 'duration', metric = 'e2e.p95'): SloSpec =>
  ({ metric, bound, limit, written, text: String(limit), at, boundAt: { path: 'slos[0].max', line: 20, column: 30 } });

test('max: met when the whole interval is within, violated when the whole interval is beyond, else inconclusive', () => {
  const values = [1.9, 2.0, 2.1, 2.0];
  assert.is(evaluateSlo(slo('max', 3), 's', values, 0.95).verdict, 'met');
  assert.is(evaluateSlo(slo('max', 1), 's', values, 0.95).verdict, 'violated');
  assert.is(evaluateSlo(slo('max', 2.05), 's', values, 0.95).verdict, 'inconclusive');
  assert.is(evaluateSlo(slo('max', 3), 's', [2], 0.95).verdict, 'inconclusive', 'one value has no interval');
});

test('a metric the same in every replication is judged on its value and says it has no sampling variability', () => {
  const zero = evaluateSlo(slo('max', 0.01, 'number', 'rejected.fraction'), '', [0, 0, 0], 0.95);
  assert.equal([zero.sameInEveryReplication, zero.verdict], [true, 'met']);
  const over = evaluateSlo(slo('max', 0.01, 'number', 'rejected.fraction'), '', [0.02, 0.02, 0.02], 0.95);
  assert.equal([over.sameInEveryReplication, over.verdict], [true, 'violated']);
  // A time read off a clock differs in its last digits from one replication to the next.
  assert.ok(evaluateSlo(slo('max', 1), 's', [0.6999999999999631, 0.6999999999999655, 0.7000000000000012], 0.95).sameInEveryReplication);
  assert.not.ok(evaluateSlo(slo('max', 1), 's', [0.7, 0.7001], 0.95).sameInEveryReplication);
  assert.not.ok(evaluateSlo(slo('max', 1), 's', [0.7, 0.7, 0.7], 0.95, 0.01).sameInEveryReplication, 'a percentile keeps the sketch\'s error');
});

test('min bounds mirror max bounds', () => {
  const values = [10, 10.5, 9.5, 10];
  assert.is(evaluateSlo(slo('min', 5, 'rate', 'throughput'), '1/s', values, 0.95).verdict, 'met');
  assert.is(evaluateSlo(slo('min', 20, 'rate', 'throughput'), '1/s', values, 0.95).verdict, 'violated');
});

test('an unknown metric and a limit of the wrong unit are diagnostics at their lines', () => {
  try {
    checkSlos('s.yaml', [slo('max', 2, 'duration', 'e2e.p59'), slo('max', 2, 'duration', 'throughput')], { 'e2e.p95': 's', throughput: '1/s' });
    assert.unreachable('expected diagnostics');
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    const [unknown, unit] = (e as ScenarioError).diagnostics;
    assert.match(unknown!.found, /unknown metric 'e2e\.p59' \(did you mean 'e2e\.p95'\?\)/);
    assert.is(unknown!.line, 20);
    assert.match(unit!.expected, /a rate such as 10\/s/);
    assert.is(unit!.path, 'slos[0].max');
  }
  checkSlos('s.yaml', [slo('max', 2, 'number'), slo('max', 0.01, 'number', 'rejected.fraction')], { 'e2e.p95': 's', 'rejected.fraction': '' });
});

test.run();
