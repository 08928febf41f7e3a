// Several runs on one page: an overview overlays them (key metrics, latency CDFs, p95 over time) against a baseline (the first run or the one
// named), identical inputs are shown once, every run keeps its summary below; the overview's banner
// is the worst of the runs' own banners.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ReportInputError } from '../../reports/errors.js';
import { reportParts, type GivenInput } from '../../reports/inputs.js';
import { buildPage } from '../../reports/page.js';
import { runDataOf } from '../../reports/run-outputs.js';
import type { RunData } from '../../reports/run-data.js';
import { runChecks } from '../../reports/sections/summary.js';
import type { FigureDraft, Section } from '../../reports/sections/section.js';
import { compareFixture } from './compare-fixture.js';
import { assertInert } from './inert.js';
import { escapeHtml } from '../../reports/escape.js';
import { hostileRunData, HOSTILE_FILE, HOSTILE_NAME, HOSTILE_VALUE } from './hostile.js';
import { recordedRun, scenarioFile } from './recorded-run.js';

const test = suite('multi-run page');

const QUICK = ['replications=3', 'horizon=1500s', 'warmup=150s'];
const runOf = (overrides: readonly string[]): RunData => {
  const s = scenarioFile('worker-checker.yaml', [...QUICK, ...overrides]);
  const run = recordedRun(s);
  return runDataOf({ ...run.results, overrides: [...QUICK, ...overrides] }, run.scenario, run.outputs, [], []);
};
const base = runOf([]);
const more = runOf(['agents.worker.servers=3']);
const seeded = runOf(['seed=7']);
const given = (path: string, data: RunData): GivenInput => ({ path, input: { kind: 'run', data } });

const overview = (parts: ReturnType<typeof reportParts>['parts']): Section => parts[0]!.sections[0]!;
const figure = (s: Section, id: string): FigureDraft | undefined => s.blocks.flatMap((b) => (b.kind === 'figure' && b.figure.id === id ? [b.figure] : []))[0];

test('an overview first, then each run\'s summary in the order given; an identical run is merged into the first with a note', () => {
  const { parts, merged } = reportParts([given('a', base), given('b', more), given('a-again', JSON.parse(JSON.stringify(base)) as RunData), given('c', seeded)]);
  assert.equal(parts.map((p) => p.kind), ['runs', 'run', 'run', 'run']);
  assert.equal(merged, ['a-again is the same run as a (identical results): shown once']);
  const seed = base.results.seed;
  assert.equal(parts.slice(1).map((p) => p.heading), [`#1 worker-checker (seed ${seed}), baseline`, `#2 worker-checker (seed ${seed})`, '#3 worker-checker (seed 7)']);
  // Below the overview each run keeps its summary only: its charts are overlaid above.
  for (const p of parts.slice(1)) assert.equal(p.sections.map((s) => s.id), ['summary']);
  const o = overview(parts);
  const banner = o.blocks[0]!;
  assert.ok(banner.kind === 'verdict' && banner.details.includes('a-again is the same run as a (identical results): shown once'));
});

