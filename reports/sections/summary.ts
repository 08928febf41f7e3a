// The banner: what the run says in one line (complete, partial or suspect), its key figures with
// their intervals, and where it came from (scenario, seed, replications, version, warm-up).

import type { MetricSummary, Results } from '../../models/run/results.js';
import { formatDuration, formatInterval, formatNumber, formatPercent } from '../format.js';
import { agentNames, metricOf } from '../metric-names.js';
import type { RunData } from '../run-data.js';
import type { Block, Section } from './section.js';

const UNIT_WORDS: Readonly<Record<string, string>> = { 's': ' s', '1/s': ' /s', '': '', 'USD': ' USD' };

/** `1.234 s [1.2, 1.3]` — estimate, unit and interval at the run's confidence. */
export function withInterval(m: MetricSummary | undefined): string {
  if (m === undefined || m.estimate === null) return '—';
  const unit = UNIT_WORDS[m.unit] ?? ` ${m.unit}`;
  return `${formatNumber(m.estimate)}${unit}  ${formatInterval(m.interval[0], m.interval[1])}`;
}

function verdict(r: Results): Block {
  const details: string[] = [...r.warnings];
  const slo = Object.keys(r.metrics).filter((n) => n.startsWith('slo.'));
  details.push(slo.length === 0 ? 'SLO gates: none declared in this scenario.' : `SLO metrics: ${slo.join(', ')} (see All metrics).`);
  if (r.partial) {
    return { kind: 'verdict', level: 'warn', headline: `Partial results: the run stopped early; ${r.replications} replication(s) are summarised.`, details };
  }
  if (r.warnings.length > 0) {
    return { kind: 'verdict', level: 'warn', headline: `Read with care: ${r.warnings.length} warning(s); results may not be steady-state.`, details };
  }
  const rejected = metricOf(r, 'rejected.fraction')?.estimate ?? 0;
  const rejectText = rejected > 0 ? `, ${formatPercent(rejected)} of requests rejected` : ', no request rejected';
  return { kind: 'verdict', level: 'ok', headline: `Complete: ${r.replications} replications, stable${rejectText}.`, details };
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
      verdict(r),
      { kind: 'heading', text: 'Key figures' },
      { kind: 'paragraph', text: `Estimate over replications, then its ${pct} interval.` },
      { kind: 'facts', facts: keyFigures },
      { kind: 'heading', text: 'Provenance' },
      { kind: 'facts', facts: provenance },
      ...data.notes.map((text): Block => ({ kind: 'paragraph', text })),
    ],
  };
}
