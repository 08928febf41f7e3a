// Retries, timeouts and max steps, each against what its definition implies: exact values where
// service times are deterministic, intervals or binomial spreads where they are random.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Experiment } from '../../../models/run/experiment.js';
import { OUTCOME_COGNITIVE, OUTCOME_COMPLETED, OUTCOME_FAILED } from '../../../sim/network/record/recorders.js';
import type { AgentSpec } from '../../../sim/network/spec.js';
import { retry, runOne } from '../../helpers/flow-specs.js';
import { inIntervalAt } from '../../helpers/assert.js';
import { det, EXIT, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station, to } from '../../helpers/specs.js';

const test = suite('reliability: retries, timeouts, max steps');

/** |hits/n - p| within 5 binomial standard errors (a false alarm about once in 1.7 million). */
const binomialClose = (hits: number, n: number, p: number, what: string) => {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(hits / n - p) <= 5 * se, `${what}: ${hits}/${n} = ${hits / n} vs p = ${p} (5 se = ${5 * se})`);
};

test('retries with failure probability p multiply the offered load by (1 - p^(m+1)) / (1 - p)', () => {
  const lambda = 4, p = 0.4, m = 3;
  const tool: AgentSpec = station('tool', 200, { dist: 'exponential', mean: 0.5 }, EXIT, { failure: p, retry: retry(m, 0.2, { multiplier: 2, jitter: 0.5 }) });
  const net = network({ agents: [tool], classes: [poissonClass('q', lambda, 0)] });
  const r = new Experiment(scenarioOf(net, { horizon: 4000, warmup: 100, replications: 10 }), 'test').runToEnd();
  const factor = (1 - p ** (m + 1)) / (1 - p);
  console.log(`  offered load factor: exact ${factor.toFixed(4)}, simulated ${(r.metrics['agent.tool.throughput']!.estimate! / lambda).toFixed(4)}`);
  inIntervalAt(r.metrics['agent.tool.throughput']!, lambda * factor, 0.999, 'calls per second at the retried agent');
  // A request fails once all m + 1 attempts failed; retries per call follow from the same series.
  inIntervalAt(r.metrics['error.rate.system']!, p ** (m + 1), 0.999, 'share of requests failing');
  inIntervalAt(r.metrics['agent.tool.retry_rate']!, (factor - 1) / factor, 0.999, 'retries per call');
  // Without retries the factor is 1: the same scenario minus `retry` offers lambda.
  const plain = new Experiment(scenarioOf(network({ agents: [station('tool', 200, { dist: 'exponential', mean: 0.5 }, EXIT, { failure: p })], classes: [poissonClass('q', lambda, 0)] }), { horizon: 4000, warmup: 100, replications: 10 }), 'test').runToEnd();
  inIntervalAt(plain.metrics['agent.tool.throughput']!, lambda, 0.999, 'calls per second without retries');
});

test('backoff k waits backoff * multiplier^(k-1), within the jitter band', () => {
  // Deterministic service and enough servers: a request's latency is its attempts plus its backoffs.
  const s = 0.1, backoff = 1, mult = 3, jitter = 0.25, m = 3;
  const net = network({ agents: [station('tool', 1000, det(s), EXIT, { failure: 0.5, retry: retry(m, backoff, { multiplier: mult, jitter }) })], classes: [poissonClass('q', 2, 0)] });
  const { rows, get } = runOne(net, 3000);
  const seen = new Set<number>();
  for (let i = 0; i < rows.count; i++) {
    const e2e = rows.finish[i]! - rows.arrival[i]!;
    // k failed attempts before the outcome: (k + 1) services and k backoffs within [d(1-j), d(1+j)].
    let matched = -1;
    for (let k = 0; k <= m; k++) {
      let lo = (k + 1) * s, hi = (k + 1) * s;
      for (let j = 1; j <= k; j++) { lo += backoff * mult ** (j - 1) * (1 - jitter); hi += backoff * mult ** (j - 1) * (1 + jitter); }
      if (e2e >= lo - 1e-9 && e2e <= hi + 1e-9) { matched = k; break; }
    }
    assert.ok(matched >= 0, `latency ${e2e} is not (k+1) services plus k backoffs for any k <= ${m}`);
    if (rows.outcome[i] === OUTCOME_FAILED) assert.is(matched, m, 'a failed request used every retry');
    seen.add(matched);
  }
  assert.equal([...seen].sort(), [0, 1, 2, 3], 'every number of retries occurs');
  assert.ok(get('retries') > 0);
});

