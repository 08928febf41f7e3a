// The learned backend's parts and promises: knob ranges, Latin hypercube strata, conformal
// quantiles, and a small trained model that answers inside its region, declines outside it or for
// changes it was not trained on, and refuses to answer for another scenario.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { conformalRank, Predictor } from '../../../models/query/learned/fit.js';
import { latinHypercube } from '../../../models/query/learned/knobs.js';
import {
  answerQuery, inProcessExecutor, loadModel, parseVary, prepareQuery, QueryError, trainModel,
  type LearnedModelJson, type ScenarioSource,
} from '../../../models/query/index.js';

const test = suite('query: learned backend');
const file = (name: string) => fileURLToPath(new URL(`../../../../scenarios/${name}`, import.meta.url));
const source = (name: string): ScenarioSource => ({ file: file(name), text: readFileSync(file(name), 'utf8'), readFile: (p) => readFileSync(p, 'utf8') });
const MM4 = source('mm4.yaml');

test('--vary parses ranges in base units; whole numbers when both bounds are integers', () => {
  assert.equal(parseVary('agents.worker.servers=2..6'), { path: 'agents.worker.servers', lo: 2, hi: 6, integer: true });
  assert.equal(parseVary('workload.requests.arrivals.rate=60/min..3/s'), { path: 'workload.requests.arrivals.rate', lo: 1, hi: 3, integer: false });
  assert.equal(parseVary('agents.worker.service.mean=200ms..1.5s'), { path: 'agents.worker.service.mean', lo: 0.2, hi: 1.5, integer: false });
  assert.equal(parseVary('agents.worker.servers=2.0..6').integer, false);
  assert.throws(() => parseVary('agents.worker.servers=6..2'), (e: unknown) => e instanceof QueryError && /lo < hi/.test(e.message));
  assert.throws(() => parseVary('agents.worker.servers'), (e: unknown) => e instanceof QueryError && /expected path=lo..hi/.test(e.message));
});

test('Latin hypercube: one point per stratum of every continuous knob; whole numbers evenly', () => {
  const knobs = [parseVary('a=0.0..1.0'), parseVary('b=10..20.5'), parseVary('c=1..4')];
  const points = latinHypercube(knobs, 40, 5);
  for (const [k, knob] of knobs.slice(0, 2).entries()) {
    const strata = points.map((p) => Math.floor(((p[k]! - knob.lo) / (knob.hi - knob.lo)) * 40)).sort((x, y) => x - y);
    assert.equal(strata, Array.from({ length: 40 }, (_, i) => i), `knob ${knob.path}`);
  }
  const counts = [1, 2, 3, 4].map((v) => points.filter((p) => p[2] === v).length);
  assert.equal(counts, [10, 10, 10, 10]);
  assert.equal(latinHypercube(knobs, 40, 5), points, 'the same seed gives the same design');
});

test('split conformal, training-conditional: the rank is the (1 - delta)-quantile of Binomial(n, c), plus one', () => {
  // With the largest score, coverage fails only if all n scores fall below the c-quantile: c^n.
  assert.is(conformalRank(22, 0.9, 0.1), 22, '0.9^22 = 0.098 <= 0.1');
  assert.is(conformalRank(21, 0.9, 0.1), undefined, '0.9^21 = 0.109 > 0.1: too few points');
  // Binomial(80, 0.9): P(X <= 74) = 0.823 < 0.9 <= P(X <= 75) = 0.912 (summed independently below).
  const cdf = (n: number, p: number, j: number) => {
    let sum = 0;
    let pmf = (1 - p) ** n;
    for (let i = 0; i <= j; i++) { sum += pmf; pmf *= ((n - i) / (i + 1)) * (p / (1 - p)); }
    return sum;
  };
  assert.ok(cdf(80, 0.9, 74) < 0.9 && cdf(80, 0.9, 75) >= 0.9);
  assert.is(conformalRank(80, 0.9, 0.1), 76);
  const p = { json: { scores: Array.from({ length: 80 }, (_, i) => i + 1) } } as unknown as Predictor;
  assert.is(Predictor.prototype.conformalHalfWidth.call(p, 0.9), 76);
});

