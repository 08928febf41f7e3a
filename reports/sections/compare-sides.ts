// Both sides of a comparison, not only the change: the latency distributions of baseline and
// candidate overlaid, and per agent the paired change of its wait and service per request, with the
// advisor's probable cause when a gate regressed.

import type { AgentChange, ProbableCause } from '../../models/advisor/agent-time.js';
import type { LatencyComparison, LatencyCurve } from '../../models/compare/latency.js';
import type { CompareDocument } from '../../models/compare/report.js';
import { intervalDotsSpec, type IntervalRow } from '../charts/interval-dots.js';
import { latencyCdfSpec, type CdfPoint } from '../charts/latency-cdf.js';
import { formatInterval, formatNumber } from '../format.js';
import { col, type Block, type Section } from './section.js';

const SIDES = ['baseline', 'candidate'] as const;
/** Levels the table lists (the chart draws every level). */
const TABLE_LEVELS: readonly number[] = [0.5, 0.9, 0.95, 0.99, 0.999];

const pct = (x: number): string => `${Number((100 * x).toPrecision(4))} %`;
const seconds = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${formatNumber(x)} s`);
const signedSeconds = (x: number | null | undefined): string =>
  (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${formatNumber(Math.abs(x))} s`);

function cdfPoints(l: LatencyComparison): CdfPoint[] {
  const curve = (side: (typeof SIDES)[number], c: LatencyCurve): CdfPoint[] => l.levels.flatMap((p, i) => {
    const [e, lo, hi] = [c.estimate[i], c.lower[i], c.upper[i]];
    if (e === null || e === undefined) return [];
    return [{ cls: side, probability: p, estimate: e, lower: lo ?? e, upper: hi ?? e }];
  });
  return [...curve('baseline', l.baseline), ...curve('candidate', l.candidate)];
}

function latencyBlocks(l: LatencyComparison, d: CompareDocument): Block[] {
  const at = (c: LatencyCurve, p: number): number | null => { const i = l.levels.indexOf(p); return i < 0 ? null : c.estimate[i] ?? null; };
  const levels = TABLE_LEVELS.filter((p) => l.levels.includes(p));
  const rows = levels.map((p) => {
    const [b, c] = [at(l.baseline, p), at(l.candidate, p)];
    const change = b !== null && c !== null && b > 0 ? c / b - 1 : null;
    const i = l.levels.indexOf(p);
    return [`p${Number((100 * p).toPrecision(4))}`, `${seconds(b)} ${formatInterval(l.baseline.lower[i], l.baseline.upper[i])}`,
      `${seconds(c)} ${formatInterval(l.candidate.lower[i], l.candidate.upper[i])}`, change === null ? '—' : `${change >= 0 ? '+' : '−'}${pct(Math.abs(change))}`];
  });
  const p95 = rows.find((r) => r[0] === 'p95');
  const lead = p95 === undefined ? '' : `At p95: baseline ${p95[1]!.split(' [')[0]}, candidate ${p95[2]!.split(' [')[0]} (${p95[3]}). `;
  const n = l.baseline.replications;
  return [{
    kind: 'figure',
    figure: {
      id: 'latency-cdf',
      title: 'Latency distribution: baseline and candidate',
      caption: `${lead}End-to-end latency of every request class together, one line per side: at each probability level, the mean over ${n} replications of each replication's latency quantile (exact, nearest rank, over the requests completed after warm-up). The band is its pointwise ${pct(l.confidence)} Student-t interval over replications, not corrected across levels: it shows where the curves differ; the gates above decide whether they do.${d.pairing === 'common-random-numbers' ? ' Both sides ran on common random numbers.' : ''} Latency on a log axis so the body and the tail both show.`,
      spec: latencyCdfSpec(cdfPoints(l), [...SIDES], 'Latency CDF of baseline and candidate with pointwise interval bands', 'side'),
      table: {
        caption: `Latency quantiles of both sides: mean over replications and ${pct(l.confidence)} interval; change = candidate ÷ baseline − 1`,
        columns: [col('level'), col('baseline', true), col('candidate', true), col('change', true)],
        rows,
      },
      tableBelow: true,
    },
  }];
}

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

function agentRows(agents: readonly AgentChange[]): IntervalRow[] {
  return agents.flatMap((a) => (['wait', 'service'] as const).flatMap((part): IntervalRow[] => {
    const e = a[part];
    if (!finite(e.estimate)) return [];
    const [lo, hi] = e.interval ?? [null, null];
    return [{ item: a.agent, series: part, estimate: e.estimate, lower: finite(lo) ? lo : null, upper: finite(hi) ? hi : null }];
  }));
}

