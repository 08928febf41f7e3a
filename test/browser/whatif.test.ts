// The what-if page in Chromium: a model trained with `apmsim train`, its page built with
// `apmsim report --whatif` (alone, and after a run's report). The page's script runs under its CSP
// hash (and only under it), leaves the page as the learned backend wrote it on opening, and after a
// slider is moved shows the numbers `apmsim query --model` answers at the same point. Both pages lay
// out at 1400 and 390 px with no console error, no request, no overflow or overlapping text.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadModel, type EstimateAnswer } from '../../models/query/index.js';
import { formatInterval, formatWithUnit } from '../../reports/format.js';
import type { WhatIfData } from '../../reports/whatif/data.js';
import { buildPage } from '../../reports/page.js';
import { learnedAnswers, whatIfPanel, whatIfPart } from '../../reports/whatif/part.js';
import { pointOverrides } from '../../reports/whatif/words.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { readSource } from '../../api/read-scenario.js';
import { SCENARIOS } from '../reports/recorded-run.js';
import { assertLayout, closeBrowser, openBrowser, OUT, screenshot, visit } from './chromium.js';

const test = suite('what-if page in chromium');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const DIR = join(OUT, 'browser', 'whatif');
const MM4 = join(SCENARIOS, 'mm4.yaml');
const MODEL = join(DIR, 'mm4.json');
const SET = ['horizon=1500s', 'warmup=150s'];

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });
const trained = apmsim('train', MM4, '--vary', 'workload.requests.arrivals.rate=2..3.2', '--vary', 'agents.worker.servers=4..6', '--samples', '80',
  '--replications', '2', ...SET.flatMap((s) => ['--set', s]), '--metric', 'e2e.mean', '--metric', 'e2e.p95', '--out', MODEL, '--quiet');
assert.is(trained.code, 0, trained.stderr);
const PAGE = join(DIR, 'whatif.html');
const built = apmsim('report', '--whatif', MODEL, '--out', PAGE, '--quiet');
assert.is(built.code, 0, built.stderr);

/** What the panel shows: knob values, predictions as text and as numbers, the region and the command. */
interface Shown {
  readonly live: string | null;
  readonly knobs: string[];
  readonly edges: string[];
  readonly rows: { readonly estimate: string; readonly interval: string; readonly value: string; readonly bounds: string }[];
  readonly region: string;
  readonly command: string;
}
const SHOWN = `(() => {
  const panel = document.querySelector('[data-whatif]');
  return {
    live: panel.getAttribute('data-live'),
    knobs: [...panel.querySelectorAll('output')].map((o) => o.textContent),
    edges: [...panel.querySelectorAll('[data-knob-box]')].map((b) => b.getAttribute('data-edge')),
    rows: [...panel.querySelectorAll('tr[data-metric]')].map((r) => ({
      estimate: r.querySelector('[data-estimate]').textContent, interval: r.querySelector('[data-interval]').textContent,
      value: r.querySelector('[data-estimate]').getAttribute('data-estimate'), bounds: r.querySelector('[data-interval]').getAttribute('data-interval'),
    })),
    region: panel.querySelector('[data-region]').textContent,
    command: panel.querySelector('[data-command]').textContent,
  };
})()`;
const shown = (page: Page): Promise<Shown> => page.evaluate<Shown>(SHOWN);
const pageData = (page: Page): Promise<WhatIfData> => page.evaluate<WhatIfData>(`JSON.parse(document.getElementById('whatif-model').textContent)`);
const positions = (page: Page): Promise<number[]> => page.$$eval('input[type=range]', (xs) => xs.map((x) => Number((x as unknown as { value: string }).value)));

/** The page as it reads without its script (what the learned backend wrote when the page was built). */
async function staticShown(file: string): Promise<Shown> {
  const context = await (await openBrowser()).newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`file://${file}`);
    return await shown(page);
  } finally {
    await context.close();
  }
}

function query(words: readonly string[]): EstimateAnswer[] | { kind: string; reason: string }[] {
  const r = apmsim(...words, '--json');
  assert.is(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { answers: EstimateAnswer[] }).answers;
}

