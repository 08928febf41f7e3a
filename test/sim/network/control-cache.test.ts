// The cache actuator a controller uses between segments (Actuators.setCacheHit): a probability cache
// hits with the new probability from its next lookup on (binomial counts before and after a switch);
// switching to the same value leaves the run identical; keyed caches and other agents are refused.
// And the quality of cached answers: a cache with `quality` gives it to the requests it answers, so
// quality.mean = h q_c + (1 - h) q_m when misses are answered by a model of quality q_m.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { replicationMetrics } from '../../../models/run/metrics.js';
import { replicationOptions } from '../../../models/run/replicate.js';
import { SimulationError } from '../../../sim/errors.js';
import { Replication } from '../../../sim/network/engine.js';
import { OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import type { AgentSpec, NetworkSpec } from '../../../sim/network/spec.js';
import { det, EXIT, exp, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station, to } from '../../helpers/specs.js';

const test = suite('control: cache actuator and cached answers\' quality');

function replication(net: NetworkSpec, horizon: number, index = 0): Replication {
  return new Replication(net, replicationOptions(scenarioOf(net, { horizon }), index, 0, { timeseriesWindow: 0, traceRequests: true }));
}

/** |observed fraction - p| within 5 binomial standard errors (false alarm about 6e-7). */
const binomialClose = (hits: number, n: number, p: number, what: string) => {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(n > 0 && Math.abs(hits / n - p) <= 5 * se, `${what}: ${hits}/${n} vs p = ${p} (5 se = ${5 * se})`);
};

const cache = (hit: number, extra: Partial<AgentSpec> = {}): AgentSpec => ({
  kind: 'cache', name: 'semantic', failure: 0, onFailure: undefined, costPerCall: 0,
  policy: { kind: 'probability', hit }, lookup: det(0), onHit: EXIT, next: to(1), ...extra,
} as AgentSpec);

// A semantic cache (no lookup time) in front of a tool with many servers: a request's lookup is at
// its arrival, and it visits the tool exactly when it misses.
const LAMBDA = 10, CACHE = 0, TOOL = 1;
const semantic = (hit: number) => network({
  agents: [cache(hit), station('tool', 100, exp(0.1))],
  classes: [poissonClass('q', LAMBDA, 0)],
});

/** Hits and lookups among the completed requests that arrived in [from, to). */
function hitsIn(rep: Replication, from: number, to: number): { hits: number; n: number } {
  const rows = rep.snapshot().requests!;
  const agents = 2;
  let hits = 0, n = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] !== OUTCOME_COMPLETED || rows.arrival[i]! < from || rows.arrival[i]! >= to) continue;
    n++;
    if (!(rows.service[i * agents + TOOL]! > 0)) hits++;
  }
  return { hits, n };
}

test('after setCacheHit the cache hits with the new probability: binomial counts before and after', () => {
  const T = 1000, H = 2000, h0 = 0.3, h1 = 0.7;
  const rep = replication(semantic(h0), H);
  rep.advanceTo(T);
  assert.ok(rep.setCacheHit(CACHE, h1));
  rep.advanceTo(H);
  const before = hitsIn(rep, 0, T), after = hitsIn(rep, T, H - 10);
  binomialClose(before.hits, before.n, h0, 'hit rate before the switch');
  binomialClose(after.hits, after.n, h1, 'hit rate after the switch');
  // The whole run's hit rate is the mixture of the two phases.
  const all = replicationMetrics(semantic(h0), rep.snapshot());
  const rate = all.find((m) => m.name === 'cache.semantic.hit_rate')!.value;
  const lookups = all.find((m) => m.name === 'cache.semantic.lookups')!.value;
  // A hit ends at once (no lookup time, on_hit: exit), so every hit counted is a completed request seen.
  assert.is(Math.round(rate * lookups), hitsIn(rep, 0, Infinity).hits);
  // 0 and 1 are allowed: every lookup misses, then every one hits.
  const edge = replication(semantic(0.5), 300);
  edge.advanceTo(100);
  assert.ok(edge.setCacheHit(CACHE, 0));
  edge.advanceTo(200);
  assert.ok(edge.setCacheHit(CACHE, 1));
  edge.advanceTo(300);
  const none = hitsIn(edge, 100, 200), every = hitsIn(edge, 200, 300);
  assert.ok(none.hits === 0 && none.n > 500, `no hits at 0: ${JSON.stringify(none)}`);
  assert.ok(every.hits === every.n && every.n > 500, `every lookup hits at 1: ${JSON.stringify(every)}`);
});

test('switching to the value it has leaves the run identical (the same draws, nothing else per lookup)', () => {
  const H = 3000;
  const metricsOf = (set?: (rep: Replication) => void) => {
    const rep = replication(semantic(0.35), H, 3);
    if (set !== undefined) set(rep);
    rep.advanceTo(H);
    return { metrics: replicationMetrics(semantic(0.35), rep.snapshot()), rows: rep.snapshot().requests! };
  };
  const plain = metricsOf();
  const same = metricsOf((rep) => {
    rep.advanceTo(1000);
    assert.ok(rep.setCacheHit(CACHE, 0.35));
    rep.advanceTo(2000);
    // A switch and its undoing within one instant.
    assert.ok(rep.setCacheHit(CACHE, 0.9));
    assert.ok(rep.setCacheHit(CACHE, 0.35));
  });
  assert.equal(same.metrics, plain.metrics);
  assert.equal([...same.rows.finish.subarray(0, same.rows.count)], [...plain.rows.finish.subarray(0, plain.rows.count)]);
});

