// Same scenario and seed, byte-identical results.json; another seed, different numbers.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { Experiment } from '../models/run/experiment.js';
import { scenarioFromText } from './helpers/run.js';

const test = suite('determinism');
const text = readFileSync(new URL('../../scenarios/fanout.yaml', import.meta.url), 'utf8');
const resultsJson = (overrides: string[]): string =>
  JSON.stringify(new Experiment(scenarioFromText(text, overrides), 'test').runToEnd(), null, 2);

test('the same scenario and seed give byte-identical results', () => {
  const a = resultsJson(['replications=3', 'horizon=2000s', 'warmup=200s']);
  const b = resultsJson(['replications=3', 'horizon=2000s', 'warmup=200s']);
  assert.is(a, b);
});

test('another seed gives other values', () => {
  const a = resultsJson(['replications=3', 'horizon=2000s', 'warmup=200s', 'seed=1']);
  const b = resultsJson(['replications=3', 'horizon=2000s', 'warmup=200s', 'seed=2']);
  assert.is.not(a, b);
});

test('a replication does not depend on the ones before it: replication 3 of 3 equals replication 3 of 5', () => {
  const three = JSON.parse(resultsJson(['replications=3', 'horizon=2000s', 'warmup=200s']));
  const five = JSON.parse(resultsJson(['replications=5', 'horizon=2000s', 'warmup=200s']));
  assert.equal(three.metrics['e2e.mean'].values, five.metrics['e2e.mean'].values.slice(0, 3));
});

test.run();
