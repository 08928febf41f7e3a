// The fidelity report (`apmsim calibrate serving --json` then `apmsim report`): its verdict follows
// the errors against the targets, its table and charts hold the document's numbers, a damaged
// document is refused naming the field, hostile paths are escaped and the page stays inert.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { calibrationOutputs, fidelityOf, fitOverheads, predictRun, predictRunRoofline, type CalibrationDocument } from '../../models/llm/serving/index.js';
import { calibrationPart } from '../../reports/calibration-report.js';
import { checkCalibration } from '../../reports/documents.js';
import { buildPage } from '../../reports/page.js';
import type { Block } from '../../reports/sections/section.js';
import { loadCase } from '../models/llm/serving/data.js';
import { HOSTILE_FILE } from './hostile.js';
import { assertInert } from './inert.js';

const test = suite('calibration report');
const cases = [0, 1, 2].map(loadCase);

/** The document `apmsim calibrate serving --json` prints for run i, overheads fitted on the others. */
function documentOf(i: number): CalibrationDocument {
  const { profile, run } = cases[i]!;
  const overheads = fitOverheads(cases.filter((_, j) => j !== i));
  const predicted = predictRun(profile, run, overheads);
  const roofline = predictRunRoofline(profile, run);
  return calibrationOutputs({ version: 'test', profile, run, overheads, fittedOn: ['a', 'b'], predicted, rows: fidelityOf(run, predicted), rooflineRows: roofline && fidelityOf(run, roofline) }).json;
}
const doc = documentOf(0);
const blocks = (d: CalibrationDocument): Block[] => calibrationPart(d).sections.flatMap((s) => s.blocks);
const verdict = (d: CalibrationDocument) => blocks(d).find((b): b is Extract<Block, { kind: 'verdict' }> => b.kind === 'verdict')!;

test('the document survives JSON and the checker', () => {
  const back = checkCalibration(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>, 'cal.json');
  assert.is(back.latencies.measured.ttft.length, 300);
  assert.is(back.rows.length, 12);
});

test('the verdict is green when every target holds, red naming the ones that do not', () => {
  assert.is(verdict(doc).level, 'ok');
  const off: CalibrationDocument = { ...doc, rows: doc.rows.map((r) => (r.metric === 'ttft' && r.stat === 'mean' ? { ...r, error: -0.123 } : r)) };
  assert.is(verdict(off).level, 'fail');
  assert.match(verdict(off).headline, /1 of 5 checks outside the targets: TTFT mean −12\.3 %/);
});

test('the table lists the twelve figures with the roofline error beside each', () => {
  const table = blocks(doc).find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table')!.table;
  assert.is(table.rows.length, 12);
  const ttftMean = table.rows.find((r) => r[0] === 'ttft' && r[1] === 'mean')!;
  const row = doc.rows.find((r) => r.metric === 'ttft' && r.stat === 'mean')!;
  assert.is(ttftMean[2], (row.measured * 1000).toPrecision(4));
  assert.match(ttftMean[5]!, /%$/);
});

test('the CDF figures put the measured and predicted medians in their tables', () => {
  const figures = blocks(doc).flatMap((b) => (b.kind === 'figure' ? [b.figure] : []));
  assert.equal(figures.map((f) => f.id), ['ttft-cdf', 'e2e-cdf', 'queue']);
  const median = (xs: readonly number[]) => { const s = [...xs].sort((a, b) => a - b); return (s[149]! + s[150]!) / 2; };
  const p50 = figures[1]!.table.rows[0]!;
  assert.is(p50[1], `${median(doc.latencies.measured.e2e).toPrecision(4)} s`);
  assert.is(p50[2], `${median(doc.latencies.predicted.e2e).toPrecision(4)} s`);
});

test('a damaged document is refused naming the field', () => {
  const broken = { ...JSON.parse(JSON.stringify(doc)), latencies: { measured: { ttft: [1], e2e: [] } } } as Record<string, unknown>;
  assert.throws(() => checkCalibration(broken, 'cal.json'), /cal\.json: not an apmsim fidelity check .*: latencies should be/);
  const noRows = { ...JSON.parse(JSON.stringify(doc)), rows: 'x' } as Record<string, unknown>;
  assert.throws(() => checkCalibration(noRows, 'cal.json'), /rows should be a list/);
});

test('the page renders without chart warnings, escapes the paths and stays inert', async () => {
  const page = await buildPage([calibrationPart({ ...doc, run: `runs/${HOSTILE_FILE}`, model: HOSTILE_FILE })]);
  assert.equal(page.warnings, []);
  assert.not.ok(page.html.includes(HOSTILE_FILE));
  assertInert(page.html);
});

test.run();
