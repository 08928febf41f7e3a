// How a comparison reads: the terminal table and the markdown summary (GitHub step summary, PR
// comments). Both put the verdict first, then one row per gate and per SLO.

import type { Unit } from '../models/run/metrics.js';
import { NO_VARIABILITY_CELL, outcomeLine, sloLabel, VERDICT_WORDS, type CompareDocument, type GateRow, type SideSummary, type SloRow } from '../models/compare/report.js';
import { formatNumber } from './format-table.js';
import { changeDecimals, formatChange } from '../reports/format.js';
import type { ProbableCause } from '../models/advisor/agent-time.js';
import type { ReplicationEstimate } from '../models/analysis/interval.js';

function withUnit(x: number | null, unit: Unit): string {
  return x === null ? '—' : unit === '' ? formatNumber(x) : `${formatNumber(x)} ${unit}`;
}

function changeText(g: GateRow): string {
  return formatChange(g.change, g.scale, changeDecimals(g.interval));
}

function intervalText(g: GateRow): string {
  const f = (x: number | null) => formatChange(x, g.scale, changeDecimals(g.interval));
  // No interval: the gate's note says why.
  return g.interval === null ? '—' : `[${f(g.interval[0])}, ${f(g.interval[1])}]`;
}

function toleranceText(g: GateRow): string {
  return g.scale === 'relative' ? `±${Number((100 * g.tolerance).toPrecision(4))}%` : `±${Number((100 * g.tolerance).toPrecision(4))}pp`;
}

function sideText(s: SideSummary): string {
  const what = s.source === 'scenario' ? 'simulated' : `stored results, apmsim ${s.apmsim}`;
  return `${s.file} (scenario ${s.scenario}, seed ${s.seed}, ${what})`;
}

/** "99.95% intervals (98% family-wise over 4 gates x 10 looks)" */
function levelText(d: CompareDocument): string {
  const tests = d.gates.length + d.slos.length;
  return `${Number((100 * d.level).toPrecision(6))}% intervals (${Number((100 * d.confidence).toPrecision(6))}% family-wise over ${tests} gate${tests === 1 ? '' : 's'} × ${d.maxLooks} look${d.maxLooks === 1 ? '' : 's'})`;
}

function pairingText(d: CompareDocument): string {
  return d.pairing === 'common-random-numbers'
    ? 'paired on common random numbers (same seed, same streams)'
    : 'paired by replication index on independent streams (seeds differ)';
}

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function gateCells(g: GateRow): string[] {
  return [g.metric, g.worse, withUnit(g.baseline, g.unit), withUnit(g.candidate, g.unit), changeText(g), intervalText(g), toleranceText(g), VERDICT_WORDS[g.verdict]];
}

function sloCells(s: SloRow): string[] {
  return [sloLabel(s), withUnit(s.estimate, s.unit), s.interval === null ? NO_VARIABILITY_CELL : `[${withUnit(s.interval[0], s.unit)}, ${withUnit(s.interval[1], s.unit)}]`, VERDICT_WORDS[s.verdict]];
}

