// The banner: what the run says in one line (complete, partial, suspect, or an SLO violated), its
// key figures with their intervals, and where it came from (scenario, seed, replications, version,
// warm-up).

import type { MetricSummary, Results } from '../../models/run/results.js';
import { noIntervalReason } from '../../models/run/metric-interval.js';
import { formatDuration, formatInterval, formatNumber, formatPercent } from '../format.js';
import { agentNames, entitiesUnder, metricOf, poolNames } from '../metric-names.js';
import { confidenceFact, madeFacts } from '../provenance.js';
import type { RunData, SloBound } from '../run-data.js';
import type { Block, Section } from './section.js';
import { intervalEnds } from '../../models/run/results.js';

// No-break spaces keep a number with its unit, so table cells wrap only before the interval.
const UNIT_WORDS: Readonly<Record<string, string>> = { 's': '\u00a0s', '1/s': '\u00a0/s', '': '', 'USD': '\u00a0USD' };

/** `1.234 s [1.2, 1.3]` — estimate, unit and interval at the run's confidence. */
export function withInterval(m: MetricSummary | undefined): string {
  if (m === undefined || m.estimate === null) return '—';
  const unit = UNIT_WORDS[m.unit] ?? `\u00a0${m.unit}`;
  return `${formatNumber(m.estimate)}${unit}  ${m.interval === null ? whyNoInterval(m) : formatInterval(m.interval[0], m.interval[1])}`;
}

const whyNoInterval = (m: MetricSummary): string => `(${noIntervalReason(m.note)})`;

type SloVerdict = 'met' | 'violated' | 'undecided' | 'unmeasured';

/** An SLO judged on the metric's interval at the run's confidence: violated only when the whole interval is beyond the limit. */
export function judgeSlo(r: Results, slo: SloBound): { verdict: SloVerdict; line: string } {
  const m = metricOf(r, slo.metric);
  const label = `${slo.metric} ${slo.bound === 'max' ? '<=' : '>='} ${slo.text}`;
  if (m === undefined || m.estimate === null) return { verdict: 'unmeasured', line: `SLO ${label}: not measured in this run.` };
  const [lo, hi] = [intervalEnds(m)[0] ?? m.estimate, intervalEnds(m)[1] ?? m.estimate];
  const [inside, beyond] = slo.bound === 'max' ? [hi <= slo.limit, lo > slo.limit] : [lo >= slo.limit, hi < slo.limit];
  const verdict: SloVerdict = beyond ? 'violated' : inside ? 'met' : 'undecided';
  const words = { met: 'met', violated: 'VIOLATED', undecided: 'undecided (its interval straddles the limit)', unmeasured: '' }[verdict];
  return { verdict, line: `SLO ${label}: ${words}, ${withInterval(m)}.` };
}

/** One thing the banner judges: flagged ones make it amber (warn) or red (fail); `short` goes in the headline. */
interface Check {
  readonly level: 'ok' | 'warn' | 'fail';
  readonly short: string;
  readonly line: string;
}

/** Utilisation from which an agent or GPU pool is flagged as saturated. */
export const SATURATED = 0.95;

const positive = (m: MetricSummary | undefined): boolean => m !== undefined && m.estimate !== null && m.estimate > 0;

/** The coordination objectives: each met in every judged window, or missed in a share of them. */
function objectiveChecks(r: Results): Check[] {
  return entitiesUnder(r, 'objective.<o>.').map((o): Check => {
    const share = metricOf(r, `objective.${o}.violated_share`);
    const windows = metricOf(r, `objective.${o}.windows`);
    const judged = windows?.estimate == null ? '' : ` of ${formatNumber(windows.estimate)} judged windows`;
    if (share === undefined || share.estimate === null) return { level: 'warn', short: `objective ${o} not measured`, line: `Objective ${o}: not measured.` };
    if (share.estimate > 0) {
      return { level: 'fail', short: `objective ${o} missed in ${formatPercent(share.estimate)} of windows`, line: `Objective ${o}: MISSED in ${percentTile(share)}${judged}.` };
    }
    return { level: 'ok', short: '', line: `Objective ${o}: met in every${judged.replace(' of', '')} window.` };
  });
}

