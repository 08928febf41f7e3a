// Latency: percentiles per class with their intervals, and the distribution (CDF) from the
// latency digest when the run recorded one.

import { replicationInterval } from '../../models/analysis/interval.js';
import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec, type IntervalRow } from '../charts/interval-dots.js';
import { latencyCdfSpec, type CdfPoint } from '../charts/latency-cdf.js';
import { formatInterval, formatNumber } from '../format.js';
import { classNames, metricOf } from '../metric-names.js';
import { ALL_CLASSES, type LatencyDigest, type RunData } from '../run-data.js';
import { col, type Block, type FigureDraft, type Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';

const STATS: readonly [string, string][] = [['mean', 'mean'], ['p50', 'p50'], ['p95', 'p95'], ['p99', 'p99']];
const ALL_LABEL = 'all requests';
/** Levels the CDF table lists. */
const TABLE_LEVELS: readonly number[] = [0.5, 0.9, 0.95, 0.99, 0.999];

/** Latency metric prefixes to chart: every class, and all requests when there are several. */
function latencyGroups(r: Results): [string, string][] {
  const classes = classNames(r);
  const groups: [string, string][] = classes.map((c) => [c, `class.${c}.e2e`]);
  if (classes.length !== 1) groups.unshift([ALL_LABEL, 'e2e']);
  return groups;
}

function percentilesFigure(r: Results): FigureDraft | undefined {
  const rows: IntervalRow[] = [];
  for (const [label, prefix] of latencyGroups(r)) {
    for (const [stat, series] of STATS) {
      const m = metricOf(r, `${prefix}.${stat}`);
      if (m?.estimate === null || m?.estimate === undefined) continue;
      rows.push({ item: label, series, estimate: m.estimate, lower: intervalEnds(m)[0], upper: intervalEnds(m)[1] });
    }
  }
  if (rows.length === 0) return undefined;
  const positive = rows.every((x) => x.estimate > 0 && (x.lower ?? 1) > 0);
  const spread = Math.max(...rows.map((x) => x.upper ?? x.estimate)) / Math.min(...rows.map((x) => x.lower ?? x.estimate));
  const log = positive && spread > 20;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const worst = rows.filter((x) => x.series === 'p99').sort((a, b) => b.estimate - a.estimate)[0];
  return {
    id: 'latency-percentiles',
    title: 'End-to-end latency by class',
    caption: `Mean, p50, p95 and p99 end-to-end latency per request class: each dot is the run's estimate (a percentile of the ${r.replications} replications' requests together; a mean over the replications), the bar its ${pct} interval.`
      + (worst === undefined ? '' : ` The highest p99: ${worst.item}, ${formatNumber(worst.estimate)} s.`)
      + (log ? ' Latency on a log scale.' : ''),
    spec: intervalDotsSpec(rows, {
      description: `End-to-end latency percentiles per class with ${pct} intervals`,
      xTitle: `end-to-end latency (s${log ? ', log scale' : ''})`, itemTitle: 'class', seriesTitle: 'statistic',
      seriesOrder: STATS.map(([, s]) => s), log,
    }),
    table: {
      caption: `Latency per class (s), estimate and ${pct} interval`,
      columns: [col('class'), col('statistic'), col('estimate (s)', true), col(`${pct} interval`, true)],
      rows: rows.map((x) => [x.item, x.series, formatNumber(x.estimate), formatInterval(x.lower, x.upper)]),
    },
  };
}

interface LevelEstimate { readonly estimate: number; readonly lower: number; readonly upper: number }

/** Per class: at each level, the mean over replications of the quantile and its interval. */
function cdfByClass(digest: LatencyDigest, confidence: number): Map<string, { readonly levels: LevelEstimate[]; readonly requests: number[] }> {
  const out = new Map<string, { levels: LevelEstimate[]; requests: number[] }>();
  const classes = [...new Set(digest.rows.map((row) => row.cls))];
  for (const cls of classes) {
    const rows = digest.rows.filter((row) => row.cls === cls);
    const levels = digest.levels.map((_, l) => {
      const e = replicationInterval(rows.map((row) => row.e2e[l]!), confidence);
      const lower = Number.isFinite(e.interval[0]) ? e.interval[0] : e.estimate;
      const upper = Number.isFinite(e.interval[1]) ? e.interval[1] : e.estimate;
      return { estimate: e.estimate, lower, upper };
    });
    out.set(cls, { levels, requests: rows.map((row) => row.requests) });
  }
  return out;
}

function cdfFigure(r: Results, digest: LatencyDigest): FigureDraft | undefined {
  const byClass = cdfByClass(digest, r.confidence);
  if (byClass.size === 0) return undefined;
  const label = (cls: string): string => (cls === ALL_CLASSES ? ALL_LABEL : cls);
  const classes = [...byClass.keys()].sort((a, b) => (a === ALL_CLASSES ? -1 : b === ALL_CLASSES ? 1 : 0)).map(label);
  const points: CdfPoint[] = [];
  for (const [cls, { levels }] of byClass) {
    levels.forEach((e, l) => points.push({ cls: label(cls), probability: digest.levels[l]!, ...e }));
  }
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const rows: string[][] = [];
  const ordered = [...byClass].sort(([a], [b]) => (a === ALL_CLASSES ? -1 : b === ALL_CLASSES ? 1 : 0));
  for (const [cls, { levels, requests }] of ordered) {
    const meanRequests = requests.reduce((a, b) => a + b, 0) / requests.length;
    const fewest = Math.min(...requests);
    for (const p of TABLE_LEVELS) {
      const l = digest.levels.indexOf(p);
      if (l < 0) continue;
      const e = levels[l]!;
      const thin = fewest * (1 - p) < 1 ? ' (≈ the maximum: too few requests)' : '';
      rows.push([label(cls), `p${formatNumber(p * 100)}${thin}`, formatNumber(e.estimate), formatInterval(e.lower, e.upper), formatNumber(meanRequests)]);
    }
  }
  return {
    id: 'latency-cdf',
    title: 'Latency distribution (CDF)',
    caption: `Fraction of requests completed within a given end-to-end latency, per class. At each probability level the line is the mean over ${byClass.values().next().value!.requests.length} replications of the replication's exact quantile (from every request completed after warm-up), the band its ${pct} interval; latency on a log scale.`,
    spec: latencyCdfSpec(points, classes, 'Cumulative distribution of end-to-end latency per class'),
    table: {
      caption: `Quantiles of end-to-end latency (s), mean over replications and ${pct} interval`,
      columns: [col('class'), col('quantile'), col('latency (s)', true), col(`${pct} interval`, true), col('requests per replication', true)],
      rows,
    },
  };
}

export function latencySection(data: RunData): Section | undefined {
  const blocks: Block[] = [];
  const percentiles = percentilesFigure(data.results);
  if (percentiles !== undefined) blocks.push({ kind: 'figure', figure: percentiles });
  const cdf = data.latency === undefined ? undefined : cdfFigure(data.results, data.latency);
  if (cdf !== undefined) blocks.push({ kind: 'figure', figure: cdf });
  return blocks.length === 0 ? undefined : { id: 'latency', title: 'Latency', blocks };
}
