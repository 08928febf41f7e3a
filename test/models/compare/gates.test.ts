// Which metrics are gated: the default list, the direction table, unknown names as errors (never a
// silent pass), and tolerances parsed on the scale of their metric.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { directionOf } from '../../../models/compare/directions.js';
import { defaultGateMetrics, parseTolerance, parseToleranceSetting, resolveGates } from '../../../models/compare/gates.js';
import { throwsInputError } from '../../helpers/assert.js';

const test = suite('compare: gates');
const ONE_CLASS = ['e2e.mean', 'e2e.p50', 'e2e.p95', 'e2e.p99', 'throughput', 'completed', 'rejected', 'rejected.fraction',
  'agent.w.wait.mean', 'agent.w.utilization', 'class.chat.e2e.mean', 'class.chat.e2e.p95', 'class.chat.throughput'];
const TWO_CLASSES = [...ONE_CLASS, 'class.batch.e2e.mean', 'class.batch.e2e.p95', 'class.batch.throughput'];
const both = (names: string[]) => ({ baseline: names, candidate: names });

test('default gates: e2e p95 and mean, per class only with several classes, throughput, rejected fraction', () => {
  assert.equal(defaultGateMetrics(ONE_CLASS), ['e2e.p95', 'e2e.mean', 'throughput', 'rejected.fraction']);
  assert.equal(defaultGateMetrics(TWO_CLASSES), ['e2e.p95', 'e2e.mean', 'class.chat.e2e.p95', 'class.chat.e2e.mean',
    'class.batch.e2e.p95', 'class.batch.e2e.mean', 'throughput', 'rejected.fraction']);
});

test('cost per task and error rate are gated by default only when reported', () => {
  assert.equal(defaultGateMetrics([...ONE_CLASS, 'cost.per_task.mean', 'failed.fraction']).slice(-2), ['cost.per_task.mean', 'failed.fraction']);
  assert.is(directionOf('cost.per_task.mean')?.worse, 'higher');
  assert.is(directionOf('failed.fraction')?.scale, 'absolute');
});

test('the direction table: latency higher is worse, throughput lower, fractions on an absolute scale, utilisation none', () => {
  assert.equal(directionOf('class.chat.e2e.p99'), { worse: 'higher', scale: 'relative', tolerance: 0.02 });
  assert.equal(directionOf('agent.w.throughput'), { worse: 'lower', scale: 'relative', tolerance: 0.02 });
  assert.equal(directionOf('agent.w.blocking'), { worse: 'higher', scale: 'absolute', tolerance: 0.005 });
  assert.is(directionOf('agent.w.utilization'), undefined);
});

test('an unknown metric is an error naming the known ones, with a suggestion', () => {
  throwsInputError(() => resolveGates(both(ONE_CLASS), ['e2e.p59'], []), /found 'e2e\.p59' \(did you mean 'e2e\.p50'\?\)/);
  throwsInputError(() => resolveGates({ baseline: ONE_CLASS, candidate: TWO_CLASSES }, ['class.batch.e2e.p95'], []), /only the candidate reports it/);
  throwsInputError(() => resolveGates(both(ONE_CLASS), ['agent.w.utilization'], []), /SLO/);
});

test('tolerances: 2% or 0.02 for ratios, 0.5pp for fractions, per metric or as the default of a scale', () => {
  assert.is(parseTolerance('5%', 'relative', 'x'), 0.05);
  assert.is(parseTolerance('0.05', 'relative', 'x'), 0.05);
  assert.is(parseTolerance('0.5pp', 'absolute', 'x'), 0.005);
  throwsInputError(() => parseTolerance('0.5%', 'absolute', 'rejected.fraction=0.5%'), /percentage points/);
  throwsInputError(() => parseTolerance('1pp', 'relative', 'e2e.p95=1pp'), /ratio/);
  throwsInputError(() => parseTolerance('-1%', 'relative', 'x'), /expected a relative tolerance/);
  throwsInputError(() => parseTolerance('150%', 'relative', 'x'), /below 100%/);
  const gates = resolveGates(both(ONE_CLASS), undefined, ['3%', 'e2e.p95=10%', '1pp'].map(parseToleranceSetting));
  assert.equal(gates.map((g) => [g.metric, g.tolerance]), [['e2e.p95', 0.1], ['e2e.mean', 0.03], ['throughput', 0.03], ['rejected.fraction', 0.01]]);
});

test('a tolerance for a metric that is not gated is an error', () => {
  throwsInputError(() => resolveGates(both(ONE_CLASS), undefined, [parseToleranceSetting('e2e.p99=5%')]), /gate it with --metric e2e\.p99/);
  throwsInputError(() => resolveGates(both(ONE_CLASS), undefined, [parseToleranceSetting('0.03')]), /2% \(ratios\) or 0\.5pp/);
});

test.run();
