// A run's report: its sections in reading order (summary first, appendix last), the charts
// rendered to SVG, the page written by html.ts. Sections whose data the run lacks are left out.

import { renderSvg } from './charts/render.js';
import { pageHtml, type PagePart, type RenderedBlock, type RenderedSection } from './html.js';
import type { RunData } from './run-data.js';
import { agentsSection } from './sections/agents.js';
import { allMetricsSection, readingSection } from './sections/appendix.js';
import { cachesSection } from './sections/caches.js';
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

export interface RenderOutcome {
  readonly sections: RenderedSection[];
  readonly warnings: string[];
}

/** Renders every figure's chart to SVG; chart warnings are returned, not printed. */
export async function renderSections(sections: readonly Section[]): Promise<RenderOutcome> {
  const warnings: string[] = [];
  const out: RenderedSection[] = [];
  for (const s of sections) {
    const blocks: RenderedBlock[] = [];
    for (const b of s.blocks) {
      if (b.kind !== 'figure') { blocks.push(b); continue; }
      const { spec, ...rest } = b.figure;
      const rendered = await renderSvg(spec);
      warnings.push(...rendered.warnings.map((w) => `${s.id}/${b.figure.id}: ${w}`));
      blocks.push({ kind: 'figure', figure: { ...rest, svg: rendered.svg } });
    }
    out.push({ ...s, blocks });
  }
  return { sections: out, warnings };
}

export interface ReportPage {
  readonly html: string;
  readonly warnings: readonly string[];
}

/** The report page for one or several runs (several: one part per run, in the order given). */
export async function buildReport(runs: readonly RunData[]): Promise<ReportPage> {
  const warnings: string[] = [];
  const parts: PagePart[] = [];
  for (const [i, data] of runs.entries()) {
    const rendered = await renderSections(runSections(data));
    warnings.push(...rendered.warnings);
    const heading = runs.length === 1 ? undefined : `${data.results.scenario} (seed ${data.results.seed})`;
    parts.push({ id: `run${i + 1}`, heading, sections: rendered.sections });
  }
  const first = runs[0]!.results;
  const title = runs.length === 1 ? `apmsim report: ${first.scenario}` : `apmsim report: ${runs.map((d) => d.results.scenario).join(', ')}`;
  const subtitle = runs.length === 1 ? first.description : `${runs.length} runs`;
  const versions = [...new Set(runs.map((d) => d.results.apmsim))].join(', ');
  return { html: pageHtml(title, subtitle, parts, `Made by apmsim ${versions}.`), warnings };
}
