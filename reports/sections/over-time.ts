// Over simulated time, from the recorded time series: arrival and completion rates, windowed p95
// latency per class against its objectives, queue length (stations and GPU pools), mean wait,
// utilisation, and each GPU pool's batch, KV cache and preemptions, and the replicas of each agent
// or GPU pool whose number changes, each the mean over replications with its interval, with the
// warm-up shaded (it is not part of the metrics).

import { overTimeSpec, type TimePoint } from '../charts/over-time.js';
import { formatDuration, formatInterval, formatNumber, formatWithUnit } from '../format.js';
import { classNames } from '../metric-names.js';
import type { ObjectiveInfo, RecordedSeries, ReplicationSeries, RunData } from '../run-data.js';
import { timelineEvents } from './coordination.js';
import { POOL_SAMPLES_PER_WINDOW } from '../../sim/network/record/recorders.js';
import { agentValue, poolUtilization, summariseWindows, utilization, type AgentColumn, type WindowPoint } from '../series-summary.js';
import { col, type Block, type FigureDraft, type Section, type TableData } from './section.js';

interface Line {
  readonly name: string;
  readonly points: readonly WindowPoint[];
}

const cell = (p: WindowPoint): string => (p.estimate === null ? '—' : `${formatNumber(p.estimate)} ${formatInterval(p.lower, p.upper)}`);

function timeTable(lines: readonly Line[], caption: string): TableData {
  const first = lines[0]?.points ?? [];
  return {
    caption,
    columns: [col('window (s)', true), ...lines.map((l) => col(l.name, true))],
    rows: first.map((p, w) => [`${formatNumber(p.start)}–${formatNumber(p.end)}`, ...lines.map((l) => cell(l.points[w]!))]),
  };
}

function timePoints(lines: readonly Line[]): TimePoint[] {
  return lines.flatMap((l) => l.points.map((p) => ({ series: l.name, t: (p.start + p.end) / 2, estimate: p.estimate, lower: p.lower, upper: p.upper })));
}

function figure(
  id: string, title: string, caption: string, lines: readonly Line[], data: RunData, series: RecordedSeries,
  o: { yTitle: string; facet: boolean; domain?: readonly [number, number]; tableCaption: string; thresholds?: Thresholds; seriesTitle?: string },
): FigureDraft {
  const r = data.results;
  const events = timelineEvents(data.negotiation);
  return {
    id, title, caption,
    spec: overTimeSpec(timePoints(lines), {
      description: title, yTitle: o.yTitle, seriesTitle: o.seriesTitle ?? (o.facet ? 'agent' : 'series'), seriesOrder: lines.map((l) => l.name),
      warmup: r.warmup.seconds, horizon: series.window * series.windows, facet: o.facet, ...(o.domain !== undefined ? { domain: o.domain } : {}),
      ...(events.length > 0 ? { events } : {}), ...(o.thresholds !== undefined && o.thresholds.length > 0 ? { thresholds: o.thresholds } : {}),
    }),
    table: timeTable(lines, o.tableCaption),
    // Small multiples of several agents fill the width; their table reads better underneath.
    tableBelow: o.facet && lines.length > 1,
  };
}

type Thresholds = { value: number; label: string; from: number; to: number }[];

/**
 * Thresholds of the p95 objectives on the classes drawn (`drawn`: the class whose p95 each line
 * shows). A threshold the timeline changes is a segment per value.
 */
function p95Thresholds(data: RunData, horizon: number, drawn: readonly string[]): { objectives: ObjectiveInfo[]; lines: Thresholds } {
  const objectives = (data.objectives ?? []).filter((o) => o.metric === 'p95' && drawn.includes(o.cls));
  const lines = objectives.flatMap((o) => {
    const steps = [{ at: 0, threshold: o.threshold }, ...o.changes.filter((c) => c.at < horizon)];
    return steps.map((st, i) => ({ value: st.threshold, label: `${o.name}: ${formatWithUnit(st.threshold, 's')}`, from: st.at, to: steps[i + 1]?.at ?? horizon }));
  });
  return { objectives, lines };
}

