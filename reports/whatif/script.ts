// The what-if page's only script, inline and allowed by the page's CSP through its sha256 hash.
// It reads the model from the page's JSON block, evaluates it at the sliders' point and writes the
// predictions as text: no network, no eval, no markup from strings (the CSP also requires Trusted
// Types, so an HTML sink would throw).
//
// EVALUATE mirrors models/query/learned/evaluate.ts (evaluatePredictor, the reference that
// docs/learned-models.md describes step by step) and the backend's answer when there are too few
// points for an interval, in the same arithmetic and order: test/reports/whatif.test.ts runs it in
// a Node VM against the learned backend over a model's grid, bit for bit, and
// test/browser/whatif.test.ts against `apmsim query --model` after moving a slider in Chromium.

import { createHash } from 'node:crypto';

/** Pure functions of the page's data (no DOM): also run by the tests in a Node VM. */
export const EVALUATE = String.raw`
function polynomialAt(terms, coefficients, u) {
  let sum = 0;
  for (let j = 0; j < terms.length; j++) {
    let t = coefficients[j];
    const e = terms[j];
    for (let k = 0; k < u.length; k++) if (e[k] > 0) t *= u[k] ** e[k];
    sum += t;
  }
  return sum;
}
function errorScale(p, u) {
  const variance = p.spread.reduce((sum, c) => sum + polynomialAt(p.mean.terms, c, u) ** 2, 0);
  return Math.sqrt(variance + Math.max(0, polynomialAt(p.misfit.terms, p.misfit.coefficients, u)));
}
function evaluatePredictor(p, knobs, values, confidence) {
  const u = knobs.map((k, i) => (values[i] - k.lo) / (k.hi - k.lo));
  const back = (z) => (p.transform === 'log' ? Math.exp(z) : z);
  const z = polynomialAt(p.mean.terms, p.mean.coefficients, u);
  const estimate = back(z);
  const rank = Math.ceil(confidence * (p.scores.length + 1));
  if (rank > p.scores.length) return { kind: 'too-few', estimate };
  const half = p.scores[rank - 1] * errorScale(p, u);
  return { kind: 'ok', estimate, lo: back(z - half), hi: back(z + half) };
}
function predictAt(data, positions, confidence) {
  const values = data.knobs.map((k, i) => k.values[positions[i]]);
  return data.metrics.map((m) => {
    const e = evaluatePredictor(m.predictor, data.knobs, values, confidence);
    return e.kind === 'ok' ? e : { kind: 'declined', why: m.predictor.scores.length + ' training points are too few for an interval at ' + confidence + ' confidence' };
  });
}
function profileAt(data, positions, confidence, knob, metric) {
  return data.knobs[knob].values.map((_, i) => {
    const at = positions.slice();
    at[knob] = i;
    const values = data.knobs.map((k, j) => k.values[at[j]]);
    const e = evaluatePredictor(data.metrics[metric].predictor, data.knobs, values, confidence);
    return e.kind === 'ok' ? e : null;
  });
}
function formatNumber(x) {
  if (x === null || x === undefined || Number.isNaN(x)) return '\u2014';
  if (!Number.isFinite(x)) return x > 0 ? '\u221e' : '\u2212\u221e';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(3);
  return Number(x.toPrecision(4)).toString();
}
function shellWord(w) {
  return /^[A-Za-z0-9_.,:=\/+*@%\-\[\]]+$/.test(w) ? w : "'" + w.replace(/'/g, "'\\''") + "'";
}
function pointOverrides(data, positions, confidence) {
  const set = data.model.set.concat(data.knobs.map((k, i) => k.path + '=' + String(k.values[positions[i]])));
  return confidence === data.confidence ? set : set.concat(['confidence=' + String(confidence)]);
}
function percent(c) {
  return String(Number((100 * c).toPrecision(4))) + '\u00a0%';
}
function queryCommand(data, positions, confidence) {
  const set = pointOverrides(data, positions, confidence);
  return ['apmsim', 'query', data.model.scenarioFile, '--model', data.model.file, '--backend', 'learned']
    .concat(...data.metrics.map((m) => ['--metric', m.name]), ...set.map((s) => ['--set', s])).map(shellWord).join(' ');
}
function edgeOf(k, position) {
  return position === 0 ? 'lowest' : position === k.values.length - 1 ? 'highest' : '';
}
function regionText(data, positions) {
  const edges = [];
  data.knobs.forEach((k, i) => {
    const edge = edgeOf(k, positions[i]);
    if (edge !== '') edges.push(k.path + ' = ' + formatNumber(k.values[positions[i]]) + ' is the ' + edge + ' value trained');
  });
  return edges.length === 0
    ? 'Inside the trained region: every knob is strictly between the lowest and highest values the model was trained on.'
    : 'On the edge of the trained region: ' + edges.join('; ') + '. The model has seen no point beyond it; apmsim query declines to answer there.';
}
function withUnit(x, unit) {
  const n = formatNumber(x);
  return n === '\u2014' || unit === '' ? n : n + '\u00a0' + unit;
}
`;

