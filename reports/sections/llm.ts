// LLM agents: time to first token against end-to-end latency (and time per output token), from
// the `ttft.*` and `tpot.*` metrics, overall, per class or per agent, when the run has them.

import type { Results } from '../../models/run/results.js';
import { intervalDotsSpec } from '../charts/interval-dots.js';
import { formatNumber } from '../format.js';
import { metricOf } from '../metric-names.js';
import { col, type Section } from './section.js';
import { defined, intervalRow, matching, metricRow } from './matching.js';

const PATTERN = /(?:(agent|class)\.([^.]+)\.)?(ttft|tpot)\.(mean|p50|p95|p99)/;
const CHART_STAT_PREFERENCE = ['p95', 'p50', 'mean', 'p99'];

/** The end-to-end (or per-visit) latency metric that a TTFT metric is compared with. */
function e2eCounterpart(scope: string, name: string, stat: string): string {
  if (scope === 'class') return `class.${name}.e2e.${stat}`;
  if (scope === 'agent') return `agent.${name}.sojourn.${stat}`;
  return `e2e.${stat}`;
}

export function llmSection(r: Results): Section | undefined {
  const found = matching(r, PATTERN);
  if (found.length === 0) return undefined;
  const label = (scope: string, name: string) => (scope === '' ? 'all requests' : `${scope} ${name}`);
  const ttftStats = new Set(found.filter((f) => f.groups[2] === 'ttft').map((f) => f.groups[3]!));
  const stat = CHART_STAT_PREFERENCE.find((s) => ttftStats.has(s));
  const pct = `${formatNumber(r.confidence * 100)} %`;
  const scopes = [...new Map(found.map((f) => [`${f.groups[0]}|${f.groups[1]}`, [f.groups[0]!, f.groups[1]!] as const])).values()];
  const tableRows = scopes.flatMap(([scope, name]) => {
    const mine = found.filter((f) => f.groups[0] === scope && f.groups[1] === name);
    const e2e = [...new Set(mine.map((f) => f.groups[3]!))].map((s) => e2eCounterpart(scope, name, s)).filter((n) => metricOf(r, n) !== undefined);
    return [...mine.map((f) => metricRow(f.name, f.metric)), ...e2e.map((n) => metricRow(n, metricOf(r, n)!))];
  });
  const blocks: Section['blocks'][number][] = [];
  if (stat !== undefined) {
    const rows = scopes.flatMap(([scope, name]) => {
      const prefix = scope === '' ? '' : `${scope}.${name}.`;
      return [
        intervalRow(label(scope, name), `TTFT ${stat}`, metricOf(r, `${prefix}ttft.${stat}`)),
        intervalRow(label(scope, name), `${scope === 'agent' ? 'sojourn' : 'e2e'} ${stat}`, metricOf(r, e2eCounterpart(scope, name, stat))),
      ].filter(defined);
    });
    blocks.push({
      kind: 'figure',
      figure: {
        id: 'ttft',
        title: `Time to first token vs end-to-end latency (${stat})`,
        caption: `${stat} time to first token next to the ${stat} end-to-end latency (per-visit sojourn for an agent), each with its ${pct} interval: the gap is what users wait after the answer starts streaming.`,
        spec: intervalDotsSpec(rows, { description: 'TTFT and end-to-end latency with intervals', xTitle: 'seconds', itemTitle: 'scope', seriesTitle: 'measure' }),
        table: { caption: `TTFT, TPOT and end-to-end latency, estimate and ${pct} interval`, columns: [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit')], rows: tableRows },
      },
    });
  } else {
    blocks.push({ kind: 'table', table: { caption: `Token timing metrics, estimate and ${pct} interval`, columns: [col('metric'), col('estimate', true), col(`${pct} interval`, true), col('unit')], rows: tableRows } });
  }
  return { id: 'llm', title: 'LLM latency: first token and end-to-end', blocks };
}
