// Latency attribution along critical paths: each completed request's parts add up to its latency
// (to 1e-9), whatever the mechanisms on its way (forks, quorums, speculation, retries, timeouts, rate
// limits, LLM calls); the recorded latencies are the replication's own; a fork counts only the
// branch that finished last.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Replication } from '../../../sim/network/engine.js';
import { attributionIndex, attributionWidth } from '../../../sim/network/record/attribution.js';
import { replicationOptions } from '../../../models/run/replicate.js';
import type { Scenario } from '../../../models/scenario/index.js';
import { scenarioFromText } from '../../helpers/run.js';

const test = suite('latency attribution');

function attributed(s: Scenario, index = 0) {
  const options = { ...replicationOptions(s, index, s.warmup.mode === 'fixed' ? s.warmup.seconds : 0, { timeseriesWindow: 0, traceRequests: false }), attribution: true };
  const rep = new Replication(s.network, options);
  rep.advance(Infinity, Infinity);
  return rep.snapshot();
}

function checkAddsUp(s: Scenario): void {
  const stats = attributed(s);
  const at = stats.attribution!;
  assert.ok(at !== undefined, 'attribution recorded');
  s.network.classes.forEach((c, k) => {
    const a = at.classes[k]!;
    const cs = stats.classes[k]!;
    assert.is(a.count, cs.completed, `${s.name}/${c.name}: one row per completed request`);
    assert.ok(Math.abs(a.e2eSum - cs.e2eSum) <= 1e-9 * Math.max(1, cs.e2eSum), `${c.name}: latencies are the replication's own`);
    assert.ok(a.maxResidual <= 1e-9, `${s.name}/${c.name}: worst request's parts miss its latency by ${a.maxResidual} s`);
    const total = a.sums.reduce((x, y) => x + y, 0);
    assert.ok(Math.abs(total - a.e2eSum) <= 1e-9 * Math.max(1, a.e2eSum), `${c.name}: parts sum to the class total`);
    assert.ok(a.tailCount >= 0.05 * a.count - 1 && a.tailCount <= 0.05 * a.count + 1 + a.count * 0.01, `${c.name}: tail is ~5% (${a.tailCount} of ${a.count})`);
  });
}

const dir = fileURLToPath(new URL('../../../../scenarios/', import.meta.url));
const bundled = (name: string) => scenarioFromText(readFileSync(`${dir}${name}.yaml`, 'utf8'), ['replications=2', 'horizon=1200s', 'warmup=100s']);

for (const name of ['five-agents', 'coding-agent', 'support-desk', 'fanout', 'worker-checker']) {
  test(`${name}: every request's parts add up to its latency`, () => checkAddsUp(bundled(name)));
}

test('quorums, speculation, failures with retries, timeouts and rate limits: parts add up', () => {
  checkAddsUp(scenarioFromText(`
name: mechanisms
horizon: 3000s
warmup: 100s
workload:
  quorum: { arrivals: { process: poisson, rate: 0.5/s }, entry: plan, rate_limit: { rate: 0.45/s, burst: 3, action: queue } }
  guess: { arrivals: { process: poisson, rate: 0.3/s }, entry: spec }
agents:
  plan: { kind: router, next: { fork: [worker, worker, flaky], need: 2, then: final } }
  spec: { kind: router, next: { speculate: { main: worker, guess: flaky, hit: 0.6 }, then: final } }
  worker: { servers: 3, service: { dist: exponential, mean: 1s }, next: exit }
  flaky:
    servers: 2
    service: { dist: lognormal, mean: 1.5s, cv: 1.5 }
    failure: 0.2
    timeout: 4s
    retry: { max: 2, backoff: 0.5s, multiplier: 2, jitter: 0.3, on: [failure, timeout] }
    next: exit
  final: { servers: 1, service: { dist: exponential, mean: 0.3s } }
`));
});

test('a fork counts the branch that finished last, retries count as lost time and backoff', () => {
  // No queueing (many servers, deterministic times): every request takes exactly 2 s for the slow
  // branch, the fast branch is off the critical path.
  const s = scenarioFromText(`
name: fork
horizon: 500s
workload:
  job: { arrivals: { process: poisson, rate: 1/s }, entry: split }
agents:
  split: { kind: router, next: { fork: [fast, slow], then: exit } }
  fast: { servers: 1000, service: { dist: deterministic, value: 1s }, next: exit }
  slow: { servers: 1000, service: { dist: deterministic, value: 2s }, next: exit }
`);
  const stats = attributed(s);
  const a = stats.attribution!.classes[0]!;
  const A = s.network.agents.length;
  const idx = (name: string, part: 'wait' | 'service' | 'retry') => a.sums[attributionIndex(A, s.network.agents.findIndex((x) => x.name === name), part)]!;
  assert.ok(a.count > 300);
  assert.ok(Math.abs(idx('slow', 'service') - 2 * a.count) <= 1e-6, `slow service ${idx('slow', 'service')} = 2 s per request`);
  assert.is(idx('fast', 'service'), 0, 'the fast branch is not on the critical path');
  assert.is(a.sums.length, attributionWidth(A));

  const r = scenarioFromText(`
name: retry
horizon: 2000s
workload:
  job: { arrivals: { process: poisson, rate: 1/s }, entry: flaky }
agents:
  flaky:
    servers: 1000
    service: { dist: deterministic, value: 1s }
    failure: 0.3
    retry: { max: 5, backoff: 0.5s, multiplier: 1, on: [failure] }
`);
  const b = attributed(r).attribution!.classes[0]!;
  // Each completed request: one successful call (1 s service) and k failed ones (1 s + 0.5 s backoff
  // each), with k ~ truncated geometric; lost time per request is 1.5 E[k | success].
  assert.ok(Math.abs(b.sums[attributionIndex(1, 0, 'service')]! - b.count) <= 1e-6, 'one successful second per request');
  const lost = b.sums[attributionIndex(1, 0, 'retry')]! / b.count;
  let pk = 0, ek = 0;
  for (let k = 0; k <= 5; k++) { const w = 0.3 ** k * 0.7; pk += w; ek += k * w; }
  const expected = 1.5 * ek / pk;
  assert.ok(Math.abs(lost - expected) <= 0.1 * expected, `lost ${lost} s per request vs ${expected}`);
  assert.ok(b.maxResidual <= 1e-9);
});

test('without attribution nothing is recorded', () => {
  const s = bundled('five-agents');
  const rep = new Replication(s.network, replicationOptions(s, 0, 100, { timeseriesWindow: 0, traceRequests: false }));
  rep.advance(Infinity, Infinity);
  assert.is(rep.snapshot().attribution, undefined);
});

test.run();
