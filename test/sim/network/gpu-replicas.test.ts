// GPU pools with a capacity spec: a shared line is exactly today's pool; per-replica lines behind
// each balancer keep every call's tokens and the KV bound; spot reclaims and failures move
// sequences elsewhere without losing streamed tokens; autoscaled replicas are billed by the integral.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BalancePolicy, CapacitySpec, NetworkSpec } from '../../../sim/network/spec.js';
import { runOne } from '../../helpers/replication.js';
import { capacity, det, exp, gpuPool, linearProfile, llm, model, network } from '../../helpers/specs.js';

const test = suite('gpu replicas');
const close = (a: number, b: number, what: string, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** Calls of 400 prompt + 300 output tokens on replicas of 5000 KV tokens: memory pressure, preemptions. */
const pressured = (replicas: number, cap: CapacitySpec | undefined, rate = 20, price = 0): NetworkSpec => network({
  agents: [llm('answer', 0, 400, 300)],
  classes: [{ name: 'q', arrivals: { process: 'poisson', rate }, entry: 0, routes: [], attributes: [] }],
  models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0))],
  pools: [gpuPool('g', 0, replicas, 5000, { maxBatch: 64, pricePerHour: price, ...(cap === undefined ? {} : { capacitySpec: cap }) })],
});

const everyCallComplete = (rows: { count: number; outcome: Uint8Array; tokensOut: Float64Array }, what: string) => {
  for (let i = 0; i < rows.count; i++) {
    assert.is(rows.outcome[i], 0, `${what}: row ${i}`);
    assert.is(rows.tokensOut[i], 300, `${what}: row ${i} output tokens`);
  }
};

test('a capacity spec with a shared line and fixed replicas is exactly today\'s pool', () => {
  const base = runOne(pressured(2, undefined, 20, 3), 300, { warmup: 30 }).metrics;
  const other = runOne(pressured(2, capacity(2, { pricePerHour: 3 }), 20, 3), 300, { warmup: 30 }).metrics;
  const names = new Set(base.map((m) => m.name));
  const same = other.filter((m) => names.has(m.name));
  assert.is(same.length, base.length);
  same.forEach((m, i) => {
    const b = base[i]!;
    assert.is(m.name, b.name);
    // Utilisation, KV and cost now divide or multiply by the integral of the replica count: equal up to rounding.
    close(m.value, b.value, m.name, 1e-12);
  });
});

test('per-replica lines behind every balancer keep each call\'s tokens and the KV bound', () => {
  const policies: BalancePolicy[] = [{ kind: 'round-robin' }, { kind: 'least-loaded' }, { kind: 'weighted', weights: [2, 1, 1] }, { kind: 'capacity' }, { kind: 'affinity' }];
  for (const balance of policies) {
    const { rows, get, capacity: cap, stats } = runOne(pressured(3, capacity(3, { balance }), 30), 200);
    everyCallComplete(rows, balance.kind);
    assert.ok(get('gpu.g.kv.max') <= 1, `${balance.kind}: KV occupancy ${get('gpu.g.kv.max')}`);
    const served = cap.pools[0]!.served;
    assert.is(served[0]! + served[1]! + served[2]!, rows.count);
    if (balance.kind === 'round-robin') {
      const arrivals = stats.agents.arrivals[0]!;
      for (let k = 0; k < 3; k++) assert.ok(served[k]! <= arrivals / 3 + 1 && served[k]! >= arrivals / 3 - 1 - stats.inFlight, `replica ${k}: ${served[k]}`);
    }
  }
});

test('spot reclaims and failures: sequences resume elsewhere, keeping the tokens they streamed', () => {
  for (const balance of [{ kind: 'shared' as const }, { kind: 'least-loaded' as const }]) {
    const cap = capacity(1, {
      balance,
      spot: { replicas: 2, timeToReclaim: exp(20), notice: 2, checkpoint: 0, replacement: det(5) },
      failures: { timeToFailure: exp(60), repair: exp(10) },
    });
    const { rows, get } = runOne(pressured(1, cap, 15), 400);
    everyCallComplete(rows, balance.kind);
    assert.ok(get('gpu.g.reclaims') > 10 && get('gpu.g.replica_failures') > 5, `${get('gpu.g.reclaims')} reclaims, ${get('gpu.g.replica_failures')} failures`);
    assert.ok(get('gpu.g.lost.tokens') > 0, 'KV lost with the replicas');
    assert.ok(get('gpu.g.kv.max') <= 1);
  }
});

test('autoscaled GPU replicas: cost is the integral of billed replicas x price; utilisation is over billed replica time', () => {
  const price = 2.5, W = 5;
  const cap = capacity(1, {
    pricePerHour: price,
    autoscale: { kind: 'reactive', signal: 'queue', upper: 20, lower: 2, window: 10, cooldown: 20, delay: 15, min: 1, max: 4, step: 1 },
  });
  const net = pressured(1, cap, 25, price);
  const { get, capacity: c, ts } = runOne(net, 400, { window: W });
  assert.ok(c.decisions.length >= 2, `${c.decisions.length} decisions`);
  const seconds = ts!.poolReplicas.reduce((a, b) => a + b, 0) * W;
  close(get('gpu.g.replicas.mean') * 400, seconds, 'replica-seconds: metric vs time series', 1e-9);
  close(get('cost.gpu.g'), (seconds * price) / 3600, 'cost.gpu = replica-hours x price', 1e-9);
  close(get('cost.gpu'), get('cost.gpu.g'), 'cost.gpu');
  assert.ok(get('gpu.g.utilization') <= 1 + 1e-9 && get('gpu.g.utilization') > 0.5);
});

test('under failures, reclaims, autoscaling and scale-to-zero every call completes with its tokens: none is stranded', () => {
  for (const balance of [{ kind: 'shared' }, { kind: 'round-robin' }, { kind: 'capacity' }] as BalancePolicy[]) {
    for (const spot of [false, true]) {
      const cap = capacity(1, {
        balance, failures: { timeToFailure: exp(100), repair: exp(15) },
        autoscale: { kind: 'reactive', signal: 'queue', upper: 10, lower: 1, window: 10, cooldown: 20, delay: 10, min: 1, max: 4, step: 1 },
        ...(spot ? { spot: { replicas: 2, timeToReclaim: exp(40), notice: 3, checkpoint: 0, replacement: det(8) } } : { scaleToZero: { idle: 20, coldStart: det(5) } }),
      });
      const net: NetworkSpec = {
        ...pressured(1, cap),
        classes: [{ name: 'q', entry: 0, routes: [], attributes: [], arrivals: { process: 'varying', maxRate: 12, meanRate: 12, expression: 't < 1500 and mod(t, 200) < 60 ? 12 : 0' } }],
      };
      const { rows, get, stats } = runOne(net, 2500);
      const what = `${balance.kind}, ${spot ? 'spot' : 'scale-to-zero'}`;
      assert.is(stats.inFlight, 0, `${what}: calls left in the system`);
      everyCallComplete(rows, what);
      assert.ok(get('gpu.g.kv.max') <= 1);
      assert.ok(get(spot ? 'gpu.g.reclaims' : 'gpu.g.cold_starts') > 5, what);
    }
  }
});

test('a pool whose replicas disagree with its capacity spec is a clear error', () => {
  assert.throws(() => runOne(pressured(2, capacity(3)), 10), /gpus\.g\.replicas: 2, but its capacity spec starts 3 replicas/);
});

test.run();
