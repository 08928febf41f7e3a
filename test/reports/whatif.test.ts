// The what-if page's parts in Node: the sliders' positions, the page's script (run in a VM)
// against the model file's reference evaluation at every slider position and confidence, and
// against the learned backend over a grid, bit for bit; the script's sentences and number format
// against the page's, the JSON block and CSP of the page, and the scenario check.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { inProcessExecutor, loadModel, parseVary, QueryError, trainModel, type LearnedModel, type ScenarioSource } from '../../models/query/index.js';
import { CONTENT_SECURITY_POLICY, pageHtml } from '../../reports/html.js';
import { formatNumber } from '../../reports/format.js';
import { buildPage } from '../../reports/page.js';
import { knobValues, stepCount, whatIfData, type WhatIfData } from '../../reports/whatif/data.js';
import { evaluatePredictor } from '../../models/query/learned/evaluate.js';
import { scriptJson, whatIfHtml, type Prediction } from '../../reports/whatif/html.js';
import { learnedAnswers, whatIfPanel, whatIfPart } from '../../reports/whatif/part.js';
import { EVALUATE, WHATIF_SCRIPT } from '../../reports/whatif/script.js';
import { percent, queryCommand, regionText } from '../../reports/whatif/words.js';
import { inertProblems } from './inert.js';

const test = suite('report: what-if page');

const file = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
const source = (name: string, text = readFileSync(file(name), 'utf8')): ScenarioSource => ({ file: file(name), text, readFile: (p) => readFileSync(p, 'utf8') });
const MM4 = source('mm4.yaml');
const HOSTILE = '</script><script>alert(1)</script><!--<img src=x onerror=alert(2)>';

let trained: LearnedModel | undefined;
/** A small model of mm4: arrival rate (continuous) × servers (whole numbers); 80 points, too few for a 99 % interval. */
async function model(): Promise<LearnedModel> {
  if (trained !== undefined) return trained;
  const json = await trainModel(MM4, {
    knobs: [parseVary('workload.requests.arrivals.rate=2..3.2'), parseVary('agents.worker.servers=4..6')],
    samples: 80, replications: 2, set: ['horizon=1500s', 'warmup=150s'], metrics: ['e2e.mean', 'e2e.p95', 'agent.worker.wait.mean'], version: 'test',
  }, inProcessExecutor);
  trained = loadModel('mm4.json', JSON.stringify(json));
  return trained;
}

interface ScriptFunctions {
  evaluatePredictor: typeof evaluatePredictor;
  predictAt(data: WhatIfData, positions: number[], confidence: number): Prediction[];
  formatNumber(x: number): string;
  percent(c: number): string;
  regionText(data: WhatIfData, positions: number[]): string;
  queryCommand(data: WhatIfData, positions: number[], confidence: number): string;
}
/** The page's pure functions, as the browser runs them (no DOM, nothing of Node's in reach). */
const script = (): ScriptFunctions => runInNewContext(`${EVALUATE}; ({ evaluatePredictor, predictAt, formatNumber, percent, regionText, queryCommand })`) as ScriptFunctions;

/** Every combination of slider positions, first knob slowest; `every` keeps one position in so many (and the last). */
function allPositions(data: WhatIfData, every = 1): number[][] {
  const kept = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % every === 0 || i === n - 1);
  return data.knobs.reduce<number[][]>((acc, k) => acc.flatMap((p) => kept(k.values.length).map((i) => [...p, i])), [[]]);
}

test('slider positions: a continuous range in 200 steps, whole numbers at every value (up to 201), ends exact, ascending', () => {
  const rate = parseVary('workload.requests.arrivals.rate=2..3.2');
  const servers = parseVary('agents.worker.servers=4..6');
  assert.is(stepCount(rate), 201);
  assert.is(stepCount(servers), 3);
  assert.equal(knobValues(servers, stepCount(servers)), [4, 5, 6]);
  const wide = parseVary('b=1..500');
  const w = knobValues(wide, stepCount(wide));
  assert.is(w.length, 201);
  assert.ok(w[0] === 1 && w[200] === 500 && w.every((x, i) => Number.isInteger(x) && (i === 0 || x - w[i - 1]! >= 2 && x - w[i - 1]! <= 3)), 'whole numbers, steps of 2 or 3 (499/200)');
  assert.equal(knobValues(parseVary('c=0.15..0.25'), 11), [0.15, 0.16, 0.17, 0.18, 0.19, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25]);
  const v = knobValues(rate, 201);
  assert.is(v[0], 2);
  assert.is(v[200], 3.2);
  assert.is(v[100], 2.6);
  assert.is(v[37], 2.222);
  assert.ok(v.every((x, i) => i === 0 || x > v[i - 1]!));
  assert.ok(v.every((x) => String(x).length <= 12), 'short decimals, as typed in --set');
});

