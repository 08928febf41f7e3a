// The scenario fingerprint: SHA-256 checked against node:crypto, canonical JSON independent of key
// order, and a digest that ignores how a scenario is sampled but not what it simulates.

import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson, scenarioFingerprint } from '../../../models/scenario/core/fingerprint.js';
import { sha256Hex } from '../../../models/scenario/core/sha256.js';
import { load, MINIMAL } from './fixtures.js';

const test = suite('scenario fingerprint');

test('sha256 matches node:crypto on empty, short, block-boundary, multi-block and non-ASCII text', () => {
  for (const text of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'b'.repeat(64), 'c'.repeat(1000), 'µs ≥ 2 — 日本 😀']) {
    assert.is(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'), `length ${text.length}`);
  }
});

test('canonical JSON sorts keys, spells out non-finite numbers and typed arrays, drops functions', () => {
  assert.is(canonicalJson({ b: 1, a: [Infinity, NaN], f: () => 1, u: undefined }), '{"a":["#Infinity","#NaN"],"b":1}');
  assert.is(canonicalJson({ x: new Float64Array([1.5, 2]) }), canonicalJson({ x: [1.5, 2] }));
});

test('seed, replications, confidence, description and gates leave it unchanged; the system changes it', () => {
  const base = scenarioFingerprint(load(MINIMAL));
  assert.match(base, /^sha256:[0-9a-f]{64}$/);
  for (const o of ['seed=99', 'replications=40', 'confidence=0.9', 'description=other', 'slos=[{ metric: e2e.p95, max: 2s }]']) {
    assert.is(scenarioFingerprint(load(MINIMAL, { overrides: [o] })), base, o);
  }
  for (const o of ['agents.worker.servers=5', 'horizon=10000s', 'workload.requests.arrivals.rate=3.3/s', 'name=other']) {
    assert.is.not(scenarioFingerprint(load(MINIMAL, { overrides: [o] })), base, o);
  }
});

test.run();
