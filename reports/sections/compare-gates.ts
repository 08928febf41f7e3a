// A comparison's gates: a small chart per gated metric on its own scale, with its change (candidate
// vs baseline), corrected interval, every paired replication's change as a dot, the tolerance band
// shaded and the verdict beside each row; and the SLO gates, each candidate estimate as a multiple of
// its limit with the violating side shaded.

import { NO_VARIABILITY_CELL, VERDICT_WORDS, sloLabel, type CompareDocument, type GateRow, type SloRow } from '../../models/compare/report.js';
import { verdictRowsSpec, type VerdictRow } from '../charts/verdict-rows.js';
import { gateRowsSpec, type GateChartRow } from '../charts/gate-rows.js';
import { changeDecimals, formatChange, formatInterval, formatWithUnit } from '../format.js';
import { col, type Block, type FigureDraft, type Section, type TableData } from './section.js';

/** The level of each interval, e.g. "99.98 %". */
export const levelText = (d: CompareDocument): string => `${Number((100 * d.level).toPrecision(6))} %`;

const toleranceText = (g: GateRow): string => `±${Number((100 * g.tolerance).toPrecision(4))}${g.scale === 'relative' ? '%' : 'pp'}`;

/** The band of no practical change on the shown scale: a ratio within [1/(1+δ), 1+δ], or ±δ. */
export function toleranceBand(g: GateRow): [number, number] {
  return g.scale === 'relative' ? [1 / (1 + g.tolerance) - 1, g.tolerance] : [-g.tolerance, g.tolerance];
}

function gateTable(gates: readonly GateRow[], caption: string): TableData {
  return {
    caption,
    columns: [col('metric'), col('worse if'), col('baseline', true), col('candidate', true), col('change', true), col('interval', true), col('tolerance', true), col('verdict')],
    rows: gates.map((g) => {
      const change = (x: number | null) => formatChange(x, g.scale, changeDecimals(g.interval));
      return [g.metric, g.worse, formatWithUnit(g.baseline, g.unit), formatWithUnit(g.candidate, g.unit), change(g.change),
        g.interval === null ? '—' : `[${change(g.interval[0])},\u00a0${change(g.interval[1])}]`, toleranceText(g), VERDICT_WORDS[g.verdict]];
    }),
  };
}

/** "2 of 6 gates regressed (e2e.p95 +12.19%, …)": what the chart says first. */
function takeaway(gates: readonly GateRow[]): string {
  const by = (v: GateRow['verdict']) => gates.filter((g) => g.verdict === v);
  const list = (gs: readonly GateRow[]) => gs.map((g) => `${g.metric} ${formatChange(g.change, g.scale)}`).join(', ');
  const parts: string[] = [];
  if (by('regressed').length > 0) parts.push(`${by('regressed').length} of ${gates.length} regressed (${list(by('regressed'))})`);
  if (by('inconclusive').length > 0) parts.push(`${by('inconclusive').length} inconclusive (${list(by('inconclusive'))})`);
  if (by('improved').length > 0) parts.push(`${by('improved').length} improved (${list(by('improved'))})`);
  const rest = gates.length - by('regressed').length - by('inconclusive').length - by('improved').length;
  if (rest > 0) parts.push(`${rest} equivalent or not worse`);
  return `${parts.join('; ')}.`;
}

/**
 * Each paired replication's change on the gate's shown scale: candidate ÷ baseline − 1 (relative;
 * the gate's estimate is their geometric mean) or candidate − baseline; pairs missing a side, or
 * with a ratio undefined (a baseline of 0), are left out.
 */
export function pairedChanges(g: GateRow): number[] {
  if (g.values === undefined) return [];
  const { baseline, candidate } = g.values;
  const out: number[] = [];
  for (let i = 0; i < Math.min(baseline.length, candidate.length); i++) {
    const b = baseline[i], c = candidate[i];
    if (b === null || b === undefined || c === null || c === undefined) continue;
    const d = g.scale === 'relative' ? (b > 0 && c >= 0 ? c / b - 1 : NaN) : c - b;
    if (Number.isFinite(d)) out.push(d);
  }
  return out;
}

