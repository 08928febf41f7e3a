// Writes the report page: one self-contained HTML file with no script and no external resource,
// under a Content-Security-Policy that forbids both. Every string is escaped here; the only markup
// taken as is, the charts' SVG, comes from vega's renderer, which escapes the text it draws. The
// one exception to "no script": a page with a what-if panel carries its inline script, allowed by
// its sha256 hash and nothing else (reports/whatif/script.ts).

import { createHash } from 'node:crypto';
import { escapeHtml, fragmentId } from './escape.js';
import type { Block, FigureDraft, Section, TableData } from './sections/section.js';
import { WHATIF_STYLE, whatIfHtml } from './whatif/html.js';
import { WHATIF_SCRIPT, WHATIF_SCRIPT_HASH } from './whatif/script.js';

export interface RenderedFigure extends Omit<FigureDraft, 'spec'> {
  readonly svg: string;
  /** The chart drawn for phone widths (charts/narrow.ts), when the wide one would shrink its text too far. */
  readonly narrowSvg?: string;
}
export type RenderedBlock = Exclude<Block, { kind: 'figure' }> | { readonly kind: 'figure'; readonly figure: RenderedFigure };
export interface RenderedSection extends Omit<Section, 'blocks'> {
  readonly blocks: readonly RenderedBlock[];
}