/** Agents and GPU pools whose utilisation estimate is at least SATURATED. */
function saturationChecks(r: Results): Check[] {
  const owners = [...agentNames(r).map((a) => [`agent ${a}`, `agent.${a}.utilization`] as const), ...poolNames(r).map((p) => [`GPU pool ${p}`, `gpu.${p}.utilization`] as const)];
  return owners.flatMap(([who, name]): Check[] => {
    const m = metricOf(r, name);
    if (m === undefined || m.estimate === null || m.estimate < SATURATED) return [];
    return [{ level: 'warn', short: `${who} saturated`, line: `Saturated: ${who} is ${percentTile(m)} busy (flagged from ${formatPercent(SATURATED)}): its line grows with any more load.` }];
  });
}

/** Requests stopped by budgets, calls degraded or deferred, and rejections. */
function loadChecks(r: Results): Check[] {
  const checks: Check[] = [];
  const stopped = metricOf(r, 'stopped');
  if (positive(stopped)) checks.push({ level: 'warn', short: `${formatNumber(stopped!.estimate)} requests per replication stopped by a budget`, line: `Budgets stopped ${withInterval(stopped)} requests per replication.` });
  for (const b of entitiesUnder(r, 'budget.<b>.')) {
    for (const [what, words] of [['degraded', 'calls sent to a cheaper agent'], ['deferred', 'calls deferred to the next period']] as const) {
      const m = metricOf(r, `budget.${b}.${what}`);
      if (positive(m)) checks.push({ level: 'warn', short: `budget ${b} ${what} calls`, line: `Budget ${b}: ${withInterval(m)} ${words} per replication.` });
    }
  }
  const rejected = metricOf(r, 'rejected.fraction');
  if (positive(rejected)) checks.push({ level: 'warn', short: `${formatPercent(rejected!.estimate)} of requests rejected`, line: `Rejected: ${percentTile(rejected!)} of requests turned away.` });
  return checks;
}

/** Everything the banner judges, in the order the headline names the flagged ones. */
export function runChecks(data: RunData): Check[] {
  const r = data.results;
  const checks: Check[] = [];
  if (r.partial) checks.push({ level: 'warn', short: `Partial results: the run stopped early; ${r.replications} replication(s) are summarised`, line: 'Partial results: the run stopped before its end.' });
  const slos = (data.slos ?? []).map((x) => judgeSlo(r, x));
  const violated = slos.filter((x) => x.verdict === 'violated').length;
  const open = slos.filter((x) => x.verdict !== 'met' && x.verdict !== 'violated').length;
  const n = `${slos.length} SLO${slos.length === 1 ? '' : 's'}`;
  if (violated > 0) checks.push({ level: 'fail', short: `${violated} of ${n} violated (whole interval beyond the limit)`, line: '' });
  checks.push(...objectiveChecks(r));
  if (r.warnings.length > 0) checks.push({ level: 'warn', short: `Read with care: ${r.warnings.length} warning(s); results may not be steady-state`, line: '' });
  if (open > 0) checks.push({ level: 'warn', short: `${open} of ${n} not decided: more replications would tell`, line: '' });
  checks.push(...saturationChecks(r), ...loadChecks(r));
  return checks;
}

function verdict(data: RunData): Block {
  const r = data.results;
  const checks = runChecks(data);
  const details: string[] = [...r.warnings];
  const slos = (data.slos ?? []).map((x) => judgeSlo(r, x));
  if (data.slos === undefined) details.push('SLO gates: unknown (the scenario\'s slos are kept in metrics.arrow, which is not beside this results.json).');
  else if (data.slos.length === 0) details.push('SLO gates: none declared in this scenario.');
  else details.push(...slos.map((x) => x.line), `SLOs judged one by one on ${formatNumber(r.confidence * 100)} % intervals; apmsim compare gates them with a family-wise level.`);
  details.push(...checks.map((c) => c.line).filter((l) => l !== ''));
  const flagged = checks.filter((c) => c.level !== 'ok');
  const partial = r.partial ? checks[0] : undefined;
  if (flagged.length > 0) {
    const level = flagged.some((c) => c.level === 'fail') ? 'fail' : 'warn';
    // A partial run says so first; then failures, then warnings, each as its check put it.
    const rank = (c: Check): number => (c === partial ? 0 : c.level === 'fail' ? 1 : 2);
    const headline = [...flagged].sort((x, y) => rank(x) - rank(y)).map((c) => c.short).join('; ');
    return { kind: 'verdict', level, headline: `${headline}.`, details };
  }
  const objectives = checks.some((c) => c.line.startsWith('Objective')) ? ', every objective met' : '';
  const sloText = slos.length === 0 ? '' : ', every SLO met';
  return { kind: 'verdict', level: 'ok', headline: `Complete: ${r.replications} replications, stable, no request rejected, nothing saturated${sloText}${objectives}.`, details };
}

