// The comparison report: per scale a small chart per gate on its own scale, with the tolerance band,
// the paired replications as dots and the verdict written beside each row; the SLO gates as multiples of their limits; the banner says the
// outcome. Every string of the comparison is escaped; the charts render without warnings.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { TopLevelSpec } from 'vega-lite';
import { outcomeLine } from '../../models/compare/report.js';
import { buildCompareReport, compareSections } from '../../reports/compare-report.js';
import { pairedChanges, toleranceBand } from '../../reports/sections/compare-gates.js';
import { headlineWithMagnitude } from '../../reports/sections/compare-summary.js';
import type { FigureDraft, Section } from '../../reports/sections/section.js';
import { compareFixture, FIXTURE_AGENTS, FIXTURE_GATES, FIXTURE_LATENCY } from './compare-fixture.js';
import { hostileComparison, HOSTILE_AGENT, HOSTILE_CLASS, HOSTILE_DESCRIPTION, HOSTILE_FILE, HOSTILE_NAME, HOSTILE_VALUE } from './hostile.js';
import { assertInert } from './inert.js';
import { escapeHtml } from '../../reports/escape.js';

const test = suite('comparison report');

type Layer = { mark: { type: string; size?: number }; data: { values: Record<string, unknown>[] }; encoding: Record<string, unknown> };
/** The rows of a gated-metric chart (one small chart per gate, stacked). */
const gateRows = (spec: TopLevelSpec): { title: { text: string }; layer: Layer[] }[] => (spec as unknown as { vconcat: { title: { text: string }; layer: Layer[] }[] }).vconcat;
/** Per row, the data of its layer of one kind: the band, the pairs' dots, the interval, the estimate, the verdict text. */
const gateLayer = (spec: TopLevelSpec, kind: 'band' | 'pairs' | 'interval' | 'estimate' | 'verdict'): (Record<string, unknown>[] | undefined)[] => gateRows(spec).map((r) => r.layer.find((l) => {
  switch (kind) {
    case 'band': return l.mark.type === 'rect';
    case 'pairs': return l.mark.type === 'point' && l.mark.size === 18;
    case 'interval': return l.mark.type === 'rule' && 'x2' in l.encoding;
    case 'estimate': return l.mark.type === 'point' && l.mark.size !== 18;
    case 'verdict': return l.mark.type === 'text';
  }
})?.data.values);
const doc = compareFixture();

const figures = (sections: readonly Section[]): FigureDraft[] => sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure] : [])));
/** The data rows of a layer of a verdict-rows chart (the SLO gates; layers: band, reference, interval, estimate, verdict text). */
const layerValues = (spec: TopLevelSpec, layer: number): Record<string, unknown>[] =>
  ((spec as unknown as { layer: { data: { values: Record<string, unknown>[] } }[] }).layer[layer]!.data.values);

test('sections: summary, gated metrics, SLO gates, how to read', () => {
  assert.equal(compareSections(doc).map((s) => s.id), ['summary', 'gates', 'slos', 'reading']);
  assert.equal(figures(compareSections(doc)).map((f) => f.id), ['forest-relative', 'forest-absolute', 'slo-gates']);
});

test('the verdict fixture covers every verdict (so the charts below draw each style)', () => {
  assert.equal([...new Set(FIXTURE_GATES.map((g) => g.verdict))].sort(), ['equivalent', 'improved', 'inconclusive', 'not-worse', 'regressed']);
});