/** The page side: sliders in, text out. Elements are found by data attributes within the panel. */
const UI = String.raw`
(function () {
  'use strict';
  const panel = document.querySelector('[data-whatif]');
  const source = document.getElementById('whatif-model');
  if (panel === null || source === null) return;
  const data = JSON.parse(source.textContent);
  const sliders = data.knobs.map((k, i) => panel.querySelector('input[data-knob="' + i + '"]'));
  const level = panel.querySelector('select[data-confidence]');
  const chartMetric = panel.querySelector('select[data-profile-metric]');
  const text = (selector, value) => { const e = panel.querySelector(selector); if (e !== null) e.textContent = value; };
  const SVG = 'http://www.w3.org/2000/svg';
  // The profile's drawing area in its viewBox (300 × 64): labels above and below it.
  const W = 300, TOP = 14, BOTTOM = 50;
  function svgElement(name, attributes, content) {
    const e = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach((a) => e.setAttribute(a, attributes[a]));
    if (content !== undefined) e.textContent = content;
    return e;
  }
  function drawProfile(svg, k, position, points, m) {
    const shown = points.filter((p) => p !== null);
    const marker = points[position];
    const parts = [];
    if (shown.length > 0) {
      const lo = Math.min.apply(null, shown.map((p) => p.lo)), hi = Math.max.apply(null, shown.map((p) => p.hi));
      const span = hi > lo ? hi - lo : Math.abs(hi) || 1;
      const x = (i) => (k.values.length === 1 ? 0 : (i * W) / (k.values.length - 1));
      const y = (v) => BOTTOM - ((v - lo) / span) * (BOTTOM - TOP);
      const xy = (i, v) => x(i).toFixed(2) + ',' + y(v).toFixed(2);
      const runs = [];
      points.forEach((p, i) => { if (p === null) runs.push([]); else { if (runs.length === 0) runs.push([]); runs[runs.length - 1].push(i); } });
      runs.filter((r) => r.length > 0).forEach((r) => {
        const band = r.map((i) => xy(i, points[i].hi)).concat(r.slice().reverse().map((i) => xy(i, points[i].lo)));
        parts.push(svgElement('path', { class: 'band', d: 'M' + band.join('L') + 'Z' }));
        parts.push(svgElement('path', { class: 'line', d: 'M' + r.map((i) => xy(i, points[i].estimate)).join('L') }));
      });
      parts.push(svgElement('text', { x: '0', y: '10' }, withUnit(hi, m.unit)));
      parts.push(svgElement('text', { x: '0', y: '62' }, withUnit(lo, m.unit)));
      if (marker !== null) {
        parts.push(svgElement('line', { class: 'marker', x1: x(position).toFixed(2), x2: x(position).toFixed(2), y1: String(TOP - 2), y2: String(BOTTOM + 2), 'data-estimate': String(marker.estimate) }));
      }
    } else {
      parts.push(svgElement('text', { x: '0', y: '34' }, 'no interval at this confidence'));
    }
    parts.push(svgElement('text', { x: String(W), y: '10', 'text-anchor': 'end' }, m.name.length > 34 ? m.name.slice(0, 33) + '\u2026' : m.name));
    svg.replaceChildren.apply(svg, parts);
  }
  function update() {
    const positions = sliders.map((s) => Number(s.value));
    const confidence = data.levels[Number(level.value)];
    panel.querySelectorAll('[data-level]').forEach((e) => { e.textContent = percent(confidence); });
    data.knobs.forEach((k, i) => {
      const v = formatNumber(k.values[positions[i]]);
      sliders[i].setAttribute('aria-valuetext', v);
      text('[data-knob-value="' + i + '"]', v);
      panel.querySelector('[data-knob-box="' + i + '"]').setAttribute('data-edge', edgeOf(k, positions[i]) === '' ? 'no' : 'yes');
    });
    const results = predictAt(data, positions, confidence);
    results.forEach((r, j) => {
      const row = panel.querySelector('tr[data-metric="' + j + '"]');
      const unit = data.metrics[j].unit;
      const est = row.querySelector('[data-estimate]');
      const int = row.querySelector('[data-interval]');
      if (r.kind === 'ok') {
        est.setAttribute('data-estimate', String(r.estimate));
        int.setAttribute('data-interval', r.lo + ',' + r.hi);
        est.textContent = withUnit(r.estimate, unit);
        int.textContent = '[' + formatNumber(r.lo) + ',\u00a0' + formatNumber(r.hi) + ']';
      } else {
        est.setAttribute('data-estimate', '');
        int.setAttribute('data-interval', '');
        est.textContent = '\u2014';
        int.textContent = r.why;
      }
    });
    const metric = Number(chartMetric.value);
    data.knobs.forEach((k, i) => drawProfile(panel.querySelector('svg[data-profile="' + i + '"]'), k, positions[i], profileAt(data, positions, confidence, i, metric), data.metrics[metric]));
    text('[data-region]', regionText(data, positions));
    text('[data-command]', queryCommand(data, positions, confidence));
  }
  sliders.forEach((s) => s.addEventListener('input', update));
  level.addEventListener('change', update);
  chartMetric.addEventListener('change', update);
  update();
  // Tells a reader (and the browser test) that the predictions now follow the sliders.
  panel.setAttribute('data-live', 'yes');
})();
`;

export const WHATIF_SCRIPT = `${EVALUATE}${UI}`;

export const WHATIF_SCRIPT_HASH = createHash('sha256').update(WHATIF_SCRIPT).digest('base64');
