// Timelines replayed through the engine's actuators, and windowed detection of objectives:
// rate changes, token-bucket limits and SLO changes at simulated times; same seed, same outcome.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runCoordinatedReplication } from '../../../models/coordination/driver.js';
import { windowMetric } from '../../../models/coordination/detection.js';
import type { CoordinationSettings, Objective, TimelineEvent } from '../../../models/coordination/types.js';
import { OUTCOME_RATE_LIMITED } from '../../../sim/network/record/recorders.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';
import { det, exp, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station } from '../../helpers/specs.js';

const test = suite('coordination timelines');

const HORIZON = 2000;
const LAMBDA = 10;

const SETTINGS: CoordinationSettings = {
  enabled: false, period: 60, controlLatency: 0.5, messageLatency: 0.1, horizon: 120, confidence: 0.9, maxDepth: 2,
  validationHorizon: 600, validationWarmup: 60, validationReplications: 4,
};

/** A timeline and objectives alone (no participants): what every replication does with coordination off. */
async function run(net: NetworkSpec, timeline: TimelineEvent[], objectives: Objective[] = [], horizon = HORIZON) {
  const s = { ...scenarioOf(net, { horizon }), coordination: { timeline, objectives, participants: [], actions: [], settings: SETTINGS } };
  const out = (await runCoordinatedReplication(s, 0, 0, { enabled: false, recording: { timeseriesWindow: 0, traceRequests: true } }))!;
  const value = (name: string) => out.metrics.find((m) => m.name === name)!.value;
  return {
    requests: out.requests!,
    objectives: objectives.map((o) => ({
      windows: value(`objective.${o.name}.windows`),
      violated: value(`objective.${o.name}.violation_time`) / o.window,
      violationSeconds: value(`objective.${o.name}.violation_time`),
    })),
    log: out.log,
  };
}

// Ample servers and a short fixed service: every admitted request completes, arrivals are what we count.
const wide = network({ agents: [station('s', 50, det(0.001))], classes: [poissonClass('c', LAMBDA, 0)] });

test('a set_rate event doubles the arrival rate from its time on', async () => {
  const out = await run(wide, [{ kind: 'set_rate', at: HORIZON / 2, cls: 0, factor: 2 }]);
  const rows = out.requests;
  let before = 0, after = 0;
  for (let i = 0; i < rows.count; i++) (rows.arrival[i]! < HORIZON / 2 ? before++ : after++);
  // Poisson counts: means 10 000 and 20 000; five standard deviations each side.
  const mean = LAMBDA * HORIZON / 2;
  assert.ok(Math.abs(before - mean) < 5 * Math.sqrt(mean), `before ${before}`);
  assert.ok(Math.abs(after - 2 * mean) < 5 * Math.sqrt(2 * mean), `after ${after}`);
});

test('a set_rate_limit event throttles its class with a token bucket from its time on', async () => {
  const out = await run(wide, [{ kind: 'set_rate_limit', at: HORIZON / 2, cls: 0, rate: 2 }]);
  const rows = out.requests;
  let limitedEarly = 0, limited = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] !== OUTCOME_RATE_LIMITED) continue;
    if (rows.arrival[i]! < HORIZON / 2) limitedEarly++; else limited++;
  }
  assert.is(limitedEarly, 0, 'the provisioned bucket must not bind before the event');
  // Arrivals after the event ~ Poisson(10 000); about 2/s x 1000 s (+ a burst of 10) pass.
  const expected = (LAMBDA - 2) * HORIZON / 2;
  assert.ok(Math.abs(limited - expected) < 5 * Math.sqrt(LAMBDA * HORIZON / 2) + 20, `limited ${limited}`);
});

// M/M/1 with rho = 0.5: sojourn ~ Exp(10/s), p95 = 0.3 s; P(sojourn > 2 s) = e^-20, so no window violates.
// Times 2.5 the rate makes it unstable: latency grows ~0.25 s per second of simulated time.
const single = network({ agents: [station('s', 1, exp(0.05))], classes: [poissonClass('c', LAMBDA, 0)] });
const p95: Objective = { name: 'c-p95', agent: 'owner', metric: 'p95', cls: 0, threshold: 2, window: 60, priority: 1 };

