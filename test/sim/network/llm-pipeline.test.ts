// Routers, caches, failures and cascades: each against what its definition implies, with
// statistical tolerances derived from the binomial or replication spread.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Experiment } from '../../../models/run/experiment.js';
import { runRecordedReplication } from '../../../models/run/replicate.js';
import { det, EXIT, gpuPool, linearProfile, llm, model, network, scenarioOf, station, to } from '../../helpers/specs.js';
import { inIntervalAt } from '../../helpers/assert.js';
import type { AgentSpec, NetworkSpec } from '../../../sim/network/spec.js';

const test = suite('llm pipeline mechanisms');
const one = (net: NetworkSpec, horizon: number) => {
  const out = runRecordedReplication(scenarioOf(net, { horizon }), 0, 0, { timeseriesWindow: 0, traceRequests: true });
  return { get: (n: string) => out.metrics.find((m) => m.name === n)!.value, rows: out.requests! };
};
/** |observed fraction - p| within 5 binomial standard errors (false alarm about 6e-7). */
const binomialClose = (hits: number, n: number, p: number, what: string) => {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(hits / n - p) <= 5 * se, `${what}: ${hits}/${n} vs p = ${p} (5 se = ${5 * se})`);
};

test('a router sends each request by its attribute: exactly those above the threshold go to the large model', () => {
  const attributes = ['difficulty'];
  const router: AgentSpec = {
    kind: 'router', name: 'router', failure: 0, onFailure: undefined, costPerCall: 0,
    next: { kind: 'condition', rules: [{ condition: { attribute: 0, op: '>', value: 0.7 }, then: to(2) }], otherwise: to(1) },
  };
  const net = network({
    attributes,
    agents: [router, station('small', 50, det(0.1)), station('large', 50, det(0.3))],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 20 }, entry: 0, routes: [], attributes: [{ attribute: 0, dist: { dist: 'uniform', min: 0, max: 1 } }] }],
  });
  const { rows } = one(net, 500);
  let large = 0;
  for (let i = 0; i < rows.count; i++) {
    const d = rows.attributes[0]![i]!;
    const atLarge = rows.service[i * 3 + 2]! > 0;
    assert.is(atLarge, d > 0.7, `request ${i} with difficulty ${d}`);
    if (atLarge) large++;
  }
  binomialClose(large, rows.count, 0.3, 'share routed to the large model');
});

test('a cache with hit ratio h cuts the downstream arrival rate and utilisation by (1 - h)', () => {
  const h = 0.35, lambda = 6, service = 0.5, servers = 4;
  const cache: AgentSpec = {
    kind: 'cache', name: 'semantic', failure: 0, onFailure: undefined, costPerCall: 0,
    policy: { kind: 'probability', hit: h }, lookup: det(0.02), onHit: EXIT, next: to(1),
  };
  const net = network({ agents: [cache, station('llm', servers, { dist: 'exponential', mean: service })], classes: [{ name: 'q', arrivals: { process: 'poisson', rate: lambda }, entry: 0, routes: [], attributes: [] }] });
  const r = new Experiment(scenarioOf(net, { horizon: 5000, warmup: 500 }), 'test').runToEnd();
  inIntervalAt(r.metrics['cache.semantic.hit_rate']!, h, 0.999, 'hit rate');
  inIntervalAt(r.metrics['agent.llm.throughput']!, lambda * (1 - h), 0.999, 'downstream arrival rate');
  inIntervalAt(r.metrics['agent.llm.utilization']!, (lambda * (1 - h) * service) / servers, 0.999, 'downstream utilisation');
});

test('a keyed LRU cache larger than the key space misses exactly once per distinct key', () => {
  const cache: AgentSpec = {
    kind: 'cache', name: 'exact', failure: 0, onFailure: undefined, costPerCall: 0,
    policy: { kind: 'keyed', keys: { kind: 'zipf', count: 500, exponent: 1.1 }, capacity: 1000, ttl: Infinity },
    lookup: det(0), onHit: EXIT, next: to(1),
  };
  const net = network({ agents: [cache, station('tool', 100, det(0.01))], classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 10 }, entry: 0, routes: [], attributes: [] }] });
  const { get } = one(net, 2000);
  const lookups = get('cache.exact.lookups');
  const misses = get('agent.tool.throughput') * 2000;
  assert.ok(Math.abs(misses - Math.round(misses)) < 1e-6);
  assert.ok(misses <= 500 && misses > 400, `${misses} distinct keys seen among 500`);
  assert.is(Math.round(lookups * (1 - get('cache.exact.hit_rate'))), Math.round(misses));
  // With a capacity of 10 keys and a TTL, the hit rate falls.
  const small = one({ ...net, agents: [{ ...cache, policy: { kind: 'keyed', keys: { kind: 'zipf', count: 500, exponent: 1.1 }, capacity: 10, ttl: 30 } } as AgentSpec, net.agents[1]!] }, 2000);
  assert.ok(small.get('cache.exact.hit_rate') < get('cache.exact.hit_rate') - 0.2);
});

