// `npm run coverage:learned-noisy`: the learned backend where each label is very noisy, against
// exact values (docs/learned-models.md, "Where labels are very noisy"). M/M/1 (mm4.yaml with one
// server) at utilisation 0.8-0.9: MODELS models (training seeds 1..MODELS), each of 100 points of
// 10 replications of 2,800 s with 1,000 s of warm-up, so each label's noise is 8-16 % (e2e.mean)
// and 10-23 % (e2e.p95), ten times five-agents'. Each model is asked at 21 rates; its 90 %
// intervals are checked against the exact sojourn mean 1/(μ − λ) and p95 ln 20/(μ − λ).
//
// It prints each metric's coverage over all models and rates, the coverage at each rate, and at
// rate 0.85 the estimates' spread over the models against their mean standard error (what the
// interval claims) and their mean error in log. It fails (exit 1) when a coverage falls below
// FLOOR: on labels this noisy the intervals cover a little less than they claim (measured, with
// the causes, in the docs), and this keeps that from getting worse. About 4 minutes on two cores.

import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { evaluatePredictor, parseVary, trainModel } from '../../models/query/index.js';
import { errorScale } from '../../models/query/learned/evaluate.js';
import { unit } from '../../models/query/learned/knobs.js';
import { bundledSource } from '../helpers/bundled.js';
import { countArgument } from './arguments.js';

const USAGE = 'usage: npm run coverage:learned-noisy -- [MODELS]';
const MODELS = countArgument(0, 'MODELS', 100, 2, USAGE);
const LEVEL = 0.9;
/** Format 2 covered 81-82 %, format 3 87-88 %: ../../docs/learned-models.md. */
const FLOOR = 0.85;
const RATES = Array.from({ length: 21 }, (_, i) => 0.8 + (0.1 * i) / 20);
const EXACT: Readonly<Record<string, (rate: number) => number>> = {
  'e2e.mean': (rate) => 1 / (1 - rate),
  'e2e.p95': (rate) => Math.log(20) / (1 - rate),
};
const METRICS = Object.keys(EXACT);

const source = bundledSource('mm4.yaml');
const executor = workerExecutor(threadCount(undefined));
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const percent = (x: number, digits = 1) => `${(100 * x).toFixed(digits)} %`;

interface Tally { covered: number[]; byModel: number[]; logError: number[]; standardError: number[] }
const tallies = new Map<string, Tally>(METRICS.map((m) => [m, { covered: RATES.map(() => 0), byModel: [], logError: [], standardError: [] }]));
const middle = RATES.length >> 1;

const start = performance.now();
for (let seed = 1; seed <= MODELS; seed++) {
  const json = await trainModel(source, {
    knobs: [parseVary('workload.requests.arrivals.rate=0.8..0.9')], samples: 100, replications: 10,
    set: ['agents.worker.servers=1', 'horizon=2800s', 'warmup=1000s', `seed=${seed}`], metrics: METRICS, version: 'check',
  }, executor);
  for (const metric of METRICS) {
    const tally = tallies.get(metric)!;
    let covered = 0;
    RATES.forEach((rate, i) => {
      const exact = EXACT[metric]!(rate);
      const e = evaluatePredictor(json.metrics[metric]!.predictor, json.knobs, [rate], LEVEL);
      if (e.kind !== 'ok') throw new Error(`seed ${seed}, ${metric} at ${rate}: no interval (${e.kind})`);
      if (e.lo <= exact && exact <= e.hi) {
        tally.covered[i]! += 1;
        covered++;
      }
      if (i === middle) {
        tally.logError.push(Math.log(e.estimate / exact));
        // The standard error the interval claims, in log (the fitted units).
        tally.standardError.push(errorScale(json.metrics[metric]!.predictor, [unit(json.knobs[0]!, rate)]));
      }
    });
    tally.byModel.push(covered / RATES.length);
  }
  process.stderr.write(`\r${seed}/${MODELS} models trained (${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
process.stderr.write('\n');

let failed = false;
console.log(`${MODELS} models of M/M/1 at utilisation 0.8-0.9 (100 points x 10 replications of 2,800 s each), ${RATES.length} rates each, ${LEVEL * 100}% intervals against the exact values`);
for (const metric of METRICS) {
  const tally = tallies.get(metric)!;
  const coverage = tally.covered.reduce((s, c) => s + c, 0) / (MODELS * RATES.length);
  const ok = coverage >= FLOOR;
  failed ||= !ok;
  // One model's rates share its error (one smooth function), so the models are the independent draws.
  console.log(`  ${metric}: coverage ${percent(coverage)} ± ${percent(sd(tally.byModel) / Math.sqrt(MODELS))} (standard error over the models; floor ${percent(FLOOR)})  ${ok ? 'ok' : 'FAILED'}`);
  console.log(`    by rate 0.80..0.90: ${tally.covered.map((c) => Math.round((100 * c) / MODELS)).join(' ')} %`);
  console.log(`    at rate ${RATES[middle]!.toFixed(2)}: estimates' spread ${percent(sd(tally.logError), 2)} ± ${percent(sd(tally.logError) / Math.sqrt(2 * (MODELS - 1)), 2)}, mean standard error ${percent(mean(tally.standardError), 2)}, mean error ${percent(mean(tally.logError), 2)} ± ${percent(sd(tally.logError) / Math.sqrt(MODELS), 2)} (in log)`);
}
process.exit(failed ? 1 : 0);
