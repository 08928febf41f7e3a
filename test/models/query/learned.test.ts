// The learned backend's parts and promises: knob ranges, Latin hypercube strata, the interval
// arithmetic, coverage against exact values, auto's choice, and a small trained model that
// answers inside its region, declines outside it or for changes it was not trained on, and
// refuses to answer for another scenario.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluatePredictor, type PredictorJson } from '../../../models/query/learned/evaluate.js';
import { monomials } from '../../../models/query/learned/fit.js';
import { latinHypercube } from '../../../models/query/learned/knobs.js';
import { mmc } from '../../../models/analytic/queues.js';
import {
  answerQuery, inProcessExecutor, loadModel, parseVary, prepareQuery, QueryError, trainModel,
  type LearnedModelJson, type ScenarioSource,
} from '../../../models/query/index.js';
import { bundledSource } from '../../helpers/bundled.js';

const test = suite('query: learned backend');
const MM4 = bundledSource('mm4.yaml');

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

test('monomials: every term up to the degree, a whole-number knob capped at its values less one', () => {
  assert.equal(monomials(2, [2, 2]), [[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [0, 2]]);
  assert.equal(monomials(3, [3, 1]), [[0, 0], [1, 0], [0, 1], [2, 0], [1, 1], [3, 0], [2, 1]]);
});

test('evaluating a predictor: polynomial prediction, the spread rows\' squares plus misfit, the ceil(c (n+1))-th score', () => {
  const knobs = [parseVary('a=0.0..2.0'), parseVary('b=10..20')];
  // m(u) = 1 + 2 u_a + 3 u_a u_b; spread rows 0.06 and 0.32 u_a u_b; misfit 0.0009 - 0.0005 u_b.
  const p: PredictorJson = {
    transform: 'identity',
    mean: { terms: [[0, 0], [1, 0], [1, 1]], coefficients: [1, 2, 3] },
    spread: [[0.06, 0, 0], [0, 0, 0.32]],
    misfit: { terms: [[0, 0], [0, 1]], coefficients: [0.0009, -0.0005] },
    scores: Array.from({ length: 19 }, (_, i) => (i + 1) / 10),
  };
  const e = evaluatePredictor(p, knobs, [1, 15], 0.9);
  // u = (0.5, 0.5): m = 1 + 1 + 0.75; variance 0.06² + 0.08² = 0.01, misfit 0.00065; rank ceil(0.9 * 20) = 18: q = 1.8.
  const half = 1.8 * Math.sqrt(0.01 + 0.00065);
  assert.is(e.kind, 'ok');
  if (e.kind !== 'ok') return;
  assert.ok(Math.abs(e.estimate - 2.75) < 1e-12 && Math.abs(e.lo - (2.75 - half)) < 1e-12 && Math.abs(e.hi - (2.75 + half)) < 1e-12, JSON.stringify(e));
  // Negative misfit counts as 0; a log transform maps the interval back.
  const logged = evaluatePredictor({ ...p, transform: 'log', misfit: { terms: [[0, 0]], coefficients: [-1] } }, knobs, [1, 15], 0.9);
  assert.ok(logged.kind === 'ok' && Math.abs(logged.lo - Math.exp(2.75 - 0.18)) < 1e-12 && Math.abs(logged.hi - Math.exp(2.75 + 0.18)) < 1e-12, JSON.stringify(logged));
  // 19 scores: ceil(0.95 * 20) = 19 is the largest; ceil(0.96 * 20) = 20 is beyond it.
  assert.is(evaluatePredictor(p, knobs, [1, 15], 0.95).kind, 'ok');
  assert.is(evaluatePredictor(p, knobs, [1, 15], 0.96).kind, 'too-few');
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

test('training records the region, the scenario fingerprints and cross-validated figures', async () => {
  const m = await model();
  assert.is(m.format, 'apmsim-learned-model/3');
  assert.equal([m.samples.total, m.samples.folds, m.samples.resamples, m.samples.rounds], [100, 20, 1000, 1]);
  assert.is(m.target, null);
  assert.equal(m.knobs.map((k) => k.path), ['workload.requests.arrivals.rate', 'agents.worker.servers']);
  assert.match(m.scenario.fileFingerprint, /^fnv1a:[0-9a-f]{16}$/);
  for (const metric of ['e2e.mean', 'e2e.p95']) {
    const h = m.metrics[metric]!.crossValidated;
    assert.is(h.points, 100);
    assert.ok(h.medianAbsolutePercentageError < 0.1, `${metric}: out-of-fold error ${h.medianAbsolutePercentageError}`);
    assert.ok(h.medianRelativeHalfWidth > 0 && h.medianRelativeHalfWidth < 0.2, `${metric}: half-width ${h.medianRelativeHalfWidth}`);
    // The points' own noise is part of the error: the median |normal| is 0.674 of its standard error.
    const noise = h.medianRelativeNoise!;
    assert.ok(noise > 0 && h.medianAbsolutePercentageError > 0.5 * noise, `${metric}: noise ${noise}, error ${h.medianAbsolutePercentageError}`);
  }
});

test('inside the region: an estimate with an interval; outside: declined, naming the knob', async () => {
  const [inside] = await askLearned(MM4, ['workload.requests.arrivals.rate=2.8', 'agents.worker.servers=4']);
  assert.is(inside!.kind, 'estimate', inside!.reason);
  assert.is(inside!.backend, 'learned');
  assert.match(inside!.reason, /from the variance of 1000 bootstrap fits \(bagged, infinitesimal jackknife\), trained on 100 simulated points/);
  const [outside] = await askLearned(MM4, ['workload.requests.arrivals.rate=3.4']);
  assert.is(outside!.kind, 'declined');
  assert.match(outside!.reason, /workload.requests.arrivals.rate = 3.4 is outside the region mm4.json was trained on \(2..3.2\)/);
});

test('same seed, same model file, byte for byte', async () => {
  const again = await trainModel(MM4, {
    knobs: [parseVary('workload.requests.arrivals.rate=2..3.2'), parseVary('agents.worker.servers=4..5')],
    samples: 100, replications: 2, set: ['horizon=1500s', 'warmup=150s'], metrics: ['e2e.mean', 'e2e.p95'], version: 'test',
  }, inProcessExecutor);
  assert.is(JSON.stringify(again), JSON.stringify(await model()));
});

test('M/M/c: 90% intervals cover the exact (Erlang C) mean at fresh points, and are about 2.4 times the median error wide', async () => {
  // Six models (seeds 1-6), each 200 points x 2 replications of 1500 s, checked on a grid of 50
  // points against Erlang C. One model's coverage varies widely (its error is one smooth random
  // function: 80-100 % over seeds 1-12, 90.0 % pooled), so the check pools six: expected 90 %,
  // standard deviation about 2.5 points; 85 % is two below. Calibrated Gaussian errors give a
  // ratio of 1.645 / 0.674 = 2.44; 3 is the bound.
  let covered = 0;
  const halves: number[] = [];
  const errors: number[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const json = await trainModel(MM4, {
      knobs: [parseVary('workload.requests.arrivals.rate=2..3.2'), parseVary('agents.worker.servers=4..5')],
      samples: 200, replications: 2, set: ['horizon=1500s', 'warmup=150s', `seed=${seed}`], metrics: ['e2e.mean'], version: 'test',
    }, inProcessExecutor);
    const p = json.metrics['e2e.mean']!.predictor;
    for (const servers of [4, 5]) {
      for (let i = 0; i < 25; i++) {
        const rate = 2 + (1.2 * (i + 0.5)) / 25;
        const exact = mmc(rate, 1, servers).sojourn;
        const e = evaluatePredictor(p, json.knobs, [rate, servers], 0.9);
        assert.is(e.kind, 'ok');
        if (e.kind !== 'ok') continue;
        if (e.lo <= exact && exact <= e.hi) covered++;
        halves.push((e.hi - e.lo) / 2);
        errors.push(Math.abs(e.estimate - exact));
      }
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  assert.ok(covered >= 255, `covered ${covered}/300`);
  assert.ok(median(halves) <= 3 * median(errors), `median half-width ${median(halves)}, median error ${median(errors)}`);
});

test('labels are read as the sampled backend reads replications: a p95 from short replications is not learned low', async () => {
  // M/M/1 at utilisation 0.85-0.9 (service 1 s), 50 replications per point that keep 900 s each,
  // about 5 relaxation times: each replication's own p95 is about 15 % low there (npm run
  // coverage:short), and a model trained on their mean read 0.83-0.85 of the exact p95 everywhere,
  // with 90 % intervals that excluded it. Labels from all of a point's values together are within
  // about 1 % (the sketch's buckets, the pooled percentile's own small-sample bias); the fit's 90 %
  // half-width here is 4-5 %, so a median over the grid outside 0.93-1.07 is a bias, not noise.
  const json = await trainModel(MM4, {
    knobs: [parseVary('workload.requests.arrivals.rate=0.85..0.9')], samples: 40, replications: 50,
    set: ['agents.worker.servers=1', 'horizon=2900s', 'warmup=2000s'], metrics: ['e2e.p95'], version: 'test',
  }, inProcessExecutor);
  const ratios = Array.from({ length: 11 }, (_, i) => {
    const rate = 0.85 + (0.05 * i) / 10;
    const e = evaluatePredictor(json.metrics['e2e.p95']!.predictor, json.knobs, [rate], 0.9);
    assert.is(e.kind, 'ok');
    return e.kind === 'ok' ? e.estimate / (Math.log(20) / (1 - rate)) : NaN;
  }).sort((a, b) => a - b);
  const median = ratios[5]!;
  assert.ok(median > 0.93 && median < 1.07, `learned p95 / exact: median ${median.toFixed(3)} over ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
});

test('auto answers from the learned model when its interval meets the precision asked (five-agents, as in the README)', async () => {
  const five = bundledSource('five-agents.yaml');
  const json = await trainModel(five, {
    knobs: [parseVary('workload.chat.arrivals.rate=1.5..2.5'), parseVary('agents.answerer.servers=4..6')],
    samples: 80, replications: 3, set: [], metrics: ['e2e.p95'], version: 'test',
  }, inProcessExecutor);
  const m = { model: loadModel('five.json', JSON.stringify(json)), file: 'five.json' };
  const ask = (precision: number) => answerQuery(prepareQuery(five, { metrics: ['e2e.p95'], set: ['workload.chat.arrivals.rate=2.2'], precision }), {
    backend: 'auto', executor: inProcessExecutor, clock: () => performance.now(), model: m, maxReplications: 2,
  });
  const [a] = await ask(0.05);
  assert.is(a!.backend, 'learned', a!.reason);
  assert.match(a!.reason, /^auto chose learned: inside its trained region with precision 0\.\d+ <= 0\.05 asked/);
  // Asked for more than the model's interval gives, auto samples instead and says why.
  const [b] = await ask(1e-4);
  assert.is(b!.backend, 'sampled');
  assert.match(b!.reason, /learned interval too wide \(precision 0\.\d+ > 0\.0001\)/);
});

test('a change the model was not trained to vary is declined, naming it', async () => {
  const [a] = await askLearned(MM4, ['agents.worker.service.mean=900ms']);
  assert.is(a!.kind, 'declined');
  assert.match(a!.reason, /the query changes agents.worker.service.mean, which mm4.json was not trained to vary/);
});

test('a model for another scenario is refused with a clear error', async () => {
  await askLearned(bundledSource('tandem.yaml'), []).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => {
      assert.instance(e, QueryError);
      assert.match((e as Error).message, /mm4.json was trained on scenario 'mm4' \(.*mm4.yaml, fnv1a:[0-9a-f]+\), not on .*tandem.yaml/);
    },
  );
});

test('model files that are not apmsim models are refused', () => {
  assert.throws(() => loadModel('x.json', 'not json'), (e: unknown) => e instanceof QueryError && /x.json: expected a model file written by apmsim train, found text that is not JSON/.test(e.message));
  assert.throws(() => loadModel('x.json', '{"format": "other"}'), (e: unknown) => e instanceof QueryError && /expected a model file with format 'apmsim-learned-model\/3'/.test(e.message));
  assert.throws(
    () => loadModel('old.json', '{"format": "apmsim-learned-model/2"}'),
    (e: unknown) => e instanceof QueryError && /old.json: a model file of format 'apmsim-learned-model\/2' \(from an older apmsim\); this apmsim reads 'apmsim-learned-model\/3': train it again with apmsim train/.test(e.message),
  );
});

test('a training region with unstable points is refused before simulating', async () => {
  await trainModel(MM4, { knobs: [parseVary('workload.requests.arrivals.rate=3..4.5')], samples: 40, set: [], metrics: ['e2e.mean'], version: 'test' }, inProcessExecutor).then(
    () => assert.unreachable('should refuse'),
    (e: unknown) => assert.match((e as Error).message, /the --vary region includes unstable points/),
  );
});

test.run();