/** A station or GPU pool whose replica count the series records, read at one of its agents. */
interface ReplicaOwner {
  /** The agent's name, or the pool's (marked as a pool when an agent has the same name). */
  readonly name: string;
  readonly agent: number;
  readonly kind: 'agent' | 'pool';
  /** The count changes from one window to another in some replication. */
  readonly varies: boolean;
}

/** Stations, then GPU pools (each read at its first LLM agent), in scenario order. */
function replicaOwners(s: RecordedSeries): ReplicaOwner[] {
  const names = new Set(s.agents.map((a) => a.name));
  const value = (a: number) => agentValue(s, a, 'replicas');
  const recorded = (a: number): boolean => s.replications.some((rs) => !Number.isNaN(value(a)(rs, 0)));
  const varies = (a: number): boolean => s.replications.some((rs) => {
    const v = value(a), first = v(rs, 0);
    for (let w = 1; w < s.windows; w++) if (!(Math.abs(v(rs, w) - first) <= 1e-9 * Math.max(1, Math.abs(first)))) return true;
    return false;
  });
  const stations = s.agents.flatMap((a, i) => (a.pool === null && recorded(i) ? [{ name: a.name, agent: i, kind: 'agent' as const, varies: varies(i) }] : []));
  const seen = new Set<string>();
  const pools = s.agents.flatMap((a, i) => {
    if (a.pool === null || seen.has(a.pool) || !recorded(i)) return [];
    seen.add(a.pool);
    return [{ name: names.has(a.pool) ? `${a.pool} (GPU pool)` : a.pool, agent: i, kind: 'pool' as const, varies: varies(i) }];
  });
  return [...stations, ...pools];
}

/** The replicas chart of the agents and pools whose count changes, or a sentence saying none does. */
function replicasBlock(
  owners: readonly ReplicaOwner[], lines: readonly Line[], data: RunData, s: RecordedSeries, how: string, marked: string, pct: string,
): Block {
  if (owners.length === 0) {
    return { kind: 'paragraph', text: 'Replicas over time: this time series records no replica counts (timeseries.arrow written by an older apmsim).' };
  }
  if (lines.length === 0) {
    return { kind: 'paragraph', text: 'Replicas over time: no agent or GPU pool changed its number of replicas in any replication, so there is nothing to chart.' };
  }
  const named = (kind: 'agent' | 'pool') => owners.filter((o) => o.varies && o.kind === kind).map((o) => o.name);
  const which = [named('agent').length > 0 ? `agent ${named('agent').join(', ')}` : '', named('pool').length > 0 ? `GPU pool ${named('pool').join(', ')}` : ''].filter((x) => x !== '').join('; ');
  const steady = owners.filter((o) => !o.varies).map((o) => o.name);
  const steadyText = steady.length === 0 ? '' : ` The count of ${steady.join(', ')} never changed: not drawn.`;
  const facet = lines.length > 4;
  return {
    kind: 'figure',
    figure: figure('replicas', 'Replicas over time',
      `Time-average number of billed replicas (starting, serving, draining, failed or warned) in each window, where it changes (${which}): autoscaling, failures, spot reclaims, scale-to-zero or coordination. ${how}${facet ? ' Panels have their own scales.' : ''}${steadyText}${marked}`,
      lines, data, s, { yTitle: 'billed replicas', facet, seriesTitle: 'agent or GPU pool', tableCaption: `Billed replicas per window, mean and ${pct} interval` }),
  };
}

