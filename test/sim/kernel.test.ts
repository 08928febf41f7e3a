import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Kernel } from '../../sim/kernel.js';

const test = suite('kernel');
const FOREVER = { until: Infinity, maxEvents: Infinity, deadlineMs: Infinity };

/** Runs the kernel and returns the (time, subject) of every dispatched event, in order. */
function trace(k: Kernel, limits = FOREVER): [number, number][] {
  const log: [number, number][] = [];
  k.run((_kind, subject) => { log.push([k.now, subject]); }, limits);
  return log;
}

test('events run in time order, equal times first in first out', () => {
  const k = new Kernel(16);
  k.schedule(3, 0, 30);
  k.schedule(1, 0, 10);
  k.schedule(2, 0, 20);
  k.schedule(1, 0, 11);
  k.schedule(2, 0, 21);
  k.schedule(1, 0, 12);
  assert.equal(trace(k), [[1, 10], [1, 11], [1, 12], [2, 20], [2, 21], [3, 30]]);
});

test('events scheduled by a handler at the current time run after those already due', () => {
  const k = new Kernel(16);
  k.schedule(1, 0, 1);
  k.schedule(1, 0, 2);
  const log: number[] = [];
  k.run((_kind, s) => {
    log.push(s);
    if (s === 1) { k.schedule(1, 0, 3); k.schedule(1, 0, 4); }
  }, FOREVER);
  assert.equal(log, [1, 2, 3, 4]);
});

test('a large random schedule with growth comes out sorted and stable', () => {
  const k = new Kernel(16);
  let x = 12345;
  const expected: [number, number][] = [];
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const t = x % 97; // many ties
    k.schedule(t, 0, i);
    expected.push([t, i]);
  }
  expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.equal(trace(k), expected);
});

test('the hold fast path keeps order when handlers schedule while the root is vacant', () => {
  const k = new Kernel(16);
  for (let i = 0; i < 50; i++) k.schedule(i * 0.5, 0, i);
  const log: number[] = [];
  let spawned = 0;
  k.run((_kind, s) => {
    log.push(k.now);
    if (spawned < 400) { spawned++; k.schedule(k.now + ((s * 7919) % 13) * 0.37, 0, s + 1); }
  }, FOREVER);
  assert.is(log.length, 450);
  for (let i = 1; i < log.length; i++) assert.ok(log[i - 1]! <= log[i]!, `out of order at ${i}`);
});

test('a cancelled event never runs; cancelling twice or after it ran is refused', () => {
  const k = new Kernel(16);
  const a = k.scheduleCancellable(1, 0, 1);
  const b = k.scheduleCancellable(2, 0, 2);
  k.schedule(3, 0, 3);
  assert.ok(k.cancel(b));
  assert.not.ok(k.cancel(b));
  assert.equal(trace(k).map(([, s]) => s), [1, 3]);
  assert.not.ok(k.cancel(a), 'handle of an event that already ran');
});

test('a stale handle cannot cancel the event that reuses its slot', () => {
  const k = new Kernel(16);
  const h = k.scheduleCancellable(1, 0, 1);
  trace(k);
  k.schedule(2, 0, 2); // reuses the freed slot
  assert.not.ok(k.cancel(h));
  assert.equal(trace(k).map(([, s]) => s), [2]);
});

test('run stops at the horizon, leaves later events pending and resumes', () => {
  const k = new Kernel(16);
  for (const t of [1, 2, 3, 4]) k.schedule(t, 0, t);
  assert.is(k.run(() => {}, { until: 2.5, maxEvents: Infinity, deadlineMs: Infinity }), 'horizon');
  assert.is(k.now, 2.5);
  assert.is(k.pending, 2);
  assert.is(k.run(() => {}, FOREVER), 'empty');
  assert.is(k.dispatched, 4);
});

test('run stops after max events and on the wall-clock deadline', () => {
  const k = new Kernel(16);
  const tick = () => { k.schedule(k.now + 1, 0, 0); };
  k.schedule(0, 0, 0);
  assert.is(k.run(tick, { until: Infinity, maxEvents: 10, deadlineMs: Infinity }), 'max-events');
  assert.is(k.dispatched, 10);
  assert.is(k.run(tick, { until: Infinity, maxEvents: Infinity, deadlineMs: performance.now() + 20 }), 'wall-clock');
  assert.ok(k.dispatched > 10);
});

test('scheduling in the past is an error', () => {
  const k = new Kernel(16);
  k.schedule(5, 0, 0);
  trace(k);
  assert.throws(() => k.schedule(4, 0, 0), /before now/);
  assert.throws(() => k.schedule(NaN, 0, 0), /not a number/);
});

test.run();
