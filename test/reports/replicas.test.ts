// Replicas over time: timeseries.arrow's `replicas` column (a station's billed replicas, an LLM
// agent's GPU pool's) averages to the replicas.mean metrics of results.json over the windows after
// warm-up, utilisation is over the servers of the billed replicas (never above 1), and the report
// charts the replica counts that change, rebuilt byte for byte from the files.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC, type Table } from 'apache-arrow';
import { seriesFromTable } from '../../reports/arrow/timeseries.js';
import { loadRun } from '../../reports/load-run.js';
import { buildReport, runSections } from '../../reports/run-report.js';
import { runDataOf } from '../../reports/run-outputs.js';
import type { RunData } from '../../reports/run-data.js';
import type { FigureDraft } from '../../reports/sections/section.js';
import { HOSTILE_AGENT, HOSTILE_CLASS } from './hostile.js';
import { assertInert } from './inert.js';
import { llmScenario } from './llm-run.js';
import { recordedRun, scenarioFile, tmp, writeRecorded, type RecordedRun } from './recorded-run.js';

const test = suite('replicas over time');

// Monday spike with two replications: the retriever scales reactively through the spike at 3,600 s,
// the GPU pool's schedule takes it to 3 replicas at 3,000 s and 2 at 8,100 s. Its 9,000 s horizon
// gives 50 s windows; the 600 s warm-up is 12 of them, so the windows after warm-up cover the
// observed time exactly.
const QUICK = ['replications=2'];
const spike = recordedRun(scenarioFile('monday-spike.yaml', QUICK));
const dir = tmp();
// As run --out: results.json first (the caller's), then the data files and report.html.
writeFileSync(join(dir, 'results.json'), `${JSON.stringify(spike.results, null, 2)}\n`);
await writeRecorded(spike, dir, false);
const data = runDataOf(spike.results, spike.scenario, spike.outputs, [], ['results.json', 'metrics.arrow', 'timeseries.arrow', 'latency.arrow']);
const read = (d: string): Table => tableFromIPC(readFileSync(join(d, 'timeseries.arrow')));

/** Per replication, the mean of `column` over the rows of `agent` whose window starts at or after `from`. */
function windowMeans(t: Table, agent: string, from: number): number[] {
  const rep = t.getChild('replication')!, name = t.getChild('agent')!, start = t.getChild('start')!, replicas = t.getChild('replicas')!;
  const sum: number[] = [], count: number[] = [];
  for (let i = 0; i < t.numRows; i++) {
    if (name.get(i) !== agent || (start.get(i) as number) < from) continue;
    const r = rep.get(i) as number;
    sum[r] = (sum[r] ?? 0) + (replicas.get(i) as number);
    count[r] = (count[r] ?? 0) + 1;
  }
  return sum.map((s, r) => s / count[r]!);
}

const figureOf = (d: RunData, id: string): FigureDraft | undefined => runSections(d).find((s) => s.id === 'over-time')?.blocks
  .flatMap((b) => (b.kind === 'figure' ? [b.figure] : [])).find((f) => f.id === id);
const overTimeText = (d: RunData): string => JSON.stringify(runSections(d).find((s) => s.id === 'over-time')?.blocks ?? []);

test('timeseries.arrow: replicas per station and per LLM agent (its pool), the pool named, null for a cache', () => {
  const t = read(dir);
  const agent = t.getChild('agent')!, replicas = t.getChild('replicas')!, pool = t.getChild('pool')!;
  for (let i = 0; i < t.numRows; i++) {
    const n = replicas.get(i) as number;
    assert.ok(n >= 1 && n <= (agent.get(i) === 'answer' ? 3 : 6), `row ${i}: ${n} replicas, within the autoscaler's or schedule's range`);
    assert.is(pool.get(i), agent.get(i) === 'answer' ? 'answer-pool' : null);
  }
  const llm = recordedRun(llmScenario());
  const d = tmp();
  return writeRecorded(llm, d, false).then(() => {
    const u = read(d);
    const a = u.getChild('agent')!, r = u.getChild('replicas')!, p = u.getChild('pool')!, util = u.getChild('utilization')!;
    const seen = new Map<string, [unknown, unknown, unknown]>();
    for (let i = 0; i < u.numRows; i++) seen.set(a.get(i) as string, [r.get(i), p.get(i), util.get(i) === null ? null : 'u']);
    assert.equal(Object.fromEntries(seen), {
      semantic: [null, null, null], // a cache: no replicas, no servers
      retriever: [1, null, 'u'], // a plain station: one replica
      answer: [2, 'a100', null], // an LLM agent: its pool's replicas
    });
  });
});

