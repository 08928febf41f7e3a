// A comparison's banner and provenance: the outcome in one line with the warnings, what was
// compared (both sides: file, scenario, seed, simulated or stored), how (pairing, replications,
// looks, interval level), and how to read the gates.

import { outcomeLine, type CompareDocument, type GateRow, type SideSummary } from '../../models/compare/report.js';
import { formatNumber } from '../format.js';
import { levelText } from './compare-gates.js';
import { knobDiff, madeFacts } from '../provenance.js';
import { col, type Block, type Section } from './section.js';

const LEVEL: Readonly<Record<CompareDocument['outcome'], 'ok' | 'warn' | 'fail'>> = { pass: 'ok', fail: 'fail', inconclusive: 'warn' };

const LIMITS: Readonly<Record<string, string>> = {
  'max-replications': 'Replications stopped at the maximum with a gate still inconclusive.',
  'stored-replications': 'Replications stopped at the number the stored results hold, with a gate still inconclusive.',
  unmeasurable: 'A gate cannot be settled by more replications (see its note).',
};

function sideText(s: SideSummary): string {
  const how = s.source === 'scenario' ? 'simulated' : `stored results of apmsim ${s.apmsim}`;
  const overrides = s.overrides;
  const set = overrides === undefined ? '' : overrides === null ? '; overrides not recorded' : overrides.length === 0 ? '; no overrides' : `; overrides ${overrides.join('; ')}`;
  return `${s.file} — scenario ${s.scenario}, seed ${s.seed}, ${how}${set}`;
}

/** The knobs whose values differ between the sides, a row each; a sentence when none or unknown. */
function knobBlocks(d: CompareDocument): Block[] {
  const diff = knobDiff(d.baseline.overrides, d.candidate.overrides);
  if (diff === undefined) return [];
  if (diff.length === 0) return [{ kind: 'paragraph', text: 'The sides set the same overrides: they differ only in their files (or not at all).' }];
  return [{ kind: 'table', table: { caption: 'Knobs that differ between the sides (overrides as applied; (file) where a side keeps the file\'s value)', columns: [col('knob'), col('baseline'), col('candidate')], rows: diff } }];
}

/** A change as the headline gives it: "+5.4 % [+4.6, +6.3]" (relative) or "+0.12 pp [+0.05, +0.2]" (absolute). */
export function magnitude(g: GateRow): string {
  if (g.change === null) return 'not measured';
  const unit = g.scale === 'relative' ? '%' : 'pp';
  const signed = (x: number): string => { const t = Number((100 * x).toPrecision(2)); return `${t > 0 ? '+' : t < 0 ? '−' : '±'}${Math.abs(t)}`; };
  const [lo, hi] = g.interval ?? [null, null];
  return `${signed(g.change)} ${unit}${lo === null || hi === null ? '' : ` [${signed(lo)}, ${signed(hi)}]`}`;
}

/**
 * The outcome line with the size of each change it names (the regressed or undecided gates), and
 * for a pass the largest change among the gates: a verdict without its magnitude hides how far off
 * the candidate is.
 */
export function headlineWithMagnitude(d: CompareDocument): string {
  let line = outcomeLine(d);
  for (const g of d.gates) {
    if (g.verdict === 'regressed') line = line.replace(`${g.metric} regressed`, `${g.metric} regressed ${magnitude(g)}`);
  }
  if (d.outcome === 'inconclusive') {
    const open = d.gates.filter((g) => g.verdict === 'inconclusive').map((g) => `${g.metric} ${magnitude(g)}`);
    if (open.length > 0) line += ` (${open.join('; ')})`;
  }
  if (d.outcome === 'pass') {
    const largest = [...d.gates].filter((g) => g.change !== null).sort((a, b) => Math.abs(b.change!) - Math.abs(a.change!))[0];
    if (largest !== undefined) line += `; largest change ${largest.metric} ${magnitude(largest)}`;
  }
  return line;
}

export function compareSummarySection(d: CompareDocument): Section {
  const details = [...d.warnings];
  if (d.limit !== null && d.limit !== undefined) details.push(LIMITS[d.limit] ?? d.limit);
  const tests = d.gates.length + d.slos.length;
  const method: [string, string][] = [
    ['replications', `${d.replications} per side; looks at ${d.looks.join(', ')} (at most ${d.maxLooks})`],
    ['pairing', d.pairing === 'common-random-numbers'
      ? 'common random numbers: replication j of both sides shares its seed and random streams'
      : 'by replication index on independent streams (the seeds differ), so intervals are wider'],
    ['intervals', `${levelText(d)} each: ${formatNumber(d.confidence * 100)} % family-wise over ${tests} gate${tests === 1 ? '' : 's'} × ${d.maxLooks} look${d.maxLooks === 1 ? '' : 's'} (Bonferroni)`],
    ['apmsim version', d.apmsim],
  ];
  const blocks: Block[] = [
    { kind: 'verdict', level: LEVEL[d.outcome], headline: headlineWithMagnitude(d), details },
    { kind: 'heading', text: 'Compared' },
    { kind: 'facts', facts: [...madeFacts({ command: d.command }), ['baseline', sideText(d.baseline)], ['candidate', sideText(d.candidate)], ['fingerprints', `${d.baseline.fingerprint} → ${d.candidate.fingerprint}`]] },
    ...knobBlocks(d),
    { kind: 'heading', text: 'Method' },
    { kind: 'facts', facts: method },
  ];
  return { id: 'summary', title: 'Summary', blocks };
}

export function compareReadingSection(): Section {
  return {
    id: 'reading',
    title: 'How to read this comparison',
    blocks: [{
      kind: 'list',
      items: [
        'Each gate compares the candidate with the baseline replication by replication: times, rates and costs by the log of their ratio (shown as a relative change), fractions by their difference in percentage points.',
        'The interval of each change is a paired Student-t interval, corrected for the number of gates and of looks, so the chance of any wrong call in the whole comparison stays within the family-wise level.',
        'REGRESSED: the whole interval is worse than the tolerance band. Improved: the whole interval is better than the band. Equivalent: the interval lies inside the band. Not worse: the interval ends below the band\'s worse edge. Inconclusive: the interval straddles that edge, even after adding replications up to the maximum.',
        'An SLO is violated only when its whole interval is beyond the limit, and met when it is entirely within.',
        'Each chart has its numbers in the table below it; verdicts are written beside every row and told apart by shape as well as colour.',
        'This page is self-contained: it runs no script and loads nothing. Method and defaults: docs/ci.md.',
      ],
    }],
  };
}
