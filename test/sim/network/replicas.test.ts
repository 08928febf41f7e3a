// Replicas of stations behind balancers, priority disciplines and replica failures, against what
// their definitions imply: exact equivalences, queueing formulas (M/M/c, Cobham's priority wait),
// and invariants that hold request by request.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Experiment } from '../../../models/run/experiment.js';
import { mmc } from '../../../models/analytic/queues.js';
import type { BalancePolicy, CapacitySpec, ClassSpec, NetworkSpec } from '../../../sim/network/spec.js';
import { inInterval, inIntervalAt } from '../../helpers/assert.js';
import { runOne } from '../../helpers/replication.js';
import { capacity, det, exp, network, poissonClass, scenarioOf, station } from '../../helpers/specs.js';
import { intervalEnds } from '../../../models/run/results.js';

const test = suite('station replicas and priorities');

const runMany = (net: NetworkSpec, horizon: number, warmup: number, replications = 10) =>
  new Experiment(scenarioOf(net, { horizon, warmup, replications }), 'test').runToEnd();

test('one replica with a shared line, or a priority discipline over equal priorities, is exactly a plain station', () => {
  const classes = [poissonClass('a', 2.5, 0), poissonClass('b', 1, 0)];
  const plain = network({ agents: [station('s', 3, exp(1), undefined, { capacity: 6 })], classes });
  const base = runOne(plain, 3000, { warmup: 300 }).metrics;
  for (const extra of [{ capacitySpec: capacity(1) }, { discipline: 'priority' as const }, { discipline: 'preemptive' as const }]) {
    const other = runOne(network({ agents: [station('s', 3, exp(1), undefined, { capacity: 6, ...extra })], classes }), 3000, { warmup: 300 }).metrics;
    const names = new Set(base.map((m) => m.name));
    assert.equal(other.filter((m) => names.has(m.name)), base, JSON.stringify(extra));
  }
});

test('R replicas of c servers on a shared line are an M/M/(cR) queue', () => {
  const lambda = 5.2, mu = 1, c = 2, R = 3;
  const net = network({ agents: [station('s', c, exp(1 / mu), undefined, { capacitySpec: capacity(R) })], classes: [poissonClass('q', lambda, 0)] });
  const r = runMany(net, 20000, 2000);
  const exact = mmc(lambda, mu, c * R);
  inInterval(r.metrics['e2e.mean']!, exact.sojourn, 'e2e.mean');
  inIntervalAt(r.metrics['agent.s.utilization']!, exact.utilization, 0.999, 'utilisation over the billed servers');
  inIntervalAt(r.metrics['agent.s.queue.mean']!, exact.queueLength, 0.999, 'queue');
  assert.ok(Math.abs(r.metrics['agent.s.replicas.mean']!.estimate! - R) < 1e-9, 'replicas.mean');
});

test('round-robin and weighted balancing split arrivals as they say (served = assigned - still held)', () => {
  const cases = [
    { balance: { kind: 'round-robin' as const }, shares: [1, 1] },
    { balance: { kind: 'weighted' as const, weights: [3, 1, 1] }, shares: [3, 1, 1] },
  ];
  for (const { balance, shares } of cases) {
    const n = shares.length;
    const net = network({
      agents: [station('s', 1, exp(0.5), undefined, { capacitySpec: capacity(n, { balance }) })],
      classes: [poissonClass('q', 1.2, 0)],
    });
    const { stats, capacity: cap } = runOne(net, 5000);
    const served = cap.agents[0]!.served;
    const arrivals = stats.agents.arrivals[0]!;
    const total = shares.reduce((a, b) => a + b, 0);
    for (let k = 0; k < n; k++) {
      // Assignments are deterministic: within one of the share; the rest is what the replica still holds.
      const assigned = (arrivals * shares[k]!) / total;
      assert.ok(served[k]! <= assigned + 1 && served[k]! >= assigned - 1 - stats.inFlight, `${balance.kind} replica ${k}: ${served[k]} vs ${assigned}`);
    }
  }
});

test('least-loaded balancing beats random-like splitting: per-replica lines close to one shared line', () => {
  // Join-the-shortest-queue with 2 single-server replicas lies between 2 M/M/1 (round-robin is
  // better than random) and one M/M/2; check it is inside those exact bounds.
  const lambda = 1.6, mu = 1;
  const net = network({
    agents: [station('s', 1, exp(1), undefined, { capacitySpec: capacity(2, { balance: { kind: 'least-loaded' } }) })],
    classes: [poissonClass('q', lambda, 0)],
  });
  const r = runMany(net, 20000, 2000);
  const [lo, hi] = r.metrics['e2e.mean']!.interval as [number, number];
  assert.ok(hi > mmc(lambda, mu, 2).sojourn, `not better than one shared line (${hi})`);
  assert.ok(lo < mmc(lambda / 2, mu, 1).sojourn, `better than two independent lines (${lo})`);
});

