// Workflow and traffic-control fields loaded into exact spec values: station and GPU-pool capacity
// (replicas, balancing, the three autoscalers, failures, spot, scale-to-zero), timeouts and
// retries, quorum and counted forks, speculation, priorities, rate limits, quotas, max steps,
// sessions (generated and from a trace) and budgets; their defaults; and nothing new when absent.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AutoscaleSpec, ClassSpec, GpuPoolSpec, LlmAgent, SessionSpec } from '../../../sim/network/spec.js';
import { FLOWS, editFlows, load, station } from './fixtures.js';
import { compileRate } from '../../../models/scenario/workload/rate-expression.js';

const worker = (...lines: string[]) => editFlows({ 25: ['    servers: 2', ...lines.map((l) => `    ${l}`)].join('\n') });
const exp = (mean: number) => ({ dist: 'exponential', mean });
const workerOf = (text: string) => station(load(text).network.agents[1]);
const autoscaleOf = (text: string): AutoscaleSpec | undefined => workerOf(text).capacitySpec?.autoscale;
function llm(text: string, i = 0): LlmAgent {
  const a = load(text).network.agents[i];
  if (a?.kind !== 'llm') throw new Error(`expected an llm agent, found ${a?.kind ?? 'nothing'}`);
  return a;
}
const poolOf = (text: string): GpuPoolSpec => load(text).network.pools[0]!;
const gold = (text: string): ClassSpec => load(text).network.classes[0]!;
function sessionsOf(text: string, readFile?: (path: string) => string): SessionSpec {
  const c = load(text, readFile === undefined ? {} : { readFile }).network.classes[0]!;
  if (c.arrivals.process !== 'sessions') throw new Error(`expected sessions, found ${c.arrivals.process}`);
  return c.arrivals.sessions;
}
const goldArrivals = (text: string) => editFlows({ 9: `    arrivals: ${text}` });

const s = suite('workflow fields load');

s('without the new fields nothing new appears in the spec (only the classes\' priorities here)', () => {
  const { network } = load(FLOWS);
  for (const a of network.agents) {
    for (const key of ['timeout', 'retry', 'discipline', 'capacitySpec']) assert.not.ok(key in a, `${a.name}.${key}`);
  }
  assert.not.ok('capacitySpec' in network.pools[0]!);
  assert.not.ok('budgets' in network);
  assert.not.ok('quotas' in network);
  assert.equal(network.classes.map((c) => c.priority), [0, 1]);
  for (const c of network.classes) for (const key of ['rateLimit', 'maxSteps']) assert.not.ok(key in c, `${c.name}.${key}`);
});

s('a station with every capacity field', () => {
  const w = workerOf(worker(
    'discipline: preemptive', 'replicas: 3', 'balance: weighted', 'weights: [2, 1, 1]', 'price_per_hour: 0.5',
    'failures: { time_to_failure: { dist: exponential, mean: 2h }, repair: { dist: exponential, mean: 10min } }',
    'spot: { replicas: 2, time_to_reclaim: { dist: exponential, mean: 1h }, notice: 30s, checkpoint: 1min, replacement: { dist: deterministic, value: 2min }, price_per_hour: 0.2 }',
    'scale_to_zero: { idle: 5min, cold_start: { dist: deterministic, value: 20s } }',
  ));
  assert.is(w.discipline, 'preemptive');
  assert.equal(w.capacitySpec, {
    replicas: 3, balance: { kind: 'weighted', weights: [2, 1, 1] }, autoscale: undefined,
    failures: { timeToFailure: exp(7200), repair: exp(600) },
    spot: { replicas: 2, timeToReclaim: exp(3600), notice: 30, checkpoint: 60, replacement: { dist: 'deterministic', value: 120 }, pricePerHour: 0.2 },
    scaleToZero: { idle: 300, coldStart: { dist: 'deterministic', value: 20 } },
    pricePerHour: 0.5,
  });
});

