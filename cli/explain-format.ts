// How `apmsim explain` reads: per class the attribution table (agents by their share of the tail),
// then the recommendations; or, for stored results, time per request at each agent. The same
// document as markdown: a root-cause note for a CI job or a reviewer.

import type { AgentTime, ExplainDocument } from './commands/explain.js';
import type { ReplicationEstimate } from '../models/analysis/interval.js';
import { formatNumber } from './format-table.js';
import { decimalsFor } from '../reports/format.js';

const s = (x: number): string => (Number.isFinite(x) ? `${formatNumber(Number(x.toPrecision(3)))} s` : '—');
const pct = (x: number, decimals = 1): string => (Number.isFinite(x) ? `${(100 * x).toFixed(decimals)}%` : '—');
const pctInterval = (e: ReplicationEstimate): string => {
  const d = decimalsFor((100 * (e.interval[1] - e.interval[0])) / 2, 1);
  return `${pct(e.estimate, d)} [${pct(e.interval[0], d)}, ${pct(e.interval[1], d)}]`;
};
const sInterval = (e: ReplicationEstimate): string => `${s(e.estimate)} [${s(e.interval[0])}, ${s(e.interval[1])}]`;
const signed = (x: number): string => (Number.isFinite(x) ? `${x > 0 ? '+' : ''}${formatNumber(Number(x.toPrecision(3)))}` : '—');

function align(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function sections(d: ExplainDocument): { title: string; head: string[]; rows: string[][] }[] {
  const out: { title: string; head: string[]; rows: string[][] }[] = [];
  for (const c of d.classes ?? []) {
    out.push({
      title: `class ${c.cls}: ${c.requests} requests, mean ${sInterval(c.e2eMean)}, tail (>= p95) mean ${sInterval(c.tailMean)}; ${pct(c.outside.estimate)} outside agents`,
      head: ['agent', 'wait/req', 'service/req', 'retry/req', 'share of mean', 'share of tail', 'tail waiting'],
      rows: c.agents.map((a) => [a.agent, s(a.wait.estimate), s(a.service.estimate), s(a.retry.estimate), pctInterval(a.share), pctInterval(a.tailShare), pct(a.tailWaitShare.estimate)]),
    });
  }
  if (d.stored !== undefined) {
    out.push({
      title: 'time per completed request at each agent (from stored agent metrics; fork branches each counted, not the critical path)',
      head: ['agent', 'wait/req', 'service/req', 'total/req'],
      rows: d.stored.map((a: AgentTime) => [a.agent, sInterval(a.wait), sInterval(a.service), sInterval(a.total)]),
    });
  }
  if (d.recommendations !== undefined) {
    const r = d.recommendations;
    out.push({
      title: `recommendations for ${r.metric} (paired counterfactuals, common random numbers; ranked by ${r.priced ? 'seconds saved per dollar at most added: the cost interval\'s upper end' : 'seconds saved'})`,
      head: ['step', 'change', 'interval', ...(r.priced ? ['cost change'] : []), 'backend', 'status'],
      rows: r.items.map((x) => [
        `${x.step.what}  (--set ${x.step.set})`, `${signed(x.effect.estimate)} s`, `[${signed(x.effect.interval[0])}, ${signed(x.effect.interval[1])}] s`,
        ...(r.priced ? [x.cost === undefined ? '—' : `${signed(x.cost.estimate)} [${signed(x.cost.interval[0])}, ${signed(x.cost.interval[1])}] USD`] : []),
        x.effect.backend, x.confirmed ? 'confirmed' : 'not confirmed',
      ]),
    });
  }
  return out;
}

export function formatExplainText(d: ExplainDocument): string {
  const lines = [`${d.file} (scenario ${d.scenario}, ${d.source}, ${d.replications} replications, ${d.confidence * 100}% intervals)`];
  if (d.note !== undefined) lines.push(`note: ${d.note}`);
  for (const sec of sections(d)) lines.push('', sec.title, sec.rows.length > 0 ? align([sec.head, ...sec.rows]) : '(none)');
  if (d.recommendations !== undefined) for (const k of d.recommendations.skipped) lines.push(`not asked: ${k.step.set}: ${k.reason}`);
  if (d.verdict !== undefined) lines.push('', d.verdict);
  return lines.join('\n');
}

const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function formatExplainMarkdown(d: ExplainDocument): string {
  const out = [`### apmsim explain: ${cell(d.scenario)}`, ''];
  if (d.verdict !== undefined) out.push(`**${cell(d.verdict)}**`, '');
  out.push(`\`${cell(d.file)}\`, ${d.source}, ${d.replications} replications, ${d.confidence * 100}% intervals over replications.${d.note === undefined ? '' : ` ${cell(d.note)}.`}`);
  for (const sec of sections(d)) {
    out.push('', `**${cell(sec.title)}**`, '');
    out.push(`| ${sec.head.map(cell).join(' | ')} |`, `| ${sec.head.map(() => '---').join(' | ')} |`, ...sec.rows.map((r) => `| ${r.map(cell).join(' | ')} |`));
  }
  out.push('', 'Shares are of the latency along each request\'s critical path (a fork counts its slowest branch); they add up to 100% with the time outside agents. See docs/advisor.md.', '');
  return out.join('\n');
}
