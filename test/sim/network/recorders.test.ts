// The optional recorders agree exactly with the replication's own statistics, and recording
// changes no result.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Replication } from '../../../sim/network/engine.js';
import { OUTCOME_COMPLETED, OUTCOME_REJECTED } from '../../../sim/network/record/recorders.js';
import { replicationOptions, runRecordedReplication, runReplication } from '../../../models/run/replicate.js';
import { scenarioFromText } from '../../helpers/run.js';

const test = suite('recorders');

const TANDEM = scenarioFromText(`
name: rec
horizon: 2000s
replications: 2
workload:
  a: { arrivals: { process: poisson, rate: 2/s }, entry: first }
  b: { arrivals: { process: poisson, rate: 0.5/s }, entry: second }
agents:
  first:  { servers: 2, capacity: 4, service: { dist: exponential, mean: 0.8s }, next: second }
  second: { servers: 3, service: { dist: exponential, mean: 1s } }
`);

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('time series windows add up to the replication totals', () => {
  const rep = new Replication(TANDEM.network, replicationOptions(TANDEM, 0, 0, { timeseriesWindow: 100, traceRequests: false }));
  rep.advance(Infinity, Infinity);
  const s = rep.snapshot();
  const ts = s.timeseries!;
  assert.is(ts.arrivals.length, 20);
  const sum = (x: Float64Array) => x.reduce((p, v) => p + v, 0);
  close(sum(ts.arrivals), s.classes[0]!.arrivals + s.classes[1]!.arrivals, 'arrivals');
  close(sum(ts.completions), s.classes[0]!.completed + s.classes[1]!.completed, 'completions');
  for (let a = 0; a < 2; a++) {
    let q = 0, b = 0;
    for (let w = 0; w < 20; w++) { q += ts.queue[w * 2 + a]! * 100; b += ts.busy[w * 2 + a]! * 100; }
    close(q, s.agents.queueArea[a]!, `queue area of agent ${a}`);
    close(b, s.agents.busyArea[a]!, `busy area of agent ${a}`);
  }
  assert.ok(ts.e2eP95.every((p) => p > 0), 'every window completed something');
});

test('request rows: e2e is the sum of waits and services, counts match the statistics', () => {
  const out = runRecordedReplication(TANDEM, 0, 200, { timeseriesWindow: 0, traceRequests: true });
  const rows = out.requests!;
  const metric = (name: string) => out.metrics.find((m) => m.name === name)!.value;
  let completed = 0, rejected = 0, e2eSum = 0;
  for (let i = 0; i < rows.count; i++) {
    assert.ok(rows.finish[i]! >= 200, 'only requests finishing after warm-up');
    if (rows.outcome[i] === OUTCOME_REJECTED) { rejected++; continue; }
    assert.is(rows.outcome[i], OUTCOME_COMPLETED);
    completed++;
    const e2e = rows.finish[i]! - rows.arrival[i]!;
    e2eSum += e2e;
    const parts = rows.wait[i * 2]! + rows.service[i * 2]! + rows.wait[i * 2 + 1]! + rows.service[i * 2 + 1]!;
    close(parts, e2e, `row ${i}`);
    if (rows.cls[i] === 1) assert.is(rows.service[i * 2], 0, 'class b never visits the first agent');
  }
  assert.is(completed, metric('completed'));
  assert.is(rejected, metric('rejected'));
  assert.ok(rejected > 0, 'the capacity limit rejected some requests');
  close(e2eSum / completed, metric('e2e.mean'), 'e2e.mean');
});

test('recording changes no metric', () => {
  const plain = runReplication(TANDEM, 1, 200);
  const recorded = runRecordedReplication(TANDEM, 1, 200, { timeseriesWindow: 50, traceRequests: true }).metrics;
  assert.equal(recorded, plain);
});

test.run();