test('an unhealthy replica gets no traffic; its work moves to the healthy one; with every replica down nothing is served', () => {
  // Replica 0 serves from 0 and fails at 200; replica 1, added by a schedule at 150, fails at 350.
  // Neither is repaired before the horizon.
  const net = network({
    agents: [station('s', 1, exp(0.4), undefined, {
      capacitySpec: capacity(1, {
        balance: { kind: 'round-robin' },
        failures: { timeToFailure: det(200), repair: det(1e9) },
        autoscale: { kind: 'scheduled', schedule: [{ at: 150, replicas: 2 }], delay: 0 },
      }),
    })],
    classes: [poissonClass('q', 1, 0)],
  });
  const { rows, capacity: cap, get } = runOne(net, 1000);
  const served = cap.agents[0]!.served;
  let before = 0, completed = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.arrival[i]! < 200) before++;
    if (rows.outcome[i] === 0) {
      completed++;
      assert.ok(rows.finish[i]! <= 350, `request finished at ${rows.finish[i]} with every replica down`);
    }
  }
  assert.ok(served[0]! <= before && served[0]! > 0, `replica 0 served ${served[0]} (arrivals before its failure: ${before})`);
  assert.ok(served[1]! > 0.5 * 150 * 0.8, 'replica 1 served the traffic between the failures');
  assert.is(served[0]! + served[1]!, completed);
  assert.is(get('agent.s.replica_failures'), 2);
  assert.ok(get('agent.s.lost.seconds') >= 0);
});

const gold = (rate: number) => poissonClass('gold', rate, 0, [], { priority: 0 });
const bronze = (rate: number) => poissonClass('bronze', rate, 0, [], { priority: 1 });

test('priority under overload: gold waits as Cobham says (s / (1 - rho_gold) behind a busy server), bronze far longer', () => {
  // M/M/1 offered 1.2 erlangs: the server is always busy, so a gold arrival waits the residual
  // service (mean s, memoryless) plus the gold work ahead: W = s / (1 - rho_gold).
  const s = 1, lg = 0.5, lb = 0.7;
  const net = network({ agents: [station('s', 1, exp(s), undefined, { discipline: 'priority' })], classes: [gold(lg), bronze(lb)] });
  const r = runMany(net, 10000, 2000);
  inInterval(r.metrics['class.gold.e2e.mean']!, s / (1 - lg * s) + s, 'gold e2e.mean');
  const gp95 = r.metrics['class.gold.e2e.p95']!.values, bp95 = r.metrics['class.bronze.e2e.p95']!.values;
  gp95.forEach((g, i) => assert.ok(g! < bp95[i]!, `replication ${i}: gold p95 ${g} >= bronze p95 ${bp95[i]}`));
});

test('non-preemptive priority is work-conserving: with equal exponential service the total is still M/M/c', () => {
  const lg = 0.9, lb = 1.2, c = 3;
  const net = network({ agents: [station('s', c, exp(1), undefined, { discipline: 'priority' })], classes: [gold(lg), bronze(lb)] });
  const r = runMany(net, 20000, 2000);
  inInterval(r.metrics['e2e.mean']!, mmc(lg + lb, 1, c).sojourn, 'e2e.mean of both classes');
  const goldHi = intervalEnds(r.metrics['class.gold.e2e.mean']!)[1]!, bronzeLo = intervalEnds(r.metrics['class.bronze.e2e.mean']!)[0]!;
  assert.ok(goldHi < bronzeLo, 'gold faster than bronze');
});

test('preemptive-resume: gold is an M/M/c with gold traffic alone; the total is still M/M/c', () => {
  const lg = 0.8, lb = 0.9, c = 2;
  const net = network({ agents: [station('s', c, exp(1), undefined, { discipline: 'preemptive' })], classes: [gold(lg), bronze(lb)] });
  const r = runMany(net, 20000, 2000);
  inInterval(r.metrics['class.gold.e2e.mean']!, mmc(lg, 1, c).sojourn, 'gold e2e.mean');
  inIntervalAt(r.metrics['e2e.mean']!, mmc(lg + lb, 1, c).sojourn, 0.999, 'e2e.mean of both classes');
  assert.ok(r.metrics['agent.s.preemptions']!.estimate! > 0);
});

test('preemptive-resume keeps progress: every visit is served exactly its service requirement', () => {
  const net = network({ agents: [station('s', 1, det(2), undefined, { discipline: 'preemptive' })], classes: [gold(0.2), bronze(0.25)] });
  const { rows, get } = runOne(net, 5000);
  assert.ok(get('agent.s.preemptions') > 50);
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] !== 0) continue;
    assert.ok(Math.abs(rows.service[i]! - 2) < 1e-9, `row ${i}: served ${rows.service[i]}`);
    assert.ok(Math.abs(rows.wait[i]! + rows.service[i]! - (rows.finish[i]! - rows.arrival[i]!)) < 1e-9);
  }
});