/** One run's sections (a report may hold several runs). */
export interface PagePart {
  readonly id: string;
  /** Heading above the part's sections; undefined when the page holds one part. */
  readonly heading: string | undefined;
  readonly sections: readonly RenderedSection[];
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d8d8d8; --ok: #0b6b3a; --warn: #8a5a00; --fail: #a4161a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
header.page, main { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; overflow-wrap: break-word; }
h2 { font-size: 1.3rem; margin: 36px 0 8px; padding-top: 8px; border-top: 2px solid var(--rule); overflow-wrap: break-word; }
h3 { font-size: 1.05rem; margin: 20px 0 6px; overflow-wrap: break-word; }
p.subtitle { margin: 0 0 12px; color: var(--muted); overflow-wrap: break-word; white-space: pre-wrap; }
nav.toc { font-size: 0.9rem; margin: 8px 0 0; }
nav.toc ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav.toc a { color: #0b4f8a; }
.verdict { border: 2px solid; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.verdict p { margin: 0; }
.verdict .headline { font-weight: 700; font-size: 1.1rem; }
.verdict ul { margin: 6px 0 0; padding-left: 20px; }
.verdict.ok { border-color: var(--ok); background: #eef8f2; }
.verdict.warn { border-color: var(--warn); background: #fff6e5; }
.verdict.fail { border-color: var(--fail); background: #fdecec; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: break-word; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0 24px; }
figure h3 { margin-top: 0; }
.figure-body { display: grid; grid-template-columns: minmax(0, max-content) minmax(280px, 1fr); gap: 16px; align-items: start; }
.figure-body.below { grid-template-columns: minmax(0, 1fr); }
@media (max-width: 1000px) { .figure-body { grid-template-columns: minmax(0, 1fr); } }
.chart svg { max-width: 100%; height: auto; display: block; }
.chart svg.narrow { display: none; }
@media (max-width: 720px) { .chart svg.wide { display: none; } .chart svg.narrow { display: block; } }
@media (max-width: 600px) { header.page, main, footer { padding-left: 12px; padding-right: 12px; } dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: 4px; } }
details.long > summary { cursor: pointer; color: #0b4f8a; font-size: 0.85rem; padding: 4px 0; }
figcaption { color: var(--muted); margin: 6px 0 0; max-width: 80ch; }
.table-box { max-height: 420px; overflow: auto; border: 1px solid var(--rule); }
table { border-collapse: collapse; font-size: 0.85rem; width: 100%; }
caption { text-align: left; font-size: 0.8rem; color: var(--muted); padding: 4px 6px; caption-side: top; }
th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { position: sticky; top: 0; background: #f6f6f6; border-bottom: 1px solid var(--rule); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th.num, .nw { white-space: nowrap; }
section > p, section > ul { max-width: 90ch; }
footer { max-width: 1240px; margin: 40px auto 24px; padding: 8px 24px; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); }
@media print { .table-box { max-height: none; overflow: visible; } h2 { break-before: auto; } figure { break-inside: avoid; } }
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** No script, no fetch of any kind; only this page's own style element. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'`;

const WHATIF_STYLE_HASH = createHash('sha256').update(WHATIF_STYLE).digest('base64');

/**
 * A page with a what-if panel: its own script and style, each by hash; Trusted Types with no
 * policy, so the script cannot turn a string into markup or code.
 */
export const INTERACTIVE_CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}' 'sha256-${WHATIF_STYLE_HASH}'; `
  + `script-src 'sha256-${WHATIF_SCRIPT_HASH}'; require-trusted-types-for 'script'; trusted-types 'none'; base-uri 'none'; form-action 'none'`;

/** Tables with more columns than this go below their chart rather than beside it. */
const WIDE_TABLE_COLUMNS = 4;

/** A number and its interval ("1.2 s [1.1, 1.3]") each kept whole: a narrow cell wraps only between them. */
function numericCell(cell: string): string {
  const parts = cell.split(/ +(?=\[)/);
  return parts.length === 1 ? escapeHtml(cell) : parts.map((p) => `<span class="nw">${escapeHtml(p)}</span>`).join(' ');
}

function tableHtml(t: TableData, id: string): string {
  const head = t.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((cell, i) => {
    const numeric = t.columns[i]?.numeric === true;
    const cls = numeric ? ' class="num"' : '';
    const text = numeric ? numericCell(cell) : escapeHtml(cell);
    return i === 0 ? `<th scope="row"${cls}>${text}</th>` : `<td${cls}>${text}</td>`;
  }).join('')}</tr>`).join('\n');
  const box = `<div class="table-box" role="region" tabindex="0" aria-labelledby="${id}-caption"><table>`
    + `<caption id="${id}-caption">${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
  if (t.rows.length <= LONG_TABLE_ROWS) return box;
  return `<details class="long"><summary>Table: ${escapeHtml(t.caption)} (${t.rows.length} rows)</summary>${box}</details>`;
}

/** The chart's SVG, labelled by its caption; refuses markup vega would never emit. */
function svgHtml(svg: string, labelId: string, width?: 'wide' | 'narrow'): string {
  if (!svg.startsWith('<svg ') || /<(script|foreignObject|iframe)\b/i.test(svg)) throw new Error('unexpected chart markup');
  const cls = width === undefined ? '' : `class="${width}" `;
  return svg.replace(/^<svg /, `<svg ${cls}role="img" aria-labelledby="${labelId}" focusable="false" `);
}

/** Tables longer than this are collapsed (a <details> element) below their summary line. */
const LONG_TABLE_ROWS = 24;

function blockHtml(b: RenderedBlock, sectionId: string, index: number): string {
  switch (b.kind) {
    case 'heading': return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'paragraph': return `<p>${escapeHtml(b.text)}</p>`;
    case 'list': return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'facts': return `<dl class="facts">${b.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
    case 'verdict': {
      const mark = b.level === 'ok' ? '✓' : b.level === 'warn' ? '⚠' : '✗';
      const details = b.details.length === 0 ? '' : `<ul>${b.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`;
      return `<div class="verdict ${b.level}" role="status"><p class="headline">${mark} ${escapeHtml(b.headline)}</p>${details}</div>`;
    }
    case 'table': return tableHtml(b.table, `${sectionId}-t${index}`);
    case 'whatif': return whatIfHtml(b.whatif, `${sectionId}-w${index}`);
    case 'figure': {
      const f = b.figure;
      const id = `${sectionId}-${fragmentId(f.id)}`;
      return `<figure class="chart-figure" id="${id}" aria-labelledby="${id}-title">`
        + `<h3 id="${id}-title">${escapeHtml(f.title)}</h3>`
        + `<div class="figure-body${f.tableBelow === true || f.table.columns.length > WIDE_TABLE_COLUMNS ? ' below' : ''}"><div class="chart">${f.narrowSvg === undefined ? svgHtml(f.svg, `${id}-title ${id}-fc`) : `${svgHtml(f.svg, `${id}-title ${id}-fc`, 'wide')}${svgHtml(f.narrowSvg, `${id}-title ${id}-fc`, 'narrow')}`}</div>${tableHtml(f.table, `${id}-table`)}</div>`
        + `<figcaption id="${id}-fc">${escapeHtml(f.caption)}</figcaption></figure>`;
    }
  }
}

function sectionHtml(s: RenderedSection, partId: string): string {
  const id = `${partId}${fragmentId(s.id)}`;
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(s.title)}</h2>\n`
    + `${s.blocks.map((b, i) => blockHtml(b, id, i)).join('\n')}\n</section>`;
}

function tocHtml(parts: readonly PagePart[]): string {
  const items = parts.flatMap((p) => p.sections.map((s) => {
    const label = p.heading === undefined ? s.title : `${p.heading}: ${s.title}`;
    return `<li><a href="#${partPrefix(p)}${fragmentId(s.id)}">${escapeHtml(label)}</a></li>`;
  }));
  return `<nav class="toc" aria-label="Sections"><ul>${items.join('')}</ul></nav>`;
}

const partPrefix = (p: PagePart): string => (p.heading === undefined ? '' : `${fragmentId(p.id)}-`);

/** The whole page. `title` and `subtitle` are plain text (e.g. scenario name and description). */
export function pageHtml(title: string, subtitle: string, parts: readonly PagePart[], footer: string): string {
  const body = parts.map((p) => {
    const sections = p.sections.map((s) => sectionHtml(s, partPrefix(p))).join('\n');
    if (p.heading === undefined) return sections;
    const id = fragmentId(p.id);
    return `<article id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(p.heading)}</h2>\n${sections}\n</article>`;
  }).join('\n');
  // The panel's script and its elements' ids assume one panel per page.
  const panels = parts.flatMap((p) => p.sections.flatMap((s) => s.blocks)).filter((b) => b.kind === 'whatif').length;
  if (panels > 1) throw new Error('a page holds at most one what-if panel');
  const interactive = panels === 1;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${interactive ? INTERACTIVE_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${interactive ? `<style>${WHATIF_STYLE}</style>\n` : ''}</head>
<body>
<header class="page">
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(subtitle)}</p>
${tocHtml(parts)}
</header>
<main>
${body}
</main>
<footer>${escapeHtml(footer)}</footer>
${interactive ? `<script>${WHATIF_SCRIPT}</script>\n` : ''}</body>
</html>
`;
}
