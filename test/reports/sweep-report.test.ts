// The sweep report: the knob on the x axis and its numbers, Pareto points, the quality-cost
// frontier and a chart per metric of interest with interval bands, each with its table; hostile
// knob paths, values, agent names and scenario names escaped; charts render without warnings.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeHtml } from '../../reports/escape.js';
import type { FigureDraft, Section } from '../../reports/sections/section.js';
import { metricsOfInterest } from '../../reports/sections/sweep-charts.js';
import { knobLinesSpec, MAX_LEGEND } from '../../reports/charts/knob-lines.js';
import { knobOf, lineLabel, paretoFront, xKnobIndex } from '../../reports/sweep-axes.js';
import { buildSweepReport, sweepSections } from '../../reports/sweep-report.js';
import { hostileSweep, HOSTILE_AGENT, HOSTILE_DESCRIPTION, HOSTILE_NAME, HOSTILE_VALUE } from './hostile.js';
import { assertInert } from './inert.js';
import { deskSweep, simulatedSweep } from './sweep-fixture.js';
import { intervalEnds } from '../../models/run/results.js';

const test = suite('sweep report');
const figures = (sections: readonly Section[]): FigureDraft[] => sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure] : [])));

test('Pareto front: nothing else is at least as good on both and better on one', () => {
  const pts = [{ x: 1, y: 1 }, { x: 2, y: 3 }, { x: 2, y: 2 }, { x: 3, y: 3 }, { x: 1, y: 1 }, { x: 0.5, y: 0.2 }];
  // Cost lower and quality higher are better: (2,2) loses to (2,3), (3,3) to (2,3); ties stay.
  assert.equal(paretoFront(pts, 'lower', 'higher'), [true, true, false, false, true, true]);
  // Both lower better: only (0.5, 0.2) survives.
  assert.equal(paretoFront(pts, 'lower', 'lower'), [false, false, false, false, false, true]);
});

test('knobs: numbers with one unit are numeric; the x knob has the most values, numeric when tied', () => {
  assert.equal(knobOf({ path: 'r', values: ['1/s', '1.5/s', '2/s'] }).numbers, [1, 1.5, 2]);
  assert.is(knobOf({ path: 'r', values: ['1/s', '1.5/s'] }).unit, '/s');
  assert.equal(knobOf({ path: 'n', values: ['4', '5', '6'] }).numbers, [4, 5, 6]);
  assert.is(knobOf({ path: 'w', values: ['300ms', '1s'] }).numbers, undefined, 'two units are not one scale');
  assert.is(knobOf({ path: 'p', values: ['"a > 1"', '2'] }).numbers, undefined);
  const knobs = [knobOf({ path: 'a', values: ['x', 'y', 'z'] }), knobOf({ path: 'b', values: ['1', '2', '3'] }), knobOf({ path: 'c', values: ['1', '2'] })];
  assert.is(xKnobIndex(knobs), 1);
  assert.is(xKnobIndex(knobs.slice(0, 1).concat(knobs.slice(2))), 0);
  assert.is(lineLabel(knobs, 1, { a: 'y', b: '2', c: '1' }), 'a=y, c=1');
  assert.is(lineLabel(knobs.slice(1), 0, { b: '2', c: '1' }), '1');
});

const desk = deskSweep();

test('a sweep with quality and cost: frontier, a chart per metric of interest, every point, how to read', () => {
  const sections = sweepSections(desk);
  assert.equal(sections.map((s) => s.id), ['summary', 'frontier', 'knobs', 'points', 'reading']);
  const metrics = metricsOfInterest(desk);
  for (const m of ['e2e.p95', 'quality.mean', 'cost.per_task.mean', 'agent.retriever.utilization', 'gpu.small-pool.utilization']) assert.ok(metrics.includes(m), m);
  const knobFigures = figures(sections).filter((f) => f.id.startsWith('knob-'));
  // rejected.fraction is 0 at every point: one line says so instead of a flat chart.
  assert.equal(knobFigures.map((f) => f.id.slice(5)), metrics.filter((m) => m !== 'rejected.fraction'));
  assert.ok(sections[2]!.blocks.some((b) => b.kind === 'paragraph' && b.text.includes('rejected.fraction = 0')));
  for (const f of knobFigures) assert.is(f.table.rows.length, desk.points.length, f.id);
});

test('the frontier marks exactly the Pareto-optimal points of (cost, quality), in its table and chart', () => {
  const f = figures(sweepSections(desk)).find((x) => x.id === 'frontier')!;
  const cost = desk.points.map((p) => p.results.metrics['cost.per_task.mean']!.estimate!);
  const quality = desk.points.map((p) => p.results.metrics['quality.mean']!.estimate!);
  const expected = paretoFront(cost.map((x, i) => ({ x, y: quality[i]! })), 'lower', 'higher');
  assert.equal(f.table.rows.map((r) => r[r.length - 1]), expected.map((e) => (e ? 'yes' : 'no')));
  assert.ok(expected.some((e) => !e), 'the threshold trades quality for cost, so some point is dominated');
  // Cheapest and best are both on the front.
  assert.ok(expected[cost.indexOf(Math.min(...cost))] && expected[quality.indexOf(Math.max(...quality))]);
  const layers = (f.spec as unknown as { layer: { data: { values: { front: boolean }[] } }[] }).layer;
  assert.is(layers[2]!.data.values.length, expected.filter(Boolean).length, 'the dashed line joins the front only');
});