/** Agents whose total change's interval excludes 0, in the cause's order. */
const moved = (c: ProbableCause): AgentChange[] => c.agents.filter((a) => { const [lo, hi] = a.total.interval ?? [null, null]; return finite(lo) && finite(hi) && (lo > 0 || hi < 0); });

function agentBlocks(c: ProbableCause, cause: ProbableCause | undefined): Block[] {
  const level = pct(c.confidence);
  const share = (x: number | null | undefined) => (finite(x) ? `${Math.round(100 * x)} %` : '—');
  const interval = (e: AgentChange['total']) => formatInterval(e.interval?.[0], e.interval?.[1]);
  const top = moved(c);
  const causeNames = new Set(cause === undefined ? [] : moved(cause).slice(0, 3).map((a) => a.agent));
  const e2e = c.e2eMean;
  const lead = top.length === 0
    ? `No agent's time per request changed beyond its ${level} interval; mean latency changed ${signedSeconds(e2e.estimate)} ${interval(e2e)}.`
    : `Mean latency changed ${signedSeconds(e2e.estimate)} ${interval(e2e)}; ${top.slice(0, 3).map((a) => `${a.agent} ${signedSeconds(a.total.estimate)} (wait ${signedSeconds(a.wait.estimate)}, service ${signedSeconds(a.service.estimate)}; ${share(a.contribution)} of the change)`).join('; ')}.`;
  const blocks: Block[] = [];
  if (cause !== undefined) {
    blocks.push({
      kind: 'verdict', level: 'fail',
      headline: causeNames.size === 0 ? 'Probable cause: no single agent — no agent\'s time per request moved beyond its interval' : `Probable cause: ${[...causeNames].join(', ')}`,
      details: [`A gate regressed; the advisor ranks the agents by their share of the change in mean latency (${cause.note}).`],
    });
  }
  const rows = agentRows(c.agents);
  blocks.push({
    kind: 'figure',
    figure: {
      id: 'agent-deltas',
      title: 'Where the time per request changed, by agent',
      caption: `${lead} Per agent, candidate − baseline of the seconds each completed request spends waiting and in service there (visits per second × mean per visit ÷ throughput), paired replication by replication, with ${level} Student-t intervals; 0 (dashed) is no change. Parallel fork branches are each counted, so the agents' changes may add up to more than the latency's.`,
      spec: intervalDotsSpec(rows, {
        description: 'Paired change of wait and service time per request at each agent, with intervals',
        xTitle: 'change, s per request', itemTitle: 'agent', seriesTitle: 'time spent', seriesOrder: ['wait', 'service'], reference: 0,
      }),
      table: {
        caption: `Per agent: paired change of wait, service and total seconds per request (${level} intervals), share of the change in mean latency${cause === undefined ? '' : ', probable cause'}`,
        columns: [col('agent'), col('wait', true), col('service', true), col('total', true), col('share', true), ...(cause === undefined ? [] : [col('probable cause')])],
        rows: c.agents.map((a) => [a.agent, `${signedSeconds(a.wait.estimate)} ${interval(a.wait)}`, `${signedSeconds(a.service.estimate)} ${interval(a.service)}`,
          `${signedSeconds(a.total.estimate)} ${interval(a.total)}`, share(a.contribution), ...(cause === undefined ? [] : [causeNames.has(a.agent) ? 'yes' : ''])]),
      },
      tableBelow: true,
    },
  });
  return blocks;
}

/** The latency distributions of both sides and the per-agent changes; undefined for documents that carry neither. */
export function sidesSection(d: CompareDocument): Section | undefined {
  const agents = d.agents ?? d.probableCause;
  if (d.latency === undefined && agents === undefined) return undefined;
  const blocks: Block[] = [];
  if (d.latency !== undefined) {
    blocks.push(...('missing' in d.latency ? [{ kind: 'paragraph', text: `No latency distributions: ${d.latency.missing}.` } as const] : latencyBlocks(d.latency, d)));
  }
  if (agents !== undefined) {
    if (agents.agents.length === 0) blocks.push({ kind: 'paragraph', text: 'No agent is present on both sides, so there is no per-agent change to show.' });
    else blocks.push(...agentBlocks(agents, d.probableCause));
  }
  return { id: 'sides', title: 'Both sides', blocks };
}
