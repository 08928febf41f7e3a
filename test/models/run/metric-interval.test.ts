// The interval results give a metric: none where the replications cannot tell (one replication,
// identical replications), the quantile sketch's error in percentile intervals, never a null end.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agree, metricInterval, REPLAY_NOTE } from '../../../models/run/metric-interval.js';
import { sectionedInterval } from '../../../models/analysis/interval.js';
import { metric, runText } from '../../helpers/run.js';
import { Experiment } from '../../../models/run/experiment.js';
import { summarise } from '../../../models/run/results.js';
import { scenarioFromText } from '../../helpers/run.js';

const test = suite('run: metric intervals');
const setting = { confidence: 0.95, sketchError: 0.01, replay: false };

test('one value: the estimate without an interval, saying why', () => {
  assert.equal(metricInterval('e2e.mean', [2.5], setting), { estimate: 2.5, interval: null, note: 'one replication: no interval' });
  assert.equal(metricInterval('e2e.mean', [], setting), { estimate: null, interval: null, note: 'no replication measured it' });
});

test('identical values: no zero-width interval; a percentile keeps the sketch band', () => {
  const same = metricInterval('agent.a.rejected', [0, 0, 0], setting);
  assert.is(same.interval, null);
  assert.match(same.note!, /no sampling variability/);
  const p50 = metricInterval('e2e.p50', [2.801, 2.801, 2.801], setting);
  assert.equal(p50.interval, [2.801 * 0.99, 2.801 * 1.01]);
  assert.equal(metricInterval('e2e.p50', [2.801, 2.801], { ...setting, sketchError: 0 }).interval, null, 'exact percentiles: nothing to add');
});

test('values that differ by rounding only are the same figure; a sampling spread, however small, is not', () => {
  // A constant 0.3 s service timed as a difference of clock readings near t = 20,000 s.
  const t = 20_000 + Math.PI;
  const rounded = [t + 0.3 - t, 2 * t + 0.3 - 2 * t, 0.3];
  assert.ok(new Set(rounded).size > 1, 'the readings round differently');
  const same = metricInterval('agent.a.service.mean', rounded, setting);
  assert.is(same.interval, null);
  assert.match(same.note!, /no sampling variability/);
  assert.ok(agree(rounded));
  assert.ok(!agree([0.3, 0.3 * (1 + 1e-8)]), 'a spread of 1e-8 is more than rounding');
  assert.ok(metricInterval('agent.a.service.mean', [0.3, 0.3 * (1 + 1e-8), 0.3 * (1 - 1e-8)], setting).interval !== null);
  assert.ok(agree([NaN, NaN]) && !agree([NaN, 1]), 'NaN is the same only as NaN');
  assert.ok(!agree([0, 1e-17]), 'relative to the values: 0 is not rounding of 1e-17');
});

test('a percentile interval: each side the t half-width and the sketch error of the estimate in quadrature; a mean is not widened', () => {
  const values = [2.7, 2.8, 2.9, 2.85];
  const mean = metricInterval('e2e.mean', values, setting).interval!;
  const p = metricInterval('e2e.p95', values, setting).interval!;
  const est = values.reduce((s, x) => s + x, 0) / values.length;
  const side = Math.sqrt((mean[1] - est) ** 2 + (0.01 * est) ** 2);
  assert.ok(Math.abs(p[0] - (est - side)) < 1e-12 && Math.abs(p[1] - (est + side)) < 1e-12, `${p} vs ${mean}`);
  assert.ok(side >= 0.01 * est && side >= mean[1] - est, 'never narrower than either part');
});

