// The fidelity report of `apmsim calibrate serving --json` (`apmsim report cal.json`): a real vLLM
// run against its replay on a measured profile. Whether the replay is within issue #13's targets,
// the full table beside the roofline estimate's errors, measured and predicted CDFs of TTFT and e2e
// latency, and running and waiting requests over time.

import type { CalibrationDocument, FidelityRowJson } from '../models/llm/serving/outputs.js';
import { latencyCdfSpec, type CdfPoint } from './charts/latency-cdf.js';
import { overTimeSpec, type TimePoint } from './charts/over-time.js';
import type { PartDraft } from './page.js';
import { col, type Block, type Section } from './sections/section.js';

/** The checks `apmsim calibrate serving` is held to (docs/llm-profiles.md): |error| at most this. */
const TARGETS: readonly (readonly [string, string, number])[] = [
  ['e2e', 'mean', 0.05], ['e2e', 'p90', 0.05], ['tpot', 'mean', 0.05], ['ttft', 'mean', 0.10], ['ttft', 'p90', 0.10],
];
const LEVELS = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
const SIDES = ['measured (vLLM)', 'predicted (replay)'] as const;

const pct = (e: number): string => `${e >= 0 ? '+' : '−'}${Math.abs(100 * e).toFixed(1)} %`;
/** Milliseconds, four significant figures below 10 s, whole and grouped by thousands above. */
function ms(s: number): string {
  const v = s * 1000;
  return v < 10_000 ? v.toPrecision(4) : String(Math.round(v)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Quantile q of sorted values, linear between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q, lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

function summary(d: CalibrationDocument): Section {
  const checks = TARGETS.map(([metric, stat, bound]) => {
    const row = d.rows.find((r) => r.metric === metric && r.stat === stat);
    return { name: `${metric.toUpperCase()} ${stat}`, bound, error: row?.error ?? NaN };
  });
  const missed = checks.filter((c) => !(Math.abs(c.error) <= c.bound));
  const verdict: Block = missed.length === 0
    ? { kind: 'verdict', level: 'ok', headline: `The replay is within the targets on all ${checks.length} checks`, details: checks.map((c) => `${c.name}: ${pct(c.error)} (target ±${100 * c.bound} %)`) }
    : { kind: 'verdict', level: 'fail', headline: `${missed.length} of ${checks.length} checks outside the targets: ${missed.map((c) => `${c.name} ${pct(c.error)}`).join(', ')}`, details: checks.map((c) => `${c.name}: ${pct(c.error)} (target ±${100 * c.bound} %)`) };
  const fitted = d.fitted_on.length === 0 ? 'the documented defaults (not fitted)' : `fitted on ${d.fitted_on.join(', ')}`;
  return {
    id: 'summary', title: 'Summary',
    blocks: [
      verdict,
      { kind: 'facts', facts: [
        ['real run', d.run], ['measured profile', `${d.profile} (TP ${d.tp})`], ['model', d.model], ['GPU', d.hardware],
        ['per-step overhead', `${ms(d.overheads.per_step)} ms, ${fitted}`], ['requests', String(d.requests)],
        ['replayed steps', `${d.steps} (${d.preemptions} preemptions)`],
      ] },
      { kind: 'paragraph', text: 'The replay sends the run\'s requests (its arrival gaps and token counts) through vLLM\'s scheduler with the run\'s engine settings; it never reads the latencies vLLM measured, which are only compared with it.' },
    ],
  };
}

function table(d: CalibrationDocument): Section {
  const roofline = (r: FidelityRowJson) => d.roofline?.find((x) => x.metric === r.metric && x.stat === r.stat);
  return {
    id: 'fidelity', title: 'Measured against predicted',
    blocks: [{ kind: 'table', table: {
      caption: 'Milliseconds; error = predicted / measured − 1. The roofline column is the same replay with the datasheet estimate of a step instead of the measured profile.',
      columns: [col('metric'), col('stat'), col('measured (ms)', true), col('predicted (ms)', true), col('error', true), col('roofline error', true)],
      rows: d.rows.map((r) => [r.metric, r.stat, ms(r.measured), ms(r.predicted), pct(r.error), roofline(r) === undefined ? '—' : pct(roofline(r)!.error)]),
    } }],
  };
}

function cdf(d: CalibrationDocument, which: 'ttft' | 'e2e', title: string): Block {
  const sides = [d.latencies.measured[which], d.latencies.predicted[which]].map((v) => [...v].filter(Number.isFinite).sort((a, b) => a - b));
  const points: CdfPoint[] = sides.flatMap((sorted, i) => LEVELS.map((p) => {
    const x = quantile(sorted, p);
    return { cls: SIDES[i]!, probability: p, estimate: x, lower: x, upper: x };
  }));
  const at = (i: number, p: number) => `${quantile(sides[i]!, p).toPrecision(4)} s`;
  return { kind: 'figure', figure: {
    id: `${which}-cdf`, title,
    caption: `The share of the run's ${sides[0]!.length} requests served within x, as vLLM measured it and as the replay predicts it (one curve each, no band: one run, no replications).`,
    spec: latencyCdfSpec(points, [...SIDES], `${title}: measured and predicted`, 'side', `${which === 'ttft' ? 'time to first token' : 'end-to-end latency'} (s, log scale)`),
    table: { caption: `${title}: quantiles`, columns: [col('quantile'), col(SIDES[0], true), col(SIDES[1], true)], rows: [0.5, 0.9, 0.99].map((p) => [`p${Math.round(100 * p)}`, at(0, p), at(1, p)]) },
  } };
}

function queue(d: CalibrationDocument): Block | undefined {
  const series: [string, (r: CalibrationDocument['timeseries'][number]) => number | null][] = [
    ['running, measured', (r) => r.measuredRunning], ['running, predicted', (r) => r.predictedRunning],
    ['waiting, measured', (r) => r.measuredWaiting], ['waiting, predicted', (r) => r.predictedWaiting],
  ];
  const points: TimePoint[] = series.flatMap(([name, of]) => d.timeseries.flatMap((r) => {
    const v = of(r);
    return v === null ? [] : [{ series: name, t: r.t, estimate: v, lower: v, upper: v }];
  }));
  if (points.length === 0) return undefined;
  const horizon = Math.max(...d.timeseries.map((r) => r.t));
  const shown = series.map(([n]) => n).filter((n) => points.some((p) => p.series === n));
  const peak = (name: string) => Math.max(...points.filter((p) => p.series === name).map((p) => p.estimate ?? 0));
  return { kind: 'figure', figure: {
    id: 'queue', title: 'Requests running and waiting over time',
    caption: 'Per second from the first arrival: vLLM\'s own counts (its timeseries.csv) and the replay\'s. Where the waiting lines rise, requests queue and TTFT grows.',
    spec: overTimeSpec(points, { description: 'running and waiting requests, measured and predicted', yTitle: 'requests', seriesTitle: 'series', seriesOrder: shown, warmup: 0, horizon, facet: false }),
    table: { caption: 'Peaks', columns: [col('series'), col('most', true)], rows: shown.map((n) => [n, String(peak(n))]) },
    tableBelow: true,
  } };
}

export function calibrationPart(d: CalibrationDocument): PartDraft {
  const q = queue(d);
  const charts: Section = {
    id: 'distributions', title: 'Latency distributions and the queue',
    blocks: [cdf(d, 'ttft', 'Time to first token'), cdf(d, 'e2e', 'End-to-end latency'), ...(q === undefined ? [] : [q])],
  };
  const name = d.run.split(/[\\/]/).filter((x) => x !== '').pop() ?? d.run;
  return {
    kind: 'calibration', sections: [summary(d), table(d), charts], name: `fidelity ${name}`, heading: `Serving fidelity: ${name}`,
    title: `apmsim calibrate serving: ${name}`, subtitle: `${d.model} on ${d.hardware}, TP ${d.tp}: a real vLLM run against its replay`, version: d.apmsim,
  };
}
