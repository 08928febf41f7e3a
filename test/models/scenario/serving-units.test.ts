// Sizes in bytes (parseBytes) and the bounded support of distributions that the KV-memory check
// relies on, tested directly rather than through whole scenarios.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { boundedMax } from '../../../models/scenario/serving/checks.js';
import { parseBytes } from '../../../models/scenario/core/units.js';
import { problem, value } from './quantity.js';

const bytes = suite('parseBytes');

bytes('plain numbers are bytes; decimal and binary units, with or without a space', () => {
  assert.is(value(parseBytes(327680)), 327_680);
  assert.is(value(parseBytes('327680')), 327_680);
  assert.is(value(parseBytes('320KiB')), 327_680);
  assert.is(value(parseBytes('40GiB')), 42_949_672_960);
  assert.is(value(parseBytes('1.5MB')), 1_500_000);
  assert.is(value(parseBytes('2 kB')), 2000);
  assert.is(value(parseBytes('2KB')), 2000);
  assert.is(value(parseBytes('1TiB')), 2 ** 40);
  assert.is(value(parseBytes('3B')), 3);
});

bytes('zero, negatives, unknown or wrongly cased units and non-sizes are rejected', () => {
  assert.ok(problem(parseBytes(0)).includes('must be greater than 0'));
  assert.ok(problem(parseBytes('-1KiB')).includes('negative'));
  assert.is(problem(parseBytes('40gib')), "'40gib' (unknown unit 'gib')");
  assert.is(problem(parseBytes('40s')), "'40s' (unknown unit 's')");
  assert.is(problem(parseBytes('lots')), "'lots'");
  assert.is(problem(parseBytes([1])), 'a list');
  assert.ok(problem(parseBytes('1e400B')).includes('not a finite number'));
});

const support = suite('boundedMax');

support('finite supports: deterministic, uniform, empirical, and a mixture over its bounded components', () => {
  assert.is(boundedMax({ dist: 'deterministic', value: 7 }), 7);
  assert.is(boundedMax({ dist: 'uniform', min: 2, max: 9 }), 9);
  assert.is(boundedMax({ dist: 'empirical', samples: [3, 12, 5] }), 12);
  assert.is(boundedMax({ dist: 'mixture', components: [{ weight: 0.5, of: { dist: 'exponential', mean: 1 } }, { weight: 0.5, of: { dist: 'uniform', min: 0, max: 40 } }] }), 40);
});

support('unbounded distributions have no maximum', () => {
  for (const dist of [
    { dist: 'exponential', mean: 1 }, { dist: 'gamma', mean: 1, cv: 1 }, { dist: 'lognormal', mean: 1, cv: 1 },
    { dist: 'normal', mean: 1, sd: 1 }, { dist: 'erlang', k: 2, mean: 1 }, { dist: 'hyperexponential', mean: 1, scv: 2 },
  ] as const) assert.is(boundedMax(dist), undefined, dist.dist);
  assert.is(boundedMax({ dist: 'mixture', components: [{ weight: 1, of: { dist: 'exponential', mean: 1 } }] }), undefined);
});

bytes.run();
support.run();
