// Judged intervals, one row each: a shaded band per row (the tolerance of a gate, or the side of an
// SLO limit that violates it), a reference line, the estimate with its interval, and the verdict
// written as text at the right of the row, so the chart reads without colour or legend. The forest
// plot of a comparison and its SLO gates are drawn with it.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, VERDICT_STYLE, WIDE } from './theme.js';

export interface VerdictRow {
  readonly label: string;
  readonly estimate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** The row's shaded band on the x axis. */
  readonly shadeLow: number;
  readonly shadeHigh: number;
  /** Verdict key (styles the mark) and the words written beside the row. */
  readonly verdict: string;
  readonly verdictText: string;
}

export interface VerdictRowsOptions {
  readonly description: string;
  readonly xTitle: string;
  /** d3-format of the x axis, e.g. '+.1~%'. */
  readonly format: string;
  /** Vertical reference line: 0 (no change) or 1 (at the limit). */
  readonly reference: number;
  readonly shadeColor: string;
  /** Fixed x domain; by default every band, interval and the reference fit. */
  readonly domain?: readonly [number, number];
}


function domainOf(rows: readonly VerdictRow[], reference: number): [number, number] {
  const xs = [reference, ...rows.flatMap((r) => [r.estimate, r.lower, r.upper, r.shadeLow, r.shadeHigh])]
    .filter((x): x is number => x !== null && Number.isFinite(x));
  const lo = Math.min(...xs), hi = Math.max(...xs);
  const pad = (hi - lo) * 0.06 || Math.abs(hi) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

export function verdictRowsSpec(rows: readonly VerdictRow[], o: VerdictRowsOptions): TopLevelSpec {
  const labels = rows.map((r) => r.label);
  const domain = o.domain ?? domainOf(rows, o.reference);
  const clip = (x: number): number => Math.min(Math.max(x, domain[0]), domain[1]);
  const verdicts = Object.keys(VERDICT_STYLE).filter((v) => rows.some((r) => r.verdict === v));
  const y = { field: 'label', type: 'nominal' as const, sort: labels, title: null, axis: { labelLimit: 420 } };
  const x = { type: 'quantitative' as const, title: o.xTitle, scale: { domain: [...domain], nice: false, zero: false }, axis: { format: o.format } };
  const style = {
    color: { field: 'verdict', type: 'nominal' as const, legend: null, scale: { domain: verdicts, range: verdicts.map((v) => VERDICT_STYLE[v]![0]) } },
    shape: { field: 'verdict', type: 'nominal' as const, legend: null, scale: { domain: verdicts, range: verdicts.map((v) => VERDICT_STYLE[v]![1]) } },
  };
  const intervals = rows.filter((r) => r.lower !== null && r.upper !== null && Number.isFinite(r.lower) && Number.isFinite(r.upper));
  const estimates = rows.filter((r) => r.estimate !== null && Number.isFinite(r.estimate));
  const layers: unknown[] = [
    {
      data: { values: rows.map((r) => ({ label: r.label, low: clip(r.shadeLow), high: clip(r.shadeHigh) })) },
      mark: { type: 'rect', color: o.shadeColor, opacity: 0.55 },
      encoding: { y, x: { ...x, field: 'low' }, x2: { field: 'high' } },
    },
    { data: { values: [{}] }, mark: { type: 'rule', color: '#444', strokeDash: [4, 3] }, encoding: { x: { datum: o.reference, type: 'quantitative' } } },
    {
      data: { values: intervals.map((r) => ({ label: r.label, verdict: r.verdict, lower: clip(r.lower!), upper: clip(r.upper!) })) },
      mark: { type: 'rule', strokeWidth: 2.5 },
      encoding: { y, x: { ...x, field: 'lower' }, x2: { field: 'upper' }, color: style.color },
    },
    {
      data: { values: estimates.map((r) => ({ label: r.label, verdict: r.verdict, estimate: clip(r.estimate!) })) },
      mark: { type: 'point', filled: true, size: 90, opacity: 1, stroke: '#222', strokeWidth: 0.6 },
      encoding: { y, x: { ...x, field: 'estimate' }, ...style },
    },
    {
      data: { values: rows.map((r) => ({ label: r.label, text: r.verdictText })) },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, fontWeight: 'bold', fontSize: 12, color: '#222' },
      encoding: { y, x: { value: 'width' }, text: { field: 'text', type: 'nominal' } },
    },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: CONFIG,
    width: WIDE - 160,
    height: { step: 30 },
    layer: layers,
  } as TopLevelSpec;
}
