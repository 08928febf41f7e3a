// The report page: every scenario string escaped, no script and nothing loaded, a CSP that says
// so, the sections whose data exist (and only those), deterministic bytes, small enough to mail.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import type { MetricSummary, Results } from '../../models/run/results.js';
import { buildReport, runSections } from '../../reports/run-report.js';
import { runDataOf } from '../../reports/run-outputs.js';
import type { RunData } from '../../reports/run-data.js';
import { hostileRunData, HOSTILE_DESCRIPTION, HOSTILE_NAME } from './hostile.js';
import { assertInert, inertProblems } from './inert.js';
import { llmScenario } from './llm-run.js';
import { recordedRun, scenarioFile, scenarioText } from './recorded-run.js';

const test = suite('report page');

const run = recordedRun(scenarioFile('worker-checker.yaml', ['replications=3', 'horizon=3000s', 'warmup=300s']));
const data = runDataOf(run.results, run.scenario, run.outputs, [], ['results.json']);

const sectionIds = (d: RunData): string[] => runSections(d).map((s) => s.id);
const figureIds = (d: RunData): string[] => runSections(d).flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure.id] : [])));

test('the inertness check catches markup that would run or load (it could fail)', () => {
  for (const bad of ['<img src=x onerror=alert(1)>', '<p onclick="x()">', '<a href="https://example.com">', '<svg><use href="x.svg#a"/></svg>', '<rect style="fill: url(https://e.com/x)"/>']) {
    assert.ok(inertProblems(`<p>ok</p>${bad}`).length > 0, bad);
  }
  assertInert('<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;</p><a href="#x">x</a>');
});

test('a hostile scenario name, description and names appear only as escaped text', async () => {
  const { html } = await buildReport([hostileRunData(data)]);
  assertInert(html);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the name, escaped');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the description, escaped');
  assert.ok(html.includes(`<title>apmsim report: ${HOSTILE_NAME.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>`));
  assert.not.ok(html.includes(HOSTILE_NAME) || html.includes(HOSTILE_DESCRIPTION), 'never raw');
});

test('the page carries a CSP forbidding scripts and loads, whose style hash matches its only style', async () => {
  const { html } = await buildReport([data]);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp !== undefined, 'a CSP meta tag');
  assert.match(csp!, /^default-src 'none';/);
  assert.not.match(csp!, /unsafe|script-src|\*/);
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  assert.is(styles.length, 1);
  const hash = createHash('sha256').update(styles[0]!).digest('base64');
  assert.ok(csp!.includes(`'sha256-${hash}'`), 'style-src allows exactly the page style');
  assert.not.match(html, /\sstyle\s*=/i, 'no inline style attribute (the CSP would block it)');
  assertInert(html);
});

test('a recorded run gets summary, latency (percentiles and CDF), over time, agents and the appendix', () => {
  assert.equal(sectionIds(data), ['summary', 'latency', 'over-time', 'agents', 'metrics', 'reading']);
  assert.equal(figureIds(data), ['latency-percentiles', 'latency-cdf', 'rates', 'p95', 'queues', 'waits', 'utilisation', 'utilisation', 'time-per-visit']);
});

test('without recordings there is no time series and no CDF, and nothing stands in for them', () => {
  const bare: RunData = { ...data, series: undefined, latency: undefined };
  assert.equal(sectionIds(bare), ['summary', 'latency', 'agents', 'metrics', 'reading']);
  assert.equal(figureIds(bare), ['latency-percentiles', 'utilisation', 'time-per-visit']);
});

const summary = (estimate: number, unit: MetricSummary['unit'] = ''): MetricSummary =>
  ({ estimate, interval: [estimate * 0.9, estimate * 1.1], unit, values: [estimate * 0.95, estimate * 1.05, estimate] });