test("the replicas column's mean over the windows after warm-up equals replicas.mean of each replication (windows aligned with the warm-up)", () => {
  const t = read(dir);
  const window = spike.outputs[0]!.timeseries!.window;
  const warmup = spike.results.warmup.seconds;
  assert.is(window, 50);
  assert.is(warmup % window, 0, 'the warm-up ends on a window boundary');
  assert.is(spike.results.horizon % window, 0, 'and so does the horizon');
  for (const [agent, metric] of [['retriever', 'agent.retriever.replicas.mean'], ['answer', 'gpu.answer-pool.replicas.mean']] as const) {
    const means = windowMeans(t, agent, warmup);
    const values = spike.results.metrics[metric]!.values;
    assert.is(means.length, spike.results.replications);
    means.forEach((m, r) => {
      // The same integral summed in a different order: equal up to rounding.
      assert.ok(Math.abs(m - values[r]!) <= 1e-9 * values[r]!, `${metric} replication ${r}: windows ${m} vs ${values[r]}`);
    });
    assert.ok(values.some((v) => !Number.isInteger(v!)), `${metric}: the count changed during the observed time`);
  }
});

test('with a warm-up that ends inside a window, the difference is within the derived bound', async () => {
  // Windows from w0 = ceil(warmup / L) cover [w0 L, H); the metric covers [warmup, H). With the gap
  // d = w0 L - warmup and T = H - warmup, metric - windows' mean = d (g - m') / T where g is the mean
  // count in the gap and m' the windows' mean. Billed replicas lie in [0, max] (the autoscaler's max,
  // the schedule's largest count: a scale-up reactivates a draining replica before adding one), so
  // |difference| <= d max(max - m', m') / T.
  const run: RecordedRun = recordedRun(scenarioFile('monday-spike.yaml', [...QUICK, 'warmup=625s']));
  const d = tmp();
  await writeRecorded(run, d, false);
  const t = read(d);
  const L = run.outputs[0]!.timeseries!.window, H = run.results.horizon, warmup = run.results.warmup.seconds;
  const w0 = Math.ceil(warmup / L), gap = w0 * L - warmup, T = H - warmup;
  assert.is(gap, 25);
  for (const [agent, metric, max] of [['retriever', 'agent.retriever.replicas.mean', 6], ['answer', 'gpu.answer-pool.replicas.mean', 3]] as const) {
    const values = run.results.metrics[metric]!.values;
    windowMeans(t, agent, warmup).forEach((m, r) => {
      const bound = (gap * Math.max(max - m, m)) / T;
      const diff = Math.abs(m - values[r]!);
      assert.ok(diff <= bound + 1e-9 * values[r]!, `${metric} replication ${r}: ${diff} > ${bound}`);
    });
  }
});

test('utilisation is busy over the servers of the billed replicas: never above 1, though busy exceeds the servers of one replica', () => {
  const t = read(dir);
  const util = t.getChild('utilization')!, busy = t.getChild('busy')!, servers = t.getChild('servers')!, replicas = t.getChild('replicas')!, agent = t.getChild('agent')!;
  let busier = 0;
  for (let i = 0; i < t.numRows; i++) {
    if (agent.get(i) !== 'retriever') {
      assert.is(util.get(i), null, 'an LLM agent has no servers of its own');
      continue;
    }
    const u = util.get(i) as number, b = busy.get(i) as number, s = servers.get(i) as number, n = replicas.get(i) as number;
    assert.is(s, 4, 'servers per replica, as written');
    assert.is(u, b / (s * n));
    assert.ok(u <= 1 + 1e-9, `row ${i}: utilisation ${u}`);
    if (b > s) busier++;
  }
  assert.ok(busier > 0, 'busy / servers alone would exceed 1');
});

