// The replica actuator a controller uses between segments (Actuators.setReplicas, ControlView
// replicaTarget/replicaLimit): a target set at t serves from t + the provisioning delay exactly,
// removals drain, decisions are logged with cause 'control', targets without a replica set are
// refused, and segmented runs stay deterministic (and equal one run when nothing is actuated).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { replicationMetrics } from '../../../models/run/metrics.js';
import { replicationOptions } from '../../../models/run/replicate.js';
import { Replication } from '../../../sim/network/engine.js';
import type { AutoscaleSpec, CapacitySpec, NetworkSpec } from '../../../sim/network/spec.js';
import { capacity, det, exp, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station } from '../../helpers/specs.js';

const test = suite('control: replica actuator');

/** A replication of `net` with request rows and a time series of windows of `window` seconds. */
function replication(net: NetworkSpec, horizon: number, window = 10, replication = 0): Replication {
  return new Replication(net, replicationOptions(scenarioOf(net, { horizon }), replication, 0, { timeseriesWindow: window, traceRequests: true }));
}

/** Slots for up to 4 replicas and a 50 s provisioning delay; its one entry lies beyond every horizon here. */
const DELAY = 50;
const idleScheduler: AutoscaleSpec = { kind: 'scheduled', schedule: [{ at: 1e9, replicas: 4 }], delay: DELAY };

/** One station, one server per replica, deterministic 1 s service, swamped (its line never empties). */
const swamped = (cap: CapacitySpec) => network({ agents: [station('s', 1, det(1), undefined, { capacitySpec: cap })], classes: [poissonClass('q', 10, 0)] });

test('added replicas serve from t + the provisioning delay exactly; removed ones drain; decisions logged as control', () => {
  const W = 10, up = 1000, down = 3000, horizon = 5000;
  const rep = replication(swamped(capacity(1, { autoscale: idleScheduler })), horizon, W);
  assert.is(rep.replicaTarget('agent', 0), 1);
  assert.is(rep.replicaLimit('agent', 0), 4);
  rep.advanceTo(up);
  assert.is(rep.now, up);
  assert.ok(rep.setReplicas('agent', 0, 4));
  assert.is(rep.replicaTarget('agent', 0), 4, 'the target includes replicas still provisioning');
  rep.advanceTo(down);
  assert.ok(rep.setReplicas('agent', 0, 2));
  assert.is(rep.replicaTarget('agent', 0), 2);
  rep.advanceTo(horizon);
  assert.ok(rep.isFinished);
  const s = rep.snapshot();
  assert.equal(s.capacity!.decisions.map((d) => [d.time, d.owner, d.cause, d.from, d.to, d.serving]), [
    [up, 'agent.s', 'control', 1, 4, up + DELAY],
    [down, 'agent.s', 'control', 4, 2, NaN],
  ]);
  assert.is(s.capacity!.agents[0]!.scaleEvents, 2);
  // The time series integrates busy servers and billed replicas on its own clock.
  const ts = s.timeseries!;
  for (let w = 0; w < horizon / W; w++) {
    const from = w * W, busy = ts.busy[w]!, billed = ts.replicas[w]!;
    const what = `window [${from}, ${from + W}): busy ${busy}, billed ${billed}`;
    // (The first window starts before the first arrival.)
    if (from >= W && from + W <= up + DELAY) assert.ok(Math.abs(busy - 1) < 1e-9, `one server until the added ones serve; ${what}`);
    else if (from >= up + DELAY && from + W <= down) assert.ok(Math.abs(busy - 4) < 1e-9, `four servers; ${what}`);
    // Drained replicas finish the 1 s service they hold, then leave.
    else if (from >= down + 1) assert.ok(Math.abs(busy - 2) < 1e-9 && Math.abs(billed - 2) < 1e-9, `two after draining; ${what}`);
    if (from + W <= up) assert.ok(Math.abs(billed - 1) < 1e-9, `billed before; ${what}`);
    if (from >= up && from + W <= down) assert.ok(Math.abs(billed - 4) < 1e-9, `provisioning replicas are billed; ${what}`);
  }
});