s('weights by replica slot: one per starting replica, up to the autoscaler\'s max and the spot replicas', () => {
  const w = workerOf(worker('replicas: 1', 'balance: weighted', 'weights: [4, 2, 1]', 'autoscale: { kind: reactive, signal: queue, upper: 5, lower: 1, window: 1min, max: 2 }', 'spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h } }'));
  assert.equal(w.capacitySpec?.balance, { kind: 'weighted', weights: [4, 2, 1] });
});

s('one capacity field is enough for a capacity spec; the others take their defaults', () => {
  assert.equal(workerOf(worker('price_per_hour: 1.2')).capacitySpec, {
    replicas: 1, balance: { kind: 'shared' }, autoscale: undefined, failures: undefined, spot: undefined, scaleToZero: undefined, pricePerHour: 1.2,
  });
  const spot = workerOf(worker('spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h } }')).capacitySpec?.spot;
  assert.equal(spot, { replicas: 1, timeToReclaim: exp(3600), notice: 0, checkpoint: Infinity });
  assert.is(workerOf(worker('spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h }, checkpoint: never }')).capacitySpec?.spot?.checkpoint, Infinity);
  assert.is(workerOf(worker('spot: { replicas: 1, time_to_reclaim: { dist: exponential, mean: 1h }, checkpoint: 0s }')).capacitySpec?.spot?.checkpoint, 0);
});

s('a reactive autoscaler, with its defaults (interval = window, no cooldown or delay, min 1, step 1)', () => {
  assert.equal(autoscaleOf(worker('replicas: 2', 'autoscale: { kind: reactive, signal: queue, upper: 10, lower: 2, window: 1min, max: 6 }')), {
    kind: 'reactive', signal: 'queue', upper: 10, lower: 2, window: 60, cooldown: 0, delay: 0, min: 1, max: 6, step: 1,
  });
  assert.equal(autoscaleOf(worker('replicas: 2', 'autoscale: { kind: reactive, signal: latency, upper: 2s, lower: 500ms, window: 2min, interval: 30s, cooldown: 5min, delay: 90s, min: 2, max: 8, step: 2 }')), {
    kind: 'reactive', signal: 'latency', upper: 2, lower: 0.5, window: 120, interval: 30, cooldown: 300, delay: 90, min: 2, max: 8, step: 2,
  });
  // No replica at the start: min defaults to 0.
  const a = autoscaleOf(worker('replicas: 0', 'autoscale: { kind: reactive, signal: queue, upper: 1, lower: 0, window: 1min, max: 3 }'));
  assert.is(a?.kind === 'reactive' ? a.min : -1, 0);
});

s('a scheduled autoscaler', () => {
  assert.equal(autoscaleOf(worker('autoscale: { kind: scheduled, delay: 2min, schedule: [{ at: 5min, replicas: 4 }, { at: 600, replicas: 0 }] }')), {
    kind: 'scheduled', schedule: [{ at: 300, replicas: 4 }, { at: 600, replicas: 0 }], delay: 120,
  });
});

s('a predictive autoscaler: a forecast expression of t (or a constant rate) with headroom', () => {
  const a = autoscaleOf(worker('replicas: 2', 'autoscale: { kind: predictive, forecast: "t < 500 ? 2 : 6", per_replica: 120/min, headroom: 0.2, interval: 1min, delay: 1min, max: 5 }'));
  if (a?.kind !== 'predictive') return assert.unreachable(`predictive, found ${a?.kind ?? 'nothing'}`);
  assert.equal([compileRate(a.expression)(0), compileRate(a.expression)(600)], [2, 6]);
  assert.equal(a, {
    kind: 'predictive', expression: 't < 500 ? 2 : 6', perReplicaRate: 2, headroom: 0.2, interval: 60, delay: 60, min: 1, max: 5,
  });
  const c = autoscaleOf(worker('autoscale: { kind: predictive, forecast: 30/min, per_replica: 1/s, interval: 1min, max: 5 }'));
  if (c?.kind !== 'predictive') return assert.unreachable('predictive');
  assert.equal([compileRate(c.expression)(0), compileRate(c.expression)(999), c.expression, c.headroom, c.delay], [0.5, 0.5, '30/min', 0, 0]);
});

