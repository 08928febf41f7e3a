// Reports in a real browser (Debian's Chromium driven by playwright-core): each bundled scenario's
// report opens from file:// with no console error and no network request, every chart renders
// with marks and its table has rows, and a screenshot is saved to out/screenshots/ for review.
// A hostile report shows its strings as text and runs nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildReport, runSections } from '../../reports/run-report.js';
import { runDataOf } from '../../reports/run-outputs.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { hostileRunData, HOSTILE_DESCRIPTION, HOSTILE_NAME } from '../reports/hostile.js';
import { llmScenario } from '../reports/llm-run.js';
import { recordedRun, scenarioFile, SCENARIOS, writeRecorded } from '../reports/recorded-run.js';

const test = suite('reports in chromium');
const CHROMIUM = process.env['APMSIM_CHROMIUM'] ?? '/usr/bin/chromium';
const OUT = fileURLToPath(new URL('../../../out/', import.meta.url));
const SHOTS = join(OUT, 'screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;

async function openBrowser(): Promise<Browser> {
  if (browser !== undefined) return browser;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the report tests need a real browser. Install Debian's package (apt-get install -y chromium, as .ci/run does) or set APMSIM_CHROMIUM to a Chromium binary.`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return browser;
}

interface PageVisit {
  readonly page: Page;
  readonly problems: string[];
  close(): Promise<void>;
}

/** Opens a report, recording console errors and warnings, page errors, dialogs and every request. */
async function visit(file: string): Promise<PageVisit> {
  const b = await openBrowser();
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

interface ChartCheck { readonly id: string; readonly width: number; readonly height: number; readonly marks: number; readonly rows: number }

// Browser-side code as text: the test tree compiles without the DOM library.
/** Per figure: the chart's drawn size, its visible marks (data marks with a non-empty box), its table rows. */
const CHECK_CHARTS = `[...document.querySelectorAll('figure.chart-figure')].map((f) => {
  const svg = f.querySelector('.chart svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  const marks = svg ? [...svg.querySelectorAll('.role-mark > *')] : [];
  const visible = marks.filter((m) => { const b = m.getBBox(); return b.width > 0 || b.height > 0; });
  return { id: f.id, width: box.width, height: box.height, marks: visible.length, rows: f.querySelectorAll('tbody tr').length };
})`;

/** What the hostile page shows and holds. */
const CHECK_HOSTILE = `({
  title: document.title,
  h1: document.querySelector('h1')?.textContent ?? '',
  h1Elements: document.querySelector('h1')?.children.length ?? -1,
  subtitle: document.querySelector('p.subtitle')?.textContent ?? '',
  active: document.querySelectorAll('script, img, iframe, object, embed, foreignObject, use').length,
  handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => e.tagName + ' ' + a.name)),
})`;

interface HostileCheck { readonly title: string; readonly h1: string; readonly h1Elements: number; readonly subtitle: string; readonly active: number; readonly handlers: string[] }

const checkCharts = (page: Page): Promise<ChartCheck[]> => page.evaluate<ChartCheck[]>(CHECK_CHARTS);

const scenarios = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();

test('Chromium is installed where the tests look for it', async () => {
  await openBrowser();
});

for (const file of scenarios) {
  const name = file.replace(/\.yaml$/, '');
  test(`${name}: the report renders every chart, logs no error and requests nothing`, async () => {
    const run = recordedRun(scenarioFile(file));
    const dir = join(OUT, 'browser', name);
    await writeRecorded(run, dir);
    const data = runDataOf(run.results, run.scenario, run.outputs, [], []);
    const expected = runSections(data).flatMap((s) => s.blocks.filter((b) => b.kind === 'figure')).length;
    const v = await visit(join(dir, 'report.html'));
    try {
      const charts = await checkCharts(v.page);
      assert.is(charts.length, expected, 'one figure per chart');
      assert.ok(expected >= 8, `${expected} charts: latency, CDF, four over time, two for agents`);
      for (const c of charts) {
        assert.ok(c.width > 100 && c.height > 50, `${c.id}: drawn at ${c.width}×${c.height}`);
        assert.ok(c.marks > 0, `${c.id}: no visible marks`);
        assert.ok(c.rows > 0, `${c.id}: empty table`);
      }
      const sections = await v.page.$$eval('main section', (s) => s.map((x) => x.id));
      // Every report has these; LLM scenarios add their LLM, cost, cache and GPU sections between.
      assert.equal(sections.slice(0, 4), ['summary', 'latency', 'over-time', 'agents']);
      assert.equal(sections.slice(-2), ['metrics', 'reading']);
      mkdirSync(SHOTS, { recursive: true });
      await v.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
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
    const charts = await checkCharts(v.page);
    for (const c of charts) assert.ok(c.width > 100 && c.height > 50 && c.marks > 0 && c.rows > 0, `${c.id}: ${JSON.stringify(c)}`);
    const sections = await v.page.$$eval('main section', (s) => s.map((x) => x.id));
    assert.equal(sections, ['summary', 'latency', 'over-time', 'agents', 'llm', 'cost', 'caches', 'gpu', 'metrics', 'reading']);
    mkdirSync(SHOTS, { recursive: true });
    await v.page.screenshot({ path: join(SHOTS, 'llm-pipeline.png'), fullPage: true });
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('a hostile name and description show as text, and nothing runs or loads', async () => {
  const run = recordedRun(scenarioFile('worker-checker.yaml', ['replications=3', 'horizon=2000s', 'warmup=200s']));
  const page = await buildReport([hostileRunData(runDataOf(run.results, run.scenario, run.outputs, [], []))]);
  const file = join(OUT, 'browser', 'hostile', 'report.html');
  writeFileAtomic(file, page.html);
  const v = await visit(file);
  try {
    const seen = await v.page.evaluate<HostileCheck>(CHECK_HOSTILE);
    assert.is(seen.title, `apmsim report: ${HOSTILE_NAME}`);
    assert.is(seen.h1, `apmsim report: ${HOSTILE_NAME}`);
    assert.is(seen.h1Elements, 0, 'the heading holds text only');
    assert.is(seen.subtitle, HOSTILE_DESCRIPTION);
    assert.is(seen.active, 0);
    assert.equal(seen.handlers, []);
    assert.ok(readFileSync(file, 'utf8').length > 0);
    mkdirSync(SHOTS, { recursive: true });
    await v.page.screenshot({ path: join(SHOTS, 'hostile.png'), fullPage: false });
    assert.equal(v.problems, [], 'no dialog, console error or request');
  } finally {
    await v.close();
  }
});

test.after(async () => {
  await browser?.close();
});

test.run();