test('a percentile with the pooled value: sectioning around it, then the sketch error in quadrature', () => {
  const values = [2.7, 2.8, 2.9, 2.85, 3.6];
  const pooled = 2.95;
  const m = metricInterval('e2e.p99', values, setting, pooled);
  assert.is(m.estimate, pooled);
  const h = sectionedInterval(values, pooled, 0.95).halfWidth;
  const side = Math.hypot(h, 0.01 * pooled);
  assert.ok(Math.abs(m.interval![0] - (pooled - side)) < 1e-12 && Math.abs(m.interval![1] - (pooled + side)) < 1e-12, `${m.interval}`);
  assert.match(m.note!, /sectioning: the percentile of the 5 replications' values together/);
  assert.match(m.note!, /sketch's relative error/);
  assert.not.match(metricInterval('e2e.p99', values, { ...setting, sketchError: 0 }, pooled).note!, /sketch/);
});

test('results: a percentile\'s estimate is the percentile of all replications\' values together', () => {
  // Exact percentiles and every request recorded: the estimate must be the nearest-rank p99 of all
  // requests of all replications, which the mean of the replications' p99s is not.
  const scenario = scenarioFromText(`
name: pooled
horizon: 3000s
warmup: 300s
replications: 4
metrics: { percentiles: exact }
workload:
  requests: { arrivals: { process: poisson, rate: 0.8/s }, entry: worker }
agents:
  worker: { servers: 1, service: { dist: hyperexponential, mean: 1s, scv: 4 } }
`);
  const e = new Experiment(scenario, 'test', { timeseriesWindow: 0, traceRequests: true });
  const r = e.runToEnd();
  const all: number[] = [];
  for (const o of e.completedOutputs()) {
    const q = o.requests!;
    for (let i = 0; i < q.count; i++) if (q.outcome[i] === 0) all.push(q.finish[i]! - q.arrival[i]!);
  }
  all.sort((a, b) => a - b);
  for (const [name, level] of [['e2e.p50', 0.5], ['e2e.p95', 0.95], ['e2e.p99', 0.99]] as const) {
    const m = metric(r, name);
    assert.is(m.estimate, all[Math.ceil(level * all.length) - 1], name);
    const mean = m.values.reduce<number>((a, b) => a + b!, 0) / m.values.length;
    assert.ok(m.estimate !== mean, `${name}: not the mean of the replications' values`);
    assert.ok(m.interval![0] <= m.estimate! && m.estimate! <= m.interval![1]);
  }
});

test('a replay: every metric says it has no sampling variability, and the run warns once', () => {
  const r = runText(`
name: replay
horizon: 500s
replications: 3
workload:
  requests: { arrivals: { process: deterministic, rate: 0.5/s }, entry: worker }
agents:
  worker: { servers: 1, service: { dist: deterministic, mean: 1s } }
`);
  for (const m of Object.values(r.metrics)) {
    assert.is(m.interval, null);
    assert.is(m.note, REPLAY_NOTE);
  }
  assert.is(r.warnings.filter((w) => /replications are identical/.test(w)).length, 1);
});

test('a partial run with one replication: estimates, interval null (never [0, null]), and a warning', () => {
  const text = `
name: one
horizon: 2000s
replications: 5
workload:
  requests: { arrivals: { process: poisson, rate: 0.5/s }, entry: worker }
agents:
  worker: { servers: 1, service: { dist: exponential, mean: 1s } }
`;
  const scenario = scenarioFromText(text);
  const e = new Experiment(scenario, 'test');
  e.runToEnd();
  // What a run stopped after its first replication summarises.
  const r = summarise({ version: 'test', scenario, warmupSeconds: e.warmup, partial: true, warnings: [], perReplication: [e.completedOutputs()[0]!.metrics] });
  assert.is(r.replications, 1);
  const m = metric(r, 'e2e.mean');
  assert.ok(m.estimate !== null && m.estimate > 0);
  assert.is(m.interval, null);
  assert.ok(r.warnings.some((w) => /one replication/.test(w)));
  assert.not.match(JSON.stringify(r), /"interval":\s*\[[^\]]*null/);
});

test('a constant service among random ones: its mean and scv say they do not vary, not [0.7, 0.7] and 2e-14', () => {
  const r = runText(`
name: mixed
horizon: 3000s
replications: 4
workload:
  requests: { arrivals: { process: poisson, rate: 0.5/s }, entry: worker }
agents:
  worker: { servers: 1, service: { dist: exponential, mean: 1s }, next: fixed }
  fixed: { servers: 2, service: { dist: deterministic, mean: 0.7s } }
`);
  for (const name of ['agent.fixed.service.mean', 'agent.fixed.service.scv']) {
    const m = metric(r, name);
    assert.is(m.interval, null, name);
    assert.is(m.note, 'no sampling variability: the same in every replication', name);
  }
  assert.is(metric(r, 'agent.fixed.service.scv').estimate, 0);
  assert.ok(Math.abs(metric(r, 'agent.fixed.service.mean').estimate! - 0.7) < 1e-12);
  assert.ok(metric(r, 'agent.fixed.sojourn.mean').interval !== null, 'its sojourn still varies with the waits');
  assert.ok(metric(r, 'agent.worker.service.scv').interval !== null);
});

test('a stochastic run keeps its intervals', () => {
  const r = runText(`
name: mm1
horizon: 2000s
replications: 4
workload:
  requests: { arrivals: { process: poisson, rate: 0.5/s }, entry: worker }
agents:
  worker: { servers: 1, service: { dist: exponential, mean: 1s } }
`);
  assert.ok(metric(r, 'e2e.mean').interval !== null);
  assert.ok(!r.warnings.some((w) => /identical/.test(w)));
});

test.run();
