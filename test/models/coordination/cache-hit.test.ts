// A `cache_hit` action end to end: a semantic cache (hit 0.2, its answers of quality 0.6) in front of
// a retriever (M/M/1) and a model (quality 0.9). The answer owner's p95 objective is threatened; it
// asks the cache's owner, upstream, to serve more cached answers (hit 0.6: a looser similarity
// threshold); the owner has no objective of its own and accepts; while the commitment holds the
// retriever gets half the requests it got and quality.mean drops, and the written hit probability
// comes back at expiry. A set_cache_hit timeline event does the same through the same mechanism.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readProposals } from '../../../models/coordination/proposals.js';
import { ControlState } from '../../../models/coordination/state.js';
import type { ActionEffect } from '../../../models/coordination/types.js';
import { loadScenario } from '../../../models/scenario/index.js';
import type { Scenario } from '../../../models/scenario/core/types.js';
import type { Actuators } from '../../../sim/network/control.js';
import { OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import type { AgentSpec } from '../../../sim/network/spec.js';
import type { CoordinatedOutput } from '../../../models/coordination/driver.js';
import { metric, recordsOf, replicate } from '../../helpers/coordination.js';

const test = suite('coordination: cache_hit actions');

// Retriever: M/M/1, mean service 1 s, offered (1 - h) erlangs. At h = 0.2 its sojourn is
// exponential with mean 5 s, and the class's p95 (a fifth of requests answered at once) is about
// 5 ln 16 = 14 s; at h = 0.6 the mean is 1.7 s and the p95 about 1.7 ln 8 = 3.5 s (plus the
// model's fraction of a second).
const H0 = 0.2, H1 = 0.6, QC = 0.6, QM = 0.9;
const CACHED = `
name: cached-answers
seed: 7
horizon: 45min
warmup: 0s
replications: 2
models:
  m: { profile: llama3-8b-h100, quality: ${QM} }
gpus:
  pool: { model: m, replicas: 1 }
workload:
  chat:
    arrivals: { process: poisson, rate: 1/s }
    entry: semantic
agents:
  semantic: { kind: cache, hit: ${H0}, quality: ${QC}, next: retriever }
  retriever: { servers: 1, service: { dist: exponential, mean: 1s }, next: answer }
  answer: { kind: llm, gpu: pool, input_tokens: 200, output_tokens: 10 }
timeline:
  - { at: 12min, set_objective: { objective: chat-p95, threshold: 1000s } }
objectives:
  - { name: chat-p95, agent: answer-owner, metric: p95, class: chat, threshold: 8s, window: 5min }
coordination:
  period: 5min
  validation: { horizon: 20min, warmup: 2min, replications: 4 }
participants:
  - { name: answer-owner, upstream: [cache-owner] }
  - { name: cache-owner }
actions:
  - { name: loosen-cache, owner: cache-owner, cache_hit: { agent: semantic, hit: ${H1} }, duration: 15min }
`;

const load = (text: string, overrides: readonly string[] = []): Scenario =>
  loadScenario('cached.yaml', text, { readFile: () => { throw new Error('no files'); }, overrides });

const SEMANTIC = 0, RETRIEVER = 1, AGENTS = 3;

/** |observed fraction - p| within 5 binomial standard errors (false alarm about 6e-7). */
const binomialClose = (k: number, n: number, p: number, what: string) => {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(n > 0 && Math.abs(k / n - p) <= 5 * se, `${what}: ${k}/${n} vs p = ${p} (5 se = ${5 * se})`);
};

/** Completed requests that arrived in [from, to), and those of them that went on to the retriever (misses). */
function missesIn(out: CoordinatedOutput, from: number, to: number): { misses: number; n: number } {
  const rows = out.requests!;
  let misses = 0, n = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.outcome[i] !== OUTCOME_COMPLETED || rows.arrival[i]! < from || rows.arrival[i]! >= to) continue;
    n++;
    if (rows.service[i * AGENTS + RETRIEVER]! > 0) misses++;
  }
  return { misses, n };
}