let trained: LearnedModelJson | undefined;
async function model(): Promise<LearnedModelJson> {
  trained ??= await trainModel(MM4, {
    knobs: [parseVary('workload.requests.arrivals.rate=2..3.2'), parseVary('agents.worker.servers=4..5')],
    samples: 100, replications: 2, set: ['horizon=1500s', 'warmup=150s'], metrics: ['e2e.mean', 'e2e.p95'], version: 'test',
  }, inProcessExecutor);
  return trained;
}

async function askLearned(src: ScenarioSource, set: string[], metrics = ['e2e.p95']) {
  const m = loadModel('mm4.json', JSON.stringify(await model()));
  return answerQuery(prepareQuery(src, { metrics, set, confidence: 0.9 }), { backend: 'learned', executor: inProcessExecutor, clock: () => performance.now(), model: { model: m, file: 'mm4.json' } });
}

test('training records the region, the scenario fingerprints and held-out figures', async () => {
  const m = await model();
  assert.is(m.samples.total, 100);
  assert.equal([m.samples.train, m.samples.calibration, m.samples.test], [50, 30, 20]);
  assert.equal(m.knobs.map((k) => k.path), ['workload.requests.arrivals.rate', 'agents.worker.servers']);
  assert.match(m.scenario.fileFingerprint, /^fnv1a:[0-9a-f]{16}$/);
  for (const metric of ['e2e.mean', 'e2e.p95']) {
    const h = m.metrics[metric]!.heldOut;
    assert.is(h.points, 20);
    assert.ok(h.medianAbsolutePercentageError < 0.1, `${metric}: held-out error ${h.medianAbsolutePercentageError}`);
    assert.ok(h.coverage >= 0 && h.coverage <= 1);
  }
});

test('inside the region: an estimate with a conformal interval; outside: declined, naming the knob', async () => {
  const [inside] = await askLearned(MM4, ['workload.requests.arrivals.rate=2.8', 'agents.worker.servers=4']);
  assert.is(inside!.kind, 'estimate', inside!.reason);
  assert.is(inside!.backend, 'learned');
  assert.match(inside!.reason, /split-conformal interval from 30 calibration points/);
  const [outside] = await askLearned(MM4, ['workload.requests.arrivals.rate=3.4']);
  assert.is(outside!.kind, 'declined');
  assert.match(outside!.reason, /workload.requests.arrivals.rate = 3.4 is outside the region mm4.json was trained on \(2..3.2\)/);
});

test('a change the model was not trained to vary is declined, naming it', async () => {
  const [a] = await askLearned(MM4, ['agents.worker.service.mean=900ms']);
  assert.is(a!.kind, 'declined');
  assert.match(a!.reason, /the query changes agents.worker.service.mean, which mm4.json was not trained to vary/);
});

test('a model for another scenario is refused with a clear error', async () => {
  await askLearned(source('tandem.yaml'), []).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => {
      assert.instance(e, QueryError);
      assert.match((e as Error).message, /mm4.json was trained on scenario 'mm4' \(.*mm4.yaml, fnv1a:[0-9a-f]+\), not on .*tandem.yaml/);
    },
  );
});

test('model files that are not apmsim models are refused', () => {
  assert.throws(() => loadModel('x.json', 'not json'), (e: unknown) => e instanceof QueryError && /x.json: expected a model file written by apmsim train, found text that is not JSON/.test(e.message));
  assert.throws(() => loadModel('x.json', '{"format": "other"}'), (e: unknown) => e instanceof QueryError && /expected a model file with format 'apmsim-learned-model\/1'/.test(e.message));
});

test('a training region with unstable points is refused before simulating', async () => {
  await trainModel(MM4, { knobs: [parseVary('workload.requests.arrivals.rate=3..4.5')], samples: 10, set: [], metrics: ['e2e.mean'], version: 'test' }, inProcessExecutor).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => assert.match((e as Error).message, /the --vary region includes unstable points/),
  );
});

test.run();