test('an autoscaler keeps deciding after a control decision; without an autoscaler added replicas serve at once, after scale-to-zero after a cold start', () => {
  // A scheduled entry after the control decision moves the target again.
  const scheduled: AutoscaleSpec = { kind: 'scheduled', schedule: [{ at: 2000, replicas: 4 }], delay: DELAY };
  const a = replication(swamped(capacity(1, { autoscale: scheduled })), 3000);
  a.advanceTo(500);
  assert.ok(a.setReplicas('agent', 0, 2));
  a.advanceTo(3000);
  assert.equal(a.snapshot().capacity!.decisions.map((d) => [d.time, d.cause, d.from, d.to, d.serving]), [
    [500, 'control', 1, 2, 500 + DELAY], [2000, 'scheduled', 2, 4, 2000 + DELAY],
  ]);

  // No autoscaler: the limit is the starting replicas; down, then up again at once.
  const b = replication(swamped(capacity(3)), 3000);
  assert.is(b.replicaLimit('agent', 0), 3);
  b.advanceTo(1000);
  assert.ok(b.setReplicas('agent', 0, 1));
  b.advanceTo(2000);
  assert.ok(b.setReplicas('agent', 0, 3));
  b.advanceTo(3000);
  assert.equal(b.snapshot().capacity!.decisions.map((d) => [d.time, d.from, d.to, d.serving]), [[1000, 3, 1, NaN], [2000, 1, 3, 2000]]);

  // Scale-to-zero, no autoscaler: an idle station released its replica; a control target brings it back after the
  // cold start, and the idle clock releases it again when no work comes.
  const cold = 30, idle = 100;
  const quiet = network({
    agents: [station('s', 1, det(1), undefined, { capacitySpec: capacity(1, { scaleToZero: { idle, coldStart: det(cold) } }) })],
    classes: [{ name: 'q', entry: 0, routes: [], attributes: [], arrivals: { process: 'deterministic', rate: 1 / 10_000 } }],
  });
  const c = replication(quiet, 1000);
  c.advanceTo(500);
  assert.is(c.replicaTarget('agent', 0), 0, 'scaled to zero');
  assert.ok(c.setReplicas('agent', 0, 1));
  c.advanceTo(1000);
  assert.equal(c.snapshot().capacity!.decisions.map((d) => [d.time, d.cause, d.from, d.to, d.serving]), [
    [idle, 'scale-to-zero', 1, 0, NaN], [500, 'control', 0, 1, 500 + cold], [500 + idle, 'scale-to-zero', 1, 0, NaN],
  ]);
});

test('GPU pools: the same actuator; targets without a replica set, or beyond their limit, are refused and change nothing', () => {
  const m = model('m', linearProfile(0.01, 1e-4, 1e-3, 0));
  const withCap = gpuPool('g', 0, 1, 100_000, { capacitySpec: capacity(1, { autoscale: idleScheduler }) });
  const plain = gpuPool('h', 0, 1, 100_000);
  const net = network({
    models: [m], pools: [withCap, plain],
    agents: [llm('a', 0, 100, 20, { kind: 'agent', to: 1, escalate: false }), llm('b', 1, 100, 20, { kind: 'agent', to: 2, escalate: false }), station('s', 1, exp(0.1))],
    classes: [poissonClass('q', 2, 0)],
  });
  const rep = replication(net, 2000);
  assert.equal([rep.replicaTarget('pool', 0), rep.replicaLimit('pool', 0)], [1, 4]);
  assert.equal([rep.replicaTarget('pool', 1), rep.replicaLimit('pool', 1)], [-1, -1], 'a pool without a capacity spec');
  assert.equal([rep.replicaTarget('agent', 0), rep.replicaTarget('agent', 2)], [-1, -1], 'an LLM agent and a plain station');
  rep.advanceTo(100);
  assert.not.ok(rep.setReplicas('pool', 1, 2), 'no replica set');
  assert.not.ok(rep.setReplicas('agent', 2, 2), 'no replica set');
  assert.not.ok(rep.setReplicas('pool', 0, 5), 'beyond the limit');
  assert.is(rep.replicaTarget('pool', 0), 1);
  assert.throws(() => rep.setReplicas('pool', 0, 1.5), /whole number/);
  assert.throws(() => rep.setReplicas('pool', 0, -1), /whole number/);
  assert.throws(() => rep.setReplicas('pool', 2, 1), /no pool 2/);
  assert.throws(() => rep.replicaTarget('agent', 3), /no agent 3/);
  assert.ok(rep.setReplicas('pool', 0, 3));
  assert.ok(rep.setReplicas('pool', 0, 3), 'the same target again: no decision');
  rep.advanceTo(2000);
  const s = rep.snapshot();
  assert.equal(s.capacity!.decisions.map((d) => [d.time, d.owner, d.cause, d.from, d.to, d.serving]), [[100, 'gpu.g', 'control', 1, 3, 100 + DELAY]]);
  const mean = replicationMetrics(net, s).find((x) => x.name === 'gpu.g.replicas.mean')!.value;
  assert.ok(Math.abs(mean - (100 * 1 + 1900 * 3) / 2000) < 1e-9, `gpu.g.replicas.mean ${mean}`);
});

test('deterministic: the same segments and actions give the same results; segments without actions equal one run', () => {
  const net = network({ agents: [station('s', 2, exp(1), undefined, { capacitySpec: capacity(1, { autoscale: idleScheduler, balance: { kind: 'least-loaded' } }) })], classes: [poissonClass('q', 1.5, 0)] });
  const horizon = 4000;
  const segmented = (act: boolean) => {
    const rep = replication(net, horizon, 10, 2);
    for (let t = 250; t < horizon; t += 250) {
      rep.advanceTo(t);
      if (act) rep.setReplicas('agent', 0, 1 + ((t / 250) % 4));
    }
    rep.advanceTo(horizon);
    return replicationMetrics(net, rep.snapshot());
  };
  const once = replication(net, horizon, 10, 2);
  once.advance(Infinity, Infinity);
  assert.equal(segmented(false), replicationMetrics(net, once.snapshot()));
  const first = segmented(true);
  assert.equal(segmented(true), first);
  assert.is(first.find((x) => x.name === 'agent.s.scale_events')!.value, horizon / 250 - 1);
  assert.not.equal(first, segmented(false));
});

test.run();