export function overTimeSection(data: RunData): Section | undefined {
  const s = data.series;
  if (s === undefined || s.windows === 0 || s.replications.length === 0) return undefined;
  const r = data.results;
  const conf = r.confidence;
  const pct = `${formatNumber(conf * 100)} %`;
  const win = formatDuration(s.window);
  const per = (f: (rs: ReplicationSeries, w: number) => number): WindowPoint[] => summariseWindows(s, conf, f);
  // Fractions (utilisation, KV cache in use) are also cut at 1.
  const perFraction = (f: (rs: ReplicationSeries, w: number) => number): WindowPoint[] => summariseWindows(s, conf, f, 1);
  const how = `Per ${win} window: the mean over ${s.replications.length} replications (line) and its ${pct} interval (band, cut at 0).`
    + (r.warmup.seconds > 0 ? ` The shaded part before the dashed line is the ${formatDuration(r.warmup.seconds)} warm-up, left out of every metric.` : '');

  const rates: Line[] = [
    { name: 'arrivals', points: per((rs, w) => rs.arrivals[w]! / s.window) },
    { name: 'completions', points: per((rs, w) => rs.completions[w]! / s.window) },
  ];
  // One line per class when the series has them (and several classes): objectives are per class.
  const perClass = s.classes.length > 1;
  const p95: Line[] = perClass
    ? s.classes.map((c, k) => ({ name: c, points: per((rs, w) => rs.classP95[w * s.classes.length + k]!) }))
    : [{ name: s.classes[0] ?? 'p95', points: per((rs, w) => rs.e2eP95[w]!) }];
  const drawnClasses = s.classes.length > 0 ? s.classes : classNames(r).length === 1 ? classNames(r) : [];
  // Agents that never hold a request waiting (no servers of their own, or LLM agents that queue at
  // their GPU pool) would only add flat panels at 0: they are named in the caption instead.
  const queueing = s.agents.map((a, i) => [a, i] as const).filter(([, i]) => s.replications.some((rs) => {
    const value = agentValue(s, i, 'queue');
    for (let w = 0; w < s.windows; w++) if (value(rs, w) > 0) return true;
    return false;
  }));
  const pools = poolAgents(s);
  const anyPositive = (i: number, column: AgentColumn): boolean => s.replications.some((rs) => {
    const value = agentValue(s, i, column);
    for (let w = 0; w < s.windows; w++) if (value(rs, w) > 0) return true;
    return false;
  });
  const recordedAt = (i: number, column: AgentColumn): boolean => s.replications.some((rs) => {
    const value = agentValue(s, i, column);
    for (let w = 0; w < s.windows; w++) if (!Number.isNaN(value(rs, w))) return true;
    return false;
  });
  const waitedAt = s.agents.map((_, i) => anyPositive(i, 'wait'));
  const waitRecorded = s.agents.some((_, i) => recordedAt(i, 'wait'));
  // An agent is said never to have held a request waiting only when neither its line nor the
  // recorded waits of its visits say otherwise (an LLM agent's calls wait in its GPU pool's line).
  const idle = s.agents.filter((a, i) => !queueing.some(([, j]) => j === i) && !waitedAt[i]
    && (waitRecorded || a.pool === null) && !(a.pool !== null && pools.some((p) => p.pool === a.pool && anyPositive(p.agent, 'poolQueue'))))
    .map((a) => a.name);
  const queuedPools = pools.filter((p) => anyPositive(p.agent, 'poolQueue'));
  const queues: Line[] = [
    ...queueing.map(([a, i]) => ({ name: a.name, points: per(agentValue(s, i, 'queue')) })),
    ...queuedPools.map((p) => ({ name: p.label, points: per(agentValue(s, p.agent, 'poolQueue')) })),
  ];
  const withServers = s.agents.map((a, i) => [a, i] as const).filter(([a]) => a.servers !== null && a.servers > 0);
  const util: Line[] = withServers.map(([a, i]) => {
    const busy = agentValue(s, i, 'busy'), replicas = agentValue(s, i, 'replicas');
    return { name: a.name, points: perFraction((rs, w) => utilization(busy(rs, w), a.servers, replicas(rs, w))) };
  });
  const owners = replicaOwners(s);
  const replicaLines: Line[] = owners.filter((o) => o.varies).map((o) => ({ name: o.name, points: per(agentValue(s, o.agent, 'replicas')) }));

  const events = timelineEvents(data.negotiation);
  const marked = events.length === 0 ? '' : ` Dotted vertical lines mark the timeline events: ${events.map((e) => `${formatNumber(e.t)} s, ${e.label}`).join('; ')}.`;
  const th = p95Thresholds(data, s.window * s.windows, drawnClasses);
  const thText = th.objectives.length === 0 ? '' : ` The dashed line${th.objectives.length > 1 ? 's are the thresholds' : ' is the threshold'} of ${th.objectives.map((o) => `objective ${o.name} (class ${o.cls})`).join(' and ')}, judged on ${th.objectives.map((o) => `${formatNumber(o.window)} s`).join(', ')} windows.`;
  const p95Caption = perClass ? 'p95 end-to-end latency of each class\'s requests completed in each window (2 % sketch).' : 'p95 end-to-end latency of the requests completed in each window (2 % sketch).';
  const blocks: Block[] = [
    { kind: 'figure', figure: figure('rates', 'Arrival and completion rates', `Requests arriving and completing per second. ${how}${marked}`, rates, data, s, { yTitle: 'requests per second', facet: false, tableCaption: `Rates (1/s) per window, mean and ${pct} interval` }) },
    { kind: 'figure', figure: figure('p95', 'Windowed p95 latency', `${p95Caption} ${how}${marked}${thText}`, p95, data, s, { yTitle: 'p95 end-to-end latency (s)', facet: false, seriesTitle: 'class', tableCaption: `p95 latency (s) per window, mean and ${pct} interval`, thresholds: th.lines }) },
  ];
  const idleText = idle.length === 0 ? '' : ` No request ever waited at ${idle.join(', ')}: not drawn.`;
  const poolText = queuedPools.length === 0 ? '' : ` A GPU pool's panel counts the calls of its LLM agents waiting in its lines (sampled ${POOL_SAMPLES_PER_WINDOW} times per window).`;
  if (queues.length > 0) {
    blocks.push({ kind: 'figure', figure: figure('queues', 'Queue length per agent and GPU pool', `Time-average number of requests waiting (not in service) at each agent or GPU pool.${poolText} ${how} Panels have their own scales.${idleText}${marked}`, queues, data, s, { yTitle: 'requests waiting', facet: true, tableCaption: `Requests waiting per window, mean and ${pct} interval` }) });
  } else if (idle.length === s.agents.length) {
    blocks.push({ kind: 'paragraph', text: `Queue length: no request ever waited for a server at any agent.` });
  } else {
    blocks.push({ kind: 'paragraph', text: `Queue length: no line was recorded with a request in it${idle.length > 0 ? `; no request ever waited at ${idle.join(', ')}` : ''}.` });
  }
  const waits: Line[] = s.agents.flatMap((a, i) => (waitedAt[i] ? [{ name: a.name, points: per(agentValue(s, i, 'wait')) }] : []));
  if (waits.length > 0) {
    blocks.push({ kind: 'figure', figure: figure('waits', 'Mean wait per agent', `Mean time a visit waited before its service began (at an LLM agent, in its GPU pool's line), over the visits that ended in the window; no point where none ended. ${how} Panels have their own scales.${marked}`, waits, data, s, { yTitle: 'mean wait (s)', facet: true, tableCaption: `Mean wait (s) per window, mean and ${pct} interval` }) });
  }
  const poolUtil: Line[] = pools.filter((p) => recordedAt(p.agent, 'poolBusy')).map((p) => {
    const busy = agentValue(s, p.agent, 'poolBusy'), replicas = agentValue(s, p.agent, 'replicas');
    return { name: p.label, points: perFraction((rs, w) => poolUtilization(busy(rs, w), replicas(rs, w))) };
  });
  const allUtil = [...util, ...poolUtil];
  if (allUtil.length > 0) {
    const gpuText = poolUtil.length === 0 ? '' : ' A GPU pool\'s is the fraction of its billed replicas running an iteration (sampled).';
    blocks.push({ kind: 'figure', figure: figure('utilisation', 'Utilisation per agent and GPU pool', `Fraction of each agent's servers busy (busy servers / servers; with replicas, over the servers of the replicas billed in the window).${gpuText} ${how} A fraction's band is also cut at 1.${marked}`, allUtil, data, s, { yTitle: 'utilisation', facet: true, domain: [0, 1], tableCaption: `Utilisation per window, mean and ${pct} interval` }) });
  }
  blocks.push(...gpuBlocks(pools.filter((p) => recordedAt(p.agent, 'poolRunning')), data, s, per, perFraction, how, marked, pct));
  blocks.push(replicasBlock(owners, replicaLines, data, s, how, marked, pct));
  return { id: 'over-time', title: 'Over time', blocks };
}