/** Equal to 1e-12, relative: the browser's V8 may round Math.pow or Math.exp differently from Node's in the last bit. */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(b);

/** Within each knob's box, and between the panel's texts, no two boxes overlap; nothing sticks out of the panel. */
const PANEL_LAYOUT = `(() => {
  const problems = [];
  const panel = document.querySelector('[data-whatif]').getBoundingClientRect();
  for (const box of document.querySelectorAll('[data-whatif] .knob')) {
    const parts = [...box.querySelectorAll('.path, output, svg.profile, input, .ends span, .note')].map((e) => ({ name: e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 20), b: e.getBoundingClientRect() }));
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i].b, b = parts[j].b;
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) problems.push(parts[i].name + ' overlaps ' + parts[j].name);
    }
  }
  for (const svg of document.querySelectorAll('[data-whatif] svg.profile')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].map((t) => ({ name: 'profile "' + t.textContent + '"', b: t.getBoundingClientRect(), size: parseFloat(getComputedStyle(t).fontSize) * scale }));
    for (const t of texts) if (t.size < 9) problems.push(t.name + ' at ' + t.size.toFixed(1) + ' px');
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].b, b = texts[j].b;
      if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) problems.push(texts[i].name + ' overlaps ' + texts[j].name);
    }
  }
  for (const e of document.querySelectorAll('[data-whatif] *')) {
    const b = e.getBoundingClientRect();
    if (b.width > 0 && (b.left < panel.left - 1 || b.right > panel.right + 1) && !e.closest('.table-box')) problems.push(e.tagName + ' sticks out of the panel');
  }
  return problems;
})()`;

async function assertPanelLayout(page: Page, name: string): Promise<void> {
  for (const width of [1400, 390]) {
    await page.setViewportSize({ width, height: 900 });
    assert.equal(await page.evaluate<string[]>(PANEL_LAYOUT), [], `${name} at ${width} px`);
  }
  await assertLayout(page, name);
}