s('a GPU pool: the capacity fields start a capacity spec agreeing with its replicas and price', () => {
  const p = poolOf(editFlows({ 6: '  pool: { model: small, replicas: 2, price_per_hour: 4, balance: capacity, autoscale: { kind: scheduled, schedule: [{ at: 100s, replicas: 3 }] } }' }));
  assert.is(p.replicas, 2);
  assert.equal(p.capacitySpec, {
    replicas: 2, balance: { kind: 'capacity' }, autoscale: { kind: 'scheduled', schedule: [{ at: 100, replicas: 3 }], delay: 0 },
    failures: undefined, spot: undefined, scaleToZero: undefined, pricePerHour: 4,
  });
  // Scale-to-zero may start a pool with no replica.
  const zero = poolOf(editFlows({ 6: '  pool: { model: small, replicas: 0, scale_to_zero: { idle: 1min, cold_start: { dist: deterministic, value: 30s } } }' }));
  assert.equal([zero.replicas, zero.capacitySpec?.replicas], [0, 0]);
});

s('timeouts and retries, with the retry defaults (no backoff, multiplier 2, no jitter, on failures and timeouts)', () => {
  const w = workerOf(worker('timeout: 30s', 'retry: { max: 3 }'));
  assert.equal([w.timeout, w.retry], [30, { max: 3, backoff: 0, multiplier: 2, jitter: 0, on: { failure: true, timeout: true } }]);
  const p = llm(editFlows({ 21: '    output_tokens: 100\n    timeout: 2min\n    retry: { max: 2, backoff: 500ms, multiplier: 3, jitter: 0.25, on: [timeout] }' }));
  assert.equal([p.timeout, p.retry], [120, { max: 2, backoff: 0.5, multiplier: 3, jitter: 0.25, on: { failure: false, timeout: true } }]);
  assert.equal(workerOf(worker('retry: { max: 1, on: failure }')).retry?.on, { failure: true, timeout: false });
});

s('forks with a quorum and counted branches, and speculation', () => {
  const next = (text: string) => load(editFlows({ 22: `    next: ${text}` })).network.agents[0]!.next;
  assert.equal(next('{ fork: { to: worker, count: 4 }, then: cheap, need: 3 }'), {
    kind: 'fork', branches: [1, 1, 1, 1], then: { kind: 'agent', to: 2, escalate: false }, need: 3,
  });
  assert.equal(next('{ fork: [worker, cheap] }'), { kind: 'fork', branches: [1, 2], then: { kind: 'exit' } });
  assert.equal(next('{ speculate: { main: worker, guess: cheap, hit: 0.8 }, then: worker }'), {
    kind: 'speculate', main: 1, guess: 2, hit: 0.8, then: { kind: 'agent', to: 1, escalate: false },
  });
  assert.equal(next('{ speculate: { main: worker, guess: cheap, hit: 0 } }'), { kind: 'speculate', main: 1, guess: 2, hit: 0, then: { kind: 'exit' } });
});

s('priorities, rate limits (burst 1 and reject by default) and max steps', () => {
  const c = gold(editFlows({ 11: '    priority: 2\n    max_steps: 40\n    rate_limit: { rate: 10/s }' }));
  assert.equal([c.priority, c.maxSteps, c.rateLimit], [2, 40, { rate: 10, burst: 1, action: 'reject' }]);
  assert.equal(gold(editFlows({ 11: '    rate_limit: { rate: 600/min, burst: 20, action: queue }' })).rateLimit, { rate: 10, burst: 20, action: 'queue' });
});

s('a loop with no way out is allowed when max_steps bounds it', () => {
  const text = editFlows({ 11: '    priority: 0\n    max_steps: 50', 15: '    priority: 1\n    max_steps: 50', 25: '    servers: 2\n    next: worker' });
  assert.equal(station(load(text).network.agents[1]).next, { kind: 'agent', to: 1, escalate: false });
});