/** Mean and interval per window of a quantity (series-summary.ts), its bounds cut to its range. */
type Summarise = (f: (rs: ReplicationSeries, w: number) => number) => WindowPoint[];

/** A GPU pool as the series records it: at its first LLM agent's rows. */
interface PoolAt {
  readonly pool: string;
  /** The pool's name, marked as a GPU pool. */
  readonly label: string;
  readonly agent: number;
}

function poolAgents(s: RecordedSeries): PoolAt[] {
  const seen = new Set<string>();
  return s.agents.flatMap((a, i) => {
    if (a.pool === null || seen.has(a.pool)) return [];
    seen.add(a.pool);
    return [{ pool: a.pool, label: `${a.pool} (GPU pool)`, agent: i }];
  });
}

/** Each GPU pool's running batch and KV cache use, and its preemptions when there were any. */
function gpuBlocks(
  pools: readonly PoolAt[], data: RunData, s: RecordedSeries, per: Summarise, perFraction: Summarise, how: string, marked: string, pct: string,
): Block[] {
  if (pools.length === 0) return [];
  const lines = (column: AgentColumn, f = per): Line[] => pools.map((p) => ({ name: p.label, points: f(agentValue(s, p.agent, column)) }));
  const blocks: Block[] = [
    { kind: 'figure', figure: figure('gpu-batch', 'GPU pool running batch', `Time-average number of sequences running on each GPU pool (summed over its replicas; sampled ${POOL_SAMPLES_PER_WINDOW} times per window). ${how}${marked}`, lines('poolRunning'), data, s, { yTitle: 'sequences running', facet: pools.length > 1, seriesTitle: 'GPU pool', tableCaption: `Sequences running per window, mean and ${pct} interval` }) },
    { kind: 'figure', figure: figure('gpu-kv', 'GPU pool KV-cache use', `Fraction of each GPU pool's KV cache in use (over its billed replicas; sampled ${POOL_SAMPLES_PER_WINDOW} times per window). ${how} A fraction's band is also cut at 1.${marked}`, lines('poolKv', perFraction), data, s, { yTitle: 'KV cache in use (fraction)', facet: pools.length > 1, domain: [0, 1], seriesTitle: 'GPU pool', tableCaption: `KV cache in use per window, mean and ${pct} interval` }) },
  ];
  const preempting = pools.filter((p) => s.replications.some((rs) => {
    const v = agentValue(s, p.agent, 'poolPreemptions');
    for (let w = 0; w < s.windows; w++) if (v(rs, w) > 0) return true;
    return false;
  }));
  if (preempting.length > 0) {
    blocks.push({ kind: 'figure', figure: figure('gpu-preemptions', 'GPU pool preemptions', `Sequences preempted (KV cache full) per window on each GPU pool that preempted any. ${how}${marked}`, preempting.map((p) => ({ name: p.label, points: per(agentValue(s, p.agent, 'poolPreemptions')) })), data, s, { yTitle: 'preemptions per window', facet: preempting.length > 1, seriesTitle: 'GPU pool', tableCaption: `Preemptions per window, mean and ${pct} interval` }) });
  } else {
    blocks.push({ kind: 'paragraph', text: `Preemptions: no GPU pool preempted a sequence in any recorded window (${pools.map((p) => p.label).join(', ')}).` });
  }
  return blocks;
}
