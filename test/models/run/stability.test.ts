// Stability warnings with capacity and step limits: a station's offered utilisation counts every
// replica its capacity spec can run (autoscaler maximum and spot replicas), and a loop that a class's
// max_steps ends is not a load growing without bound.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stabilityWarnings } from '../../../models/run/stability.js';
import { edit, load } from '../scenario/fixtures.js';

const test = suite('stability warnings');

/** The M/M/4 fixture at 6/s with mean service 1 s: offered utilisation 1.5 on one replica. */
const overloaded = (...lines: string[]) => load(edit({ 9: '    arrivals: { process: poisson, rate: 6/s }' }, lines)).network;

test('a station offered more than its servers warns; replicas, an autoscaler\'s max or spot replicas count', () => {
  assert.equal(stabilityWarnings(overloaded()).length, 1);
  assert.match(stabilityWarnings(overloaded())[0]!, /agent 'worker': offered utilisation 1\.500 >= 1/);
  assert.equal(stabilityWarnings(overloaded('    replicas: 2')), []);
  assert.equal(stabilityWarnings(overloaded('    autoscale: { kind: reactive, signal: queue, upper: 5, lower: 1, window: 1min, max: 2 }')), []);
  assert.equal(stabilityWarnings(overloaded('    spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h } }')), []);
  // Two replicas are too few at 9/s: 9 erlangs on 8 servers.
  assert.match(stabilityWarnings(load(edit({ 9: '    arrivals: { process: poisson, rate: 9/s }' }, ['    replicas: 2'])).network)[0]!, /offered utilisation 1\.125/);
});

test('a loop with no way out warns only when no max_steps ends it', () => {
  const looping = load(edit({ 10: '    entry: worker\n    max_steps: 20', 15: '    next: worker' })).network;
  assert.equal(stabilityWarnings(looping), []);
});

test.run();