test('the page\'s script runs under its hash and leaves the page as the learned backend wrote it', async () => {
  const v = await visit(PAGE);
  try {
    const live = await shown(v.page);
    assert.is(live.live, 'yes', 'the script ran');
    const still = await staticShown(PAGE);
    assert.is(still.live, null);
    // Texts exactly; numbers to 1e-12: Chromium's V8 (Math.pow, Math.exp) may differ from Node's in the last bit.
    const texts = (x: Shown) => ({ ...x, live: null, rows: x.rows.map((r) => ({ estimate: r.estimate, interval: r.interval })) });
    assert.equal(texts(live), texts(still), 'the same texts before and after the script');
    live.rows.forEach((r, j) => {
      const [a, b] = [r, still.rows[j]!].map((x) => [Number(x.value), ...x.bounds.split(',').map(Number)]);
      assert.ok(a!.every((x, i) => close(x, b![i]!)), `${r.value} [${r.bounds}] against ${still.rows[j]!.value} [${still.rows[j]!.bounds}]`);
    });
    assert.equal(live.knobs, ['3.2', '4'], 'the scenario\'s own values: 3.2/s, 4 servers');
    assert.equal(live.edges, ['yes', 'yes']);
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('moving the sliders: the numbers shown are apmsim query --model\'s at the same point, and the TypeScript backend\'s', async () => {
  const v = await visit(PAGE);
  try {
    await v.page.focus('#whatif-k0');
    await v.page.keyboard.press('Home');
    for (let i = 0; i < 37; i++) await v.page.keyboard.press('ArrowRight');
    await v.page.focus('#whatif-k1');
    await v.page.keyboard.press('ArrowRight');
    const at = await positions(v.page);
    assert.equal(at, [37, 1]);
    const data = await pageData(v.page);
    // And a 90 % interval rather than the scenario's 95 %.
    await v.page.selectOption('#whatif-confidence', { label: '90\u00a0%' });
    const s = await shown(v.page);
    assert.equal(s.knobs, ['2.222', '5'], '2 + 37 × 0.006 = 2.222 requests/s, 5 servers');
    assert.equal(s.edges, ['no', 'no']);
    assert.match(s.region, /^Inside the trained region/);
    // The command the page shows is the question: ask it.
    const words = s.command.split(' ');
    assert.equal(words.slice(0, 2), ['apmsim', 'query']);
    assert.ok(s.command.endsWith(' --set workload.requests.arrivals.rate=2.222 --set agents.worker.servers=5 --set confidence=0.9'), s.command);
    const answers = query(words.slice(1)) as EstimateAnswer[];
    const ts = learnedAnswers(loadModel(MODEL, readFileSync(MODEL, 'utf8')), data, readSource(MM4), at, 0.9);
    assert.equal(answers.map((a) => a.metric), ['e2e.mean', 'e2e.p95']);
    answers.forEach((a, j) => {
      const row = s.rows[j]!;
      const t = ts[j]!;
      assert.is(a.kind, 'estimate');
      assert.is(a.backend, 'learned');
      assert.is(a.confidence, 0.9);
      assert.is(t.kind, 'ok');
      if (t.kind !== 'ok') return;
      const [lo, hi] = row.bounds.split(',').map(Number) as [number, number];
      assert.ok(close(Number(row.value), a.estimate) && close(lo, a.interval[0]) && close(hi, a.interval[1]), `${a.metric}: page ${row.value} [${row.bounds}], query ${a.estimate} ${a.interval}`);
      assert.ok(close(Number(row.value), t.estimate) && close(lo, t.lo) && close(hi, t.hi), `${a.metric}: page ${row.value}, TypeScript ${t.estimate}`);
      assert.is(row.estimate, formatWithUnit(a.estimate, a.unit));
      assert.is(row.interval, formatInterval(a.interval[0], a.interval[1]));
    });
    // Each knob's profile: the chart's metric over the knob's whole region, the marker at the slider's point.
    const profiles = await v.page.$$eval('svg.profile', (svgs) => svgs.map((svg) => ({
      points: (svg.querySelector('path.line')?.getAttribute('d') ?? '').split('L').length,
      marker: Number(svg.querySelector('line.marker')?.getAttribute('x1')),
      estimate: svg.querySelector('line.marker')?.getAttribute('data-estimate') ?? '',
      texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
    })));
    assert.equal(profiles.map((p) => [p.points, p.marker, p.estimate]), [[201, Number((37 * 300 / 200).toFixed(2)), s.rows[0]!.value], [3, 150, s.rows[0]!.value]]);
    assert.ok(profiles.every((p) => p.texts.length === 3 && p.texts[2] === 'e2e.mean'), JSON.stringify(profiles));
    await v.page.selectOption('#whatif-chart', { label: 'e2e.p95' });
    assert.is(await v.page.$eval('svg.profile line.marker', (m) => m.getAttribute('data-estimate')), s.rows[1]!.value, 'the chosen metric drawn');
    assert.equal(pointOverrides(data, at, 0.9), [...SET, 'replications=2', 'workload.requests.arrivals.rate=2.222', 'agents.worker.servers=5', 'confidence=0.9']);
    assert.match(await v.page.textContent('table.predictions caption') ?? '', /learned model, 90\u00a0% interval$/);
    // 99 %: 80 points are too few (ceil(0.99 × 81) > 80); the page says so, as query does.
    await v.page.selectOption('#whatif-confidence', { label: '99\u00a0%' });
    const few = await shown(v.page);
    assert.ok(few.rows.every((r) => r.estimate === '—' && r.value === '' && r.interval === '80 training points are too few for an interval at 0.99 confidence'), JSON.stringify(few.rows));
    assert.equal(await v.page.$$eval('svg.profile', (xs) => xs.map((x) => x.querySelector('path') === null && (x.textContent ?? '').includes('no interval at this confidence'))), [true, true]);
    const declined = query(few.command.split(' ').slice(1));
    assert.ok(declined.every((a) => a.kind === 'declined' && a.reason === few.rows[0]!.interval), JSON.stringify(declined));
    await screenshot(v.page, 'whatif-moved', false);
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('the region\'s edge: shown at the slider\'s ends, and beyond it apmsim query declines', async () => {
  const v = await visit(PAGE);
  try {
    await v.page.focus('#whatif-k0');
    await v.page.keyboard.press('End');
    await v.page.focus('#whatif-k1');
    await v.page.keyboard.press('End');
    const s = await shown(v.page);
    assert.equal(s.knobs, ['3.2', '6']);
    assert.equal(s.edges, ['yes', 'yes']);
    assert.match(s.region, /^On the edge of the trained region: workload\.requests\.arrivals\.rate = 3\.2 is the highest value trained; agents\.worker\.servers = 6 is the highest value trained\./);
    await v.page.keyboard.press('ArrowRight');
    assert.equal(await positions(v.page), [200, 2], 'a slider stops at the region\'s edge');
    const words = s.command.split(' ').slice(1).map((w) => w.replace('agents.worker.servers=6', 'agents.worker.servers=7'));
    const beyond = query(words);
    assert.ok(beyond.every((a) => a.kind === 'declined' && /outside the region/.test(a.reason)), JSON.stringify(beyond));
    assert.ok(s.rows.every((r) => Number(r.value) > 0), 'the page answers at the edge, as query does');
    assert.equal(v.problems, []);
  } finally {
    await v.close();
  }
});

test('the CSP is what lets the script run: a page whose script differs by one character runs nothing', async () => {
  const html = readFileSync(PAGE, 'utf8').replace("'use strict';", '"use strict";');
  const file = join(DIR, 'tampered.html');
  writeFileAtomic(file, html);
  const v = await visit(file);
  try {
    assert.is((await shown(v.page)).live, null);
    assert.ok(v.problems.some((p) => /Content Security Policy/.test(p)), v.problems.join('\n'));
  } finally {
    await v.close();
  }
});

test('a hostile model file name and scenario name stay text: the JSON block holds, nothing else runs', async () => {
  const hostile = '</script><script>alert(1)</script><!--<img src=x onerror=alert(2)>';
  const model = loadModel(MODEL, readFileSync(MODEL, 'utf8'));
  const renamed = { ...model, json: { ...model.json, scenario: { ...model.json.scenario, name: hostile } } };
  const page = await buildPage([whatIfPart(whatIfPanel(renamed, hostile, readSource(MM4)), renamed)]);
  const file = join(DIR, 'hostile.html');
  writeFileAtomic(file, page.html);
  const v = await visit(file);
  try {
    assert.is((await shown(v.page)).live, 'yes', 'the script parsed the JSON block and ran');
    assert.is((await pageData(v.page)).model.file, hostile);
    assert.is(await v.page.evaluate<string>('document.title'), `apmsim what-if: ${hostile}`);
    assert.is(await v.page.evaluate<number>('document.scripts.length'), 2, 'the JSON block and the page\'s script, no other');
    assert.is(await v.page.evaluate<number>('document.querySelectorAll("img").length'), 0);
    assert.ok((await shown(v.page)).command.includes(`--model '${hostile}'`), 'shell-quoted in the command');
    assert.equal(v.problems, [], 'no dialog, console error or request');
  } finally {
    await v.close();
  }
});

test('the what-if page, alone and after a run\'s report, lays out at 1400 and 390 px', async () => {
  const runDir = join(DIR, 'run');
  const run = apmsim('run', MM4, ...SET.flatMap((s) => ['--set', s]), '--replications', '2', '--out', runDir, '--quiet');
  assert.is(run.code, 0, run.stderr);
  const both = join(DIR, 'run-and-whatif.html');
  const r = apmsim('report', runDir, '--whatif', MODEL, '--out', both, '--quiet');
  assert.is(r.code, 0, r.stderr);
  for (const [name, file] of [['whatif', PAGE], ['run-and-whatif', both]] as const) {
    const v = await visit(file);
    try {
      assert.is((await shown(v.page)).live, 'yes', name);
      await assertPanelLayout(v.page, name);
      await screenshot(v.page, name);
      assert.equal(v.problems, [], name);
    } finally {
      await v.close();
    }
  }
});

test.after(async () => {
  await closeBrowser();
});

test.run();
