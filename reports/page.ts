// Assembles a report page from parts (a run, a comparison, a sweep: one part each): renders every
// figure's chart to SVG and hands the sections to html.ts. One part fills the page; several get a
// heading each, in the order given.

import { narrowSpec } from './charts/narrow.js';
import { renderSvg } from './charts/render.js';
import { pageHtml, type PagePart, type RenderedBlock, type RenderedSection } from './html.js';
import type { Section } from './sections/section.js';

/** What one input contributes to a page, before its charts are rendered. */
export interface PartDraft {
  /** Prefix of the part's id (run, compare, sweep, whatif, calibration; runs: several runs overlaid); the part's position is appended. */
  readonly kind: 'run' | 'compare' | 'sweep' | 'runs' | 'whatif' | 'calibration';
  readonly sections: readonly Section[];
  /** Short name for a page title listing several parts (the scenario, "comparison of …"). */
  readonly name: string;
  /** Heading of the part on a page of several. */
  readonly heading: string;
  /** Page title and subtitle when the part is alone on its page. */
  readonly title: string;
  readonly subtitle: string;
  /** apmsim version that produced the data. */
  readonly version: string;
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
      const phone = narrowSpec(spec);
      const narrow = phone === undefined ? undefined : await renderSvg(phone);
      if (narrow !== undefined) warnings.push(...narrow.warnings.map((w) => `${s.id}/${b.figure.id} (phone width): ${w}`));
      blocks.push({ kind: 'figure', figure: { ...rest, svg: rendered.svg, ...(narrow === undefined ? {} : { narrowSvg: narrow.svg }) } });
    }
    out.push({ ...s, blocks });
  }
  return { sections: out, warnings };
}

export interface ReportPage {
  readonly html: string;
  readonly warnings: readonly string[];
}

const KIND_WORDS: Readonly<Record<Exclude<PartDraft['kind'], 'runs'>, readonly [string, string]>> = {
  run: ['run', 'runs'], compare: ['comparison', 'comparisons'], sweep: ['sweep', 'sweeps'], whatif: ['what-if model', 'what-if models'],
  calibration: ['fidelity check', 'fidelity checks'],
};

/** "3 runs" or "2 runs, 1 comparison": what a page of several parts holds. */
function contents(drafts: readonly PartDraft[]): string {
  return (['run', 'compare', 'sweep', 'whatif', 'calibration'] as const).flatMap((k) => {
    const n = drafts.filter((d) => d.kind === k).length;
    return n === 0 ? [] : [`${n} ${KIND_WORDS[k][n === 1 ? 0 : 1]}`];
  }).join(', ');
}

/** The page for one or several parts (deterministic: the same drafts give the same bytes). */
export async function buildPage(drafts: readonly PartDraft[]): Promise<ReportPage> {
  const first = drafts[0];
  if (first === undefined) throw new Error('a report needs at least one part');
  const warnings: string[] = [];
  const parts: PagePart[] = [];
  for (const [i, d] of drafts.entries()) {
    const rendered = await renderSections(d.sections);
    warnings.push(...rendered.warnings);
    parts.push({ id: `${d.kind}${i + 1}`, heading: drafts.length === 1 ? undefined : d.heading, sections: rendered.sections });
  }
  // An overview of several runs is not an input of its own: the title and subtitle name the inputs.
  const inputs = drafts.filter((d) => d.kind !== 'runs');
  const title = drafts.length === 1 ? first.title : `apmsim report: ${inputs.map((d) => d.name).join(', ')}`;
  const subtitle = drafts.length === 1 ? first.subtitle : contents(inputs);
  const versions = [...new Set(drafts.map((d) => d.version))].join(', ');
  return { html: pageHtml(title, subtitle, parts, `Made by apmsim ${versions}.`), warnings };
}