test('the loader resolves a cache_hit action and a cache quality', () => {
  const s = load(CACHED);
  assert.equal(s.coordination!.actions[0]!.effect, { kind: 'cache_hit', agent: SEMANTIC, hit: H1 });
  const cache = s.network.agents[SEMANTIC] as Extract<AgentSpec, { kind: 'cache' }>;
  assert.equal([cache.policy, cache.quality], [{ kind: 'probability', hit: H0 }, QC]);
  // Without `quality:` the spec has none (as before the field existed).
  assert.not.ok('quality' in (load(CACHED.replace(`, quality: ${QC}`, '')).network.agents[SEMANTIC]!));
});

test('the cache owner accepts; the retriever gets (1 - 0.6) / (1 - 0.2) of its load while it holds, quality.mean drops, and expiry restores', async () => {
  const s = load(CACHED);
  const out = await replicate(s, { requests: true });
  const request = recordsOf(out, 'request').find((r) => r.action === 'loosen-cache');
  assert.ok(request !== undefined && request.from === 'answer-owner' && request.to === 'cache-owner' && request.direction === 'upstream', 'answer-owner asks upstream');
  const plan = recordsOf(out, 'plan').find((p) => p.action === 'loosen-cache');
  const nothing = recordsOf(out, 'plan').find((p) => p.action === '(nothing)');
  assert.ok(plan !== undefined && plan.kept && nothing !== undefined && !nothing.kept, 'validated: doing nothing fails, the looser cache meets the objective');
  const answer = recordsOf(out, 'answer').find((a) => a.action === 'loosen-cache');
  assert.ok(answer !== undefined && answer.answer === 'accept', `cache-owner accepts (${JSON.stringify(answer)})`);
  const commitments = recordsOf(out, 'commitment');
  assert.is(commitments.length, 1, 'one commitment; the objective is relaxed before it expires');
  const c = commitments[0]!;
  const expired = recordsOf(out, 'expired').find((e) => e.action === 'loosen-cache');
  assert.ok(expired !== undefined && Math.abs(expired.t - c.until) < 1e-9 && Math.abs(c.until - c.t - 900) < 1e-9, 'expires after its 15 min');
  assert.is(metric(out, 'coordination.upstream.accepted'), 1);

  // A request's lookup is at its arrival (no lookup time): the share that misses, before, while
  // committed and after, is binomial with the hit probability of the time.
  const before = missesIn(out, 0, c.t), during = missesIn(out, c.t, c.until), after = missesIn(out, c.until, s.horizon - 120);
  binomialClose(before.misses, before.n, 1 - H0, 'miss share before');
  binomialClose(during.misses, during.n, 1 - H1, 'miss share while committed');
  binomialClose(after.misses, after.n, 1 - H0, 'miss share after the expiry');
  const rate = (x: { misses: number }, from: number, to: number) => x.misses / (to - from);
  const ratio = rate(during, c.t, c.until) / rate(before, 0, c.t);
  assert.ok(Math.abs(ratio - (1 - H1) / (1 - H0)) < 0.15, `retriever load ratio ${ratio} vs ${(1 - H1) / (1 - H0)}`);

  // Quality: each completed request answered by the cache (0.6) or the model (0.9); more hits, lower mean.
  const off = await replicate(s, { enabled: false, requests: true });
  const all = missesIn(out, 0, Infinity), allOff = missesIn(off, 0, Infinity);
  const mean = (x: { misses: number; n: number }) => ((x.n - x.misses) * QC + x.misses * QM) / x.n;
  assert.ok(Math.abs(metric(out, 'quality.mean') - mean(all)) < 1e-9, `quality.mean ${metric(out, 'quality.mean')} vs ${mean(all)}`);
  assert.ok(Math.abs(metric(off, 'quality.mean') - mean(allOff)) < 1e-9);
  assert.ok(metric(out, 'quality.mean') < metric(off, 'quality.mean') - 0.02, `quality ${metric(out, 'quality.mean')} on vs ${metric(off, 'quality.mean')} off`);
  // The time-weighted hit probability over the run, within a binomial bound.
  const share = (H0 * (s.horizon - 900) + H1 * 900) / s.horizon;
  binomialClose(all.n - all.misses, all.n, share, 'share answered from the cache over the run');
});

