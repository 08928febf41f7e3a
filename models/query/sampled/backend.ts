// The sampled backend: simulates replications until the interval meets the precision asked for
// (as many as Stein's rule plans from a first stage) or the budget runs out, and then answers with
// the best interval so far. Mean times and percentiles are read from all the replications' values
// together (pooled-estimates.ts).
// A counterfactual runs replication i on the same random streams as the scenario's replication i
// (common random numbers), so a difference is estimated from paired, positively correlated values.

import { replicationInterval } from '../../analysis/interval.js';
import type { MetricValue } from '../../run/metrics.js';
import { isPercentile, ROUNDING } from '../../run/metric-interval.js';
import { resolveWarmup } from '../../run/replicate.js';
import { stabilityWarnings } from '../../run/stability.js';
import { startBias, startBiasNote } from '../../run/start-bias-warning.js';
import type { Scenario } from '../../scenario/index.js';
import { relativeHalfWidth, type Answer, type Query } from '../types.js';
import type { ReplicationExecutor, ReplicationJob } from './executor.js';
import { pooledNote, seriesOf } from './series.js';
import { firstStage, requiredReplications, steinHalfWidth } from './stein.js';

export interface SampledOptions {
  readonly executor: ReplicationExecutor;
  readonly clock: () => number;
  /** Most replications per side, whatever the precision asked for. */
  readonly maxReplications?: number;
}

const DEFAULT_MAX_REPLICATIONS = 10_000;

/** Pairs (or singles) of rows completed from the first replication on, in order. */
function completedPrefix(rows: readonly (MetricValue[] | undefined)[], sides: number): MetricValue[][][] {
  const out: MetricValue[][][] = [];
  for (let i = 0; i + sides <= rows.length; i += sides) {
    const group = rows.slice(i, i + sides);
    if (group.some((r) => r === undefined)) break;
    out.push(group as MetricValue[][]);
  }
  return out;
}

