// A comparison's report (`apmsim compare --report FILE`, or `apmsim report compare.json`): the
// outcome and provenance, the gated metrics' changes, both sides' latency distributions and
// per-agent changes, the SLO gates, how to read it.

import type { CompareDocument } from '../models/compare/report.js';
import { buildPage, type PartDraft, type ReportPage } from './page.js';
import { writeFileAtomic } from './write-atomic.js';
import { gatesSection, slosSection } from './sections/compare-gates.js';
import { compareReadingSection, compareSummarySection } from './sections/compare-summary.js';
import { sidesSection } from './sections/compare-sides.js';
import type { Section } from './sections/section.js';

export function compareSections(d: CompareDocument): Section[] {
  const sides = sidesSection(d);
  return [compareSummarySection(d), gatesSection(d), ...(sides === undefined ? [] : [sides]), slosSection(d), compareReadingSection()];
}

const OUTCOME_WORDS: Readonly<Record<CompareDocument['outcome'], string>> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };

export function comparePart(d: CompareDocument): PartDraft {
  const b = d.baseline.scenario, c = d.candidate.scenario;
  const pair = b === c ? b : `${b} → ${c}`;
  return {
    kind: 'compare', sections: compareSections(d), name: `comparison ${pair}`, heading: `Comparison: ${pair} (${OUTCOME_WORDS[d.outcome]})`,
    title: `apmsim comparison: ${pair}`,
    subtitle: `${OUTCOME_WORDS[d.outcome]}: candidate ${d.candidate.file} against baseline ${d.baseline.file}`,
    version: d.apmsim,
  };
}

export function buildCompareReport(d: CompareDocument): Promise<ReportPage> {
  return buildPage([comparePart(d)]);
}

/** Writes the comparison's report to `file` (atomically); returns the charts' warnings. */
export async function writeCompareReport(file: string, d: CompareDocument): Promise<readonly string[]> {
  const page = await buildCompareReport(d);
  writeFileAtomic(file, page.html);
  return page.warnings;
}