test('LLM, cost, cache and GPU sections appear with a run that has those metrics, each chart rendering cleanly', async () => {
  const llm = recordedRun(llmScenario());
  const rich = runDataOf(llm.results, llm.scenario, llm.outputs, [], []);
  assert.equal(sectionIds(rich), ['summary', 'latency', 'over-time', 'agents', 'llm', 'cost', 'caches', 'gpu', 'metrics', 'reading']);
  assert.equal(figureIds(rich).filter((id) => /ttft|cost|hit|gpu/.test(id)), ['gpu-batch', 'gpu-kv', 'ttft', 'cost-per-task', 'cost-agent', 'cost-model', 'cost-gpu', 'hit-rates', 'gpu-fractions']);
  const page = await buildReport([rich]);
  assert.equal(page.warnings, []);
  for (const text of ['cost.total', 'cache.semantic.lookups', 'gpu.a100.preemptions', 'tpot.mean', 'agent.answer.ttft.p95']) assert.ok(page.html.includes(text), text);
  assertInert(page.html);
});

test('feature sections stay out of runs without their metrics', () => {
  const plain: Results = { ...run.results, metrics: Object.fromEntries(Object.entries(run.results.metrics).filter(([k]) => !/^(ttft|tpot|cost|cache|gpu)\./.test(k))) };
  const ids = sectionIds({ ...data, results: plain });
  for (const id of ['llm', 'cost', 'caches', 'gpu']) assert.not.ok(ids.includes(id), id);
  const withCost: Results = { ...plain, metrics: { ...plain.metrics, 'cost.total': summary(12.5) } };
  assert.ok(sectionIds({ ...data, results: withCost }).includes('cost'));
});

test('charts of a bundled scenario compile and render without warnings; the same data give the same bytes', async () => {
  const a = await buildReport([data]);
  const b = await buildReport([runDataOf(run.results, run.scenario, run.outputs, [], ['results.json'])]);
  assert.equal(a.warnings, []);
  assert.is(a.html, b.html);
  assert.is((a.html.match(/<svg (?!class="narrow")/g) ?? []).length, figureIds(data).length, 'one SVG per figure (and a phone-width one beside wide charts)');
  assert.ok((a.html.match(/<svg class="narrow"/g) ?? []).length > 0, 'wide charts have a phone-width version');
});

test('partial or unstable runs say so in the banner', async () => {
  const partial = await buildReport([{ ...data, results: { ...data.results, partial: true } }]);
  assert.match(partial.html, /class="verdict warn"[^>]*><p class="headline">⚠ Partial results/);
  const unstable = await buildReport([{ ...data, results: { ...data.results, warnings: ['agent worker: offered utilisation 1.2 ≥ 1'] } }]);
  assert.match(unstable.html, /⚠ Read with care: 1 warning/);
  assert.match(unstable.html, /offered utilisation 1\.2/);
  const ok = await buildReport([{ ...data, results: { ...data.results, metrics: { ...data.results.metrics, 'rejected.fraction': { estimate: 0, interval: [0, 0], unit: '', values: [0, 0, 0] } } } }]);
  assert.match(ok.html, /class="verdict ok"/);
});

test('a 10-agent report stays under 3 MB', async () => {
  const agents = Array.from({ length: 10 }, (_, i) => `  stage_${i}:\n    servers: 2\n    service: { dist: exponential, mean: 300ms }\n${i < 9 ? `    next: stage_${i + 1}\n` : ''}`).join('');
  const text = `name: ten\ndescription: ten stages\nseed: 1\nhorizon: 3000s\nwarmup: 300s\nreplications: 10\nworkload:\n  a:\n    arrivals: { process: poisson, rate: 2/s }\n    entry: stage_0\n  b:\n    arrivals: { process: poisson, rate: 1/s }\n    entry: stage_3\nagents:\n${agents}`;
  const ten = recordedRun(scenarioText(text));
  const page = await buildReport([runDataOf(ten.results, ten.scenario, ten.outputs, [], [])]);
  const bytes = Buffer.byteLength(page.html);
  assert.ok(bytes < 3e6, `${bytes} bytes`);
  assert.equal(page.warnings, []);
});

test.run();