test('the key metrics share one chart per metric, a row per run, the baseline first with its interval shaded', () => {
  const { parts } = reportParts([given('a', base), given('b', more), given('c', seeded)], 'b');
  const f = figure(overview(parts), 'key-metrics')!;
  const rows = (f.spec as unknown as { vconcat: { title: { text: string }; layer: { mark: { type: string }; data: { values: Record<string, unknown>[] } }[] }[] }).vconcat;
  assert.equal(rows[0]!.title.text, 'end-to-end p95 (s)');
  const p95 = rows[0]!.layer.find((l) => l.mark.type === 'point')!.data.values;
  // The baseline named (b, the second given) leads and is marked.
  assert.equal(p95.map((v) => [v['run'], v['role']]), [['#2 worker-checker', 'baseline'], ['#1 worker-checker', 'other'], ['#3 worker-checker', 'other']]);
  const shade = rows[0]!.layer.find((l) => l.mark.type === 'rect')!.data.values[0]!;
  const m = more.results.metrics['e2e.p95']!;
  assert.equal([shade['lower'], shade['upper']], [m.interval![0], m.interval![1]]);
  assert.is(p95[0]!['estimate'], m.estimate);
  // Its table lists every run's value for every metric drawn.
  assert.is(f.table.rows.length, rows.length * 3);
  assert.match(f.caption, /The baseline \(#2 worker-checker\) is the blue diamond/);
});

test('the latency CDFs are overlaid, baseline first (the solid line); the knobs that differ from the baseline are tabled', () => {
  const { parts } = reportParts([given('a', base), given('b', more)]);
  const o = overview(parts);
  const cdf = figure(o, 'latency-cdf')!;
  const points = (cdf.spec as unknown as { data: { values: { cls: string }[] } }).data.values;
  assert.equal([...new Set(points.map((p) => p.cls))], ['#1 worker-checker', '#2 worker-checker']);
  const knobs = o.blocks.find((b) => b.kind === 'table' && b.table.caption.startsWith('Knobs that differ'));
  assert.ok(knobs !== undefined && knobs.kind === 'table');
  assert.equal(knobs.table.rows, [['#2 worker-checker', 'agents.worker.servers', '(file)', '3']]);
  // A run without its latency distribution is named, not drawn; with fewer than two curves there is no chart.
  const bare = { ...more, latency: undefined };
  assert.is(figure(overview(reportParts([given('a', base), given('b', bare)]).parts), 'latency-cdf'), undefined);
  // The windowed p95 of each run on one chart over time, the baseline first; no band below 0.
  const p95 = figure(o, 'p95-over-time')!;
  const series = (p95.spec as unknown as { data: { values: { series: string; t: number; estimate: number | null; lower: number | null }[] } }).data.values;
  assert.equal([...new Set(series.map((p) => p.series))], ['#1 worker-checker', '#2 worker-checker']);
  assert.is(series.filter((p) => p.series === '#1 worker-checker').length, base.series!.windows);
  assert.ok(series.every((p) => p.lower === null || p.lower >= 0));
  const w0 = series[0]!;
  const mean = base.series!.replications.reduce((a, r) => a + r.e2eP95[0]!, 0) / base.series!.replications.length;
  assert.ok(w0.t === base.series!.window / 2 && Math.abs(w0.estimate! - mean) < 1e-9, 'window 0: the mean of the replications\' p95');
  assert.is(figure(overview(reportParts([given('a', base), given('b', { ...more, series: undefined })]).parts), 'p95-over-time'), undefined);
});

test('the overview\'s banner is the worst of the runs\' banners and names the flagged runs', () => {
  const warned: RunData = { ...seeded, results: { ...seeded.results, warnings: ['agent worker: offered utilisation 1.2 ≥ 1'] } };
  assert.ok(runChecks(warned).some((c) => c.level === 'warn'));
  const level = (runs: RunData[]) => { const b = overview(reportParts(runs.map((d, i) => given(`r${i}`, d))).parts).blocks[0]!; return b.kind === 'verdict' ? [b.level, b.headline] : []; };
  const worst = (d: RunData) => { const c = runChecks(d).map((x) => x.level); return c.includes('fail') ? 'fail' : c.includes('warn') ? 'warn' : 'ok'; };
  const [l, headline] = level([base, warned]);
  const expected = [worst(base), worst(warned)].includes('fail') ? 'fail' : 'warn';
  assert.is(l, expected);
  assert.match(headline!, /runs flagged: .*#2 worker-checker: .*Read with care: 1 warning/);
});

test('--baseline must name a run given; comparisons and sweeps keep their own parts; the page renders without warnings', async () => {
  assert.throws(() => reportParts([given('a', base), given('b', more)], 'elsewhere'), (e: unknown) => e instanceof ReportInputError && /--baseline elsewhere: expected one of the runs given \(a, b\)/.test((e as Error).message));
  const { parts } = reportParts([given('a', base), { path: 'c.json', input: { kind: 'compare', doc: compareFixture() } }, given('b', more)]);
  assert.equal(parts.map((p) => p.kind), ['runs', 'run', 'compare', 'run']);
  const page = await buildPage(parts);
  assert.equal(page.warnings, []);
  assertInert(page.html);
  assert.match(page.html, /<title>apmsim report: worker-checker, comparison support-desk, worker-checker<\/title>/);
  assert.match(page.html, /<p class="subtitle">2 runs, 1 comparison<\/p>/);
  // One run alone, or one run and a comparison, has no overview.
  assert.equal(reportParts([given('a', base), { path: 'c.json', input: { kind: 'compare', doc: compareFixture() } }]).parts.map((p) => p.kind), ['run', 'compare']);
});

test('hostile runs (scenario, agent and class names, warnings, overrides, source paths) show only as escaped text on the overview', async () => {
  const [a, b] = [hostileRunData(base), hostileRunData(more)];
  const withOverrides = { ...b, results: { ...b.results, overrides: [`agents.worker.servers=${HOSTILE_VALUE}`] } };
  const { parts } = reportParts([given(HOSTILE_FILE, a), given('b', withOverrides)]);
  const page = await buildPage(parts);
  assert.equal(page.warnings, []);
  assertInert(page.html);
  for (const s of [HOSTILE_NAME, HOSTILE_FILE, HOSTILE_VALUE]) {
    assert.not.ok(page.html.includes(s), `raw: ${s}`);
    assert.ok(page.html.includes(escapeHtml(s)), `escaped: ${s}`);
  }
});

test.run();