s('generated sessions: a population or arrivals, turns (a number or a distribution), think time (0 by default)', () => {
  assert.equal(sessionsOf(goldArrivals('{ process: sessions, population: 12, turns: 5, think: 30s }')), {
    kind: 'generated', start: { kind: 'population', size: 12 }, turns: { dist: 'deterministic', value: 5 }, think: { dist: 'deterministic', value: 30 },
  });
  assert.equal(sessionsOf(goldArrivals('{ process: sessions, arrivals: { process: poisson, rate: 6/min }, turns: { dist: gamma, mean: 4, cv: 1 }, think: { dist: exponential, mean: 20s } }')), {
    kind: 'generated', start: { kind: 'arrivals', arrivals: { process: 'poisson', rate: 0.1 } }, turns: { dist: 'gamma', mean: 4, cv: 1 }, think: exp(20),
  });
  assert.equal(sessionsOf(goldArrivals('{ process: sessions, population: 1, turns: 1 }')), {
    kind: 'generated', start: { kind: 'population', size: 1 }, turns: { dist: 'deterministic', value: 1 }, think: { dist: 'deterministic', value: 0 },
  });
});

s('a session trace: session ids (integers or text) numbered by first appearance, times sorted, closed replay by default', () => {
  const jsonl = '{"t": 0, "conv": "x", "n": 5}\n{"t": 4, "conv": 7, "n": 6}\n{"t": 2, "conv": "x", "n": 7}\n{"t": 9, "conv": 7, "n": 8}\n';
  const text = goldArrivals('{ process: sessions, trace: { file: s.jsonl, time: { column: t }, attributes: { prompt: n }, session: conv } }');
  const spec = sessionsOf(text.replace('input_tokens: 500', 'input_tokens: prompt'), () => jsonl);
  if (spec.kind !== 'trace') return assert.unreachable('a trace');
  assert.equal([...spec.trace.times], [0, 2, 4, 9]);
  assert.equal([...spec.session], [0, 0, 1, 1]);
  assert.equal([...spec.trace.attributes['prompt']!], [5, 7, 6, 8]);
  assert.is(spec.replay, 'closed');
  const open = sessionsOf(text.replace('session: conv', 'session: conv, replay: open'), () => jsonl);
  assert.is(open.kind === 'trace' ? open.replay : undefined, 'open');
});

s('budgets: every class by default, cost by default, no period outside period budgets; quotas', () => {
  const { network } = load(editFlows({}, [
    'budgets:',
    '  per-task: { scope: task, limit: 0.02, on_exhaustion: { degrade: cheap } }',
    '  hourly: { scope: period, resource: tokens, limit: 100000, burst: 20000, period: 1h, classes: [bronze], on_exhaustion: defer }',
    'quotas:',
    '  tenant: { rate: 3/s, burst: 10, action: queue, classes: [gold, bronze] }',
  ]));
  assert.equal(network.budgets, [
    { name: 'per-task', scope: 'task', resource: 'cost', limit: 0.02, burst: 0, period: Infinity, classes: [0, 1], onExhaustion: { kind: 'degrade', to: 2 } },
    { name: 'hourly', scope: 'period', resource: 'tokens', limit: 100000, burst: 20000, period: 3600, classes: [1], onExhaustion: { kind: 'defer' } },
  ]);
  assert.equal(network.quotas, [{ name: 'tenant', rate: 3, burst: 10, action: 'queue', classes: [0, 1] }]);
});

s('a session budget on session classes', () => {
  const text = goldArrivals('{ process: sessions, population: 3, turns: 2 }').replace('  bronze:\n    arrivals: { process: poisson, rate: 1/s }', '  bronze:\n    arrivals: { process: sessions, population: 2, turns: 4 }');
  const { network } = load(`${text}budgets:\n  per-session: { scope: session, limit: 1, on_exhaustion: stop }\n`);
  assert.equal(network.budgets?.[0], { name: 'per-session', scope: 'session', resource: 'cost', limit: 1, burst: 0, period: Infinity, classes: [0, 1], onExhaustion: { kind: 'stop' } });
});

s.run();