test('metric against knob: x is the knob with most values, one line per other value, bands from the intervals', () => {
  const f = figures(sweepSections(desk)).find((x) => x.id === 'knob-e2e.p95')!;
  const values = (f.spec as unknown as { data: { values: { x: string; line: string; estimate: number; lower: number; upper: number }[] } }).data.values;
  assert.is(values.length, 6);
  assert.equal([...new Set(values.map((v) => v.line))], ['1', '2']);
  assert.equal([...new Set(values.map((v) => v.x))], ['"difficulty > 0.5"', '"difficulty > 0.8"', '"difficulty > 0.95"']);
  const p0 = desk.points[0]!.results.metrics['e2e.p95']!;
  assert.equal([values[0]!.estimate, values[0]!.lower, values[0]!.upper], [p0.estimate, intervalEnds(p0)[0], intervalEnds(p0)[1]]);
  assert.match(f.title, /^e2e\.p95 against agents\.retriever\.next\.switch\[0\]\.when$/);
});

test('more lines than colours and dashes: no legend that would mislead (the table names them)', () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
  const legendOf = (n: number) => {
    const points = lines(n).map((line) => ({ x: 1, line, estimate: 1, lower: 1, upper: 1 }));
    const spec = knobLinesSpec(points, { description: 'd', xTitle: 'x', yTitle: 'y', xOrder: undefined, lineTitle: 'k', lineOrder: lines(n) });
    return (spec as unknown as { layer: { encoding: { color: { legend: unknown } } }[] }).layer[1]!.encoding.color.legend;
  };
  assert.ok(legendOf(MAX_LEGEND) !== null);
  assert.is(legendOf(MAX_LEGEND + 1), null);
  assert.is(legendOf(1), null, 'one line needs no legend');
});

test('every chart renders without warnings; the same document gives the same bytes', async () => {
  const a = await buildSweepReport(desk);
  const b = await buildSweepReport(JSON.parse(JSON.stringify(desk)));
  assert.equal(a.warnings, []);
  assert.is(a.html, b.html);
  assert.is((a.html.match(/<svg (?!class="narrow")/g) ?? []).length, figures(sweepSections(desk)).length);
  assertInert(a.html);
});

test('a sweep without cost or quality has no frontier; a numeric knob is a numeric axis with its values as ticks', () => {
  const mm4 = simulatedSweep('mm4.yaml', [{ path: 'agents.worker.servers', values: ['4', '5', '6'] }], ['replications=3', 'horizon=1000s', 'warmup=100s']);
  assert.equal(sweepSections(mm4).map((s) => s.id), ['summary', 'knobs', 'points', 'reading']);
  const f = figures(sweepSections(mm4)).find((x) => x.id === 'knob-e2e.p95')!;
  const x = (f.spec as unknown as { layer: { encoding: { x: { type: string; axis?: { values: number[] } } } }[] }).layer[0]!.encoding.x;
  assert.is(x.type, 'quantitative');
  assert.equal(x.axis?.values, [4, 5, 6]);
  const shard = { ...mm4, shard: { index: 1, count: 2 }, points: mm4.points.filter((p) => p.index % 2 === 0) };
  const banner = sweepSections(shard)[0]!.blocks[0]!;
  assert.ok(banner.kind === 'verdict' && banner.level === 'warn' && banner.headline.startsWith('Shard 1/2: 2 of the 3 points'));
});

test('a hostile sweep (scenario, knob paths and values, agent names, warnings) shows only as escaped text', async () => {
  const hostile = hostileSweep(desk);
  assert.ok(metricsOfInterest(hostile).includes(`agent.${HOSTILE_AGENT}.utilization`), 'the hostile agent gets its chart');
  const { html, warnings } = await buildSweepReport(hostile);
  assert.equal(warnings, []);
  assertInert(html);
  for (const s of [HOSTILE_NAME, HOSTILE_DESCRIPTION, HOSTILE_AGENT, HOSTILE_VALUE]) {
    assert.not.ok(html.includes(s), `raw: ${s}`);
    assert.ok(html.includes(escapeHtml(s)), `escaped: ${s}`);
  }
});

test('provenance: the command line, scenario file and overrides of sweep.json\'s header; none of them in a file written before apmsim recorded them', () => {
  const command = ['apmsim', 'sweep', 'support-desk.yaml', '--set', 'horizon=400s', '--knob', "agents.retriever.next.switch[0].when=\"difficulty > 0.5\""];
  const facts = (d: typeof desk): (readonly [string, string])[] => {
    const summary = sweepSections(d).find((s) => s.id === 'summary')!;
    return summary.blocks.flatMap((b) => (b.kind === 'facts' ? b.facts : []));
  };
  const with_ = facts({ ...desk, command });
  const get = (fs: readonly (readonly [string, string])[], k: string) => fs.find(([key]) => key === k)?.[1];
  assert.ok(get(with_, 'command')!.startsWith('apmsim sweep support-desk.yaml --set horizon=400s --knob '), get(with_, 'command'));
  assert.ok(get(with_, 'command')!.includes(`'agents.retriever.next.switch[0].when="difficulty > 0.5"'`));
  assert.is(get(with_, 'scenario file'), desk.scenarioFile);
  assert.is(get(with_, 'overrides'), 'replications=3; horizon=400s; warmup=40s');
  assert.is(get(facts(desk), 'command'), '(run from a program, not the command line)');
  const { command: _c, overrides: _o, scenarioFile: _f, ...old } = desk;
  const before = facts(old as typeof desk);
  assert.equal(['command', 'scenario file', 'overrides'].map((k) => get(before, k)), [undefined, undefined, undefined]);
});

test.run();