test('gated metrics: a small chart per gate of their scale, band = tolerance on the shown scale, verdict written per row', () => {
  const [relative, absolute] = figures(compareSections(doc));
  const rel = FIXTURE_GATES.filter((g) => g.scale === 'relative');
  assert.equal(gateRows(relative!.spec).map((r) => r.title.text.split(' ')[0]), rel.map((g) => g.metric));
  const bands = gateLayer(relative!.spec, 'band').map((v) => v![0]!);
  assert.is(bands.length, rel.length);
  // ±2 % on the ratio: from 1/1.02 − 1 = −1.96 % to +2 %; 5 % for the metric with its own tolerance.
  assert.ok(Math.abs((bands[0]!['low'] as number) - (1 / 1.02 - 1)) < 1e-12 && bands[0]!['high'] === 0.02);
  const p99 = rel.findIndex((g) => g.metric === 'class.chat.e2e.p99');
  assert.equal([bands[p99]!['low'], bands[p99]!['high']], toleranceBand(rel[p99]!));
  assert.is(bands[p99]!['high'], 0.05);
  assert.equal(gateLayer(relative!.spec, 'verdict').map((v) => v![0]!['text']), ['REGRESSED', 'equivalent', 'equivalent', 'improved', 'inconclusive', 'inconclusive']);
  // The unmeasurable gate has a row and a verdict, but no estimate and no interval to draw.
  assert.is(gateLayer(relative!.spec, 'estimate').filter((v) => v !== undefined).length, rel.length - 1);
  assert.is(gateLayer(relative!.spec, 'interval').filter((v) => v !== undefined).length, rel.length - 1);
  // The fixture keeps no replication values: no dots.
  assert.ok(gateLayer(relative!.spec, 'pairs').every((v) => v === undefined));
  // Fractions in percentage points: ±0.5 pp, an interval of [−0.7, +0.3] pp.
  assert.equal(gateLayer(absolute!.spec, 'band').map((v) => [v![0]!['low'], v![0]!['high']]), [[-0.5, 0.5], [-0.5, 0.5]]);
  const ruled = gateLayer(absolute!.spec, 'interval')[0]!;
  assert.ok(Math.abs((ruled[0]!['lower'] as number) + 0.7) < 1e-12 && Math.abs((ruled[0]!['upper'] as number) - 0.3) < 1e-12);
  assert.equal(absolute!.table.rows.map((r) => [r[0], r[4], r[7]]), [['rejected.fraction', '-0.20pp', 'not worse'], ['error.rate', '+1.20pp', 'REGRESSED']]);
  assert.match(relative!.caption, /^1 of 6 regressed \(e2e\.p95 \+12\.19%\); 2 inconclusive \(class\.chat\.e2e\.p99 \+3\.00%, class\.batch\.e2e\.p95 —\); 1 improved \(cost\.per_task\.mean -18\.00%\); 2 equivalent or not worse\. /);
});

test('per-metric scales: a +12 % change beside a ±2 % band keeps the band over a fifth of the drawn axis', () => {
  const [relative] = figures(compareSections(doc));
  const row = gateRows(relative!.spec)[0]!;
  const x = (row.layer[0]!.encoding['x'] as { scale: { type: string; constant: number; domain: [number, number] }; axis: { values: number[] } });
  assert.is(x.scale.type, 'symlog');
  assert.is(x.scale.constant, 0.02);
  const f = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v) / 0.02);
  const [lo, hi] = x.scale.domain;
  assert.ok(lo < 0 && hi > 0.143, `domain ${x.scale.domain} holds 0 and the interval's end`);
  const bandShare = (f(0.02) - f(1 / 1.02 - 1)) / (f(hi) - f(lo));
  // On one linear axis from 0 to +14.3 % the ±2 % band would take about a quarter; at +17 % it would be a fifth.
  assert.ok(bandShare > 0.3, `band takes ${bandShare} of the axis`);
  assert.equal(x.axis.values.filter((t) => t > 0), [0.02, 0.04, 0.1].filter((t) => t <= hi));
});