const seconds = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${formatNumber(x)} s` : '—');
const secondsInterval = (e: ReplicationEstimate): string => `[${seconds(e.interval[0])}, ${seconds(e.interval[1])}]`;

function causeHeading(p: ProbableCause): string {
  return `Probable cause: mean latency ${seconds(p.e2eMean.estimate)} ${secondsInterval(p.e2eMean)}; agents ranked by their share of the change (time per request, paired)`;
}

/** The probable-cause table, header first: the five agents that moved most. */
function causeRows(p: ProbableCause): string[][] {
  const share = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—');
  return [
    ['agent', 'wait', 'service', 'total', 'interval', 'share of change'],
    ...p.agents.slice(0, 5).map((a) => [a.agent, seconds(a.wait.estimate), seconds(a.service.estimate), seconds(a.total.estimate), secondsInterval(a.total), share(a.contribution)]),
  ];
}

export function formatCompareText(d: CompareDocument): string {
  const lines = [
    `baseline   ${sideText(d.baseline)}`,
    `candidate  ${sideText(d.candidate)}`,
    `${d.replications} replications per side, ${pairingText(d)}; looks at ${d.looks.join(', ')}`,
    levelText(d),
    '',
    table([['metric', 'worse', 'baseline', 'candidate', 'change', 'interval', 'tolerance', 'verdict'], ...d.gates.map(gateCells)], new Set([2, 3, 4])),
  ];
  if (d.slos.length > 0) lines.push('', table([['SLO (candidate)', 'estimate', 'interval', 'verdict'], ...d.slos.map(sloCells)], new Set([1])));
  const notes = d.gates.filter((g) => g.note !== null).map((g) => `note: ${g.metric}: ${g.note!}`);
  if (notes.length > 0) lines.push('', ...notes);
  if (d.probableCause !== undefined) lines.push('', causeHeading(d.probableCause), table(causeRows(d.probableCause), new Set([1, 2, 3, 5])));
  lines.push('', outcomeLine(d));
  return lines.join('\n');
}

const ICON: Readonly<Record<string, string>> = {
  regressed: '❌', violated: '❌', inconclusive: '⚠️', improved: '✅', equivalent: '✅', 'not-worse': '✅', met: '✅',
};

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function mdTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.map(escapeCell).join(' | ')} |`).join('\n');
}

export function formatCompareMarkdown(d: CompareDocument): string {
  const banner = { pass: '✅ PASS', fail: '❌ FAIL', inconclusive: '⚠️ INCONCLUSIVE' }[d.outcome];
  const out = [
    `### apmsim compare: ${banner}`,
    '',
    `**${escapeCell(outcomeLine(d))}**`,
    '',
    `Baseline \`${d.baseline.file}\` vs candidate \`${d.candidate.file}\` (scenario ${d.candidate.scenario}): ${d.replications} replications per side, ${pairingText(d)}; ${levelText(d)}.`,
    '',
    mdTable(['metric', 'worse if', 'baseline', 'candidate', 'change', 'interval', 'tolerance', 'verdict'],
      d.gates.map((g) => {
        const cells = gateCells(g);
        cells[1] = g.worse;
        // The note under the text table is not in the markdown.
        if (g.interval === null) cells[5] = NO_VARIABILITY_CELL;
        cells[7] = `${ICON[g.verdict]!} ${VERDICT_WORDS[g.verdict]}`;
        return cells;
      })),
  ];
  if (d.slos.length > 0) {
    out.push('', mdTable(['SLO (candidate)', 'estimate', 'interval', 'verdict'], d.slos.map((s) => {
      const cells = sloCells(s);
      cells[3] = `${ICON[s.verdict]!} ${VERDICT_WORDS[s.verdict]}`;
      return cells;
    })));
  }
  if (d.probableCause !== undefined) {
    const [head, ...rows] = causeRows(d.probableCause);
    out.push('', `**${escapeCell(causeHeading(d.probableCause))}**`, '', mdTable(head!, rows));
  }
  if (d.warnings.length > 0) out.push('', ...d.warnings.map((w) => `> warning: ${escapeCell(w)}`));
  out.push(
    '',
    '<details><summary>How to read this</summary>',
    '',
    'Each gate compares the candidate with the baseline replication by replication. The interval is the change with its',
    'confidence interval, corrected for the number of gates and of looks; the tolerance is the band of no practical change.',
    'REGRESSED: the whole interval is worse than the band. Improved: the whole interval is better than the band.',
    'Equivalent: the interval lies inside the band. Not worse: the interval is below the upper edge of the band.',
    'Inconclusive: the interval straddles the upper edge, even after adding replications up to the maximum.',
    'An SLO is violated only when its whole interval is beyond the bound. See docs/ci.md.',
    '',
    '</details>',
    '',
  );
  return out.join('\n');
}
