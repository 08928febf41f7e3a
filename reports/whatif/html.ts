// The what-if panel's markup: a slider per knob over its trained region, a choice of confidence,
// the predictions at the sliders' point (the learned backend's own answers at the opening point, so
// the page reads right before, or without, its script), and the model as JSON for the script.
// Every string is escaped; the JSON block cannot end its <script> element early (every '<' is
// written \u003c).

import { escapeHtml } from '../escape.js';
import { formatInterval, formatNumber, formatWithUnit } from '../format.js';
import type { WhatIfData } from './data.js';
import { percent, regionText } from './words.js';

export type Prediction =
  | { readonly kind: 'ok'; readonly estimate: number; readonly lo: number; readonly hi: number }
  | { readonly kind: 'declined'; readonly why: string };

export interface WhatIfPanel {
  readonly data: WhatIfData;
  /** The learned backend's answers at the opening point, one per metric of `data`. */
  readonly start: readonly Prediction[];
  /** `apmsim query` at the opening point, as the script writes it. */
  readonly command: string;
}

/** The id of the JSON block the script reads. */
export const MODEL_ELEMENT_ID = 'whatif-model';

/** JSON that stays data inside a <script> element: no '<' (so no '</script' or '<!--'), no '>' or '&'. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const WHATIF_STYLE = `
.whatif .knobs { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); gap: 12px 24px; margin: 12px 0; }
.whatif .knob { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.whatif .knob[data-edge="yes"] { border-color: var(--warn); background: #fff6e5; }
.whatif .knob label { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 12px; font-weight: 600; }
.whatif .knob label .path { overflow-wrap: anywhere; }
.whatif output { font-variant-numeric: tabular-nums; font-weight: 700; }
.whatif input[type="range"] { width: 100%; margin: 8px 0 2px; }
.whatif .ends { display: flex; justify-content: space-between; gap: 8px; font-size: 0.8rem; color: var(--muted); }
.whatif .note { margin: 4px 0 0; font-size: 0.8rem; color: var(--muted); }
.whatif .region { margin: 8px 0; padding: 6px 10px; border-left: 4px solid var(--ok); background: #eef8f2; }
.whatif:has(.knob[data-edge="yes"]) .region { border-left-color: var(--warn); background: #fff6e5; }
.whatif code { overflow-wrap: anywhere; font-size: 0.85rem; }
.whatif .level { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 24px; }
.whatif svg.profile { display: block; width: 100%; height: auto; margin-top: 6px; overflow: visible; }
.whatif:not([data-live]) svg.profile { display: none; }
.whatif svg.profile text { font-size: 11px; fill: var(--muted); }
.whatif svg.profile .band { fill: #0b4f8a; fill-opacity: 0.18; stroke: none; }
.whatif svg.profile .line { fill: none; stroke: #0b4f8a; stroke-width: 1.5; }
.whatif svg.profile .marker { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 3 2; }
.whatif select { font: inherit; }
`;

function knobHtml(data: WhatIfData, i: number): string {
  const k = data.knobs[i]!;
  const id = `whatif-k${i}`;
  const v = formatNumber(k.values[k.start]);
  const edge = k.start === 0 || k.start === k.values.length - 1 ? 'yes' : 'no';
  const own = k.scenarioValue === null ? 'the scenario has no value of its own'
    : k.scenarioValue >= k.lo && k.scenarioValue <= k.hi ? `scenario: ${formatNumber(k.scenarioValue)}` : `scenario: ${formatNumber(k.scenarioValue)}, outside the region`;
  const steps = `${k.values.length} positions${k.integer ? ', whole numbers' : ''}`;
  return `<div class="knob" data-knob-box="${i}" data-edge="${edge}">`
    + `<label for="${id}"><span class="path">${escapeHtml(k.path)}</span> <output data-knob-value="${i}" for="${id}">${escapeHtml(v)}</output></label>`
    + `<svg class="profile" data-profile="${i}" viewBox="0 0 300 64" role="img" aria-label="${escapeHtml(`the chosen metric along ${k.path} over its trained region, the other knobs where they are`)}"></svg>`
    + `<input type="range" id="${id}" data-knob="${i}" min="0" max="${k.values.length - 1}" step="1" value="${k.start}" aria-valuetext="${escapeHtml(v)}">`
    + `<div class="ends" aria-hidden="true"><span>${escapeHtml(formatNumber(k.lo))}</span><span>trained region</span><span>${escapeHtml(formatNumber(k.hi))}</span></div>`
    + `<p class="note">${escapeHtml(`${own}; ${steps}`)}</p></div>`;
}

function predictionRow(data: WhatIfData, j: number, p: Prediction): string {
  const m = data.metrics[j]!;
  const [est, int, estAttr, intAttr] = p.kind === 'ok'
    ? [formatWithUnit(p.estimate, m.unit), formatInterval(p.lo, p.hi), String(p.estimate), `${p.lo},${p.hi}`]
    : ['—', p.why, '', ''];
  return `<tr data-metric="${j}"><th scope="row">${escapeHtml(m.name)}</th>`
    + `<td class="num" data-estimate="${escapeHtml(estAttr)}">${escapeHtml(est)}</td>`
    + `<td class="num" data-interval="${escapeHtml(intAttr)}">${escapeHtml(int)}</td></tr>`;
}

/** The panel and its data block; `id` prefixes the table caption's id. */
export function whatIfHtml(panel: WhatIfPanel, id: string): string {
  const { data } = panel;
  const pct = percent(data.confidence);
  const options = data.levels.map((c, i) => `<option value="${i}"${c === data.confidence ? ' selected' : ''}>${escapeHtml(percent(c))}${c === data.confidence ? ' (the scenario\'s)' : ''}</option>`).join('');
  return `<div class="whatif" data-whatif>`
    + `<div class="knobs">${data.knobs.map((_, i) => knobHtml(data, i)).join('')}</div>`
    + `<p class="level"><span><label for="whatif-confidence">Confidence of the intervals</label> <select id="whatif-confidence" data-confidence>${options}</select></span>`
    + `<span><label for="whatif-chart">Drawn along each knob</label> <select id="whatif-chart" data-profile-metric>${data.metrics.map((m, j) => `<option value="${j}">${escapeHtml(m.name)}</option>`).join('')}</select></span></p>`
    + `<p class="region" data-region role="status">${escapeHtml(regionText(data, data.knobs.map((k) => k.start)))}</p>`
    + `<div class="table-box" role="region" tabindex="0" aria-labelledby="${id}-caption"><table class="predictions">`
    + `<caption id="${id}-caption">Predicted at this point: learned model, <span data-level>${escapeHtml(pct)}</span> interval</caption>`
    + `<thead><tr><th scope="col">metric</th><th scope="col" class="num">estimate</th><th scope="col" class="num"><span data-level>${escapeHtml(pct)}</span> interval</th></tr></thead>`
    + `<tbody>${panel.start.map((p, j) => predictionRow(data, j, p)).join('')}</tbody></table></div>`
    + `<p class="command">The same question on the command line: <code data-command>${escapeHtml(panel.command)}</code></p>`
    + `</div>\n<script type="application/json" id="${MODEL_ELEMENT_ID}">${scriptJson(data)}</script>`;
}