test('preemptive priorities over replicas: gold on a shared line of R replicas is M/M/(cR) with gold alone', () => {
  const lg = 2, lb = 1.5, c = 1, R = 3;
  const net = network({
    agents: [station('s', c, exp(1), undefined, { discipline: 'preemptive', capacitySpec: capacity(R) })],
    classes: [gold(lg), bronze(lb)],
  });
  const r = runMany(net, 20000, 2000);
  inInterval(r.metrics['class.gold.e2e.mean']!, mmc(lg, 1, c * R).sojourn, 'gold e2e.mean');
});

test('session affinity: every turn of a session goes to the replica its first turn went to', () => {
  // One session at a time, of exactly 5 turns: with affinity each replica serves whole sessions.
  const turns = 5;
  const sessions: ClassSpec = {
    name: 'chat', entry: 0, routes: [], attributes: [],
    arrivals: { process: 'sessions', sessions: { kind: 'generated', start: { kind: 'population', size: 1 }, turns: det(turns), think: exp(2) } },
  };
  const served = (balance: BalancePolicy) => {
    const net = network({ agents: [station('s', 1, exp(1), undefined, { capacitySpec: capacity(3, { balance }) })], classes: [sessions] });
    const { capacity: c, get } = runOne(net, 3000);
    return { served: [...c.agents[0]!.served], completed: get('completed') };
  };
  const pinned = served({ kind: 'affinity' });
  // Only the session still running at the horizon may have left a replica with part of its turns.
  const partial = pinned.served.filter((n) => n % turns !== 0);
  assert.ok(partial.length <= 1, `served per replica ${pinned.served}`);
  assert.ok(pinned.served.filter((n) => n > 0).length === 3, 'sessions spread over the replicas');
  // Without affinity every turn finds all replicas idle, and ties rotate: turns spread one by one.
  const spread = served({ kind: 'least-loaded' }).served;
  assert.ok(Math.max(...spread) - Math.min(...spread) <= 1, `least-loaded: ${spread}`);
});

/** Gold and bronze in bursts of `on` seconds every 600 s until 5000 s, then nothing: everything must drain. */
const bursts = (name: string, rate: number, on: number, priority: number): ClassSpec => ({
  name, priority, entry: 0, routes: [], attributes: [],
  arrivals: { process: 'varying', maxRate: rate, meanRate: rate, expression: `t < 5000 and mod(t, 600) < ${on} ? ${rate} : 0` },
});

test('under failures, spot reclaims, autoscaling and scale-to-zero, every request is served or rejected: none is stranded', () => {
  const variants: [string, (balance: BalancePolicy) => CapacitySpec][] = [
    ['failures and scale-to-zero', (balance) => capacity(1, {
      balance, failures: { timeToFailure: exp(300), repair: exp(40) }, scaleToZero: { idle: 50, coldStart: det(15) },
      autoscale: { kind: 'reactive', signal: 'queue', upper: 3, lower: 0.5, window: 30, cooldown: 60, delay: 20, min: 1, max: 4, step: 1 },
    })],
    ['spot', (balance) => capacity(1, {
      balance, spot: { replicas: 2, timeToReclaim: exp(150), notice: 10, checkpoint: 3, replacement: det(20) },
      autoscale: { kind: 'reactive', signal: 'latency', upper: 6, lower: 2, window: 40, interval: 10, cooldown: 40, delay: 20, min: 1, max: 4, step: 2 },
    })],
  ];
  const policies: BalancePolicy[] = [{ kind: 'shared' }, { kind: 'round-robin' }, { kind: 'least-loaded' }, { kind: 'weighted', weights: [3, 1, 2, 1, 1, 1] }];
  for (const [name, cap] of variants) {
    for (const balance of policies) {
      for (const discipline of ['fcfs', 'preemptive'] as const) {
        const net = network({
          agents: [station('s', 2, exp(1.5), undefined, { capacitySpec: cap(balance), discipline, capacity: 40 })],
          classes: [bursts('gold', 3, 200, 0), bursts('bronze', 1.5, 300, 1)],
        });
        const { stats, get, capacity: c } = runOne(net, 9000);
        const what = `${name}, ${balance.kind}, ${discipline}`;
        assert.is(stats.inFlight, 0, `${what}: requests left in the system`);
        assert.is(get('completed') + get('rejected'), stats.classes[0]!.arrivals + stats.classes[1]!.arrivals, what);
        assert.ok(get('agent.s.scale_events') > 10, `${what}: ${get('agent.s.scale_events')} scaling decisions`);
        if (name === 'spot') assert.ok(c.agents[0]!.lostMax <= 3 + 1e-9, `${what}: a job lost ${c.agents[0]!.lostMax} s`);
        else assert.ok(get('agent.s.cold_starts') >= 8, `${what}: a cold start per burst`);
      }
    }
  }
});

test.run();
