// The readable summary `apmsim run` prints: one line per metric with its estimate and interval,
// grouped as overall, per agent and per class.

import { REPLAY_NOTE } from '../models/run/metric-interval.js';
import type { MetricSummary, Results } from '../models/run/results.js';

/** Four significant digits, no exponent for everyday magnitudes. */
export function formatNumber(x: number | null): string {
  if (x === null) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}

function row(name: string, m: MetricSummary): string[] {
  if (m.interval !== null) return [name, formatNumber(m.estimate), `[${formatNumber(m.interval[0])}, ${formatNumber(m.interval[1])}]`, m.unit, ''];
  // Why there is no interval goes last, so it does not widen the interval column; a replay's rows
  // would all say the same, and the heading says it once.
  return [name, formatNumber(m.estimate), '—', m.unit, m.note === REPLAY_NOTE ? '' : `(${m.note ?? 'no interval'})`];
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatResults(r: Results): string {
  const pct = Math.round(r.confidence * 100);
  const replay = Object.values(r.metrics).some((m) => m.note === REPLAY_NOTE);
  const head = [
    `${r.scenario}: ${r.replications} replications of ${formatNumber(r.horizon)} s (warm-up ${formatNumber(r.warmup.seconds)} s${r.warmup.mode === 'auto' ? ', MSER-5' : ''}), seed ${r.seed}${r.partial ? '  [PARTIAL]' : ''}`,
    ...(replay ? ['the replications are identical (deterministic replay): no sampling variability, so no intervals'] : []),
  ];
  const groups: [string, (n: string) => boolean][] = [
    ['overall', (n) => !/^(agent|class|objective|coordination)\./.test(n)],
    ['agents', (n) => n.startsWith('agent.')],
    ['classes', (n) => n.startsWith('class.')],
    ['objectives', (n) => n.startsWith('objective.')],
    ['coordination requests', (n) => n.startsWith('coordination.')],
  ];
  const blocks = groups.map(([title, keep]) => {
    const rows = Object.entries(r.metrics).filter(([n]) => keep(n)).map(([n, m]) => row(n, m));
    return rows.length === 0 ? '' : `\n${title}\n${table([['metric', 'estimate', `${pct}% interval`, 'unit', ''], ...rows])}`;
  });
  return head.concat(blocks.filter((b) => b !== '')).join('\n');
}
