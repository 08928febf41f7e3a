// A run's report: its sections in reading order (summary first, appendix last), rendered by
// page.ts. Sections whose data the run lacks are left out.

import { buildPage, type PartDraft, type ReportPage } from './page.js';
import type { RunData } from './run-data.js';
import { agentsSection } from './sections/agents.js';
import { allMetricsSection, readingSection } from './sections/appendix.js';
import { cachesSection } from './sections/caches.js';
import { coordinationSection } from './sections/coordination.js';
import { costSection } from './sections/cost.js';
import { gpuSection } from './sections/gpu.js';
import { latencySection } from './sections/latency.js';
import { llmSection } from './sections/llm.js';
import { overTimeSection } from './sections/over-time.js';
import type { Section } from './sections/section.js';
import { summarySection } from './sections/summary.js';

/** The sections of one run, in order, without the ones whose data are missing. */
export function runSections(data: RunData): Section[] {
  const r = data.results;
  const all: (Section | undefined)[] = [
    summarySection(data),
    latencySection(data),
    overTimeSection(data),
    coordinationSection(data),
    agentsSection(data),
    llmSection(r),
    costSection(r),
    cachesSection(r),
    gpuSection(r),
    allMetricsSection(r),
    readingSection(data),
  ];
  return all.filter((s): s is Section => s !== undefined);
}

/** A run as a part of a report page. */
export function runPart(data: RunData): PartDraft {
  const r = data.results;
  return {
    kind: 'run', sections: runSections(data), name: r.scenario, heading: `${r.scenario} (seed ${r.seed})`,
    title: `apmsim report: ${r.scenario}`, subtitle: r.description, version: r.apmsim,
  };
}

/** The report page for one or several runs (several: one part per run, in the order given). */
export function buildReport(runs: readonly RunData[]): Promise<ReportPage> {
  return buildPage(runs.map(runPart));
}
