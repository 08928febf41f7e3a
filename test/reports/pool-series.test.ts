// The GPU pools' time series (sampled levels, counted preemptions) and the report's claims checked
// against the run's own metrics: the windows after warm-up must average to what results.json
// measures exactly, and no sentence of the report may say what the metrics contradict.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runDataOf } from '../../reports/run-outputs.js';
import { runSections } from '../../reports/run-report.js';
import { agentValue, poolUtilization } from '../../reports/series-summary.js';
import type { RunData } from '../../reports/run-data.js';
import { gpuPool } from '../helpers/specs.js';
import { contradictions, sentencesOf } from './claims.js';
import { llmScenario } from './llm-run.js';
import { recordedRun, scenarioFile } from './recorded-run.js';

const base = llmScenario();
// A pool whose KV cache admits three 600-token prompts but not their 150 output tokens each: it
// preempts under the 'recompute' policy, and calls wait in its line.
const tight = { ...base, network: { ...base.network, pools: [gpuPool('a100', 0, 2, 2_000, { pricePerHour: 2.5 })] } };
const run = recordedRun(tight, false);
const data = runDataOf(run.results, run.scenario, run.outputs, [], []);
const s = data.series!;
const answer = s.agents.findIndex((a) => a.pool === 'a100');
const metric = (name: string) => run.results.metrics[name]!;

/** Per replication, the mean of `value` over the windows after warm-up. */
function afterWarmup(value: (r: (typeof s.replications)[number], w: number) => number): number[] {
  const first = Math.round(run.results.warmup.seconds / s.window);
  return s.replications.map((rs) => {
    let sum = 0;
    for (let w = first; w < s.windows; w++) sum += value(rs, w);
    return sum / (s.windows - first);
  });
}

test('the warm-up ends on a window boundary and the horizon is whole windows (the comparisons below need it)', () => {
  assert.is(run.results.warmup.seconds % s.window, 0);
  assert.is(s.window * s.windows, run.results.horizon);
  assert.ok((metric('gpu.a100.preemptions').estimate ?? 0) > 0, 'the tight pool preempts');
  assert.ok((metric('gpu.a100.queue.mean').estimate ?? 0) > 0.1, 'and calls wait in its line');
});

test('sampled queue and utilisation average, per replication, to the exact metrics within a fraction of their interval', () => {
  // Sampling adds an error of its own; it must stay well inside the replication-to-replication
  // noise the metric's interval measures (a quarter of its half-width).
  for (const [name, values] of [
    ['gpu.a100.queue.mean', afterWarmup(agentValue(s, answer, 'poolQueue'))],
    ['gpu.a100.utilization', afterWarmup((rs, w) => poolUtilization(agentValue(s, answer, 'poolBusy')(rs, w), agentValue(s, answer, 'replicas')(rs, w)))],
  ] as const) {
    const m = metric(name);
    assert.ok(m.interval !== null, `${name}: no interval (${m.note})`);
    const half = (m.interval[1] - m.interval[0]) / 2;
    values.forEach((v, r) => assert.ok(Math.abs(v - m.values![r]!) <= half / 4, `${name}, replication ${r}: sampled ${v}, exact ${m.values![r]}, half-width ${half}`));
  }
});

test('preemptions per window add up, after warm-up, to the metric exactly; the mean wait is the agent\'s', () => {
  const first = run.results.warmup.seconds / s.window;
  s.replications.forEach((rs, r) => {
    let sum = 0;
    for (let w = first; w < s.windows; w++) sum += agentValue(s, answer, 'poolPreemptions')(rs, w);
    assert.is(sum, metric('gpu.a100.preemptions').values![r]);
  });
  assert.ok(s.replications.every((rs) => [...rs.wait].some((x) => x > 0)), 'the answer agent waits at its pool');
});

test('the report charts the pool and says nothing the metrics contradict', () => {
  const sections = runSections(data);
  const over = sections.find((x) => x.id === 'over-time')!;
  const ids = over.blocks.flatMap((b) => (b.kind === 'figure' ? [b.figure.id] : []));
  for (const id of ['queues', 'waits', 'gpu-batch', 'gpu-kv', 'gpu-preemptions']) assert.ok(ids.includes(id), id);
  const queues = over.blocks.flatMap((b) => (b.kind === 'figure' && b.figure.id === 'queues' ? [b.figure] : []))[0]!;
  assert.ok(queues.table.columns.some((c) => c.label === 'a100 (GPU pool)'));
  assert.equal(contradictions(sentencesOf(sections), run.results), []);
});

test('a time series without the pool and wait columns (an older file) claims no LLM agent never waited', () => {
  const nan = (a: Float64Array) => new Float64Array(a.length).fill(NaN);
  const old: RunData = {
    ...data,
    series: { ...s, classes: [], replications: s.replications.map((rs) => ({
      ...rs, wait: nan(rs.wait), poolQueue: nan(rs.poolQueue), poolRunning: nan(rs.poolRunning), poolKv: nan(rs.poolKv), poolBusy: nan(rs.poolBusy), poolPreemptions: nan(rs.poolPreemptions),
    })) },
  };
  const said = sentencesOf(runSections(old));
  assert.equal(contradictions(said, run.results), []);
  assert.ok(!said.some((x) => /waited at [^.]*answer/.test(x)));
});

test('the checker catches a false sentence: the old "no request ever waited" on a run whose requests waited', () => {
  const wc = recordedRun(scenarioFile('worker-checker.yaml', ['replications=2', 'horizon=1000s', 'warmup=100s']), false);
  const found = contradictions(['Queue length: no request ever waited for a server at any agent.', 'No request ever waited at worker: not drawn.'], wc.results);
  assert.ok(found.length >= 2, found.join('\n'));
  assert.ok(found.some((x) => x.includes('agent.worker.wait.mean')));
  assert.equal(contradictions(['Preemptions: no GPU pool preempted a sequence in any recorded window (a100 (GPU pool)).'], run.results).length, 1);
});

test.run();