test('timeouts: the client gives up after its timeout and retries; the abandoned call keeps its server, a waiting one is dropped unserved', () => {
  // One server, deterministic service 1 s, timeout 1.5 s: a call timed out in service had started
  // and runs its whole second (wasted); one timed out while waiting is dropped with no service.
  const T = 1.5;
  const net = network({
    agents: [station('api', 1, det(1), EXIT, { timeout: T, retry: retry(1, 0.25, { failure: false }) })],
    classes: [poissonClass('q', 0.6, 0)],
  });
  const horizon = 20000;
  const { rows, get } = runOne(net, horizon);
  const timeouts = get('agent.api.timeouts');
  const wasted = get('wasted.seconds');
  assert.ok(timeouts > 100, `some calls time out (${timeouts})`);
  assert.ok(Math.abs(wasted - Math.round(wasted)) < 1e-6, `wasted work is a whole number of services (${wasted})`);
  assert.ok(wasted > 0 && wasted < timeouts, `some abandoned calls were in service (${wasted}), not all (${timeouts})`);
  // Busy time = served calls + abandoned calls that were in service; dropped ones cost nothing.
  const busy = get('agent.api.utilization') * horizon;
  const served = get('agent.api.throughput') * horizon;
  assert.ok(Math.abs(busy - (served + wasted)) <= 1 + 1e-6, `busy ${busy} = served ${served} + wasted ${wasted} (± the call in service at the end)`);
  let failed = 0;
  for (let i = 0; i < rows.count; i++) {
    const e2e = rows.finish[i]! - rows.arrival[i]!;
    if (rows.outcome[i] === OUTCOME_FAILED) {
      failed++;
      // Two attempts, each abandoned at exactly T, with the backoff between them.
      assert.ok(Math.abs(e2e - (2 * T + 0.25)) < 1e-9, `a failed request gave up at 2T + backoff, not ${e2e}`);
    } else {
      assert.is(rows.outcome[i], OUTCOME_COMPLETED);
      assert.ok(e2e <= 2 * T + 0.25 + 1e-9, `a completed request finished within its two attempts (${e2e})`);
    }
  }
  assert.ok(failed > 0, 'some requests time out twice');
  assert.is(failed, get('failed'));
  // Each timed-out first attempt is retried once; a second timeout fails the request.
  assert.is(get('agent.api.retries'), timeouts - failed);
});

test('once its retries are used up, a failed call takes on_failure', () => {
  const net = network({
    agents: [
      station('flaky', 100, det(0.1), to(2), { failure: 0.5, retry: retry(2, 0), onFailure: to(1) }),
      station('fallback', 100, det(0.1)),
      station('next', 100, det(0.1)),
    ],
    classes: [poissonClass('q', 3, 0)],
  });
  const { get } = runOne(net, 4000);
  const requests = get('completed');
  // After 3 failed attempts (probability 1/8) the request goes to the fallback, otherwise on.
  binomialClose(get('agent.fallback.throughput') * 4000, requests, 0.125, 'share sent to on_failure');
  assert.is(Math.round(get('agent.fallback.throughput') * 4000 + get('agent.next.throughput') * 4000), requests);
});