test('windowed detection: no violation when stable, every window after a spike violates', async () => {
  const calm = (await run(single, [], [p95], 1200)).objectives[0]!;
  assert.equal([calm.windows, calm.violated], [20, 0]);
  const spiked = (await run(single, [{ kind: 'set_rate', at: 600, cls: 0, factor: 2.5 }], [p95], 1200)).objectives[0]!;
  // The first window after the spike may still be under 2 s at its p95 (the queue takes ~8 s to build).
  assert.ok(spiked.violated >= 9 && spiked.violated <= 10, `violated ${spiked.violated}`);
  assert.is(spiked.violationSeconds, spiked.violated * 60);
});

test('a set_objective event changes the threshold windows are judged against', async () => {
  const timeline: TimelineEvent[] = [
    { kind: 'set_rate', at: 600, cls: 0, factor: 2.5 },
    { kind: 'set_objective', at: 600, objective: 0, threshold: 1e9 },
  ];
  assert.is((await run(single, timeline, [p95], 1200)).objectives[0]!.violated, 0);
});

test('same seed, same outcome', async () => {
  const timeline: TimelineEvent[] = [{ kind: 'set_rate', at: 300, cls: 0, factor: 1.8 }];
  const a = await run(single, timeline, [{ ...p95, threshold: 0.4 }], 1200);
  const b = await run(single, timeline, [{ ...p95, threshold: 0.4 }], 1200);
  assert.equal(a.objectives, b.objectives);
  assert.equal(a.requests.finish, b.requests.finish);
  assert.equal(a.log, b.log);
});

test('a join event: the class sends nothing before it, at its rate after', async () => {
  const two = network({ agents: [station('s', 50, det(0.001))], classes: [poissonClass('c', LAMBDA, 0), poissonClass('late', LAMBDA, 0)] });
  const out = await run(two, [{ kind: 'join', at: HORIZON / 2, cls: 1 }]);
  const rows = out.requests;
  let early = 0, late = 0;
  for (let i = 0; i < rows.count; i++) if (rows.cls[i] === 1) (rows.arrival[i]! < HORIZON / 2 ? early++ : late++);
  assert.is(early, 0);
  const mean = LAMBDA * HORIZON / 2;
  assert.ok(Math.abs(late - mean) < 5 * Math.sqrt(mean), `after joining ${late}`);
  assert.ok(out.log.records.some((r) => r.type === 'timeline' && /late joins/.test(r.event)));
});

test('a set_price event: calls finishing after it cost the new price per token, exactly', async () => {
  // Constant 100 input and 20 output tokens per call on an uncrowded pool.
  const gpu = network({
    agents: [llm('answer', 0, 100, 20)], classes: [poissonClass('c', 1, 0)],
    models: [model('m', linearProfile(0.01, 1e-5, 1e-4, 0), [1e-6, 4e-6])], pools: [gpuPool('p', 0, 2, 1e6)],
  });
  const out = await run(gpu, [{ kind: 'set_price', at: HORIZON / 2, model: 0, perInputToken: 3e-6, perOutputToken: 5e-6 }]);
  const rows = out.requests;
  let before = 0, after = 0;
  for (let i = 0; i < rows.count; i++) {
    const cost = rows.cost[i]!;
    if (rows.finish[i]! < HORIZON / 2) { before++; assert.ok(Math.abs(cost - (100 * 1e-6 + 20 * 4e-6)) < 1e-15, `old price, got ${cost}`); }
    else if (rows.arrival[i]! > HORIZON / 2) { after++; assert.ok(Math.abs(cost - (100 * 3e-6 + 20 * 5e-6)) < 1e-15, `new price, got ${cost}`); }
  }
  assert.ok(before > 500 && after > 500, `${before} calls before, ${after} after`);
});

test('nearest-rank window metrics; an empty window is not judged', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.is(windowMetric('p95', xs), 95);
  assert.is(windowMetric('p99', xs), 99);
  assert.is(windowMetric('mean', [1, 2, 3]), 2);
  assert.ok(Number.isNaN(windowMetric('p95', [])));
});

test.run();
