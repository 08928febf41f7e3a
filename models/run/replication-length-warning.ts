// What to say when a run's percentile intervals likely cover less than they claim because each
// replication is short against the time its busiest queue takes to forget where it was (its
// relaxation time, models/analytic/start-bias.ts). A replication's p95 or p99 then rests on a few
// long busy periods; the spread of ten such values understates how far their pooled percentile may
// be, and more replications of the same length do not mend it (docs/outputs.md, "Short
// replications"). There is no closed form for this; the figures are measured.

import { meanModel } from '../analytic/mean-model.js';
import { relaxationTime, utilisation } from '../analytic/start-bias.js';
import type { Scenario } from '../scenario/index.js';
import { pct, roundUp, sec } from './start-bias-warning.js';

/**
 * Coverage of run's 95% intervals of e2e.p95 and e2e.p99 against the relaxation times each
 * replication keeps: `npm run coverage:short` (M/M/1 at utilisation 0.9, 10 replications started
 * close to steady state, seeds 1–200). Other loads and M/M/4 measured alike, as heavy-traffic
 * scaling predicts.
 */
export const MEASURED_COVERAGE: readonly { readonly kept: number; readonly p95: number; readonly p99: number }[] = [
  { kept: 2, p95: 0.705, p99: 0.55 },
  { kept: 5, p95: 0.745, p99: 0.615 },
  { kept: 10, p95: 0.815, p99: 0.73 },
  { kept: 20, p95: 0.9, p99: 0.74 },
  { kept: 50, p95: 0.945, p99: 0.855 },
  { kept: 100, p95: 0.97, p99: 0.885 },
  { kept: 200, p95: 0.985, p99: 0.935 },
];

/** The lower end of the band the coverage cases are held to (`npm run coverage`). */
const BAND_FLOOR = 0.93;

const LEVELS = ['p95', 'p99'] as const;
type Level = (typeof LEVELS)[number];

/** Relaxation times from which every measured row covered at least the band's floor. */
export function enoughRelaxations(level: Level): number {
  let enough = Infinity;
  for (let i = MEASURED_COVERAGE.length - 1; i >= 0 && MEASURED_COVERAGE[i]![level] >= BAND_FLOOR; i--) enough = MEASURED_COVERAGE[i]!.kept;
  return enough;
}

/**
 * The coverage measured at `times` relaxation times, interpolated in their logarithm between the
 * rows; below the shortest row, that row's (replications shorter still cover less).
 */
export function measuredCoverage(level: Level, times: number): number {
  const rows = MEASURED_COVERAGE;
  const i = rows.findIndex((r) => r.kept >= times);
  if (i === 0 || i < 0) return rows[i === 0 ? 0 : rows.length - 1]![level];
  const [a, b] = [rows[i - 1]!, rows[i]!];
  const f = Math.log(times / a.kept) / Math.log(b.kept / a.kept);
  return a[level] + f * (b[level] - a[level]);
}

/**
 * `run`'s warning when its replications keep fewer relaxation times of the slowest-relaxing station
 * than its p95 or p99 intervals need; undefined outside the analytic model's scope (as for the
 * start-from-empty warning) or when they keep enough.
 */
export function replicationLengthWarning(scenario: Scenario, warmup: number): string | undefined {
  const model = scenario.coordination === undefined ? meanModel(scenario.network) : undefined;
  const visited = model?.stations.filter((s) => s.visitsPerRequest > 0) ?? [];
  if (visited.length === 0) return undefined;
  const station = visited.reduce((a, b) => (relaxationTime(b) > relaxationTime(a) ? b : a));
  const relaxation = relaxationTime(station);
  const kept = scenario.horizon - warmup;
  const times = kept / relaxation;
  const short = LEVELS.filter((level) => times < enoughRelaxations(level));
  if (short.length === 0) return undefined;
  const name = scenario.network.agents[station.agent]!.name;
  const measured = short.map((level, i) => `${pct(measuredCoverage(level, times))}${i === 0 ? ' of the time' : ''} for the ${level}`).join(' and ');
  const needed = short.map((level, i) => `${enoughRelaxations(level)}${i === 0 ? ' relaxation times' : ''} for the ${level} (horizon: ${sec(roundUp(warmup + enoughRelaxations(level) * relaxation))}s)`).join(' and ');
  return (
    `${short.map((level) => `e2e.${level}`).join(' and ')} intervals likely cover less than they claim: each replication keeps ${sec(kept)} s, ` +
    `${times < 10 ? times.toFixed(1) : Math.floor(times)} times the relaxation time of agent '${name}' (utilisation ${utilisation(station).toFixed(2)}: about ${roundUp(relaxation)} s). ` +
    `Measured on M/M/1 queues with 10 replications, 95% intervals from replications this long cover ${times < MEASURED_COVERAGE[0]!.kept ? 'at most ' : 'about '}${measured}. ` +
    `Longer replications help and more of them do not: keep at least ${needed}, or ask apmsim query, which reads percentiles from all of many replications' values together (docs/outputs.md, "Short replications")`
  );
}
