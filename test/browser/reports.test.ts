// Reports in a real browser (Debian's Chromium driven by playwright-core): each bundled scenario's
// report, a comparison's and a sweep's open from file:// with no console error and no network
// request, every chart renders with marks inside its figure and its table has rows, and a
// screenshot is saved to out/screenshots/ for review. Hostile pages show their strings as text
// and run nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCompareReport, compareSections } from '../../reports/compare-report.js';
import { checkComparison, checkSweep } from '../../reports/documents.js';
import { buildReport, runSections } from '../../reports/run-report.js';
import { reportParts } from '../../reports/inputs.js';
import { buildPage } from '../../reports/page.js';
import { runDataOf } from '../../reports/run-outputs.js';
import type { Section } from '../../reports/sections/section.js';
import { buildSweepReport, sweepSections } from '../../reports/sweep-report.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { hostileComparison, hostileRunData, hostileSweep, HOSTILE_DESCRIPTION, HOSTILE_NAME } from '../reports/hostile.js';
import { compareFixture } from '../reports/compare-fixture.js';
import { llmScenario } from '../reports/llm-run.js';
import { deskSweep } from '../reports/sweep-fixture.js';
import { anyRun, recordedRun, scenarioFile, SCENARIOS, writeRecorded } from '../reports/recorded-run.js';
import type { RunData } from '../../reports/run-data.js';
import { agentValue, summariseWindows } from '../../reports/series-summary.js';
import { contradictions, expectedBanner, sentencesOf } from '../reports/claims.js';
import { assertLayout, bannerLevel, checkCharts, checkHostile, closeBrowser, openBrowser, OUT, pageText, screenshot, sectionIds, visit, type PageVisit } from './chromium.js';

const test = suite('reports in chromium');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

const figureCount = (sections: readonly Section[]): number => sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'figure')).length;

/** Every chart drawn at a readable size inside its figure, with visible marks and a table with rows. */
async function assertChartsRendered(v: PageVisit, expected: number): Promise<string[]> {
  const charts = await checkCharts(v.page);
  assert.is(charts.length, expected, 'one figure per chart');
  for (const c of charts) {
    assert.ok(c.width > 100 && c.height > 50, `${c.id}: drawn at ${c.width}×${c.height}`);
    assert.ok(c.marks > 0, `${c.id}: no visible marks`);
    assert.ok(c.rows > 0, `${c.id}: empty table`);
    assert.ok(c.inside, `${c.id}: drawn beyond its figure`);
  }
  return charts.map((c) => c.id);
}

/**
 * monday-spike-coordination doubles chat's rate at 20 min: the shared GPU pool's line must grow
 * after it (mean over replications, the 10 min after against the 15 min before), and chat's
 * windowed p95 must cross its 6 s objective, drawn on the chart.
 */