test('the report charts the replicas of the retriever and the GPU pool, with its table, and rebuilds byte for byte from the files', async () => {
  const f = figureOf(data, 'replicas');
  assert.ok(f !== undefined, 'a Replicas over time chart');
  assert.is(f!.title, 'Replicas over time');
  assert.equal(f!.table.columns.map((c) => c.label), ['window (s)', 'retriever', 'answer-pool']);
  assert.is(f!.table.rows.length, 9000 / 50);
  assert.match(f!.caption, /billed replicas .* \(agent retriever; GPU pool answer-pool\)/);
  assert.match(f!.caption, /600 s warm-up/);
  const spec = JSON.stringify(f!.spec);
  assert.match(spec, /"type":"area"/, 'the interval band');
  assert.match(spec, /"x2":\{"datum":600\}/, 'the warm-up shaded');
  // Replicas are billed from the scheduled step (3,000 s), while they load the model: 3 in every
  // replication from that window on; from 8,100 s the third drains (billed until its work is done), then 2.
  const cellAt = (window: string): string => f!.table.rows.find((r) => r[0] === window)![2]!.replace(/\s/g, ' ');
  assert.is(cellAt('3000–3050'), '3 [3, 3]');
  assert.is(cellAt('8950–9000'), '2 [2, 2]');
  const page = await buildReport([data]);
  assert.equal(page.warnings, []);
  assertInert(page.html);
  assert.is(page.html, readFileSync(join(dir, 'report.html'), 'utf8'), 'the page written is the page of the run data');
  const loaded = loadRun(dir);
  assert.equal(loaded.warnings, []);
  assert.equal(loaded.data.series!.agents, [{ name: 'retriever', servers: 4, pool: null }, { name: 'answer', servers: null, pool: 'answer-pool' }]);
  assert.is((await buildReport([loaded.data])).html, page.html);
});

test('a run whose replica counts never change says so in one sentence instead of a chart', () => {
  const plain = recordedRun(scenarioFile('worker-checker.yaml', ['replications=2', 'horizon=2000s', 'warmup=200s']));
  const d = runDataOf(plain.results, plain.scenario, plain.outputs, [], []);
  assert.is(figureOf(d, 'replicas'), undefined);
  assert.match(overTimeText(d), /Replicas over time: no agent or GPU pool changed its number of replicas in any replication/);
});

test('timeseries.arrow written before the replicas column reads back without replicas: utilisation as before, a sentence', async () => {
  const t = read(dir);
  const old = t.select(t.schema.fields.map((f) => f.name).filter((n) => n !== 'replicas' && n !== 'pool'));
  const series = seriesFromTable(old, 'old.arrow');
  assert.equal(series.agents, [{ name: 'retriever', servers: 4, pool: null }, { name: 'answer', servers: null, pool: null }]);
  assert.ok(series.replications.every((r) => r.replicas.every((x) => Number.isNaN(x))));
  const d: RunData = { ...data, series };
  assert.is(figureOf(d, 'replicas'), undefined);
  assert.match(overTimeText(d), /records no replica counts/);
  const u = figureOf(d, 'utilisation')!;
  assert.ok(u !== undefined);
});

test('hostile agent and pool names reach the replicas chart only as escaped text', async () => {
  const s = data.series!;
  const hostile: RunData = {
    ...data,
    series: { ...s, agents: s.agents.map((a) => (a.name === 'retriever' ? { ...a, name: HOSTILE_AGENT } : { ...a, pool: HOSTILE_CLASS })) },
  };
  const f = figureOf(hostile, 'replicas')!;
  assert.equal(f.table.columns.map((c) => c.label), ['window (s)', HOSTILE_AGENT, HOSTILE_CLASS]);
  const { html } = await buildReport([hostile]);
  assertInert(html);
  assert.not.ok(html.includes(HOSTILE_AGENT) || html.includes(HOSTILE_CLASS), 'never raw');
  assert.ok(html.includes('&lt;svg onload=alert(2)&gt;'), 'the agent, escaped');
});

test('a pool named like an agent is marked as a pool', () => {
  const s = data.series!;
  const same: RunData = { ...data, series: { ...s, agents: s.agents.map((a) => (a.pool === null ? a : { ...a, pool: 'retriever' })) } };
  assert.equal(figureOf(same, 'replicas')!.table.columns.map((c) => c.label), ['window (s)', 'retriever', 'retriever (GPU pool)']);
});

test.run();
