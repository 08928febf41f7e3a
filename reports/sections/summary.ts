// The banner: what the run says in one line (complete, partial, suspect, or an SLO violated), its
// key figures with their intervals, and where it came from (scenario, seed, replications, version,
// warm-up).

import type { MetricSummary, Results } from '../../models/run/results.js';
import { formatDuration, formatInterval, formatNumber, formatPercent } from '../format.js';
import { agentNames, metricOf, poolNames } from '../metric-names.js';
import type { RunData, SloBound } from '../run-data.js';
import type { Block, Section } from './section.js';

// No-break spaces keep a number with its unit, so table cells wrap only before the interval.
const UNIT_WORDS: Readonly<Record<string, string>> = { 's': '\u00a0s', '1/s': '\u00a0/s', '': '', 'USD': '\u00a0USD' };

/** `1.234 s [1.2, 1.3]` — estimate, unit and interval at the run's confidence. */
export function withInterval(m: MetricSummary | undefined): string {
  if (m === undefined || m.estimate === null) return '—';
  const unit = UNIT_WORDS[m.unit] ?? `\u00a0${m.unit}`;
  return `${formatNumber(m.estimate)}${unit}  ${formatInterval(m.interval[0], m.interval[1])}`;
}

type SloVerdict = 'met' | 'violated' | 'undecided' | 'unmeasured';

/** An SLO judged on the metric's interval at the run's confidence: violated only when the whole interval is beyond the limit. */
export function judgeSlo(r: Results, slo: SloBound): { verdict: SloVerdict; line: string } {
  const m = metricOf(r, slo.metric);
  const label = `${slo.metric} ${slo.bound === 'max' ? '<=' : '>='} ${slo.text}`;
  if (m === undefined || m.estimate === null) return { verdict: 'unmeasured', line: `SLO ${label}: not measured in this run.` };
  const [lo, hi] = [m.interval[0] ?? m.estimate, m.interval[1] ?? m.estimate];
  const [inside, beyond] = slo.bound === 'max' ? [hi <= slo.limit, lo > slo.limit] : [lo >= slo.limit, hi < slo.limit];
  const verdict: SloVerdict = beyond ? 'violated' : inside ? 'met' : 'undecided';
  const words = { met: 'met', violated: 'VIOLATED', undecided: 'undecided (its interval straddles the limit)', unmeasured: '' }[verdict];
  return { verdict, line: `SLO ${label}: ${words}, ${withInterval(m)}.` };
}

function verdict(data: RunData): Block {
  const r = data.results;
  const details: string[] = [...r.warnings];
  const slos = (data.slos ?? []).map((x) => judgeSlo(r, x));
  if (data.slos === undefined) details.push('SLO gates: unknown (the scenario\'s slos are kept in metrics.arrow, which is not beside this results.json).');
  else if (data.slos.length === 0) details.push('SLO gates: none declared in this scenario.');
  else details.push(...slos.map((x) => x.line), `SLOs judged one by one on ${formatNumber(r.confidence * 100)} % intervals; apmsim compare gates them with a family-wise level.`);
  const violated = slos.filter((x) => x.verdict === 'violated').length;
  const open = slos.filter((x) => x.verdict !== 'met' && x.verdict !== 'violated').length;
  if (r.partial) {
    return { kind: 'verdict', level: 'warn', headline: `Partial results: the run stopped early; ${r.replications} replication(s) are summarised.`, details };
  }
  if (violated > 0) {
    return { kind: 'verdict', level: 'fail', headline: `${violated} of ${slos.length} SLO${slos.length === 1 ? '' : 's'} violated (whole interval beyond the limit).`, details };
  }
  if (r.warnings.length > 0) {
    return { kind: 'verdict', level: 'warn', headline: `Read with care: ${r.warnings.length} warning(s); results may not be steady-state.`, details };
  }
  if (open > 0) {
    return { kind: 'verdict', level: 'warn', headline: `${open} of ${slos.length} SLO${slos.length === 1 ? '' : 's'} not decided: more replications would tell.`, details };
  }
  const rejected = metricOf(r, 'rejected.fraction')?.estimate ?? 0;
  const rejectText = rejected > 0 ? `, ${formatPercent(rejected)} of requests rejected` : ', no request rejected';
  const sloText = slos.length === 0 ? '' : `, every SLO met`;
  return { kind: 'verdict', level: 'ok', headline: `Complete: ${r.replications} replications, stable${rejectText}${sloText}.`, details };
}

function busiestAgent(r: Results): string {
  let best: [string, MetricSummary] | undefined;
  for (const a of agentNames(r)) {
    const m = metricOf(r, `agent.${a}.utilization`);
    if (m?.estimate !== null && m !== undefined && (best === undefined || m.estimate! > best[1].estimate!)) best = [a, m];
  }
  return best === undefined ? '—' : `${best[0]}: ${formatPercent(best[1].estimate)} busy  ${formatInterval(best[1].interval[0], best[1].interval[1])}`;
}

export function summarySection(data: RunData): Section {
  const r = data.results;
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const keyFigures: [string, string][] = [
    ['end-to-end p95', withInterval(metricOf(r, 'e2e.p95'))],
    ['end-to-end mean', withInterval(metricOf(r, 'e2e.mean'))],
    ['throughput', withInterval(metricOf(r, 'throughput'))],
    ['completed per replication', withInterval(metricOf(r, 'completed'))],
    ['rejected fraction', withInterval(metricOf(r, 'rejected.fraction'))],
    ['busiest agent', busiestAgent(r)],
  ];
  // LLM agents queue at their GPU pools, which the agents' utilisation does not show.
  const pools = poolNames(r).map((p) => [p, metricOf(r, `gpu.${p}.utilization`)] as const).filter(([, m]) => m?.estimate != null);
  const busiestPool = [...pools].sort(([, a], [, b]) => b!.estimate! - a!.estimate!)[0];
  if (busiestPool !== undefined) {
    const [p, m] = busiestPool;
    keyFigures.push(['busiest GPU pool', `${p}: ${formatPercent(m!.estimate)} busy  ${formatInterval(m!.interval[0], m!.interval[1])}`]);
  }
  // Present only in runs whose scenario has failures, LLM calls, prices or quality scores.
  const optional: [string, string][] = [['failed per replication', 'failed'], ['error rate', 'error.rate'], ['time to first token p95', 'ttft.p95'], ['cost per task', 'cost.per_task.mean'], ['quality', 'quality.mean']];
  for (const [label, name] of optional) {
    const m = metricOf(r, name);
    // Failures and the error rate (which also counts rejections) only say more when calls failed.
    const failing = (metricOf(r, 'failed')?.estimate ?? 0) > 0;
    if (m !== undefined && ((name !== 'failed' && name !== 'error.rate') || failing)) keyFigures.push([label, withInterval(m)]);
  }
  const sketch = r.percentiles.method === 'sketch' ? `quantile sketch, relative error ≤ ${formatPercent(r.percentiles.relativeError)}` : 'exact (nearest rank)';
  const provenance: [string, string][] = [
    ['scenario', r.scenario],
    ['apmsim version', r.apmsim],
    ['seed', String(r.seed)],
    ['replications', `${r.replications}${r.partial ? ' (partial)' : ''}`],
    ['confidence', `${pct} Student-t intervals over replications`],
    ['horizon', formatDuration(r.horizon)],
    ['warm-up', `${formatDuration(r.warmup.seconds)} (${r.warmup.mode === 'auto' ? 'chosen by MSER-5 on a pilot run' : 'fixed'})`],
    ['percentiles', sketch],
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