test('the page\'s script evaluates the model as the reference does, bit for bit, at every slider position and confidence', async () => {
  const m = await model();
  const data = whatIfData(m, 'mm4.json', MM4);
  assert.equal(data.levels, [0.8, 0.9, 0.95, 0.99]);
  const s = script();
  let ok = 0;
  let tooFew = 0;
  for (const positions of allPositions(data)) {
    const values = data.knobs.map((k, i) => k.values[positions[i]!]!);
    for (const c of data.levels) {
      for (const metric of data.metrics) {
        const page = s.evaluatePredictor(metric.predictor, data.knobs, values, c);
        assert.equal(JSON.parse(JSON.stringify(page)), evaluatePredictor(metric.predictor, data.knobs, values, c), `${metric.name} at ${values} and ${c}`);
        if (page.kind === 'ok') ok++; else tooFew++;
      }
    }
  }
  // 201 × 3 positions, 3 metrics; 80 points support intervals at 80-95 % (ceil(0.99 × 81) = 81 > 80).
  assert.is(ok, 603 * 3 * 3);
  assert.is(tooFew, 603 * 3);
});

test('and gives the learned backend\'s answers (what apmsim query --model answers) over a grid, at every confidence', async () => {
  const m = await model();
  const data = whatIfData(m, 'mm4.json', MM4);
  const s = script();
  let compared = 0;
  for (const positions of allPositions(data, 25)) {
    for (const c of data.levels) {
      const backend = learnedAnswers(m, data, MM4, positions, c);
      assert.equal(JSON.parse(JSON.stringify(s.predictAt(data, positions, c))), backend, `at ${positions}, ${c}`);
      compared += backend.length;
    }
  }
  assert.is(compared, 9 * 2 * 4 * 3, 'rates 2, 2.15, …, 3.2 × servers 4 and 6, 4 levels, 3 metrics');
  assert.match(JSON.stringify(learnedAnswers(m, data, MM4, [0, 0], 0.99)), /80 training points are too few for an interval at 0\.99 confidence/);
});