function busiestAgent(r: Results): string {
  let best: [string, MetricSummary] | undefined;
  for (const a of agentNames(r)) {
    const m = metricOf(r, `agent.${a}.utilization`);
    if (m?.estimate !== null && m !== undefined && (best === undefined || m.estimate! > best[1].estimate!)) best = [a, m];
  }
  return best === undefined ? '—' : `${best[0]}: ${percentTile(best[1])} busy`;
}

/** A fraction as a percentage with its interval clamped to [0, 100 %]: tiles give fractions as percent only. */
function percentTile(m: MetricSummary | undefined): string {
  if (m === undefined || m.estimate === null) return '—';
  if (m.interval === null) return `${formatPercent(m.estimate)} ${whyNoInterval(m)}`;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return `${formatPercent(m.estimate)} [${formatPercent(clamp(m.interval[0]))},\u00a0${formatPercent(clamp(m.interval[1]))}]`;
}

export function summarySection(data: RunData): Section {
  const r = data.results;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const keyFigures: [string, string][] = [
    ['end-to-end p95', withInterval(metricOf(r, 'e2e.p95'))],
    ['end-to-end mean', withInterval(metricOf(r, 'e2e.mean'))],
    ['throughput', withInterval(metricOf(r, 'throughput'))],
    ['completed per replication', withInterval(metricOf(r, 'completed'))],
    ['rejected', percentTile(metricOf(r, 'rejected.fraction'))],
    ['busiest agent', busiestAgent(r)],
  ];
  // LLM agents queue at their GPU pools, which the agents' utilisation does not show.
  const pools = poolNames(r).map((p) => [p, metricOf(r, `gpu.${p}.utilization`)] as const).filter(([, m]) => m?.estimate != null);
  const busiestPool = [...pools].sort(([, a], [, b]) => b!.estimate! - a!.estimate!)[0];
  if (busiestPool !== undefined) {
    const [p, m] = busiestPool;
    keyFigures.push(['busiest GPU pool', `${p}: ${percentTile(m)} busy`]);
  }
  // Present only in runs whose scenario has failures, LLM calls, prices or quality scores.
  const optional: [string, string][] = [['failed per replication', 'failed'], ['time to first token p95', 'ttft.p95'], ['cost per task', 'cost.per_task.mean'], ['quality', 'quality.mean']];
  for (const [label, name] of optional) {
    const m = metricOf(r, name);
    // Failures and the error rate (which also counts rejections) only say more when calls failed.
    const failing = (metricOf(r, 'failed')?.estimate ?? 0) > 0;
    if (m !== undefined && (name !== 'failed' || failing)) keyFigures.push([label, withInterval(m)]);
  }
  const errorRate = metricOf(r, 'error.rate');
  if (errorRate !== undefined && (metricOf(r, 'failed')?.estimate ?? 0) > 0) keyFigures.push(['error rate', percentTile(errorRate)]);
  const sketch = r.percentiles.method === 'sketch' ? `quantile sketch, relative error ≤ ${formatPercent(r.percentiles.relativeError)}` : 'exact (nearest rank)';
  const provenance: [string, string][] = [
    ...madeFacts(r),
    ['scenario', r.scenario],
    ['apmsim version', r.apmsim],
    ['seed', String(r.seed)],
    ['replications', `${r.replications}${r.partial ? ' (partial)' : ''}`],
    confidenceFact(r.confidence),
    ['horizon', formatDuration(r.horizon)],
    ['warm-up', `${formatDuration(r.warmup.seconds)} (${r.warmup.mode === 'auto' ? 'chosen by MSER-5 on a pilot run' : 'fixed'})`],
    ['percentiles', sketch],
    ['fingerprint', r.fingerprint],
  ];
  return {
    id: 'summary',
    title: 'Summary',
    blocks: [
      verdict(data),
      { kind: 'heading', text: 'Key figures' },
      { kind: 'paragraph', text: `Estimate over replications, then its ${pct} interval.` },
      { kind: 'facts', facts: keyFigures },
      { kind: 'heading', text: 'Provenance' },
      { kind: 'facts', facts: provenance },
      ...data.notes.map((text): Block => ({ kind: 'paragraph', text })),
    ],
  };
}
