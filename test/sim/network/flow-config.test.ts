// Request-flow settings the engine cannot run refuse to start with a message naming the agent,
// class or budget (the scenario loader checks them first, with YAML paths).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Replication } from '../../../sim/network/engine.js';
import type { BudgetSpec, NetworkSpec } from '../../../sim/network/spec.js';
import { populationClass, retry, traceSessionClass } from '../../helpers/flow-specs.js';
import { det, network, poissonClass, station } from '../../helpers/specs.js';

const test = suite('request-flow configuration errors');

const options = { seed: 1, replication: 0, horizon: 10, warmup: 0, percentiles: 'sketch' as const, sketchAccuracy: 0.01, seriesWindow: 0, timeseriesWindow: 0, traceRequests: false };
const refuses = (net: NetworkSpec, message: RegExp) => assert.throws(() => new Replication(net, options), message);
const budget = (b: Partial<BudgetSpec>): BudgetSpec =>
  ({ name: 'b', scope: 'task', resource: 'cost', limit: 1, burst: 0, period: 1, classes: [0], onExhaustion: { kind: 'stop' }, ...b });
const tool = station('tool', 1, det(1));

test('timeouts, retries and max steps', () => {
  refuses(network({ agents: [station('tool', 1, det(1), undefined, { timeout: 0 })], classes: [poissonClass('q', 1, 0)] }), /agent 'tool': a timeout must be > 0/);
  refuses(network({ agents: [station('tool', 1, det(1), undefined, { retry: retry(2, 1, { jitter: 2 }) })], classes: [poissonClass('q', 1, 0)] }), /agent 'tool': retry needs .*jitter in \[0, 1\]/);
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0, [], { maxSteps: 0 })] }), /class 'q': max steps must be a whole number >= 1/);
});

test('rate limits and quotas', () => {
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0, [], { rateLimit: { rate: 1, burst: 0.5, action: 'reject' } })] }), /burst >= 1/);
  refuses(network({
    agents: [tool], classes: [poissonClass('q', 1, 0, [], { rateLimit: { rate: 1, burst: 1, action: 'reject' } })],
    quotas: [{ name: 'tenant', rate: 1, burst: 1, action: 'queue', classes: [0] }],
  }), /class 'q' has its own rate limit and quota 'tenant'/);
});

test('budgets', () => {
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0)], budgets: [budget({ limit: -1 })] }), /budget 'b': limit and burst must be >= 0/);
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0)], budgets: [budget({ scope: 'period', period: 0 })] }), /budget 'b': a period budget needs a period > 0/);
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0)], budgets: [budget({ onExhaustion: { kind: 'degrade', to: 0 } })] }), /budget 'b': degrade needs an llm agent/);
  refuses(network({ agents: [tool], classes: [poissonClass('q', 1, 0)], budgets: [budget({ scope: 'session' })] }), /budget 'b' is per session, but class 'q' has no sessions/);
});

test('quorums and speculation', () => {
  const fork = (need: number): NetworkSpec => network({ agents: [station('tool', 1, det(1), { kind: 'fork', branches: [1, 1], then: { kind: 'exit' }, need }), tool], classes: [poissonClass('q', 1, 0)] });
  refuses(fork(0), /a fork of 2 branches needs between 1 and 2 of them \(got need 0\)/);
  refuses(fork(3), /got need 3/);
  refuses(network({ agents: [station('tool', 1, det(1), { kind: 'speculate', main: 1, guess: 1, hit: 1.5, then: { kind: 'exit' } }), tool], classes: [poissonClass('q', 1, 0)] }), /hit probability must be in \[0, 1\]/);
});

test('sessions', () => {
  refuses(network({ agents: [tool], classes: [populationClass('chat', 0, 0, det(1), det(1))] }), /class 'chat': a session population needs a whole size >= 1/);
  refuses(network({ agents: [tool], classes: [traceSessionClass('chat', 0, Float64Array.from([0, 1]), Int32Array.from([0]), 'closed')] }), /class 'chat': the session column has 1 rows for 2 arrivals/);
});

test.run();
