// Coordination, for runs of scenarios with a timeline, objectives or coordination: each
// objective's violated share of windows and violation time with intervals, requests per direction
// (sent, accepted, denied, answered by asking further), and replication 0's negotiation over time
// (negotiation.json): a lane per participant, its records in a table.

import type { LogRecord, NegotiationLog } from '../../models/coordination/log.js';
import type { MetricSummary, Results } from '../../models/run/results.js';
import { intervalDotsSpec, type IntervalRow } from '../charts/interval-dots.js';
import { negotiationTimelineSpec, type TimelineMark } from '../charts/negotiation-timeline.js';
import { formatInterval, formatNumber, formatPercent, formatWithUnit } from '../format.js';
import { entitiesUnder, metricOf } from '../metric-names.js';
import type { ObjectiveInfo, RunData } from '../run-data.js';
import { withInterval } from './summary.js';
import { col, type Block, type FigureDraft, type Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';

/** Rows of the record table at most; the rest are in negotiation.json and negotiation.arrow. */
export const MAX_RECORD_ROWS = 200;
/** Marks of the timeline chart at most (a long run with a short period detects often). */
export const MAX_TIMELINE_MARKS = 1500;
/** Denials labelled with their reason on the chart at most (beyond, the table has them). */
const MAX_DENY_LABELS = 12;

const DIRECTIONS = ['local', 'upstream', 'downstream', 'peer'];
/** Metric and label of each count, in the order whose palette colours match the timeline's (accept green, asks further purple). */
const COUNTS = [['requests', 'sent'], ['denied', 'denied'], ['accepted', 'accepted'], ['recursed', 'asked further']] as const;

/** Seconds as the log keeps them (to the millisecond), so records of one round stay apart. */
export const formatTime = (t: number | null): string => (t === null || !Number.isFinite(t) ? '—' : Number(t.toFixed(3)).toString());

/** "p95 of chat ≤ 6 s per 60 s window". */
export function objectiveText(o: ObjectiveInfo): string {
  const what = o.metric === 'throughput' ? `throughput of ${o.cls}` : o.metric === 'rejected' ? `rejected fraction of ${o.cls}` : `${o.metric} latency of ${o.cls}`;
  const changes = o.changes.length === 0 ? '' : `; then ${o.changes.map((c) => `${formatWithUnit(c.threshold, o.unit)} from ${formatTime(c.at)} s`).join(', ')}`;
  return `${what} ${o.bound === 'max' ? '≤' : '≥'} ${formatWithUnit(o.threshold, o.unit)}${changes}, per ${formatNumber(o.window)} s window`;
}

/** Objective names: from the scenario when known, else from the metrics. */
function objectiveNames(r: Results, objectives: readonly ObjectiveInfo[] | undefined): string[] {
  const fromMetrics = entitiesUnder(r, 'objective.<o>.');
  const known = (objectives ?? []).map((o) => o.name);
  return [...known, ...fromMetrics.filter((n) => !known.includes(n))];
}

/** A share as a percentage with its interval cut to [0, 1]: "12.7 % [0 %, 26.3 %]". */
function shareWithInterval(m: MetricSummary | undefined): string {
  if (m === undefined || m.estimate === null) return '—';
  const [lo, hi] = intervalEnds(m);
  const bounds = lo === null || hi === null ? '—' : `[${formatPercent(Math.max(0, lo))},\u00a0${formatPercent(Math.min(1, hi))}]`;
  return `${formatPercent(m.estimate)} ${bounds}`;
}

function objectivesFigure(data: RunData, names: readonly string[], pct: string): FigureDraft {
  const r = data.results;
  const info = new Map((data.objectives ?? []).map((o) => [o.name, o]));
  const rows: IntervalRow[] = names.flatMap((n) => {
    const m = metricOf(r, `objective.${n}.violated_share`);
    return m?.estimate == null ? [] : [{ item: n, series: 'windows violated', estimate: m.estimate, lower: m.interval === null ? null : Math.max(0, m.interval[0]), upper: m.interval === null ? null : Math.min(1, m.interval[1]) }];
  });
  const worst = [...rows].sort((a, b) => b.estimate - a.estimate)[0];
  return {
    id: 'objectives',
    title: 'Objectives: share of windows violated',
    caption: `Per objective, the share of its judged windows (after warm-up) in which it was violated, mean over ${r.replications} replications with its ${pct} interval (cut to [0, 1]); the table adds the violation time (violated windows × window length).`
      + (worst === undefined ? ' No objective was judged in any window.' : ` The most violated is ${worst.item}, in ${formatPercent(worst.estimate)} of its windows.`),
    spec: intervalDotsSpec(rows, { description: 'Share of windows violated per objective, with intervals', xTitle: 'share of windows violated', itemTitle: 'objective', seriesTitle: 'statistic', domain: [0, 1] }),
    table: {
      caption: `Per objective: estimate and ${pct} interval over replications`,
      columns: [col('objective'), col('owner'), col('objective (threshold)'), col('windows judged', true), col('windows violated', true), col('violation time (s)', true)],
      rows: names.map((n) => {
        const o = info.get(n);
        return [n, o?.agent ?? '—', o === undefined ? '—' : objectiveText(o), formatNumber(metricOf(r, `objective.${n}.windows`)?.estimate),
          shareWithInterval(metricOf(r, `objective.${n}.violated_share`)), withInterval(metricOf(r, `objective.${n}.violation_time`))];
      }),
    },
  };
}

function requestsBlocks(r: Results, pct: string): Block[] {
  const present = DIRECTIONS.filter((d) => COUNTS.some(([k]) => metricOf(r, `coordination.${d}.${k}`) !== undefined));
  if (present.length === 0) return [];
  const table = {
    caption: `Requests per replication by direction (from the asking participant to the action's owner): estimate and ${pct} interval`,
    columns: [col('direction'), ...COUNTS.map(([, label]) => col(label, true))],
    rows: present.map((d) => [d, ...COUNTS.map(([k]) => withInterval(metricOf(r, `coordination.${d}.${k}`)))]),
  };
  const used = present.filter((d) => COUNTS.some(([k]) => metricOf(r, `coordination.${d}.${k}`)?.values.some((v) => v !== null && v > 0) === true));
  if (used.length === 0) {
    return [{ kind: 'paragraph', text: 'No participant sent a request in any replication.' }, { kind: 'table', table }];
  }
  const rows: IntervalRow[] = used.flatMap((d) => COUNTS.flatMap(([k, label]) => {
    const m = metricOf(r, `coordination.${d}.${k}`);
    return m?.estimate == null ? [] : [{ item: d, series: label, estimate: m.estimate, lower: intervalEnds(m)[0], upper: intervalEnds(m)[1] }];
  }));
  const sent = used.reduce((n, d) => n + (metricOf(r, `coordination.${d}.requests`)?.estimate ?? 0), 0);
  const denied = used.reduce((n, d) => n + (metricOf(r, `coordination.${d}.denied`)?.estimate ?? 0), 0);
  return [{
    kind: 'figure',
    figure: {
      id: 'requests',
      title: 'Requests per direction',
      caption: `Requests sent per replication in each direction, and how they were answered: accepted, denied, or answered by the recipient first asking its own relations (a nested round, later accepted or denied too). Mean over ${r.replications} replications with its ${pct} interval; ${formatNumber(sent)} sent and ${formatNumber(denied)} denied per replication in all.`
        + (used.length < present.length ? ` No request went ${present.filter((d) => !used.includes(d)).join(' or ')}.` : ''),
      spec: intervalDotsSpec(rows, { description: 'Requests per direction with intervals', xTitle: 'requests per replication', itemTitle: 'direction', seriesTitle: 'requests', seriesOrder: COUNTS.map(([, l]) => l) }),
      table,
    },
  }];
}

/** Who acted in each record, in words: the record table's rows and the chart's marks. */
interface Described {
  readonly who: string;
  readonly what: string;
  readonly answer: string;
  readonly detail: string;
}

const num = (x: number | null): string => formatNumber(x);

/** The name the log gives the plan of doing nothing. */
const NOTHING = '(nothing)';

/** The participant each round belongs to: the agent whose detection opened it. */
function roundOwners(records: readonly LogRecord[]): Map<number, string> {
  const owners = new Map<number, string>();
  let detecting: string | undefined;
  for (const r of records) {
    if (r.type === 'detection') detecting = r.agent;
    else if (r.type === 'plan' && !owners.has(r.round) && detecting !== undefined) owners.set(r.round, detecting);
    else if (r.type === 'request' && r.depth === 1 && !owners.has(r.round)) owners.set(r.round, r.from);
  }
  return owners;
}

function describe(r: LogRecord, owners: ReadonlyMap<number, string>): Described {
  const owner = (round: number): string => owners.get(round) ?? '—';
  switch (r.type) {
    case 'timeline': return { who: '(timeline)', what: 'timeline event', answer: '', detail: r.event };
    case 'detection': return { who: r.agent, what: `detects a threat to ${r.objective}`, answer: '', detail: `${num(r.value)} over the last window, ${num(r.predicted)} predicted; threshold ${num(r.threshold)}` };
    case 'plan': return {
      who: owner(r.round), what: `${r.action === NOTHING ? 'plan: do nothing' : `plan ${r.action}`} (${r.direction}${r.source === 'proposer' ? ', proposed' : ''})`, answer: r.kept ? 'kept' : 'rejected at validation',
      detail: r.interval === null ? r.why : `predicted ${num(r.estimate)} ${formatInterval(r.interval[0], r.interval[1])} at ${formatNumber(r.confidence * 100)} %; threshold ${r.bound === 'max' ? '≤' : '≥'} ${num(r.threshold)}`,
    };
    case 'proposer': return { who: owner(r.round), what: 'external proposer', answer: r.ok ? `${r.plans} plan(s)` : 'failed', detail: r.message };
    case 'no-plan': return { who: owner(r.round), what: `no plan for ${r.objective}`, answer: 'none kept', detail: r.why };
    case 'request': return { who: r.from, what: `asks ${r.to} for ${r.action} (${r.direction}, depth ${r.depth})`, answer: '', detail: `arrives at ${formatTime(r.arrives)} s` };
    case 'answer': return {
      who: r.from, what: `answers ${r.to} on ${r.action}`, answer: r.answer === 'deny' ? 'DENY' : r.answer === 'recurse' ? 'asks further' : 'accept',
      detail: r.reason === null ? r.detail : `${r.reason}: ${r.detail}`,
    };
    case 'commitment': return { who: r.owner, what: `commits to ${r.action}`, answer: '', detail: `until ${formatTime(r.until)} s` };
    case 'expired': return { who: r.owner, what: `commitment to ${r.action} expires`, answer: '', detail: '' };
    case 'exhausted': return { who: owner(r.round), what: `round for ${r.objective} ends`, answer: 'every kept plan denied', detail: '' };
  }
}

/** The chart's marks of the log: points for what participants do, bars for commitments (cut at the horizon). */
function timelineMarks(log: NegotiationLog, owners: ReadonlyMap<number, string>, horizon: number): TimelineMark[] {
  const denials = log.records.filter((r) => r.type === 'answer' && r.answer === 'deny').length;
  const out: TimelineMark[] = [];
  for (const r of log.records) {
    switch (r.type) {
      case 'detection': out.push({ lane: r.agent, row: 'detects', kind: 'detection', t: r.t }); break;
      case 'request': out.push({ lane: r.from, row: 'asks', kind: 'request', t: r.t }); break;
      case 'answer':
        out.push({
          lane: r.from, row: r.answer === 'recurse' ? 'asks further' : 'answers', kind: r.answer === 'recurse' ? 'asks further' : r.answer, t: r.t,
          ...(r.answer === 'deny' && denials <= MAX_DENY_LABELS && r.reason !== null ? { label: r.reason } : {}),
        });
        break;
      case 'no-plan': case 'exhausted': {
        const lane = owners.get(r.round);
        if (lane !== undefined) out.push({ lane, row: 'asks', kind: 'no plan kept', t: r.t });
        break;
      }
      case 'commitment': {
        const end = Math.min(r.until ?? horizon, horizon);
        out.push({ lane: r.owner, row: 'commits', kind: 'commitment', t: r.t, t2: Math.max(end, r.t), label: r.action });
        break;
      }
      default: break;
    }
  }
  return out;
}

function negotiationBlocks(data: RunData, log: NegotiationLog): Block[] {
  const r = data.results;
  const horizon = r.horizon;
  const owners = roundOwners(log.records);
  const records = log.records;
  const timeline = records.filter((x): x is Extract<LogRecord, { type: 'timeline' }> => x.type === 'timeline');
  const described = records.map((x) => [x, describe(x, owners)] as const);
  const shown = described.slice(0, MAX_RECORD_ROWS);
  const more = records.length - shown.length;
  const table = {
    caption: more > 0
      ? `The first ${MAX_RECORD_ROWS} of ${records.length} records of replication 0, in time order; all ${records.length} are in negotiation.json and negotiation.arrow`
      : records.length === 1 ? 'The one record of replication 0 (as in negotiation.json)' : `The ${records.length} records of replication 0, in time order (as in negotiation.json)`,
    columns: [col('time (s)', true), col('round', true), col('who'), col('what'), col('answer / result'), col('reason / detail')],
    rows: shown.map(([x, d]) => [formatTime(x.t), 'round' in x ? String(x.round) : '', d.who, d.what, d.answer, d.detail]),
  };
  const count = (type: LogRecord['type'], f: (x: LogRecord) => boolean = () => true) => records.filter((x) => x.type === type && f(x)).length;
  const all = timelineMarks(log, owners, horizon);
  const marks = all.slice(0, MAX_TIMELINE_MARKS);
  if (marks.length === 0) {
    const why = log.coordination
      ? 'No participant detected a threat to its objectives in replication 0, so nothing was negotiated.'
      : 'With coordination off there is no negotiation to chart.';
    return [{ kind: 'paragraph', text: `${why}${timeline.length > 0 ? ` The ${timeline.length === 1 ? 'timeline event is' : `${timeline.length} timeline events are`} listed below and marked on the charts over time.` : ''}` }, { kind: 'table', table }];
  }
  const lanes = [...new Set(marks.map((m) => m.lane))];
  const summary = `In replication 0: ${count('detection')} detections, ${count('request')} requests (${count('answer', (x) => x.type === 'answer' && x.answer === 'accept')} accepted, ${count('answer', (x) => x.type === 'answer' && x.answer === 'deny')} denied, ${count('answer', (x) => x.type === 'answer' && x.answer === 'recurse')} answered by asking further), ${count('commitment')} commitments.`;
  const events = timeline.length === 0 ? '' : ` Dotted vertical lines mark the timeline events (${timeline.map((e) => `${formatTime(e.t)} s: ${e.event}`).join('; ')}).`;
  const figure: FigureDraft = {
    id: 'negotiation',
    title: 'Negotiation over time (replication 0)',
    caption: `${summary} One lane per participant, in rows: what it detects (▲ a threat to one of its objectives), asks (▶ a request; ▼ a round with no plan kept or every plan denied), answers (◆ first asks its own relations, a row above the others; ● accept; ✕ deny, with the reason beside it) and commits to (a bar from the commitment to its expiry${records.some((x) => x.type === 'commitment' && (x.until ?? 0) > horizon) ? ', cut at the end of the run' : ''}, labelled with the action).${events}`
      + (r.warmup.seconds > 0 ? ` The shaded part is the ${formatNumber(r.warmup.seconds)} s warm-up.` : '')
      + (all.length > marks.length ? ` The chart shows the first ${MAX_TIMELINE_MARKS} of ${all.length} marks.` : '')
      + ' Plans (validated candidates) are in the table only.',
    spec: negotiationTimelineSpec(marks, {
      description: 'Negotiation timeline: detections, requests, answers and commitments per participant', lanes, horizon,
      warmup: r.warmup.seconds, events: timeline.map((e) => ({ t: e.t, label: e.event })),
    }),
    table,
    tableBelow: true,
  };
  return [{ kind: 'figure', figure }];
}

export function coordinationSection(data: RunData): Section | undefined {
  const r = data.results;
  const log = data.negotiation;
  const names = objectiveNames(r, data.objectives);
  const hasCounts = entitiesUnder(r, 'coordination.<d>.').length > 0;
  if (log === undefined && names.length === 0 && !hasCounts) return undefined;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const blocks: Block[] = [];
  const state = log === undefined ? '' : log.coordination
    ? 'Coordination was on: participants detected threats to their objectives, validated plans through the performance interface and asked each other for actions. '
    : 'Coordination was off (the local-control baseline): the timeline and the objectives applied, nobody negotiated. ';
  blocks.push({ kind: 'paragraph', text: `${state}Objectives are judged per window after warm-up; the negotiation shown is replication 0's.` });
  if (names.length > 0) blocks.push({ kind: 'figure', figure: objectivesFigure(data, names, pct) });
  blocks.push(...requestsBlocks(r, pct));
  if (log === undefined) {
    blocks.push({ kind: 'paragraph', text: 'No negotiation log: negotiation.json of this run was not found beside results.json (apmsim run --out writes it for scenarios with coordination).' });
  } else {
    blocks.push(...negotiationBlocks(data, log));
  }
  return { id: 'coordination', title: 'Coordination', blocks };
}

/** Timeline events of the run's log, for the charts over time (events of one instant joined). */
export function timelineEvents(log: NegotiationLog | undefined): { t: number; label: string }[] {
  const out: { t: number; label: string }[] = [];
  for (const r of log?.records ?? []) {
    if (r.type !== 'timeline') continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.t === r.t) out[out.length - 1] = { t: r.t, label: `${last.label}; ${r.event}` };
    else out.push({ t: r.t, label: r.event });
  }
  return out;
}
