// A sweep's report (`apmsim sweep --report`, or `apmsim report DIR` on a sweep folder): the grid
// and provenance, the trade-off frontier, each metric of interest against the knobs, every point.

import { join } from 'node:path';
import type { SweepDocument } from '../models/sweep/document.js';
import { buildPage, type PartDraft, type ReportPage } from './page.js';
import type { Section } from './sections/section.js';
import { frontierSection, knobsSection } from './sections/sweep-charts.js';
import { pointsSection, sweepReadingSection, sweepSummarySection } from './sections/sweep-summary.js';
import { writeFileAtomic } from './write-atomic.js';

export function sweepSections(d: SweepDocument): Section[] {
  const all = [sweepSummarySection(d), frontierSection(d), knobsSection(d), pointsSection(d), sweepReadingSection(d)];
  return all.filter((s): s is Section => s !== undefined);
}

export function sweepPart(d: SweepDocument): PartDraft {
  const knobs = d.grid.map((a) => a.path).join(' × ');
  const shard = d.shard === undefined ? '' : ` (shard ${d.shard.index}/${d.shard.count})`;
  return {
    kind: 'sweep', sections: sweepSections(d), name: `sweep ${d.scenario}`, heading: `Sweep: ${d.scenario} over ${knobs}${shard}`,
    title: `apmsim sweep: ${d.scenario}`, subtitle: `${d.size} points over ${knobs}${shard}`, version: d.apmsim,
  };
}

export function buildSweepReport(d: SweepDocument): Promise<ReportPage> {
  return buildPage([sweepPart(d)]);
}

/** Writes `dir`/report.html (atomically), as `apmsim report dir` would build it; returns its path and the charts' warnings. */
export async function writeSweepReport(dir: string, d: SweepDocument): Promise<{ readonly file: string; readonly warnings: readonly string[] }> {
  const page = await buildSweepReport(d);
  const file = join(dir, 'report.html');
  writeFileAtomic(file, page.html);
  return { file, warnings: page.warnings };
}