function forestFigure(d: CompareDocument, scale: GateRow['scale']): FigureDraft | undefined {
  const gates = d.gates.filter((g) => g.scale === scale);
  if (gates.length === 0) return undefined;
  const relative = scale === 'relative';
  // Fractions are plotted in percentage points so the axis reads like the table.
  const k = relative ? 1 : 100;
  const times = (x: number | null): number | null => (x === null ? null : x * k);
  const rows: GateChartRow[] = gates.map((g) => {
    const [lo, hi] = toleranceBand(g);
    return {
      label: `${g.metric} (${g.worse} is worse; tolerance ${toleranceText(g)})`, estimate: times(g.change), lower: times(g.interval === null ? g.change : g.interval[0]), upper: times(g.interval === null ? g.change : g.interval[1]),
      bandLow: lo * k, bandHigh: hi * k, linear: g.tolerance * k, pairs: pairedChanges(g).map((x) => x * k),
      verdict: g.verdict, verdictText: VERDICT_WORDS[g.verdict], format: relative ? '+.1~%' : '+.2~f',
    };
  });
  const dots = rows.some((r) => r.pairs.length > 0);
  const what = relative ? 'Relative change (candidate ÷ baseline − 1)' : 'Difference (candidate − baseline, percentage points)';
  const band = relative
    ? 'The shaded band is the tolerance: a ratio within [1/(1+δ), 1+δ] (for ±2 %: from −1.96 % to +2 %) is no practical change.'
    : 'The shaded band is the tolerance (±δ percentage points): a difference inside it is no practical change.';
  const pairing = d.pairing === 'common-random-numbers' ? 'replication j of both sides shares its random numbers' : 'replication j of each side, on independent streams';
  return {
    id: `forest-${scale}`,
    title: relative ? 'Change per gated metric' : 'Change per gated fraction (percentage points)',
    caption: `${takeaway(gates)} ${what} of each gated metric over ${d.replications} paired replications, one small chart per metric: the large mark is the estimate, the bar its ${levelText(d)} interval (corrected for ${d.gates.length + d.slos.length} gates and ${d.maxLooks} looks)${dots ? `, each hollow dot one pair's change (${pairing})` : ''}. ${band} Each chart has its own scale, linear within the tolerance and logarithmic beyond (symmetric log), so the band stays readable beside a large change; ticks are at 1, 2, 5, 10 … times the tolerance. REGRESSED only when the whole interval lies beyond the band on the worse side; the verdict is written beside each chart.`,
    spec: gateRowsSpec(rows, `Small multiples: ${what.toLowerCase()} per gated metric with paired replications, interval and tolerance band`),
    table: gateTable(gates, `Gated metrics: means of both sides, change and ${levelText(d)} interval, tolerance and verdict`),
    tableBelow: true,
  };
}

export function gatesSection(d: CompareDocument): Section {
  const blocks: Block[] = [];
  for (const scale of ['relative', 'absolute'] as const) {
    const f = forestFigure(d, scale);
    if (f !== undefined) blocks.push({ kind: 'figure', figure: f });
  }
  if (blocks.length === 0) blocks.push({ kind: 'paragraph', text: 'No metric was gated.' });
  const notes = d.gates.filter((g) => g.note !== null).map((g) => `${g.metric}: ${g.note!}`);
  if (notes.length > 0) blocks.push({ kind: 'heading', text: 'Notes' }, { kind: 'list', items: notes });
  return { id: 'gates', title: 'Gated metrics', blocks };
}

const sloTable = (slos: readonly SloRow[], level: string): TableData => ({
  caption: `SLO gates on the candidate: estimate (mean over replications), ${level} interval and verdict`,
  columns: [col('SLO'), col('estimate', true), col(`${level} interval`, true), col('verdict')],
  rows: slos.map((s) => [sloLabel(s), formatWithUnit(s.estimate, s.unit), (s.interval === null ? NO_VARIABILITY_CELL : formatInterval(s.interval[0], s.interval[1]) + (s.unit === '' ? '' : `\u00a0${s.unit}`)), VERDICT_WORDS[s.verdict]]),
});

export function slosSection(d: CompareDocument): Section {
  const level = levelText(d);
  if (d.slos.length === 0) {
    return { id: 'slos', title: 'SLO gates', blocks: [{ kind: 'paragraph', text: 'No SLO gates: the candidate scenario declares no slos (or the candidate is stored results, which carry none).' }] };
  }
  // A multiple of the limit needs a positive limit; SLOs such as "rejected.fraction <= 0" stay in the table.
  const charted = d.slos.filter((s) => s.limit > 0);
  const rows: VerdictRow[] = charted.map((s) => {
    const r = (x: number | null): number | null => (x === null ? null : x / s.limit);
    return {
      label: sloLabel(s), estimate: r(s.estimate), lower: r(s.interval === null ? s.estimate : s.interval[0]), upper: r(s.interval === null ? s.estimate : s.interval[1]),
      shadeLow: s.bound === 'max' ? 1 : -1e9, shadeHigh: s.bound === 'max' ? 1e9 : 1, verdict: s.verdict, verdictText: VERDICT_WORDS[s.verdict],
    };
  });
  const xs = rows.flatMap((r) => [r.estimate, r.lower, r.upper]).filter((x): x is number => x !== null && Number.isFinite(x));
  const hi = Math.max(1.25, ...xs) * 1.08;
  const lo = Math.min(0, ...xs);
  const table = sloTable(d.slos, level);
  const violated = d.slos.filter((s) => s.verdict === 'violated').map(sloLabel);
  const left = d.slos.length - charted.length;
  const blocks: Block[] = charted.length === 0 ? [{ kind: 'table', table }] : [{
    kind: 'figure',
    figure: {
      id: 'slo-gates',
      title: 'SLO gates on the candidate',
      caption: `${violated.length === 0 ? 'No SLO is violated.' : `Violated: ${violated.join(', ')}.`} Each SLO's candidate estimate and ${level} interval as a multiple of its limit (1 = at the limit, dashed); the shaded side violates it. VIOLATED only when the whole interval lies there, met when it lies entirely on the other side.${left > 0 ? ` ${left} SLO(s) with a limit of 0 are in the table only.` : ''}`,
      spec: verdictRowsSpec(rows, {
        description: 'SLO gates: candidate estimate as a multiple of the limit with intervals', xTitle: 'candidate estimate ÷ limit', format: '.2~f',
        reference: 1, shadeColor: '#f6d5cc', domain: [lo, hi],
      }),
      table,
      tableBelow: true,
    },
  }];
  return { id: 'slos', title: 'SLO gates', blocks };
}
