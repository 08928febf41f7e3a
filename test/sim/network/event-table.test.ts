// The event table: kinds numbered in registration order, hot kinds and the rest dispatched to their
// own handler, and every part of a replication registering its kinds once.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventTable } from '../../../sim/network/parts/event-table.js';
import { Replication } from '../../../sim/network/engine.js';
import { exp, network, poissonClass, station } from '../../helpers/specs.js';

const test = suite('event table');

test('each kind reaches its own handler, hot or not', () => {
  const table = new EventTable();
  const seen: string[] = [];
  const kinds = ['a', 'b', 'c', 'd', 'e'].map((name, i) => table.register(name, (s) => seen.push(`${name}${s}`), i % 2 === 1));
  assert.equal(kinds, [0, 1, 2, 3, 4]);
  const dispatch = table.seal();
  for (const k of [4, 3, 2, 1, 0]) dispatch(k, k * 10);
  assert.equal(seen, ['e40', 'd30', 'c20', 'b10', 'a0']);
  assert.throws(() => dispatch(5, 0), /unknown event kind 5/);
  assert.throws(() => table.register('f', () => {}), /after the table was sealed/);
});

test('a kind is registered once, and at most three are hot', () => {
  const table = new EventTable();
  table.register('x', () => {});
  assert.throws(() => table.register('x', () => {}), /registered twice/);
  for (const name of ['h1', 'h2', 'h3']) table.register(name, () => {}, true);
  assert.throws(() => table.register('h4', () => {}, true), /more than 3 hot/);
});

test('a replication registers every part\'s kinds', () => {
  const rep = new Replication(network({ agents: [station('s', 1, exp(1))], classes: [poissonClass('c', 0.5, 0)] }), {
    seed: 1, replication: 0, horizon: 10, warmup: 0, percentiles: 'exact', sketchAccuracy: 0.01, seriesWindow: 0, timeseriesWindow: 0, traceRequests: false,
  });
  assert.equal([...rep.events.names].sort(), [
    'arrival', 'budget release', 'call timeout', 'capacity timer', 'departure', 'iteration end', 'limiter release',
    'lookup end', 'pool sample', 'retry', 'session start', 'turn', 'warm-up end', 'window end',
  ]);
});

test.run();