export async function answerSampled(q: Query, options: SampledOptions): Promise<Answer[]> {
  const { clock, executor } = options;
  const start = clock();
  const stop = () => clock() - start >= q.budgetMs;
  const sides: Scenario[] = q.versus === undefined ? [q.scenario] : [q.scenario, q.versus];
  const of = q.versus === undefined ? 'value' as const : 'difference' as const;
  const common = (metric: string) => ({ metric, unit: q.units.get(metric) ?? '', of, confidence: q.confidence, backend: 'sampled' as const });

  const warnings = sides.flatMap((s, i) => stabilityWarnings(s.network).map((w) => (i === 0 ? w : `counterfactual: ${w}`)));
  if (warnings.length > 0) {
    return q.metrics.map((m) => ({ ...common(m), kind: 'unstable', reason: `${warnings.join('; ')}; simulation would not reach a steady state`, elapsedMs: clock() - start }));
  }
  const warmups = sides.map(resolveWarmup);
  const jobs = (from: number, to: number): ReplicationJob[] => {
    const out: ReplicationJob[] = [];
    for (let index = from; index < to; index++) sides.forEach((scenario, k) => out.push({ key: k === 0 ? 'scenario' : 'versus', scenario, index, warmup: warmups[k]! }));
    return out;
  };

  const n0 = q.scenario.replications;
  let groups = completedPrefix(await executor(jobs(0, n0), stop), sides.length);
  if (groups.length === 0) {
    return q.metrics.map((m) => ({ ...common(m), kind: 'declined', reason: 'the budget ran out before the first replication finished', elapsedMs: clock() - start }));
  }
  const names = new Map((groups[0]?.[0] ?? []).map((m, i) => [m.name, i]));
  const series = q.metrics.map((m) => sides.map((s) => seriesOf(s, m, names, q.confidence)));
  const valuesOf = (metric: number, gs: readonly MetricValue[][][]) => {
    const [b, v] = series[metric]!;
    if (b?.kind !== 'values' || (v !== undefined && v.kind !== 'values')) return [];
    const base = b.of(gs.map((g) => g[0]!));
    if (v === undefined) return base;
    const versus = v.of(gs.map((g) => g[1]!));
    return versus.map((x, i) => x - base[i]!);
  };
  const baselineOf = (metric: number, gs: readonly MetricValue[][][]) => {
    const b = series[metric]![0]!;
    return b.kind === 'values' ? firstStage(b.of(gs.map((g) => g[0]!))).mean : NaN;
  };
  const sketch = (metric: string) => (q.scenario.percentiles === 'sketch' && isPercentile(metric) ? q.scenario.sketchAccuracy : 0);

  const completeFirstStage = groups.length === n0;
  const stages = q.metrics.map((_, m) => firstStage(valuesOf(m, groups)));
  let planned = groups.length;
  if (completeFirstStage) {
    const cap = Math.max(n0, options.maxReplications ?? DEFAULT_MAX_REPLICATIONS);
    for (const [m, metric] of q.metrics.entries()) {
      const reference = Math.abs(q.versus === undefined ? stages[m]!.mean : baselineOf(m, groups));
      // The sketch's error bound eats into the half-width wanted; sampling gets what is left, but
      // at least half of it (more replications cannot shrink the sketch's part).
      const wanted = q.precision * reference;
      const slack = sketch(metric) * (q.versus === undefined ? reference : reference + Math.abs(reference + stages[m]!.mean));
      planned = Math.max(planned, requiredReplications(stages[m]!, q.confidence, Math.max(wanted - slack, wanted / 2), cap));
    }
    if (planned > n0 && !stop()) {
      groups = [...groups, ...completedPrefix(await executor(jobs(n0, planned), stop), sides.length)];
    }
  }

  const elapsedMs = clock() - start;
  return q.metrics.map((metric, m): Answer => {
    const declined = series[m]!.find((x) => x.kind === 'declined');
    if (declined !== undefined && declined.kind === 'declined') return { ...common(metric), kind: 'declined', reason: declined.why, elapsedMs };
    const values = valuesOf(m, groups);
    const measured = values.filter((x) => Number.isFinite(x)).length;
    if (measured < 2) {
      return { ...common(metric), kind: 'declined', reason: `only ${measured} replication(s) measured ${metric} before ${stop() ? 'the budget ran out' : 'the end'}: no interval`, elapsedMs };
    }
    // The wider of Stein's interval and the t interval of all the values (stein.ts).
    const r = replicationInterval(values, q.confidence);
    const stein = completeFirstStage ? steinHalfWidth(stages[m]!, r.sampleSize, q.confidence) : NaN;
    const sampling = Number.isNaN(stein) || stein < r.halfWidth ? r.halfWidth : stein;
    const eps = sketch(metric);
    const baseline = q.versus === undefined ? r.estimate : baselineOf(m, groups);
    const versusMean = q.versus === undefined ? 0 : baseline + r.estimate;
    // Each side's sketch may be off by eps of its value, in either direction.
    const slack = eps * (q.versus === undefined ? Math.abs(r.estimate) : Math.abs(baseline) + Math.abs(versusMean));
    const interval: [number, number] = [r.estimate - sampling - slack, r.estimate + sampling + slack];
    const precision = relativeHalfWidth(interval[0], interval[1], baseline);
    const finite = values.filter(Number.isFinite);
    const same = slack === 0 && Math.max(...finite) - Math.min(...finite) <= ROUNDING * Math.max(Math.abs(baseline), Math.abs(r.estimate));
    const halfWidth = (interval[1] - interval[0]) / 2;
    const bias = same ? undefined : startBias(metric, sides.map((scenario, k) => ({ scenario, warmup: warmups[k]! })), halfWidth, q.confidence);
    const how = [
      same ? `no sampling variability: the same ${q.versus === undefined ? 'value' : 'difference'} in every replication` : '',
      pooledNote(series[m]![0]!),
      Number.isNaN(stein) ? `Student t over ${r.sampleSize} replications` : `Stein two-stage: ${n0} first-stage replications set n = ${planned}`,
      stein < r.halfWidth ? `the t interval of all ${r.sampleSize}, wider than Stein's (the first stage's spread understated theirs)` : '',
      q.versus === undefined ? '' : 'paired with common random numbers',
      eps > 0 ? `widened by the quantile sketch's ${eps * 100}% relative error${slack > (q.precision * Math.abs(baseline)) / 2 ? ' (which alone exceeds half the precision asked: metrics.percentiles: exact in the scenario removes it)' : ''}` : '',
      groups.length < planned || !completeFirstStage ? `the budget ran out after ${groups.length} of ${completeFirstStage ? planned : n0} replications` : '',
      precision > q.precision ? `precision ${precision.toPrecision(2)} reached of ${q.precision} asked` : '',
      bias === undefined ? '' : startBiasNote(bias, halfWidth, q.confidence, q.versus !== undefined),
    ].filter((x) => x !== '').join('; ');
    return {
      ...common(metric), kind: 'estimate', estimate: r.estimate, interval, precision, exact: false, replications: groups.length, reason: how, elapsedMs,
      ...(same ? { sameInEveryReplication: true as const } : {}),
    };
  });
}
