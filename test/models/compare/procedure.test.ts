// The sequential procedure on synthetic replications with known truth: the false-regression rate
// stays within its bound (1 - confidence) / 2 = 1 % even for one very noisy gate looked at ten
// times, and a real 5 % increase is found. Counts are checked against binomial quantiles, so a
// correct procedure fails these tests with probability below 1e-5.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareSequentially, DEFAULT_CONFIDENCE, DEFAULT_PLAN, maxLooks, familyLevel, type Sample } from '../../../models/compare/compare.js';
import { resolveGates } from '../../../models/compare/gates.js';
import { Stream } from '../../../sim/random/stream.js';

const test = suite('compare: sequential procedure');

/** P(X > k) for X ~ Binomial(n, p), summed in log space. */
function binomialUpperTail(n: number, p: number, k: number): number {
  let logC = 0;
  let tail = 0;
  for (let x = 0; x <= n; x++) {
    if (x > 0) logC += Math.log((n - x + 1) / x);
    if (x > k) tail += Math.exp(logC + x * Math.log(p) + (n - x) * Math.log1p(-p));
  }
  return tail;
}

/** Smallest k with P(X > k) <= risk. */
function binomialQuantile(n: number, p: number, risk: number): number {
  let k = 0;
  while (binomialUpperTail(n, p, k) > risk) k++;
  return k;
}

interface Trials { regressed: number; inconclusive: number; replications: number }

/** Runs `trials` comparisons on lognormal replications: per-side log-sd `sigma`, e2e.p95 shifted by `shift`. */
async function runTrials(metrics: string[], trials: number, sigma: number, shift: number, seed: string): Promise<Trials> {
  const stream = new Stream(seed);
  const gates = resolveGates({ baseline: metrics, candidate: metrics }, metrics, []);
  const units = Object.fromEntries(metrics.map((m) => [m, 's' as const]));
  const out: Trials = { regressed: 0, inconclusive: 0, replications: 0 };
  for (let t = 0; t < trials; t++) {
    const b: Record<string, number[]> = {};
    const c: Record<string, number[]> = {};
    for (const m of metrics) { b[m] = []; c[m] = []; }
    const sample = async (n: number): Promise<{ baseline: Sample; candidate: Sample }> => {
      for (const m of metrics) {
        while (b[m]!.length < n) {
          b[m]!.push(Math.exp(sigma * stream.normal()));
          c[m]!.push(Math.exp((m === 'e2e.p95' ? shift : 0) + sigma * stream.normal()));
        }
      }
      return { baseline: { values: b, units }, candidate: { values: c, units } };
    };
    const r = await compareSequentially({ gates, slos: [], confidence: DEFAULT_CONFIDENCE, plan: DEFAULT_PLAN, available: Infinity }, sample);
    if (r.gates.some((g) => g.verdict === 'regressed' && (shift === 0 || g.gate.metric === 'e2e.p95'))) out.regressed++;
    if (r.outcome === 'inconclusive') out.inconclusive++;
    out.replications += r.replications;
  }
  return out;
}

test('the looks are part of the correction: 10 looks x 4 gates at 98% family-wise', () => {
  assert.is(maxLooks(DEFAULT_PLAN, Infinity), 10);
  assert.is(maxLooks(DEFAULT_PLAN, 30), 2);
  assert.ok(Math.abs(familyLevel(0.98, 40) - 0.9995) < 1e-12);
});

test('no change, one hopelessly noisy gate looked at 10 times: false REGRESSED at most 1 %', async () => {
  // Without the look correction this rate was 7.5 %.
  const trials = 2000;
  const r = await runTrials(['e2e.p95'], trials, 1, 0, 'null-noisy');
  const limit = binomialQuantile(trials, 0.01, 1e-5);
  assert.ok(r.regressed <= limit, `${r.regressed} false regressions in ${trials} trials (limit ${limit} for a 1 % rate)`);
});

test('no change, four gates, moderate noise (different seeds): false REGRESSED at most 1 %', async () => {
  const trials = 500;
  const r = await runTrials(['e2e.p95', 'e2e.mean', 'throughput', 'e2e.p99'], trials, 0.03, 0, 'null-moderate');
  const limit = binomialQuantile(trials, 0.01, 1e-5);
  assert.ok(r.regressed <= limit, `${r.regressed} false regressions in ${trials} trials (limit ${limit})`);
});

test('a real 5 % increase of p95 at per-side noise 3 % is REGRESSED in at least 95 % of trials', async () => {
  // Normal theory: by 60 pairs the lower bound clears +2 % with probability ~0.95, by 100 with > 0.999,
  // so the power is above 0.99; at 0.99 fewer than 190 of 200 has probability 1e-5.
  const trials = 200;
  const r = await runTrials(['e2e.p95', 'e2e.mean', 'throughput', 'e2e.p99'], trials, 0.03, Math.log(1.05), 'power');
  assert.ok(r.regressed >= 0.95 * trials, `${r.regressed} of ${trials} trials found the regression`);
});

test.run();