function assertSpikeVisible(data: RunData): void {
  const s = data.series!;
  const pool = s.agents.findIndex((a) => a.pool === 'shared');
  const queue = summariseWindows(s, data.results.confidence, agentValue(s, pool, 'poolQueue'));
  const mean = (from: number, to: number) => {
    const xs = queue.filter((p) => p.start >= from && p.end <= to).map((p) => p.estimate!);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  assert.ok(mean(1200, 1800) > 2 * mean(300, 1200), `GPU pool queue before ${mean(300, 1200)}, after ${mean(1200, 1800)}`);
  const chat = s.classes.indexOf('chat');
  const p95 = summariseWindows(s, data.results.confidence, (rs, w) => rs.classP95[w * s.classes.length + chat]!);
  assert.ok(p95.some((p) => p.start >= 1200 && (p.estimate ?? 0) > 6), 'chat p95 crosses 6 s after the event');
  const spec = JSON.stringify(runSections(data).find((x) => x.id === 'over-time')!.blocks.flatMap((b) => (b.kind === 'figure' && b.figure.id === 'p95' ? [b.figure.spec] : []))[0]);
  assert.match(spec, /"text":\{"value":"chat-p95: 6\u00a0s"\}/, 'the objective drawn on the p95 chart');
}

/** Bundled scenarios whose replica counts change (autoscaling): their report charts replicas over time. */
const REPLICAS_CHARTED = new Set(['monday-spike']);

function apmsim(...args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

const scenarios = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();

test('Chromium is installed where the tests look for it', async () => {
  await openBrowser();
});

for (const file of scenarios) {
  const name = file.replace(/\.yaml$/, '');
  test(`${name}: the report renders every chart, logs no error and requests nothing`, async () => {
    // Scenarios with a timeline, objectives or coordination run as apmsim run runs them (segments,
    // negotiation), with their negotiation log in the report.
    const run = await anyRun(scenarioFile(file));
    const dir = join(OUT, 'browser', name);
    await writeRecorded(run, dir);
    const data = runDataOf(run.results, run.scenario, run.outputs, [], [], run.log);
    const expected = figureCount(runSections(data));
    assert.equal(contradictions(sentencesOf(runSections(data)), run.results), [], 'no sentence of the report contradicts results.json');
    if (name === 'monday-spike-coordination') assertSpikeVisible(data);
    assert.ok(expected >= 8, `${expected} charts: latency, CDF, four over time (five with replicas), two for agents`);
    const v = await visit(join(dir, 'report.html'));
    try {
      const charts = await assertChartsRendered(v, expected);
      assert.is(await bannerLevel(v.page), expectedBanner(run.results, data.slos ?? []), 'the banner\'s colour is the verdict the metrics give');
      assert.is(charts.includes('over-time-replicas'), REPLICAS_CHARTED.has(name), 'a Replicas over time chart exactly where replica counts change');
      if (!REPLICAS_CHARTED.has(name)) assert.match(await pageText(v.page), /Replicas over time: no agent or GPU pool changed its number of replicas/);
      const sections = await sectionIds(v.page);
      assert.equal(sections, runSections(data).map((s) => s.id), 'every section the run has data for');
      for (const id of ['summary', 'latency', 'over-time', 'agents', 'metrics', 'reading']) assert.ok(sections.includes(id), id);
      assert.is(sections.includes('coordination'), run.scenario.coordination !== undefined, 'a Coordination section exactly for scenarios with coordination');
      if (run.log?.coordination === true) {
        const text = await pageText(v.page);
        assert.match(text, /Negotiation over time \(replication 0\)/);
        assert.ok(run.log.records.some((r) => r.type === 'timeline') === /Dotted vertical lines mark the timeline events/.test(text), 'timeline events marked');
      }
      await assertLayout(v.page, name);
      await screenshot(v.page, name);
      assert.equal(v.problems, []);
    } finally {
      await v.close();
    }
  });
}

test('an LLM pipeline (cache, retriever, GPU pool) adds its LLM, cost, cache and GPU sections, all rendered', async () => {
  const run = recordedRun(llmScenario());
  const dir = join(OUT, 'browser', 'llm-pipeline');
  await writeRecorded(run, dir);
  const v = await visit(join(dir, 'report.html'));
  try {
    await assertChartsRendered(v, figureCount(runSections(runDataOf(run.results, run.scenario, run.outputs, [], []))));
    assert.equal(await sectionIds(v.page), ['summary', 'latency', 'over-time', 'agents', 'llm', 'cost', 'caches', 'gpu', 'metrics', 'reading']);
    await assertLayout(v.page, 'llm-pipeline');
    await screenshot(v.page, 'llm-pipeline');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

/** The level of every verdict banner on the page, in order. */
const bannerLevels = (v: PageVisit): Promise<string[]> => v.page.evaluate<string[]>(
  `[...document.querySelectorAll('.verdict')].map((b) => ['ok', 'warn', 'fail'].find((l) => b.classList.contains(l)) ?? '')`,
);

test('comparison (support desk with SLOs, a cascade threshold changed): a chart per gate with its pairs, both sides\' CDFs, per-agent changes, SLO gates, verdicts as text', async () => {
  const dir = join(OUT, 'browser', 'comparison');
  const scenario = join(dir, 'support-desk-slos.yaml');
  const slos = 'slos:\n  - { metric: e2e.p95, max: 8s }\n  - { metric: cost.per_task.mean, max: 0.15 }\n  - { metric: throughput, min: 11/s }\n  - { metric: rejected.fraction, max: 0 }\n';
  writeFileAtomic(scenario, `${readFileSync(join(SCENARIOS, 'support-desk.yaml'), 'utf8')}${slos}`);
  const r = apmsim('compare', scenario, scenario, '--candidate-set', 'agents.retriever.next.switch[0].when="difficulty > 0.6"',
    '--candidate-set', 'gpus.small-pool.replicas=2', '--json', join(dir, 'compare.json'), '--report', join(dir, 'report.html'), '--quiet');
  assert.is(r.code, 1, `more large-model calls cost more and wait longer: a regression (exit 1); ${r.stderr}`);
  const doc = checkComparison(JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as Record<string, unknown>, 'compare.json');
  const v = await visit(join(dir, 'report.html'));
  try {
    const charts = await assertChartsRendered(v, figureCount(compareSections(doc)));
    assert.equal(charts, ['gates-forest-relative', 'gates-forest-absolute', 'sides-latency-cdf', 'sides-agent-deltas', 'slos-slo-gates']);
    assert.equal(await sectionIds(v.page), ['summary', 'gates', 'sides', 'slos', 'reading']);
    // The outcome's banner, then the probable cause's (a gate regressed): both red.
    assert.equal((await bannerLevels(v)).slice(0, 2), ['fail', 'fail']);
    const text = await pageText(v.page);
    assert.match(text, /✗ FAIL: .*cost\.per_task\.mean regressed \+[\d.]+ % \[/);
    assert.match(text, /Probable cause: /);
    assert.match(text, /Latency distribution: baseline and candidate/);
    // Every gated metric's pairs are drawn: as many hollow dots as pairs with a defined change.
    assert.ok(doc.gates.every((g) => g.values !== undefined && g.values.baseline.length === doc.replications));
    assert.ok(doc.latency !== undefined && !('missing' in doc.latency), 'both sides recorded their requests');
    for (const words of ['REGRESSED', 'equivalent', 'VIOLATED', 'met']) assert.ok(text.includes(words), words);
    // The candidate's --candidate-set overrides, named on its side and in the knob table.
    assert.match(text, /candidate\s+.*overrides agents\.retriever\.next\.switch\[0\]\.when="difficulty > 0\.6"; gpus\.small-pool\.replicas=2/);
    assert.match(text, /gpus\.small-pool\.replicas\s+\(file\)\s+2/);
    await assertLayout(v.page, 'comparison');
    await screenshot(v.page, 'comparison');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('sweep (support desk: cascade threshold × small-model replicas): frontier, metrics against the knob, every point', async () => {
  const dir = join(OUT, 'browser', 'sweep');
  const r = apmsim('sweep', join(SCENARIOS, 'support-desk.yaml'), '--grid', 'agents.retriever.next.switch[0].when="difficulty > 0.5","difficulty > 0.7","difficulty > 0.85","difficulty > 0.95"',
    '--grid', 'gpus.small-pool.replicas=1,2', '--set', 'replications=3', '--out', dir, '--report', '--quiet');
  assert.is(r.code, 0, r.stderr);
  const doc = checkSweep(JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Record<string, unknown>, 'sweep.json');
  const v = await visit(join(dir, 'report.html'));
  try {
    await assertChartsRendered(v, figureCount(sweepSections(doc)));
    assert.equal(await sectionIds(v.page), ['summary', 'frontier', 'knobs', 'points', 'reading']);
    const text = await pageText(v.page);
    assert.match(text, /Pareto-optimal/);
    // Provenance from sweep.json's header: the command line and the overrides of every point.
    assert.match(text, /command\s+apmsim sweep .*support-desk\.yaml --grid /);
    assert.match(text, /overrides\s+replications=3/);
    assert.is(await bannerLevel(v.page), doc.points.some((p) => p.results.partial || p.results.warnings.length > 0) ? 'warn' : 'ok');
    await assertLayout(v.page, 'sweep');
    await screenshot(v.page, 'sweep');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('serving fidelity (calibrate serving --json on the real Llama-3.1-8B run): banner, table, both CDFs and the queue, laid out at desktop and phone width', async () => {
  const dir = join(OUT, 'browser', 'fidelity');
  const data = fileURLToPath(new URL('../../../../shared/data/serving/llmservingsim/', import.meta.url));
  const cal = spawnSync(process.execPath, [MAIN, 'calibrate', 'serving', '--profile', join(data, 'perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16'),
    '--run', join(data, 'runs/RTXPRO6000_Llama-3.1-8B'), '--fit', join(data, 'runs/RTXPRO6000_Qwen3-32B'), '--json'], { encoding: 'utf8' });
  assert.is(cal.status, 0, cal.stderr);
  writeFileAtomic(join(dir, 'fidelity.json'), cal.stdout);
  const r = apmsim('report', join(dir, 'fidelity.json'), '--out', join(dir, 'report.html'));
  assert.is(r.code, 0, r.stderr);
  const v = await visit(join(dir, 'report.html'));
  try {
    await assertChartsRendered(v, 3);
    assert.equal(await sectionIds(v.page), ['summary', 'fidelity', 'distributions']);
    const doc = JSON.parse(cal.stdout) as { rows: { metric: string; stat: string; error: number }[] };
    const within = [['e2e', 'mean', 0.05], ['e2e', 'p90', 0.05], ['tpot', 'mean', 0.05], ['ttft', 'mean', 0.1], ['ttft', 'p90', 0.1]]
      .every(([m, st, b]) => Math.abs(doc.rows.find((x) => x.metric === m && x.stat === st)!.error) <= (b as number));
    assert.is(await bannerLevel(v.page), within ? 'ok' : 'fail');
    await assertLayout(v.page, 'fidelity');
    await screenshot(v.page, 'fidelity');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('a page of several runs (worker-checker at two seeds, one given twice): overlaid on shared charts against the baseline, laid out at desktop and phone width', async () => {
  const [one, two] = [1, 2].map((seed) => {
    const run = recordedRun(scenarioFile('worker-checker.yaml', ['replications=3', 'horizon=2000s', 'warmup=200s', `seed=${seed}`]));
    return runDataOf(run.results, run.scenario, run.outputs, [], []);
  });
  const given = [['seed-1', one!], ['seed-2', two!], ['seed-1-again', JSON.parse(JSON.stringify(one)) as RunData]] as const;
  const { parts, merged } = reportParts(given.map(([path, data]) => ({ path, input: { kind: 'run' as const, data } })));
  assert.equal(merged, ['seed-1-again is the same run as seed-1 (identical results): shown once']);
  const page = await buildPage(parts);
  assert.equal(page.warnings, []);
  const file = join(OUT, 'browser', 'multi-run', 'report.html');
  writeFileAtomic(file, page.html);
  const v = await visit(file);
  try {
    // The overview's three shared charts (key metrics, CDFs, p95 over time); each run below keeps its summary, which has none.
    assert.equal(await assertChartsRendered(v, 3), ['runs1-runs-key-metrics', 'runs1-runs-latency-cdf', 'runs1-runs-p95-over-time']);
    const own = [expectedBanner(one!.results, one!.slos ?? []), expectedBanner(two!.results, two!.slos ?? [])];
    const worst = own.includes('fail') ? 'fail' : own.includes('warn') ? 'warn' : 'ok';
    assert.equal(await bannerLevels(v), [worst, ...own], 'the overview\'s banner is the worst of the runs\', each run\'s its verdict');
    const text = await pageText(v.page);
    assert.match(text, /2 runs overlaid, baseline #1 worker-checker/);
    assert.match(text, /seed-1-again is the same run as seed-1/);
    await assertLayout(v.page, 'multi-run');
    await screenshot(v.page, 'multi-run');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('hostile run, comparison and sweep pages show their strings as text, and nothing runs or loads', async () => {
  const run = recordedRun(scenarioFile('worker-checker.yaml', ['replications=3', 'horizon=2000s', 'warmup=200s']));
  const runPage = await buildReport([hostileRunData(runDataOf(run.results, run.scenario, run.outputs, [], []))]);
  const comparePage = await buildCompareReport(hostileComparison(compareFixture()));
  const sweepPage = await buildSweepReport(hostileSweep(deskSweep()));
  for (const [name, html, title, subtitle] of [
    ['hostile', runPage.html, `apmsim report: ${HOSTILE_NAME}`, HOSTILE_DESCRIPTION],
    ['hostile-comparison', comparePage.html, `apmsim comparison: ${HOSTILE_NAME}`, undefined],
    ['hostile-sweep', sweepPage.html, `apmsim sweep: ${HOSTILE_NAME}`, undefined],
  ] as const) {
    const file = join(OUT, 'browser', name, 'report.html');
    writeFileAtomic(file, html);
    const v = await visit(file);
    try {
      const seen = await checkHostile(v.page);
      assert.is(seen.title, title, name);
      assert.is(seen.h1, title, name);
      assert.is(seen.h1Elements, 0, `${name}: the heading holds text only`);
      if (subtitle !== undefined) assert.is(seen.subtitle, subtitle);
      assert.is(seen.active, 0, name);
      assert.equal(seen.handlers, [], name);
      await screenshot(v.page, name, false);
      assert.equal(v.problems, [], `${name}: no dialog, console error or request`);
    } finally {
      await v.close();
    }
  }
});

test.after(async () => {
  await closeBrowser();
});

test.run();