test('a cascade escalates with its configured probability and on failure; quality is the last model\'s', () => {
  const profile = linearProfile(0.005, 20e-6, 50e-6, 0);
  const net = network({
    agents: [
      llm('small', 0, 500, 50, { kind: 'random', to: [1, -1], p: [0.2, 0.8], escalate: [true, false] }, { failure: 0.1, onFailure: to(1, true) }),
      llm('large', 1, 500, 50),
    ],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 4 }, entry: 0, routes: [], attributes: [] }],
    models: [model('s', profile, [0, 0], 0.6), model('l', profile, [0, 0], 0.9)],
    pools: [gpuPool('gs', 0, 1, 1_000_000), gpuPool('gl', 1, 1, 1_000_000)],
  });
  const { get } = one(net, 3000);
  const calls = get('agent.small.throughput') * 3000;
  // Escalated: failed (0.1), or succeeded and drew the escalation edge (0.9 * 0.2).
  const p = 0.1 + 0.9 * 0.2;
  binomialClose(Math.round(get('agent.small.escalation_rate') * calls), Math.round(calls), p, 'escalation rate');
  binomialClose(Math.round(get('agent.small.failure_rate') * calls), Math.round(calls), 0.1, 'failure rate');
  // Every completed request was answered last by the large model (its calls all exit) or the small one.
  const large = get('agent.large.throughput') * 3000;
  const completed = get('completed');
  const quality = (large * 0.9 + (completed - large) * 0.6) / completed;
  assert.ok(Math.abs(get('quality.mean') - quality) < 1e-9, `quality ${get('quality.mean')} vs ${quality}`);
});

test('a failed call without a failure route ends the request as failed', () => {
  const net = network({
    agents: [station('tool', 10, det(0.1), to(1), { failure: 0.25 }), station('after', 10, det(0.1))],
    classes: [{ name: 'q', arrivals: { process: 'poisson', rate: 5 }, entry: 0, routes: [], attributes: [] }],
  });
  const { get } = one(net, 2000);
  const finished = get('completed') + get('failed');
  binomialClose(get('failed'), finished, 0.25, 'failed share');
  assert.ok(Math.abs(get('error.rate') - get('failed') / finished) < 1e-12);
  assert.is(get('agent.after.throughput') * 2000, get('completed'));
});

test('prefix blocks shared across requests are reused: fewer prompt tokens prefilled, shorter TTFT', () => {
  // Every request shares the same 8-block (4096-token) prefix, then has 2 blocks of its own.
  const n = 400;
  const offsets = new Int32Array(n + 1);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) { for (let b = 0; b < 8; b++) ids.push(b); ids.push(1000 + 2 * i, 1001 + 2 * i); offsets[i + 1] = ids.length; }
  const times = Float64Array.from({ length: n }, (_, i) => i * 2);
  const prompt = new Float64Array(n).fill(5120);
  const withPrefix = (blocks: number): NetworkSpec => network({
    attributes: ['prompt'],
    agents: [llm('answer', 0, 'prompt', 20, EXIT, {}, ['prompt'])],
    classes: [{ name: 'q', arrivals: { process: 'trace', trace: { source: 't', times, attributes: { prompt }, prefixBlocks: { offsets, ids: Int32Array.from(ids) } } }, entry: 0, routes: [], attributes: [] }],
    models: [model('m', linearProfile(0.005, 50e-6, 50e-6, 0))],
    pools: [gpuPool('g', 0, 1, 1_000_000, { prefixCacheBlocks: blocks })],
  });
  const on = one(withPrefix(100), 900);
  const off = one(withPrefix(0), 900);
  // After the first request, the shared 4096 tokens come from the cache: (n-1)/n of 4096/5120.
  const expected = ((n - 1) * 4096) / (n * 5120);
  assert.ok(Math.abs(on.get('gpu.g.prefix_hit_rate') - expected) < 1e-12, `prefix hit rate ${on.get('gpu.g.prefix_hit_rate')} vs ${expected}`);
  // Calls never overlap here: the first prefills all 5120 tokens, the others 1024.
  const ttft = ((n - 1) * (0.005 + 1024 * 50e-6) + (0.005 + 5120 * 50e-6)) / n;
  assert.ok(Math.abs(on.get('ttft.mean') - ttft) < 1e-12, `TTFT ${on.get('ttft.mean')} vs ${ttft}`);
  assert.ok(off.get('ttft.mean') > on.get('ttft.mean') + 0.15);
});

test.run();
