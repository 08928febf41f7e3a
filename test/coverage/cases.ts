// Coverage of `run`'s 95% intervals on cases whose exact value is known: M/G/1 queues, heavy-tailed
// and not (Pollaczek-Khinchine); the end-to-end mean and percentiles of a tandem of M/M/1 agents (a
// sum of independent exponentials); the percentiles of the hyperexponential queues (a mixture of two
// exponentials). The analytic backend inverts both distributions exactly.
// Each case is a scenario as a user would write it; a seed's run covers when the exact value lies
// in the metric's interval.
// `npm run coverage` runs 200 seeds per case; test/theory/heavy-tails.test.ts a quick 40.

import { meanModel } from '../../models/analytic/mean-model.js';
import { analyseNetwork } from '../../models/analytic/network.js';
import { relaxationTime } from '../../models/analytic/start-bias.js';
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

/** The analytic backend's exact value of the scenario's e2e mean or percentile. */
function exactLatency(text: string, level: 'mean' | 'p50' | 'p95' | 'p99'): number {
  const a = analyseNetwork(scenarioFromText(text).network);
  if (a.kind !== 'ok') throw new Error('a coverage case needs an exact analysis');
  const f = level === 'mean' ? a.overall.mean : a.overall.percentiles.get(level)!;
  if (f.kind !== 'exact') throw new Error(`e2e.${level} should be exact`);
  return f.value;
}

function tandem(level: 'mean' | 'p50' | 'p95'): CoverageCase {
  return { name: `tandem of 3 M/M/1, e2e.${level}`, metric: `e2e.${level}`, text: TANDEM, exact: exactLatency(TANDEM, level) };
}

/** A percentile of an M/H2/1 case's end-to-end time: the same runs as its mean. */
function mh21Percentile(base: CoverageCase, level: 'p95' | 'p99'): CoverageCase {
  return { name: base.name.replace('e2e.mean', `e2e.${level}`), metric: `e2e.${level}`, text: base.text, exact: exactLatency(base.text, level) };
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
  mh21Percentile(H2_SCV4, 'p95'),
  mh21Percentile(H2_SCV4, 'p99'),
  mh21Percentile(H2_SCV9, 'p95'),
  mh21Percentile(H2_SCV9, 'p99'),
];

/**
 * An M/M/c queue at utilisation rho (mean service 1 s) whose replications start close to steady state
 * (a warm-up of 30 relaxation times) and keep `kept` relaxation times: its mean and percentiles, to
 * measure how their coverage grows with the replications' length (docs/outputs.md, "Short
 * replications"; `npm run coverage:short`).
 */
export function steadyStateQueue(servers: number, rho: number, kept: number, replications: number): { readonly relaxation: number; readonly cases: readonly CoverageCase[] } {
  const text = (horizon: number, warmup: number) => `
name: mmc
horizon: ${horizon}s
warmup: ${warmup}s
replications: ${replications}
workload:
  requests: { arrivals: { process: poisson, rate: ${rho * servers}/s }, entry: server }
agents:
  server: { servers: ${servers}, service: { dist: exponential, mean: 1s } }
`;
  const relaxation = relaxationTime(meanModel(scenarioFromText(text(1, 0)).network)!.stations[0]!);
  const scenario = text(30 * relaxation + kept * relaxation, 30 * relaxation);
  const name = `M/M/${servers}, rho ${rho}, ${kept} relaxation times, ${replications} replications`;
  const cases = (['mean', 'p50', 'p95', 'p99'] as const).map((level) => ({ name: `${name}, e2e.${level}`, metric: `e2e.${level}`, text: scenario, exact: exactLatency(scenario, level) }));
  return { relaxation, cases };
}

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