test('the script writes numbers, the region\'s edge and the query command as the page does', async () => {
  const data = whatIfData(await model(), 'mm4.json', MM4);
  const s = script();
  for (const x of [0, 1, -2.5, 1234.5678, 0.000123456, 9.87654e-7, 1.5e9, 4.7, 1 / 3, NaN, Infinity, -Infinity]) assert.is(s.formatNumber(x), formatNumber(x), `${x}`);
  for (const c of [0.8, 0.9, 0.95, 0.99, 0.999, 0.6827]) assert.is(s.percent(c), percent(c));
  for (const positions of allPositions(data)) {
    assert.is(s.regionText(data, positions), regionText(data, positions));
    for (const c of data.levels) assert.is(s.queryCommand(data, positions, c), queryCommand(data, positions, c));
  }
  assert.match(queryCommand(data, [37, 1], 0.9), /--set workload\.requests\.arrivals\.rate=2\.222 --set agents\.worker\.servers=5 --set confidence=0\.9$/);
  assert.match(queryCommand(data, [37, 1]), /--set agents\.worker\.servers=5$/, 'the scenario\'s confidence needs no override');
  assert.match(regionText(data, [0, 1]), /^On the edge of the trained region: workload\.requests\.arrivals\.rate = 2 is the lowest value trained\./);
  assert.match(regionText(data, [200, 2]), /rate = 3\.2 is the highest value trained; agents\.worker\.servers = 6 is the highest value trained\./);
  assert.match(regionText(data, [5, 1]), /^Inside the trained region/);
  const hostile = { ...data, model: { ...data.model, file: "it's here.json", set: ['horizon=1500s', 'a.b="x y"'] } };
  assert.match(queryCommand(hostile, [0, 0]), /--model 'it'\\''s here\.json' .* --set 'a\.b="x y"'/, 'shell-quoted where needed');
  assert.is(s.queryCommand(hostile, [0, 0], 0.95), queryCommand(hostile, [0, 0], 0.95));
});

test('the page opens at the scenario\'s own knob values with the backend\'s answers there', async () => {
  const m = await model();
  const panel = whatIfPanel(m, 'mm4.json', MM4);
  assert.equal(panel.data.knobs.map((k) => [k.values.length, k.values[k.start], k.scenarioValue]), [[201, 3.2, 3.2], [3, 4, 4]]);
  assert.equal(panel.start, learnedAnswers(m, panel.data, MM4, [200, 0]));
  assert.equal(panel.data.metrics.map((x) => [x.name, x.unit]), [['e2e.mean', 's'], ['e2e.p95', 's'], ['agent.worker.wait.mean', 's']]);
  assert.is(panel.data.confidence, 0.95);
  assert.ok(panel.start.every((p) => p.kind === 'ok'));
  assert.equal(panel.data.metrics.map((x) => x.predictor), [...m.predictors.values()], 'the model file\'s predictors, as stored');
});

test('the page: one inline script allowed by its hash, the model as JSON that cannot close its element, nothing else active', async () => {
  const m = await model();
  const panel = whatIfPanel(m, HOSTILE, MM4);
  const page = await buildPage([whatIfPart(panel, m)]);
  const html = page.html;
  assert.equal(page.warnings, []);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
  const scripts = [...html.matchAll(/<script( type="application\/json" id="whatif-model")?>([\s\S]*?)<\/script>/g)];
  assert.is(scripts.length, 2, 'the JSON block and the script');
  const code = scripts.find((x) => x[1] === undefined)![2]!;
  assert.is(code, WHATIF_SCRIPT);
  const scriptSrc = /script-src ([^;]+);/.exec(csp)![1]!;
  assert.is(scriptSrc, `'sha256-${createHash('sha256').update(code).digest('base64')}'`, 'script-src is the script\'s hash and nothing else');
  assert.match(csp, /^default-src 'none';/);
  assert.not.match(csp, /unsafe|\*|https?:|data:/);
  assert.match(csp, /require-trusted-types-for 'script'; trusted-types 'none'/);
  for (const style of [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((x) => x[1]!)) {
    assert.ok(csp.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`), 'each style by its hash');
  }
  const json = scripts.find((x) => x[1] !== undefined)![2]!;
  assert.not.ok(json.includes('<') || json.includes('>') || json.includes('&'), 'no character that could end the element or start a comment');
  assert.equal(JSON.parse(json), JSON.parse(JSON.stringify(panel.data)), 'the data, as built');
  assert.is((JSON.parse(json) as WhatIfData).model.file, HOSTILE);
  assert.not.ok(html.includes(HOSTILE), 'the hostile file name appears escaped only');
  // Active markup: the two script elements (open and close tags) and one range input per knob.
  assert.equal(inertProblems(html).sort(), ['<input>', '<input>', '<script>', '<script>', '<script>', '<script>']);
  assert.not.match(html, /\sstyle\s*=/i);
  assert.is(scriptJson('</script><!--\u2028'), '"\\u003c/script\\u003e\\u003c!--\\u2028"');
});

test('pages without a what-if panel stay script-free under the old CSP', () => {
  const html = pageHtml('t', 's', [{ id: 'run1', heading: undefined, sections: [{ id: 'x', title: 'X', blocks: [{ kind: 'paragraph', text: 'p' }] }] }], 'f');
  assert.ok(html.includes(`content="${CONTENT_SECURITY_POLICY}"`));
  assert.not.match(CONTENT_SECURITY_POLICY, /script-src/);
  assert.not.ok(html.includes('<script'));
  assert.is([...html.matchAll(/<style>/g)].length, 1);
});

test('a model is shown only with the scenario it was trained on', async () => {
  const m = await model();
  const changed = source('mm4.yaml', readFileSync(file('mm4.yaml'), 'utf8').replace('mean: 1s', 'mean: 1.1s'));
  assert.throws(() => whatIfData(m, 'mm4.json', changed), (e: unknown) => e instanceof QueryError && /mm4\.json was trained on scenario 'mm4' .*fnv1a:.*not on .*mm4\.yaml \(fnv1a:.*--whatif-scenario/.test(e.message));
  assert.throws(() => whatIfData(m, 'mm4.json', source('tandem.yaml')), (e: unknown) => e instanceof QueryError && /mm4\.json was trained on scenario 'mm4'.*knobs do not apply to .*tandem\.yaml/.test(e.message));
});

test.run();
