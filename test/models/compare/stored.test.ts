// Stored results as a side: a results.json of another apmsim version, without a fingerprint, of
// another scenario or measured differently is refused with a message saying what and why.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkStoredSide, designOfResults, designOfScenario, parseStoredResults } from '../../../models/compare/stored.js';
import { Experiment } from '../../../models/run/experiment.js';
import type { Results } from '../../../models/run/results.js';
import { scenarioFingerprint } from '../../../models/scenario/core/fingerprint.js';
import { scenarioFromText } from '../../helpers/run.js';
import { throwsInputError } from '../../helpers/assert.js';

const test = suite('compare: stored results');
const TEXT = 'name: one\nhorizon: 500s\nwarmup: 50s\nreplications: 3\nworkload:\n  r:\n    arrivals: { process: poisson, rate: 1/s }\n    entry: a\nagents:\n  a:\n    servers: 2\n    service: { dist: exponential, mean: 1s }\n';
const scenario = scenarioFromText(TEXT);
const results: Results = new Experiment(scenario, 'v1').runToEnd();
const design = designOfScenario(scenario, 'v1', scenarioFingerprint(scenario));

test('results of this version and scenario are accepted, and round-trip through JSON', () => {
  const parsed = parseStoredResults('base.json', JSON.stringify(results));
  checkStoredSide('base.json', parsed, 'v1', design, 'candidate');
  assert.equal(designOfResults(parsed), design);
});

test('another apmsim version is refused', () => {
  throwsInputError(() => checkStoredSide('base.json', results, 'v2', design, 'candidate'), /base\.json: expected results written by apmsim v2.*found apmsim v1/);
});

test('results written before fingerprints are refused', () => {
  const { fingerprint: _dropped, ...old } = results;
  throwsInputError(() => checkStoredSide('base.json', old as Results, 'v1', design, 'candidate'), /expected results with a scenario fingerprint, found none/);
});

test('another scenario is refused', () => {
  const other = scenarioFromText(TEXT.replace('name: one', 'name: two'));
  throwsInputError(() => checkStoredSide('base.json', results, 'v1', designOfScenario(other, 'v1', scenarioFingerprint(other)), 'candidate'),
    /expected results of scenario 'two' \(the candidate\), found results of scenario 'one'/);
});

test('another horizon, warm-up or percentile method is refused', () => {
  for (const [change, pattern] of [['horizon=600s', /horizon 500 s vs 600 s/], ['warmup=auto', /warmup 50 s vs auto/], ['metrics={ percentiles: exact }', /percentiles sketch \(0\.01\) vs exact/]] as const) {
    const other = scenarioFromText(TEXT, [change]);
    throwsInputError(() => checkStoredSide('base.json', results, 'v1', designOfScenario(other, 'v1', scenarioFingerprint(other)), 'candidate'), pattern);
  }
});

test('malformed documents name the field', () => {
  throwsInputError(() => parseStoredResults('x.json', '{ not json'), /x\.json: expected a results\.json document \(JSON\), found invalid JSON/);
  throwsInputError(() => parseStoredResults('x.json', '[]'), /\(document\): expected an object/);
  throwsInputError(() => parseStoredResults('x.json', JSON.stringify({ ...results, seed: 'seven' })), /seed: expected a number, found "seven"/);
  const metrics = { ...results.metrics, 'e2e.mean': { ...results.metrics['e2e.mean']!, values: [1, 2] } };
  throwsInputError(() => parseStoredResults('x.json', JSON.stringify({ ...results, metrics })), /metrics\.e2e\.mean\.values: expected one value per replication \(3\), found 2 values/);
});

test.run();