test('max steps: a request looping more than max steps ends as a cognitive error at exactly that many visits', () => {
  const maxSteps = 5;
  const loop = station('think', 1000, det(1), { kind: 'random', to: [0, -1], p: [0.9, 0.1], escalate: [false, false] });
  const net = network({ agents: [loop], classes: [poissonClass('q', 2, 0, [], { maxSteps })] });
  const { rows, get } = runOne(net, 3000);
  let cognitive = 0, n = 0;
  for (let i = 0; i < rows.count; i++) {
    const e2e = rows.finish[i]! - rows.arrival[i]!; // one second per visit
    n++;
    if (rows.outcome[i] === OUTCOME_COGNITIVE) {
      cognitive++;
      assert.ok(Math.abs(e2e - maxSteps) < 1e-9, `stopped after ${maxSteps} visits, not ${e2e}`);
    } else {
      assert.ok(e2e <= maxSteps + 1e-9, `completed within ${maxSteps} visits (${e2e})`);
    }
  }
  // More than 5 visits means the first 5 all looped: 0.9^5.
  binomialClose(cognitive, n, 0.9 ** maxSteps, 'share of runaway loops');
  assert.is(get('errors.cognitive'), cognitive);
  assert.ok(Math.abs(get('error.rate.cognitive') - cognitive / n) < 1e-12);
  assert.is(get('failed'), cognitive, 'cognitive errors count as failed requests');
});

test('an LLM call timed out while waiting for the GPU is dropped unserved; one already in a batch runs on, wasted', () => {
  // One replica, one sequence at a time, 10 iterations of 0.1 s per call (prefill + 9 decodes): 1 s.
  const D = 1, T = 1.5, horizon = 20000;
  const net = network({
    agents: [llm('answer', 0, 100, 10, EXIT, { timeout: T, retry: retry(1, 0, { failure: false }) })],
    classes: [poissonClass('q', 0.6, 0)],
    models: [model('m', linearProfile(0.1, 0, 0, 0))],
    pools: [gpuPool('g', 0, 1, 1_000_000, { maxBatch: 1 })],
  });
  const { get } = runOne(net, horizon);
  const wasted = get('wasted.seconds');
  assert.ok(get('agent.answer.timeouts') > 100);
  assert.ok(Math.abs(wasted / D - Math.round(wasted / D)) < 1e-6, `wasted work is whole calls (${wasted})`);
  assert.ok(wasted > 0 && wasted < get('agent.answer.timeouts') * D);
  // The replica is busy only for calls served to the end: answered ones and abandoned ones in a batch.
  const busy = get('gpu.g.utilization') * horizon;
  const answered = get('agent.answer.throughput') * horizon;
  assert.ok(Math.abs(busy - (answered + wasted / D) * D) <= D + 1e-6, `busy ${busy} vs ${(answered + wasted / D) * D}`);
});

test('a call that times out while waiting is dropped without service; one in service runs to its end (exact, station and GPU)', () => {
  // Calls at t = 0 and 0.1, one server, 1 s of work each, timeout 0.5 s, no retry: the first times
  // out in service (at 0.5: runs on to 1.0, wasted), the second while waiting (at 0.6: never served).
  const times = Float64Array.from([0, 0.1]);
  const cls = { name: 'q', arrivals: { process: 'trace' as const, trace: { source: 't', times, attributes: {}, prefixBlocks: undefined } }, entry: 0, routes: [], attributes: [] };
  const onStation = runOne(network({ agents: [station('api', 1, det(1), EXIT, { timeout: 0.5 })], classes: [cls] }), 10);
  const onGpu = runOne(network({
    agents: [llm('answer', 0, 100, 10, EXIT, { timeout: 0.5 })],
    classes: [cls],
    models: [model('m', linearProfile(0.1, 0, 0, 0))], // 10 iterations of 0.1 s
    pools: [gpuPool('g', 0, 1, 1_000_000, { maxBatch: 1 })],
  }), 10);
  for (const [what, run, busy] of [['station', onStation, onStation.get('agent.api.utilization') * 10], ['gpu', onGpu, onGpu.get('gpu.g.utilization') * 10]] as const) {
    assert.is(run.get('failed'), 2, `${what}: both requests fail`);
    assert.ok(Math.abs(run.get('wasted.seconds') - 1) < 1e-9, `${what}: one call's work wasted, not ${run.get('wasted.seconds')}`);
    assert.ok(Math.abs(busy - 1) < 1e-9, `${what}: the server worked 1 s, not ${busy}`);
    for (let i = 0; i < run.rows.count; i++) assert.ok(Math.abs(run.rows.finish[i]! - run.rows.arrival[i]! - 0.5) < 1e-9, `${what}: each gave up after 0.5 s`);
  }
});

test.run();
