// apmsim optimize's search against an exhaustive sweep of the same grid (a small one here; the
// 100-point grid on support-desk runs in `npm run bench -- --only optimize`), and its input forms.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkMinimize, parseKnob, parseObjective } from '../../../models/advisor/optimize.js';
import { loadScenario } from '../../../models/scenario/index.js';
import { optimizeVersusSweep } from '../../helpers/optimize-check.js';

const test = suite('optimize');

test('support-desk at 20/s, 3 knobs (12 points): the cheapest feasible point of the exhaustive sweep, for less simulation', async () => {
  const c = await optimizeVersusSweep('support-desk', ['horizon=300s', 'warmup=60s', 'replications=3', 'workload.tickets.arrivals.rate=20/s'],
    ['gpus.small-pool.replicas=1..3', 'gpus.large-pool.replicas=1..2', 'agents.checker.servers=4..6:2'],
    ['class.tickets.e2e.p95 <= 11s'], 'cost.gpu');
  assert.is(c.points, 12);
  assert.ok(c.sweepChoice !== undefined, 'the sweep finds a feasible point');
  assert.is(c.optimizeChoice, c.sweepChoice);
  assert.ok(c.optimizeSeconds < c.sweepSeconds, `optimize ${c.optimizeSeconds} vs sweep ${c.sweepSeconds} replication-seconds`);
});

test('infeasible objectives: the closest point, confirmed, and no feasible choice', async () => {
  const c = await optimizeVersusSweep('support-desk', ['horizon=300s', 'warmup=60s', 'replications=3'],
    ['gpus.small-pool.replicas=1..2', 'gpus.large-pool.replicas=1..2'], ['class.tickets.e2e.p95 <= 1s'], 'cost.gpu');
  assert.is(c.sweepChoice, undefined);
  assert.is(c.result.outcome, 'infeasible');
  assert.is(c.result.chosen!.stage, 'confirmed');
  assert.is(c.result.chosen!.verdict, 'infeasible');
});

test('an objective on a figure the same in every replication (the GPU cost) is judged on its value, and its figure says why it has no interval', async () => {
  // cost.gpu over 300 s: (4 × small + 16 × large replicas) / 12 dollars; 2.1 admits only one large replica.
  const c = await optimizeVersusSweep('support-desk', ['horizon=300s', 'warmup=60s', 'replications=3'],
    ['gpus.small-pool.replicas=1..2', 'gpus.large-pool.replicas=1..2'], ['class.tickets.e2e.p95 <= 11s', 'cost.gpu <= 2.1'], 'class.tickets.e2e.p95');
  assert.ok(c.sweepChoice !== undefined, 'the sweep finds a feasible point');
  assert.is(c.optimizeChoice, c.sweepChoice);
  const cost = c.result.chosen!.figures['cost.gpu']!;
  assert.equal([cost.interval, cost.note], [null, 'no sampling variability: the same in every replication']);
  assert.ok(cost.estimate <= 2.1, `${cost.estimate}`);
  const dear = c.result.points.filter((p) => p.point.values['gpus.large-pool.replicas'] === '2');
  assert.is(dear.length, 2);
  for (const j of dear) assert.is.not(j.verdict, 'feasible', `${JSON.stringify(j.point.values)}: ${j.why}`);
});

test('knob and objective forms', () => {
  assert.equal(parseKnob('agents.a.servers=2..10:4').values, ['2', '6', '10']);
  assert.equal(parseKnob('gpus.p.replicas=1..3').values, ['1', '2', '3']);
  assert.equal(parseKnob('agents.a.hit=0.1..0.3:0.1').values, ['0.1', '0.2', '0.3']);
  for (const bad of ['agents.a.servers', 'agents.a.servers=1-3', 'agents.a.servers=3..1', 'x=1..2:0']) {
    assert.throws(() => parseKnob(bad), /PATH=LO\.\.HI/);
  }
  const file = fileURLToPath(new URL('../../../../scenarios/five-agents.yaml', import.meta.url));
  const s = loadScenario(file, readFileSync(file, 'utf8'), { readFile: () => '', overrides: [] });
  assert.equal(parseObjective('class.chat.e2e.p95 <= 2s', s), { metric: 'class.chat.e2e.p95', op: '<=', bound: 2, text: 'class.chat.e2e.p95 <= 2s' });
  assert.is(parseObjective('e2e.mean<1500ms', s).bound, 1.5);
  assert.is(parseObjective('throughput >= 120/min', s).bound, 2);
  assert.throws(() => parseObjective('e2e.p95 = 2s', s), /METRIC <= VALUE/);
  assert.throws(() => parseObjective('e2e.p95 <= fast', s), /expected a value in s/);
  assert.throws(() => parseObjective('e2e.p96 <= 2s', s), /^--objective 'e2e.p96 <= 2s': unknown metric 'e2e.p96' \(did you mean 'e2e.p95'\?\)/);
});

test('the metric to minimise: known, and a cost only where something has a price', () => {
  const load = (name: string) => {
    const file = fileURLToPath(new URL(`../../../../scenarios/${name}.yaml`, import.meta.url));
    return loadScenario(file, readFileSync(file, 'utf8'), { readFile: () => '', overrides: [] });
  };
  checkMinimize('cost.gpu', load('support-desk'));
  checkMinimize('e2e.mean', load('mm4'));
  assert.throws(() => checkMinimize('cost.total', load('mm4')), /^--minimize cost\.total: expected a metric the scenario reports, found cost\.total, which it does not report: nothing in it has a price .*--minimize e2e\.p95$/);
  assert.throws(() => checkMinimize('e2e.meen', load('mm4')), /^--minimize e2e\.meen: unknown metric 'e2e\.meen' \(did you mean 'e2e\.mean'\?\)/);
});

test.run();
