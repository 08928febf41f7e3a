// Coverage of `run`'s 95% intervals on cases whose exact value is known: M/G/1 queues, heavy-tailed
// and not (Pollaczek-Khinchine), and the end-to-end mean and percentiles of a tandem of M/M/1 agents
// (a sum of independent exponentials, which the analytic backend inverts exactly), and the
// percentiles of the hyperexponential queues (their sojourn time is a mixture of two exponentials).
// Each case is a scenario as a user would write it; a seed's run covers when the exact value lies
// in the metric's interval.
// `npm run coverage` runs 200 seeds per case; test/theory/heavy-tails.test.ts a quick 40.

import { analyseNetwork } from '../../models/analytic/network.js';
import { quantile, type PhaseType } from '../../models/analytic/phase-type.js';
import type { Results } from '../../models/run/results.js';
import { metric, runText, scenarioFromText } from '../helpers/run.js';

export interface CoverageCase {
  readonly name: string;
  readonly metric: string;
  readonly text: string;
  readonly exact: number;
}

/** M/G/1 at utilisation 0.8 (mean service 1 s): mean sojourn 1 + λE[S²]/(2(1-ρ)) with E[S²] = 1 + SCV. */
function mg1(name: string, service: string, scv: number, horizon: number, replications: number): CoverageCase {
  const lambda = 0.8;
  return {
    name,
    metric: 'e2e.mean',
    exact: 1 + (lambda * (1 + scv)) / (2 * (1 - lambda)),
    text: `
name: ${name.replace(/[^a-z0-9]+/gi, '-')}
horizon: ${horizon}s
warmup: ${horizon / 10}s
replications: ${replications}
workload:
  requests: { arrivals: { process: poisson, rate: ${lambda}/s }, entry: server }
agents:
  server: { servers: 1, service: ${service} }
`,
  };
}

/**
 * The FCFS sojourn time of M/H2/1 (mean service 1 s, balanced means as the engine draws them): its
 * Laplace transform (1−ρ)s·B(s)/(s − λ + λB(s)) is rational, and once the root s = 0 cancels its
 * two poles −r₁, −r₂ are the roots of s² + (μ₁+μ₂−λ)s + μ₁μ₂ − λ(p₂μ₁ + p₁μ₂): a mixture of two
 * exponentials, whose mean is checked against Pollaczek-Khinchine.
 */
function mh21Sojourn(scv: number, lambda: number): PhaseType {
  const p1 = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
  const p2 = 1 - p1;
  const [mu1, mu2] = [2 * p1, 2 * p2];
  const b = mu1 + mu2 - lambda;
  const c = mu1 * mu2 - lambda * (p2 * mu1 + p1 * mu2);
  const root = Math.sqrt(b * b - 4 * c);
  const [r1, r2] = [(b - root) / 2, (b + root) / 2];
  const numerator = (s: number) => (1 - lambda) * (p1 * mu1 * (mu2 + s) + p2 * mu2 * (mu1 + s));
  const weights = [numerator(-r1) / (r2 - r1) / r1, numerator(-r2) / (r1 - r2) / r2];
  const mean = weights[0]! / r1 + weights[1]! / r2;
  const pk = 1 + (lambda * (1 + scv)) / (2 * (1 - lambda));
  if (!(weights.every((w) => w > 0) && Math.abs(mean - pk) < 1e-9 * pk)) throw new Error(`M/H2/1 sojourn: weights ${weights}, mean ${mean} against ${pk}`);
  return { alpha: weights, rates: [r1, r2], next: [-1, -1] };
}

/** A percentile of the M/H2/1 case's end-to-end time: the same runs as its mean. */
function mh21Percentile(base: CoverageCase, scv: number, level: 'p95' | 'p99'): CoverageCase {
  const exact = quantile(mh21Sojourn(scv, 0.8), level === 'p95' ? 0.95 : 0.99);
  return { name: base.name.replace('e2e.mean', `e2e.${level}`), metric: `e2e.${level}`, text: base.text, exact };
}

const TANDEM = `
name: tandem-mm1
horizon: 5000s
warmup: 500s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 2/s }, entry: router }
agents:
  router: { servers: 1, service: { dist: exponential, mean: 300ms }, next: planner }
  planner: { servers: 1, service: { dist: exponential, mean: 350ms }, next: answerer }
  answerer: { servers: 1, service: { dist: exponential, mean: 400ms } }
`;

function tandem(level: 'mean' | 'p50' | 'p95'): CoverageCase {
  const a = analyseNetwork(scenarioFromText(TANDEM).network);
  if (a.kind !== 'ok') throw new Error('the tandem of M/M/1 agents has an exact analysis');
  const f = level === 'mean' ? a.overall.mean : a.overall.percentiles.get(level)!;
  if (f.kind !== 'exact') throw new Error(`tandem e2e.${level} should be exact`);
  return { name: `tandem of 3 M/M/1, e2e.${level}`, metric: `e2e.${level}`, text: TANDEM, exact: f.value };
}

const H2_SCV4 = mg1('M/H2/1 SCV 4, rho 0.8, e2e.mean', '{ dist: hyperexponential, mean: 1s, scv: 4 }', 4, 20_000, 10);
const H2_SCV9 = mg1('M/H2/1 SCV 9, rho 0.8, e2e.mean', '{ dist: hyperexponential, mean: 1s, scv: 9 }', 9, 20_000, 10);

export const COVERAGE_CASES: readonly CoverageCase[] = [
  H2_SCV4,
  H2_SCV9,
  mg1('M/lognormal/1 SCV 9, rho 0.8, e2e.mean', '{ dist: lognormal, mean: 1s, cv: 3 }', 9, 100_000, 10),
  mg1('M/M/1, rho 0.8, e2e.mean', '{ dist: exponential, mean: 1s }', 1, 20_000, 10),
  tandem('mean'),
  tandem('p50'),
  tandem('p95'),
  // Beyond the issue's cases: the heavy tails' percentiles (docs/outputs.md, "Percentiles of heavy tails").
  mh21Percentile(H2_SCV4, 4, 'p95'),
  mh21Percentile(H2_SCV4, 4, 'p99'),
  mh21Percentile(H2_SCV9, 9, 'p95'),
  mh21Percentile(H2_SCV9, 9, 'p99'),
];

export const caseNamed = (name: string): CoverageCase => {
  const c = COVERAGE_CASES.find((x) => x.name.startsWith(name));
  if (c === undefined) throw new Error(`no coverage case ${name}`);
  return c;
};

// Cases on one scenario (the tandem's percentiles, the M/H2/1 queues' mean and percentiles) share its runs.
const runs = new Map<string, Results>();

/** Over seeds 1..seeds: how many runs' intervals cover the exact value, and on which side the others miss it. */
export interface Tally {
  readonly covered: number;
  /** The exact value lies above the interval: its upper end, read as a bound, was too low. */
  readonly above: number;
  readonly below: number;
}

export function covered(c: CoverageCase, seeds: number): Tally {
  let n = 0;
  let above = 0;
  let below = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const key = `${seed}\n${c.text}`;
    const r = runs.get(key) ?? runText(c.text, [`seed=${seed}`]);
    runs.set(key, r);
    const m = metric(r, c.metric);
    if (m.interval === null) throw new Error(`${c.name}, seed ${seed}: no interval (${m.note})`);
    if (c.exact > m.interval[1]) above++;
    else if (c.exact < m.interval[0]) below++;
    else n++;
  }
  return { covered: n, above, below };
}