test('a keyed cache or another agent: false, nothing changes; an agent out of range or a hit outside [0, 1] throws', () => {
  const keyed: AgentSpec = {
    ...cache(0), policy: { kind: 'keyed', keys: { kind: 'zipf', count: 100, exponent: 1.1 }, capacity: 10, ttl: Infinity },
  } as AgentSpec;
  const net = network({ agents: [keyed, station('tool', 100, exp(0.1))], classes: [poissonClass('q', LAMBDA, 0)] });
  const run = (set: (rep: Replication) => void) => {
    const rep = replication(net, 1000);
    rep.advanceTo(500);
    set(rep);
    rep.advanceTo(1000);
    return replicationMetrics(net, rep.snapshot());
  };
  const untouched = run(() => {});
  assert.equal(run((rep) => assert.not.ok(rep.setCacheHit(CACHE, 1))), untouched, 'a keyed cache has no hit probability');
  assert.equal(run((rep) => assert.not.ok(rep.setCacheHit(TOOL, 0.5))), untouched, 'a station is no cache');
  const rep = replication(semantic(0.5), 10);
  assert.throws(() => rep.setCacheHit(2, 0.5), (e: unknown) => e instanceof SimulationError && /no agent 2 \(there are 2\)/.test(e.message));
  assert.throws(() => rep.setCacheHit(-1, 0.5), (e: unknown) => e instanceof SimulationError);
  for (const bad of [-0.1, 1.5, NaN]) {
    assert.throws(() => rep.setCacheHit(CACHE, bad), (e: unknown) => e instanceof SimulationError && /hit probability must be in \[0, 1\]/.test(e.message), `hit ${bad}`);
  }
});

// A cache in front of an LLM: hits answered by the cache (quality q_c when given), misses by the model
// (quality q_m).
const QC = 0.6, QM = 0.9;
const answering = (hit: number, quality: number | undefined) => network({
  agents: [cache(hit, quality === undefined ? {} : { quality }), llm('answer', 0, 200, 20)],
  classes: [poissonClass('q', 4, 0)],
  models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0), [0, 0], QM)],
  pools: [gpuPool('g', 0, 2, 1_000_000)],
});
const get = (ms: readonly { name: string; value: number }[], name: string) => ms.find((m) => m.name === name)!.value;

test('a cache hit gets the cache\'s quality: quality.mean = h q_c + (1 - h) q_m, and jumps with a switch', () => {
  const H = 3000, h = 0.4;
  const net = answering(h, QC);
  const rep = replication(net, H);
  rep.advanceTo(H);
  const ms = replicationMetrics(net, rep.snapshot());
  const completed = get(ms, 'completed'), hits = get(ms, 'cache.semantic.hit_rate') * get(ms, 'cache.semantic.lookups');
  const q = get(ms, 'quality.mean');
  // Exact given the hits: each completed request is answered by the cache or by the model.
  const misses = completed - Math.round(hits);
  assert.ok(Math.abs(q - (Math.round(hits) * QC + misses * QM) / completed) < 1e-9, `quality ${q} given ${hits} hits of ${completed}`);
  // And within a binomial bound of the expectation: quality.mean - q_m = -(q_m - q_c) * hit share.
  binomialClose(Math.round(((QM - q) / (QM - QC)) * completed), completed, h, 'share answered from the cache, from quality.mean');
  // Switched to h = 0.9 halfway: the second half's requests are mostly cached answers, at lower quality.
  const switched = replication(net, H);
  switched.advanceTo(H / 2);
  assert.ok(switched.setCacheHit(CACHE, 0.9));
  switched.advanceTo(H);
  const q2 = get(replicationMetrics(net, switched.snapshot()), 'quality.mean');
  const expected = (h * QC + (1 - h) * QM + 0.9 * QC + 0.1 * QM) / 2;
  assert.ok(q2 < q - 0.05 && Math.abs(q2 - expected) < 0.02, `quality after the switch ${q2} vs ${expected} (before ${q})`);
});

test('a cache without quality: hits carry none, quality.mean is the model\'s; a cache quality alone gives quality metrics', () => {
  const net = answering(0.4, undefined);
  const rep = replication(net, 2000);
  rep.advanceTo(2000);
  assert.ok(Math.abs(get(replicationMetrics(net, rep.snapshot()), 'quality.mean') - QM) < 1e-12);
  // No model quality: only the cache's answers have one, and quality.mean is that.
  const cacheOnly = network({ agents: [cache(0.4, { quality: QC }), station('tool', 100, exp(0.1))], classes: [poissonClass('q', LAMBDA, 0)] });
  const only = replication(cacheOnly, 500);
  only.advanceTo(500);
  const ms = replicationMetrics(cacheOnly, only.snapshot());
  assert.ok(Math.abs(get(ms, 'quality.mean') - QC) < 1e-12 && Math.abs(get(ms, 'class.q.quality.mean') - QC) < 1e-12);
  // Nothing has a quality: no quality metric.
  assert.not.ok(replicationMetrics(semantic(0.4), only.snapshot()).some((m) => m.name.includes('quality')));
});

test.run();