test('a set_cache_hit event switches the cache from its time on, coordination off', async () => {
  const T = 20 * 60;
  const s = load(CACHED, [`timeline=[{ at: ${T}s, set_cache_hit: { agent: semantic, hit: 0.9 } }]`]);
  assert.equal(s.coordination!.timeline, [{ kind: 'set_cache_hit', at: T, agent: SEMANTIC, hit: 0.9 }]);
  const out = await replicate(s, { enabled: false, requests: true });
  assert.ok(out.log.records.some((r) => r.type === 'timeline' && r.t === T && r.event === 'cache semantic hits with probability 0.9'));
  const before = missesIn(out, 0, T), after = missesIn(out, T, s.horizon - 120);
  binomialClose(before.misses, before.n, 1 - H0, 'miss share before the event');
  binomialClose(after.misses, after.n, 0.1, 'miss share after the event');
});

test('the effective hit: the latest active commitment, else the timeline\'s, else the written one', () => {
  const s = load(CACHED);
  const pushed: [number, number][] = [];
  const act = { setCacheHit: (a: number, h: number) => { pushed.push([a, h]); return true; } } as unknown as Actuators;
  const state = new ControlState(s.network.classes, s.network.agents);
  const first: ActionEffect = { kind: 'cache_hit', agent: SEMANTIC, hit: 0.6 };
  const second: ActionEffect = { kind: 'cache_hit', agent: SEMANTIC, hit: 0.8 };
  assert.is(state.hitOf(SEMANTIC), H0);
  assert.ok(Number.isNaN(state.hitOf(RETRIEVER)), 'not a cache');
  assert.is(state.hitOf(SEMANTIC, [second]), 0.8, 'a candidate effect counts for validation');
  state.commit(first);
  state.commit(second);
  assert.is(state.hitOf(SEMANTIC), 0.8, 'the latest commitment wins');
  state.setHit(SEMANTIC, 0.3);
  assert.is(state.hitOf(SEMANTIC), 0.8, 'a timeline event does not override a commitment');
  state.release(second);
  assert.is(state.hitOf(SEMANTIC), 0.6, 'the earlier commitment still holds');
  state.release(first);
  state.applyCache(SEMANTIC, act);
  state.applyCache(RETRIEVER, act);
  assert.equal(pushed, [[SEMANTIC, 0.3]], 'the timeline\'s hit comes back and is pushed to the engine; nothing for a non-cache');
});

test('a proposer may change the hit of a plan within [0, 1]', () => {
  const eligible = load(CACHED).coordination!.actions;
  const ok = readProposals({ plans: [{ action: 'loosen-cache', hit: 0.75 }, { action: 'loosen-cache', hit: 1, duration: 60 }] }, eligible);
  assert.equal(ok.problems, []);
  assert.equal(ok.actions.map((a) => [a.effect, a.duration]), [[{ kind: 'cache_hit', agent: SEMANTIC, hit: 0.75 }, 900], [{ kind: 'cache_hit', agent: SEMANTIC, hit: 1 }, 60]]);
  const bad = readProposals({ plans: [{ action: 'loosen-cache', hit: 1.2 }, { action: 'loosen-cache', factor: 2 }] }, eligible);
  assert.equal(bad.actions, []);
  assert.match(bad.problems[0]!, /"hit" must be a probability in \[0, 1\], found 1.2/);
  assert.match(bad.problems[1]!, /"factor" does not apply to a cache_hit action; expected hit or duration/);
});

test.run();
