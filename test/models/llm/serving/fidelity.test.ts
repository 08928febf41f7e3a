// The Done-when of issue #13: each real vLLM run replayed on its model's measured profile, with the
// per-step overhead fitted on the OTHER two runs only (leave one out), within the targets:
// |error| <= 5% on e2e mean and p90 and TPOT mean, <= 10% on TTFT mean and p90.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { checkProfileForRun, fidelityOf, fitOverheads, parseRunFolder, predictRun, type FidelityRow } from '../../../../models/llm/serving/index.js';
import { loadCase, RUNS, SERVING } from './data.js';

const test = suite('serving fidelity');
const cases = RUNS.map((_, i) => loadCase(i));

function errorOf(rows: readonly FidelityRow[], metric: string, stat: string): number {
  return rows.find((r) => r.metric === metric && r.stat === stat)!.error;
}

const TARGETS = [['e2e', 'mean', 0.05], ['e2e', 'p90', 0.05], ['tpot', 'mean', 0.05], ['ttft', 'mean', 0.10], ['ttft', 'p90', 0.10]] as const;

const tables = cases.map((c, i) => {
  checkProfileForRun(c.profile, c.run);
  const overheads = fitOverheads(cases.filter((_, j) => j !== i));
  return fidelityOf(c.run, predictRun(c.profile, c.run, overheads));
});

for (const [i, r] of RUNS.entries()) {
  for (const [metric, stat, bound] of TARGETS) {
    test(`${r.name}: |${metric} ${stat} error| <= ${bound * 100}% with overheads fitted on the other runs`, () => {
      const e = errorOf(tables[i]!, metric, stat);
      assert.ok(Math.abs(e) <= bound, `${metric} ${stat}: error ${(100 * e).toFixed(1)}%`);
    });
  }
}

test('the scored run\'s measured latencies do not change the prediction', () => {
  const c = cases[0]!;
  const fit = fitOverheads(cases.slice(1));
  const before = predictRun(c.profile, c.run, fit);
  // The same requests with every measured timestamp changed: a faster server, another queue.
  const dir = SERVING + RUNS[0].run;
  const text = readFileSync(`${dir}/requests.jsonl`, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => {
    const r = JSON.parse(l) as Record<string, number>;
    for (const k of ['queued_ts', 'scheduled_ts', 'first_token_ts', 'last_token_ts']) r[k] = r[k]! * 0.5 + 7;
    r.last_token_ts = r.last_token_ts! + 3;
    return JSON.stringify(r);
  }).join('\n');
  const altered = parseRunFolder({ dir, requests: { path: 'x', text }, meta: { path: 'm', text: readFileSync(`${dir}/meta.json`, 'utf8') }, config: { path: 'c', text: readFileSync(`${dir}/config.json`, 'utf8') } });
  assert.not.equal(altered.measured.e2e, c.run.measured.e2e);
  const after = predictRun(c.profile, altered, fit);
  assert.equal(after.ttft, before.ttft);
  assert.equal(after.e2e, before.e2e);
  const rowsBefore = fidelityOf(c.run, before), rowsAfter = fidelityOf(altered, after);
  assert.equal(rowsAfter.map((r) => r.predicted), rowsBefore.map((r) => r.predicted));
  assert.not.equal(rowsAfter.map((r) => r.measured), rowsBefore.map((r) => r.measured));
});

test('the fit moves the overhead: another set of runs gives another value', () => {
  const a = fitOverheads([cases[0]!]).perStep, b = fitOverheads([cases[1]!]).perStep;
  assert.ok(a > 0 && b >= 0 && Math.abs(a - b) > 1e-4, `${a} vs ${b}`);
});

test.run();