test('paired replications drawn as dots: each pair\'s change on the gate\'s scale; the relative estimate is their geometric mean', () => {
  const b = [10, 11, 9, 10.5, 12], c = [11, 11.9, 10.2, 11.3, 13];
  const geo = Math.exp(b.reduce((s, x, i) => s + Math.log(c[i]! / x), 0) / b.length) - 1;
  const g = { ...FIXTURE_GATES[0]!, change: geo, interval: [geo - 0.02, geo + 0.02] as const, values: { baseline: [...b, null], candidate: [...c, 14] } };
  assert.equal(pairedChanges(g).map((x) => Number(x.toFixed(12))), b.map((x, i) => Number((c[i]! / x - 1).toFixed(12))));
  const frac = { ...FIXTURE_GATES[6]!, values: { baseline: [0.01, 0.02, 0], candidate: [0.012, 0.015, 0] } };
  assert.equal(pairedChanges(frac).map((x) => Number(x.toFixed(12))), [0.002, -0.005, 0]);
  // A ratio with a baseline of 0 is undefined: left out, not drawn at infinity.
  assert.equal(pairedChanges({ ...g, values: { baseline: [0, 1], candidate: [1, 1] } }), [0]);
  const [relative, absolute] = figures(compareSections(compareFixture({ gates: [g, ...FIXTURE_GATES.slice(1, 6), frac, FIXTURE_GATES[7]!] })));
  const dots = gateLayer(relative!.spec, 'pairs')[0]!;
  assert.equal(dots.map((d) => d['change']), pairedChanges(g));
  assert.ok(dots.every((d) => (d['j'] as number) >= 0.15 && (d['j'] as number) <= 0.85));
  assert.equal(gateLayer(absolute!.spec, 'pairs')[0]!.map((d) => Number((d['change'] as number).toFixed(9))), [0.2, -0.5, 0]);
  assert.match(relative!.caption, /each hollow dot one pair's change \(replication j of both sides shares its random numbers\)/);
});

test('SLO gates: estimates as multiples of their limits, the violating side shaded; a limit of 0 stays in the table', () => {
  const slo = figures(compareSections(doc)).find((f) => f.id === 'slo-gates')!;
  const rows = layerValues(slo.spec, 3);
  assert.equal(rows.map((r) => r['label']), ['e2e.p95 <= 8s', 'cost.per_task.mean <= 0.15', 'throughput >= 11/s', 'e2e.p99 <= 10s']);
  assert.ok(Math.abs((rows[1]!['estimate'] as number) - 0.2374 / 0.15) < 1e-12);
  const shade = layerValues(slo.spec, 0);
  assert.is(shade[0]!['low'], 1, 'max bound: shaded from the limit up');
  assert.is(shade[2]!['high'], 1, 'min bound: shaded up to the limit');
  assert.equal(layerValues(slo.spec, 4).map((r) => r['text']), ['met', 'VIOLATED', 'met', 'inconclusive']);
  assert.is(slo.table.rows.length, 5);
  assert.match(slo.caption, /Violated: cost\.per_task\.mean <= 0\.15\..* 1 SLO\(s\) with a limit of 0 are in the table only/);
});

test('without SLOs or fraction gates, those parts say so or are left out', () => {
  const bare = compareFixture({ slos: [], gates: FIXTURE_GATES.filter((g) => g.scale === 'relative') });
  assert.equal(figures(compareSections(bare)).map((f) => f.id), ['forest-relative']);
  const slos = compareSections(bare).find((s) => s.id === 'slos')!;
  assert.equal(slos.blocks.map((b) => b.kind), ['paragraph']);
});

test('both sides: overlaid latency CDFs with their bands, per-agent wait and service changes, the probable cause when a gate regressed', async () => {
  const d = compareFixture({ agents: FIXTURE_AGENTS, probableCause: FIXTURE_AGENTS, latency: FIXTURE_LATENCY });
  assert.equal(compareSections(d).map((s) => s.id), ['summary', 'gates', 'sides', 'slos', 'reading']);
  const [cdf, agents] = figures([compareSections(d).find((s) => s.id === 'sides')!]);
  assert.is(cdf!.id, 'latency-cdf');
  const points = (cdf!.spec as unknown as { data: { values: { cls: string; probability: number; estimate: number; lower: number; upper: number }[] } }).data.values;
  // Every level with a value, of each side; the baseline has none at 0.999.
  assert.is(points.filter((p) => p.cls === 'baseline').length, 6);
  assert.is(points.filter((p) => p.cls === 'candidate').length, 7);
  const c95 = points.find((p) => p.cls === 'candidate' && p.probability === 0.95)!;
  assert.equal([c95.estimate, c95.lower, c95.upper], [6.6, 6.4, 6.8]);
  assert.equal(cdf!.table.rows.map((r) => [r[0], r[3]]), [['p50', '+10 %'], ['p90', '+10 %'], ['p95', '+10 %'], ['p99', '+10 %'], ['p99.9', '—']]);
  assert.match(cdf!.caption, /^At p95: baseline 6 s, candidate 6\.6 s \(\+10 %\)\. .*pointwise 98 % Student-t interval over replications, not corrected across levels/);
  assert.is(agents!.id, 'agent-deltas');
  const rows = (agents!.spec as unknown as { data: { values: { item: string; series: string; estimate: number }[] } }).data.values;
  assert.equal(rows.map((r) => `${r.item}/${r.series}`), ['small-answer/wait', 'small-answer/service', 'retriever/wait', 'retriever/service', 'router/wait', 'router/service']);
  assert.equal(agents!.table.rows.map((r) => [r[0], r[4], r[5]]), [['small-answer', '90 %', 'yes'], ['retriever', '6 %', 'yes'], ['router', '0 %', '']]);
  const sides = compareSections(d).find((s) => s.id === 'sides')!;
  const banner = sides.blocks.find((b) => b.kind === 'verdict');
  assert.ok(banner !== undefined && banner.kind === 'verdict' && banner.headline === 'Probable cause: small-answer, retriever', JSON.stringify(banner));
  // A pass has no probable cause, but still the per-agent changes.
  const pass = compareFixture({ outcome: 'pass', agents: FIXTURE_AGENTS, latency: { missing: 'no latency distribution of the baseline: b.json has no latency.arrow beside it' } });
  const passSides = compareSections(pass).find((s) => s.id === 'sides')!;
  assert.equal(passSides.blocks.map((b) => b.kind), ['paragraph', 'figure']);
  assert.match((passSides.blocks[0] as { text: string }).text, /^No latency distributions: no latency distribution of the baseline: b\.json has no latency\.arrow beside it\.$/);
  assert.is(figures([passSides])[0]!.table.columns.length, 5, 'no probable-cause column');
  const { html, warnings } = await buildCompareReport(d);
  assert.equal(warnings, []);
  assertInert(html);
  // JSON gives the same page (the report is rebuilt from compare --json).
  assert.is((await buildCompareReport(JSON.parse(JSON.stringify(d)))).html, html);
});

test('the banner is the outcome line, at the outcome\'s level, with the warnings', async () => {
  for (const [outcome, level] of [['fail', 'fail'], ['pass', 'ok'], ['inconclusive', 'warn']] as const) {
    const d = compareFixture({ outcome });
    const banner = compareSections(d)[0]!.blocks[0]!;
    // The outcome line, with the size of each change it names (and a pass's largest change).
    assert.ok(banner.kind === 'verdict' && banner.level === level && banner.headline === headlineWithMagnitude(d), outcome);
    if (outcome !== 'fail') assert.ok(banner.headline.startsWith(outcomeLine(d)), outcome);
  }
  const { html, warnings } = await buildCompareReport(doc);
  assert.equal(warnings, []);
  assert.match(html, /class="verdict fail"[^>]*><p class="headline">✗ FAIL: e2e\.p95 regressed \+[\d.]+ % \[[+−][\d.]+, [+−][\d.]+\], error\.rate regressed \+[\d.]+ pp \[[+−][\d.]+, [+−][\d.]+\], SLO cost\.per_task\.mean &lt;= 0\.15 violated/);
  assert.match(html, /<title>apmsim comparison: support-desk<\/title>/);
  assertInert(html);
});

test('every chart renders to SVG with its verdicts drawn as text', async () => {
  const { html } = await buildCompareReport(doc);
  const svgs = [...html.matchAll(/<svg (?!class="narrow")[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  assert.is(svgs.length, 3);
  assert.match(svgs[0]!, />REGRESSED<\/text>/);
  assert.match(svgs[0]!, />improved<\/text>/);
  assert.match(svgs[2]!, />VIOLATED<\/text>/);
});

test('a hostile comparison (files, scenario, metric names, SLO texts, notes, warnings) shows only as escaped text', async () => {
  const { html, warnings } = await buildCompareReport(hostileComparison(doc));
  assert.equal(warnings, []);
  assertInert(html);
  for (const s of [HOSTILE_NAME, HOSTILE_DESCRIPTION, HOSTILE_FILE, HOSTILE_CLASS, HOSTILE_VALUE]) {
    assert.not.ok(html.includes(s), `raw: ${s}`);
    assert.ok(html.includes(escapeHtml(s)), `escaped: ${s}`);
  }
  // Both sides' section: agent names in the chart, the table and the probable cause; the note of a missing distribution.
  for (const latency of [FIXTURE_LATENCY, { missing: 'x' }]) {
    const page = await buildCompareReport(hostileComparison(compareFixture({ agents: FIXTURE_AGENTS, probableCause: FIXTURE_AGENTS, latency })));
    assert.equal(page.warnings, []);
    assertInert(page.html);
    assert.ok(page.html.includes(`Probable cause: ${escapeHtml(HOSTILE_AGENT)}`));
    for (const s of [HOSTILE_AGENT, HOSTILE_DESCRIPTION, HOSTILE_FILE]) assert.not.ok(page.html.includes(s), `raw: ${s}`);
    if ('missing' in latency) assert.ok(page.html.includes(escapeHtml(HOSTILE_FILE)));
  }
});

test.run();
