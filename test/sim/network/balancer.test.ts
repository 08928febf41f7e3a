// Each load-balancing policy does what it says, on replica views set up by hand: round-robin
// alternates exactly, least-loaded and capacity-aware never pick a worse replica, weighted shares
// match the weights, affinity keeps a session on its replica; no policy picks a replica that is not
// READY. And the priority lines serve the lowest level first, FCFS within a level.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Balancer, type ReplicaView } from '../../../sim/network/capacity/balancer.js';
import { LevelQueue } from '../../../sim/network/resources/priority-queue.js';
import { DRAINING, FAILED, NOTICE, OFF, READY, STARTING } from '../../../sim/network/capacity/replica-state.js';
import { Stream } from '../../../sim/random/stream.js';

const test = suite('balancers');
const view = (n: number): ReplicaView => ({ state: new Int8Array(n).fill(READY), load: new Float64Array(n), free: new Float64Array(n) });
const NOT_READY = [OFF, STARTING, DRAINING, FAILED, NOTICE];

test('round-robin alternates exactly over the ready replicas, skipping the others', () => {
  const v = view(3);
  const b = new Balancer({ kind: 'round-robin' }, v);
  const picks = Array.from({ length: 9 }, () => b.pick(-1));
  assert.equal(picks, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
  v.state[1] = FAILED;
  assert.equal(Array.from({ length: 6 }, () => b.pick(-1)), [0, 2, 0, 2, 0, 2]);
  v.state.fill(DRAINING);
  assert.is(b.pick(-1), -1, 'no replica takes work');
});

test('least-loaded never picks a more loaded replica, nor one that is not ready', () => {
  const s = new Stream('least-loaded');
  const v = view(6);
  const b = new Balancer({ kind: 'least-loaded' }, v);
  for (let trial = 0; trial < 5000; trial++) {
    for (let k = 0; k < 6; k++) {
      v.load[k] = Math.floor(s.uniform() * 4);
      v.state[k] = s.uniform() < 0.3 ? NOT_READY[Math.floor(s.uniform() * NOT_READY.length)]! : READY;
    }
    const k = b.pick(-1);
    const ready = [...v.state.keys()].filter((i) => v.state[i] === READY);
    if (ready.length === 0) { assert.is(k, -1); continue; }
    assert.is(v.state[k], READY);
    assert.is(v.load[k], Math.min(...ready.map((i) => v.load[i]!)), `trial ${trial}`);
  }
});

test('least-loaded spreads ties: idle replicas take turns', () => {
  const b = new Balancer({ kind: 'least-loaded' }, view(3));
  assert.equal(Array.from({ length: 6 }, () => b.pick(-1)), [0, 1, 2, 0, 1, 2]);
});

test('capacity-aware picks the ready replica with the most free KV memory', () => {
  const s = new Stream('capacity');
  const v = view(5);
  const b = new Balancer({ kind: 'capacity' }, v);
  for (let trial = 0; trial < 5000; trial++) {
    for (let k = 0; k < 5; k++) {
      v.free[k] = Math.floor(s.uniform() * 10) * 1000;
      v.load[k] = Math.floor(s.uniform() * 3);
      v.state[k] = s.uniform() < 0.25 ? FAILED : READY;
    }
    const k = b.pick(-1);
    const ready = [...v.state.keys()].filter((i) => v.state[i] === READY);
    if (ready.length === 0) { assert.is(k, -1); continue; }
    const most = Math.max(...ready.map((i) => v.free[i]!));
    assert.is(v.free[k], most, `trial ${trial}`);
    assert.is(v.load[k], Math.min(...ready.filter((i) => v.free[i] === most).map((i) => v.load[i]!)), 'ties go to the least loaded');
  }
});

test('weighted: every prefix of the picks keeps each share within one request of its weight', () => {
  const weights = [5, 1, 3, 1];
  const total = weights.reduce((a, b) => a + b, 0);
  const b = new Balancer({ kind: 'weighted', weights }, view(4));
  const counts = [0, 0, 0, 0];
  for (let n = 1; n <= 2000; n++) {
    counts[b.pick(-1)]!++;
    // Smooth weighted round-robin is deterministic: its deviation is bounded, far inside binomial spread.
    counts.forEach((c, k) => assert.ok(Math.abs(c - (n * weights[k]!) / total) < 1, `after ${n} picks replica ${k} has ${c}`));
  }
  assert.equal(counts, [1000, 200, 600, 200]);
});

test('weighted: a replica that is not ready gets nothing; the others share by their weights', () => {
  const v = view(3);
  const b = new Balancer({ kind: 'weighted', weights: [2, 1, 1] }, v);
  v.state[0] = FAILED;
  const counts = [0, 0, 0];
  for (let n = 0; n < 1000; n++) counts[b.pick(-1)]!++;
  assert.equal(counts, [0, 500, 500]);
});

test('affinity keeps a session on its replica while it is ready, then moves it to the least loaded', () => {
  const v = view(3);
  const b = new Balancer({ kind: 'affinity' }, v);
  v.load.set([2, 0, 1]);
  const first = b.pick(7);
  assert.is(first, 1, 'first request of a session: least loaded');
  v.load.set([0, 5, 0]);
  for (let i = 0; i < 5; i++) assert.is(b.pick(7), 1, 'stays although now the most loaded');
  v.state[1] = FAILED;
  const moved = b.pick(7);
  assert.ok(moved === 0 || moved === 2);
  v.state[1] = READY;
  assert.is(b.pick(7), moved, 'rebound to its new replica');
  assert.ok(b.pick(-1) !== 1, 'requests without a session go to the least loaded');
});

test('priority lines: lowest level first, FCFS within a level, pushFront returns to the head', () => {
  const q = new LevelQueue(3);
  q.push(1, 2); q.push(2, 0); q.push(3, 1); q.push(4, 0); q.pushFront(5, 1);
  assert.is(q.length, 5);
  assert.is(q.headLevel(), 0);
  assert.equal([q.shift(), q.shift(), q.shift(), q.shift(), q.shift()], [2, 4, 5, 3, 1]);
  for (let i = 0; i < 100; i++) q.push(i, i % 3);
  assert.ok(q.remove(50));
  assert.not.ok(q.remove(50));
  const out: number[] = [];
  while (q.length > 0) out.push(q.shift());
  const expected = [0, 1, 2].flatMap((l) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 3 === l && i !== 50));
  assert.equal(out, expected);
});

test.run();
