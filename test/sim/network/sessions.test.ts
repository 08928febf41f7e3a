// Closed-loop sessions: the interactive response-time law for a fixed population, sessions started
// by arrivals, and a session trace replayed closed (next turn after the previous one ends) versus
// open (every turn at its recorded time): same trace, different tail latency under load.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Experiment } from '../../../models/run/experiment.js';
import { Stream } from '../../../sim/random/stream.js';
import type { ClassSpec } from '../../../sim/network/spec.js';
import { populationClass, runOne, traceSessionClass } from '../../helpers/flow-specs.js';
import { inIntervalAt } from '../../helpers/assert.js';
import { det, network, scenarioOf, station } from '../../helpers/specs.js';

const test = suite('sessions');

test('a closed population of N sessions: turns/s = N E[T] / (E[T] R + (E[T] - 1) Z)', () => {
  // No queueing (enough servers): each turn takes exactly R; thinking between turns takes Z on average.
  const N = 5, turns = 4, R = 1, Z = 2;
  const net = network({ agents: [station('agent', 1000, det(R))], classes: [populationClass('chat', N, 0, det(turns), { dist: 'exponential', mean: Z })] });
  const r = new Experiment(scenarioOf(net, { horizon: 4000, warmup: 200, replications: 10 }), 'test').runToEnd();
  const X = (N * turns) / (turns * R + (turns - 1) * Z);
  inIntervalAt(r.metrics['class.chat.throughput']!, X, 0.999, 'turns per second');
  inIntervalAt(r.metrics['session.duration.mean']!, turns * R + (turns - 1) * Z, 0.999, 'session duration');
  for (const v of r.metrics['session.turns.mean']!.values) assert.is(v, turns);
  // Little's law on the closed system: N sessions, each in a turn a fraction turns R / duration of the time.
  inIntervalAt(r.metrics['agent.agent.utilization']!, (X * R) / 1000, 0.999, 'busy servers');
});

test('sessions arriving at rate v with T turns each offer v E[T] turns per second, one at a time per session', () => {
  const v = 0.5, turns = 3;
  const cls: ClassSpec = {
    name: 'chat', entry: 0, routes: [], attributes: [],
    arrivals: { process: 'sessions', sessions: { kind: 'generated', start: { kind: 'arrivals', arrivals: { process: 'poisson', rate: v } }, turns: det(turns), think: det(2) } },
  };
  const net = network({ agents: [station('agent', 1000, { dist: 'exponential', mean: 1 })], classes: [cls] });
  const r = new Experiment(scenarioOf(net, { horizon: 4000, warmup: 200, replications: 10 }), 'test').runToEnd();
  inIntervalAt(r.metrics['class.chat.throughput']!, v * turns, 0.999, 'turns per second');
  inIntervalAt(r.metrics['session.duration.mean']!, turns * 1 + (turns - 1) * 2, 0.999, 'session duration');
  // One turn at a time: within a session, each turn starts think seconds after the previous ends.
  const { rows } = runOne(net, 1000);
  const last = new Map<number, number>();
  for (let i = 0; i < rows.count; i++) {
    const s = rows.session[i]!;
    const prev = last.get(s);
    if (prev !== undefined) assert.ok(Math.abs(rows.arrival[i]! - (prev + 2)) < 1e-9, `session ${s}: turn at ${rows.arrival[i]} after one ending at ${prev}`);
    last.set(s, rows.finish[i]!);
  }
});

/** A synthetic session trace: sessions start at random, each sends `turns` turns `gap` seconds apart (as recorded). */
function sessionTrace(sessions: number, span: number, turns: number, gap: number): { times: Float64Array; session: Int32Array } {
  const s = new Stream('session-trace');
  const rows: [number, number][] = [];
  for (let k = 0; k < sessions; k++) {
    const start = s.uniform() * span;
    for (let j = 0; j < turns; j++) rows.push([start + j * gap, k]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  return { times: Float64Array.from(rows, (r) => r[0]), session: Int32Array.from(rows, (r) => r[1]) };
}

test('closed-loop and open-loop replay of the same session trace give different tail latency under load', () => {
  const turns = 6, gap = 5, span = 40_000;
  // 0.14 sessions/s x 6 turns = 0.84 turns/s recorded, on one server with mean service 1 s.
  const { times, session } = sessionTrace(Math.round(0.14 * span), span, turns, gap);
  const run = (replay: 'closed' | 'open') => runOne(network({
    agents: [station('llm', 1, { dist: 'exponential', mean: 1 })],
    classes: [traceSessionClass('chat', 0, times, session, replay)],
  }), span + 2000, { warmup: 1000 });
  const closed = run('closed'), open = run('open');
  const line = (name: string, m: typeof closed) =>
    `  ${name}: turns ${m.get('completed')}, p50 ${m.get('e2e.p50').toFixed(2)} s, p95 ${m.get('e2e.p95').toFixed(2)} s, p99 ${m.get('e2e.p99').toFixed(2)} s, utilisation ${m.get('agent.llm.utilization').toFixed(3)}`;
  console.log(line('closed', closed));
  console.log(line('open  ', open));
  // Open replay keeps sending at recorded times however slow the system is: more load, longer tails.
  assert.ok(open.get('e2e.p95') > 1.25 * closed.get('e2e.p95'), 'open-loop p95 overstates closed-loop p95 by more than a quarter');
  assert.ok(open.get('e2e.p99') > 1.25 * closed.get('e2e.p99'));
  // Each replay does what it says: open at the recorded times, closed a recorded gap after the previous turn.
  const recorded = new Set(Array.from(times));
  for (let i = 0; i < open.rows.count; i++) assert.ok(recorded.has(open.rows.arrival[i]!), 'open: every turn at its recorded time');
  const last = new Map<number, number>();
  for (let i = 0; i < closed.rows.count; i++) {
    const s = closed.rows.session[i]!;
    const prev = last.get(s);
    if (prev !== undefined) assert.ok(Math.abs(closed.rows.arrival[i]! - (prev + gap)) < 1e-6, 'closed: next turn a recorded gap after the previous ends');
    last.set(s, closed.rows.finish[i]!);
  }
  assert.is(open.get('session.turns.mean'), turns);
  assert.is(closed.get('session.turns.mean'), turns);
});

test.run();
