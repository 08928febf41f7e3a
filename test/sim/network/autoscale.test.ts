// Autoscaling, scale-to-zero, spot capacity and replica cost, checked against the decision log and
// the time series recorded independently of the autoscaler: decisions at evaluation times on the
// signal they saw, cooldown and provisioning delay respected, targets exact, cost the integral of
// the replica count times the price, work lost to a reclaim under one checkpoint interval per job.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DistSpec } from '../../../sim/random/dist-spec.js';
import type { AutoscaleSpec, CapacitySpec, ClassSpec } from '../../../sim/network/spec.js';
import { runOne } from '../../helpers/replication.js';
import { capacity, det, exp, network, poissonClass, station } from '../../helpers/specs.js';

const test = suite('autoscaling and spot capacity');
const close = (a: number, b: number, what: string, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

/** Poisson arrivals at `low` per second, `high` in [from, to). */
const stepRate = (low: number, high: number, from: number, to: number): ClassSpec => ({
  name: 'q', entry: 0, routes: [], attributes: [],
  arrivals: { process: 'varying', maxRate: high, meanRate: low, expression: `t >= ${from} and t < ${to} ? ${high} : ${low}` },
});

const oneStation = (servers: number, service: DistSpec, cap: CapacitySpec, cls: ClassSpec) =>
  network({ agents: [station('s', servers, service, undefined, { capacitySpec: cap })], classes: [cls] });

test('reactive on queue: decisions at evaluation times on the windowed signal, beyond thresholds, never within the cooldown, serving after the delay', () => {
  const W = 60, cooldown = 300, delay = 120, upper = 4, lower = 0.5, min = 1, max = 6, servers = 1;
  const auto: AutoscaleSpec = { kind: 'reactive', signal: 'queue', upper, lower, window: W, cooldown, delay, min, max, step: 1 };
  const horizon = 12000;
  for (let replication = 0; replication < 3; replication++) {
    const net = oneStation(servers, exp(1), capacity(1, { autoscale: auto }), stepRate(0.5, 3.5, 2000, 7000));
    const { capacity: cap, ts } = runOne(net, horizon, { window: W, replication });
    const series = ts!;
    const decisions = cap.decisions.filter((d) => d.cause === 'reactive');
    assert.ok(decisions.some((d) => d.to > d.from) && decisions.some((d) => d.to < d.from), 'scaled up and down');
    let count = 1, last = -Infinity, next = 0;
    for (let t = W; t <= horizon; t += W) {
      const w = t / W - 1;
      // The time series integrates the waiting line on its own clock: the autoscaler must have seen the same.
      const signal = series.queue[w]!;
      const d = decisions[next];
      if (d !== undefined && d.time === t) {
        close(d.signal, signal, `signal at ${t}`, 1e-6);
        assert.is(d.from, count);
        assert.ok(t - last >= cooldown, `decision at ${t} within the cooldown of ${last}`);
        if (d.to > d.from) {
          assert.ok(signal > upper && d.to === Math.min(max, count + 1), `up at ${t} on ${signal}`);
          assert.is(d.serving, t + delay);
          // Capacity does not grow before the delay: busy servers stay within the old replicas'.
          for (let v = w + 1; (v + 1) * W <= t + delay; v++) assert.ok(series.busy[v]! <= servers * count + 1e-9, `busy ${series.busy[v]} in window ${v}`);
        } else {
          assert.ok(signal < lower && d.to === Math.max(min, count - 1), `down at ${t} on ${signal}`);
        }
        count = d.to;
        last = t;
        next++;
      } else if (t - last >= cooldown) {
        // No decision: the signal was inside the band, or the count at its bound.
        assert.ok(!(signal > upper && count < max) && !(signal < lower && count > min), `missed a decision at ${t} (signal ${signal}, ${count} replicas)`);
      }
    }
    assert.is(next, decisions.length, 'every decision at an evaluation time');
  }
});

test('reactive on utilisation and latency: up only above the threshold, down only below, within [min, max]', () => {
  for (const signal of ['utilization', 'latency'] as const) {
    const [upper, lower] = signal === 'utilization' ? [0.85, 0.4] : [3, 1.5];
    const auto: AutoscaleSpec = { kind: 'reactive', signal, upper, lower, window: 120, interval: 30, cooldown: 240, delay: 60, min: 1, max: 5, step: 2 };
    const net = oneStation(2, exp(1), capacity(1, { autoscale: auto }), stepRate(0.8, 6, 1500, 5000));
    const { capacity: cap, get } = runOne(net, 8000);
    const ds = cap.decisions;
    assert.ok(ds.length >= 2, `${signal}: ${ds.length} decisions`);
    ds.forEach((d, i) => {
      assert.is(d.time % 30, 0, 'at evaluation times');
      if (d.to > d.from) assert.ok(d.signal > upper && d.to === Math.min(5, d.from + 2), `${signal} up on ${d.signal}`);
      else assert.ok(d.signal < lower && d.to === Math.max(1, d.from - 2), `${signal} down on ${d.signal}`);
      if (i > 0) assert.ok(d.time - ds[i - 1]!.time >= 240, 'cooldown');
    });
    const mean = get('agent.s.replicas.mean');
    assert.ok(mean > 1 && mean < 5 + 2, `replicas.mean ${mean}`);
  }
});

test('scheduled: targets at their times; cost is the integral of billed replicas x price; drained replicas leave within one service', () => {
  const price = 7.2, service = 20, horizon = 8000;
  const schedule = [{ at: 1000, replicas: 3 }, { at: 3000, replicas: 1 }, { at: 5000, replicas: 2 }];
  const net = oneStation(2, det(service), capacity(1, { pricePerHour: price, autoscale: { kind: 'scheduled', schedule, delay: 50 } }), poissonClass('q', 0.25, 0));
  const W = 10;
  const { capacity: cap, get, ts } = runOne(net, horizon, { window: W });
  assert.equal(cap.decisions.map((d) => [d.time, d.from, d.to]), [[1000, 1, 3], [3000, 3, 1], [5000, 1, 2]]);
  assert.equal(cap.decisions.map((d) => d.serving), [1050, NaN, 5050]);
  // The target's integral, and what draining may add: each removed replica leaves within one service.
  const target = 1 * 1000 + 3 * 2000 + 1 * 2000 + 2 * (horizon - 5000);
  const billedSeconds = get('agent.s.replicas.mean') * horizon;
  assert.ok(billedSeconds >= target - 1e-6 && billedSeconds <= target + 2 * service + 1e-6, `replica-seconds ${billedSeconds} vs target ${target}`);
  close(get('cost.replicas.s'), (billedSeconds * price) / 3600, 'cost = replica-hours x price');
  // The time series integrates the replica count on its own: the same replica-seconds.
  close(ts!.replicas.reduce((a, b) => a + b, 0) * W, billedSeconds, 'time series replica-seconds', 1e-9);
  close(get('cost.total'), get('cost.replicas.s'), 'cost.total includes the replicas');
  close(get('cost.per_task.mean'), get('cost.total') / get('completed'), 'cost per task');
});

test('predictive: replicas = ceil(forecast(t + delay) x (1 + headroom) / per-replica rate), every interval', () => {
  const auto: AutoscaleSpec = { kind: 'predictive', expression: 't < 3000 ? 1 : 4', perReplicaRate: 1, headroom: 0.25, interval: 100, delay: 200, min: 1, max: 8 };
  const net = oneStation(1, exp(0.5), capacity(1, { autoscale: auto }), stepRate(1, 4, 3000, 1e9));
  const { capacity: cap } = runOne(net, 6000);
  assert.equal(cap.decisions.map((d) => [d.time, d.from, d.to, d.signal, d.serving]), [[0, 1, 2, 1, 200], [2800, 2, 5, 4, 3000]]);
});

test('scale-to-zero: an idle station releases its replica, and the next request pays the cold start', () => {
  const idle = 100, cold = 30, service = 2, gap = 1000, horizon = 20000;
  const net = oneStation(1, det(service), capacity(1, { pricePerHour: 3.6, scaleToZero: { idle, coldStart: det(cold) } }), {
    name: 'q', entry: 0, routes: [], attributes: [], arrivals: { process: 'deterministic', rate: 1 / gap },
  });
  const { rows, get, capacity: cap } = runOne(net, horizon);
  const n = horizon / gap;
  assert.is(rows.count, n - 1, 'the arrival at the horizon is still cold-starting');
  for (let i = 0; i < rows.count; i++) close(rows.finish[i]! - rows.arrival[i]!, cold + service, `request ${i} e2e`);
  assert.is(get('agent.s.cold_starts'), n);
  // Billed: the first idle period, then per request cold start + service + idle (the last one starts at the horizon).
  close(get('agent.s.replicas.mean') * horizon, idle + (n - 1) * (cold + service + idle), 'replica-seconds');
  assert.equal(cap.decisions.slice(0, 3).map((d) => [d.time, d.cause, d.from, d.to]), [[idle, 'scale-to-zero', 1, 0], [gap, 'cold-start', 0, 1], [gap + cold + service + idle, 'scale-to-zero', 1, 0]]);
  const warm = runOne(oneStation(1, det(service), capacity(1), poissonClass('q', 1 / gap, 0)), horizon);
  close(warm.get('e2e.mean'), service, 'without scale-to-zero');
});

test('spot reclaims: every job loses less than one checkpoint interval per eviction and is served exactly its requirement', () => {
  const service = 40, checkpoint = 5;
  const spot = (ck: number): CapacitySpec => capacity(1, {
    balance: { kind: 'least-loaded' },
    spot: { replicas: 2, timeToReclaim: exp(300), notice: 20, checkpoint: ck, replacement: det(60), pricePerHour: 1 },
    pricePerHour: 4,
  });
  const { rows, get, capacity: cap } = runOne(oneStation(1, det(service), spot(checkpoint), poissonClass('q', 0.05, 0)), 20000);
  const st = cap.agents[0]!;
  assert.ok(get('agent.s.reclaims') > 20, `reclaims ${get('agent.s.reclaims')}`);
  assert.ok(st.evictions > 5, `evictions ${st.evictions}`);
  assert.ok(st.lostMax <= checkpoint + 1e-9 && st.lostMax > 0, `most lost by one job ${st.lostMax}`);
  assert.ok(get('agent.s.lost.seconds') <= st.evictions * checkpoint + 1e-9);
  for (let i = 0; i < rows.count; i++) if (rows.outcome[i] === 0) close(rows.service[i]!, service, `row ${i} service`);
  // Spot replica-hours at their own price: cost between the all-spot and all-on-demand bills.
  const hours = (get('agent.s.replicas.mean') * 20000) / 3600;
  assert.ok(get('cost.replicas.s') > hours * 1 && get('cost.replicas.s') < hours * 4);
  const none = runOne(oneStation(1, det(service), spot(Infinity), poissonClass('q', 0.05, 0)), 20000).capacity.agents[0]!;
  assert.ok(none.lostMax > checkpoint, `without checkpoints a job loses up to its progress (${none.lostMax})`);
});

test('zero-time loops are errors: an autoscaler evaluating every 0 s, replicas failing or reclaimed after 0 s', () => {
  const run = (cap: CapacitySpec) => runOne(oneStation(1, exp(1), cap, poissonClass('q', 1, 0)), 10);
  assert.throws(() => run(capacity(1, { autoscale: { kind: 'reactive', signal: 'queue', upper: 2, lower: 1, window: 0, cooldown: 0, delay: 0, min: 1, max: 2, step: 1 } })),
    /agent\.s: the autoscaler's evaluation interval must be above 0/);
  assert.throws(() => run(capacity(1, { failures: { timeToFailure: det(0), repair: det(0) } })), /agent\.s: the replica failure time must have a mean above 0/);
  assert.throws(() => run(capacity(1, { spot: { replicas: 1, timeToReclaim: det(0), notice: 0, checkpoint: 1 } })), /agent\.s: the spot reclaim time must have a mean above 0/);
});

test.run();
