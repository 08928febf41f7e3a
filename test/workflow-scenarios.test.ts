// Workflow features end to end, from YAML: the same session trace replayed closed and open loop
// (different tail latency under load), the Monday-morning spike's replicas over time (reactive and
// scheduled autoscalers), and the coding agent's closed loop, fan-out, retries and budget.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { Experiment } from '../models/run/experiment.js';
import { runRecordedReplication } from '../models/run/replicate.js';
import { loadScenario } from '../models/scenario/index.js';
import type { Scenario } from '../models/scenario/index.js';

const test = suite('workflow scenarios');
const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));

function bundled(name: string, overrides: readonly string[] = []): Scenario {
  const path = join(dir, name);
  return loadScenario(path, readFileSync(path, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'), overrides });
}

/** Sessions of `turns` turns `gap` seconds apart, starting uniformly over `span` (a fixed LCG, so the file is the same every run). */
function sessionTraceCsv(sessions: number, span: number, turns: number, gap: number): string {
  let x = 12345;
  const uniform = (): number => {
    x = (1103515245 * x + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  const rows: string[] = [];
  for (let k = 0; k < sessions; k++) {
    const start = uniform() * span;
    for (let j = 0; j < turns; j++) rows.push(`${(start + j * gap).toFixed(3)},conv-${String(k)}`);
  }
  return `time,conversation\n${rows.join('\n')}\n`;
}

const REPLAY = [
  'name: replay',
  'horizon: 10000s',
  'warmup: 500s',
  'replications: 5',
  'workload:',
  '  chat:',
  '    arrivals:',
  '      process: sessions',
  '      trace: { file: sessions.csv, time: { column: time }, session: conversation, replay: closed }',
  '    entry: llm',
  'agents:',
  '  llm:',
  '    service: { dist: exponential, mean: 1s }',
].join('\n') + '\n';

test('closed-loop and open-loop replay of the same session trace give different tail latency under load', () => {
  // 0.14 sessions/s x 6 turns recorded 5 s apart = 0.84 turns/s on one server with mean service 1 s.
  const csv = sessionTraceCsv(1330, 9500, 6, 5);
  const run = (overrides: readonly string[]) => new Experiment(
    loadScenario('replay.yaml', REPLAY, { readFile: () => csv, overrides }), 'test',
  ).runToEnd();
  const closed = run([]);
  const open = run(['workload.chat.arrivals.trace.replay=open']);
  const p99 = (r: typeof closed) => r.metrics['e2e.p99']!;
  // Open replay keeps sending at the recorded times however slow the system is: longer tails.
  assert.ok(p99(open).estimate! > 1.25 * p99(closed).estimate!, `p99 open ${String(p99(open).estimate)} s, closed ${String(p99(closed).estimate)} s`);
  assert.ok(p99(open).interval![0] > p99(closed).interval![1], 'the intervals do not overlap');
  for (const r of [closed, open]) assert.is(r.metrics['session.turns.mean']!.estimate, 6);
});

test('monday-spike: the retriever scales on utilisation after the 09:00 spike, the GPU pool follows its schedule', () => {
  const s = bundled('monday-spike.yaml');
  const window = 300;
  const out = runRecordedReplication(s, 0, 600, { timeseriesWindow: window, traceRequests: false });
  const ts = out.timeseries!;
  const agents = s.network.agents.length;
  const retriever = s.network.agents.findIndex((a) => a.name === 'retriever');
  const at = (t: number) => Math.floor(t / window);
  const stationReplicas = (t: number) => ts.replicas[at(t) * agents + retriever]!;
  const poolReplicas = (t: number) => ts.poolReplicas[at(t) * s.network.pools.length]!;
  // 08:30 (quiet: scaled down to one replica) against 09:40 (tripled traffic).
  assert.ok(stationReplicas(1800) < stationReplicas(6000), `retriever ${String(stationReplicas(1800))} at 08:30, ${String(stationReplicas(6000))} at 09:40`);
  assert.ok(stationReplicas(6000) >= 3, 'tripled traffic needs at least three replicas');
  // The schedule: 1 replica until 08:50, 3 from then (billed while they start), 2 from 10:15.
  assert.is(poolReplicas(1800), 1);
  assert.is(poolReplicas(4200), 3);
  assert.is(poolReplicas(8700), 2);
  const metric = (name: string) => out.metrics.find((m) => m.name === name)?.value;
  assert.ok((metric('agent.retriever.scale_events') ?? 0) >= 2, 'scaled down, then up');
  assert.is(metric('gpu.answer-pool.scale_events'), 2);
});

test('coding-agent: closed-loop sessions fan out to four workers per turn, retry crashes, and degrade calls past the session budget', () => {
  const r = new Experiment(bundled('coding-agent.yaml', ['replications=2']), 'test').runToEnd();
  const m = (name: string) => r.metrics[name]!.estimate!;
  // Each turn: one plan, four execute branches (each at least once), one consolidate (or its fallback).
  assert.ok(m('agent.execute.throughput') > 4 * m('agent.plan.throughput') * 0.95, 'four workers per plan');
  assert.ok(m('agent.check.throughput') > 4 * m('agent.plan.throughput') * 0.95, 'each worker checks');
  assert.ok(m('agent.execute.retries') > 0, 'sandbox crashes are retried');
  assert.ok(m('budget.per-session.degraded') > 0, 'sessions past their budget use the cheaper model');
  assert.ok(m('sessions') > 0 && m('session.turns.mean') >= 1);
  // Closed loop: 40 developers, each in a turn or thinking, so turns/s is at most 40 / (R + think).
  assert.ok(m('throughput') < 40 / (m('e2e.mean') + 60 * 0.5));
});

test.run();
