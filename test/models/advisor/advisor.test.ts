// The advisor on five-agents: a variant with a slow single retriever is explained as the retriever's
// doing, its first recommendation applied on fresh random numbers moves p95 by the amount predicted
// (within the intervals), its intervals stay within what times and shares can be, and a compare
// with one fewer retriever server names the retriever first.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { probableCause } from '../../../models/advisor/agent-time.js';
import { attributionRuns, summariseAttribution } from '../../../models/advisor/attribution.js';
import { ranked, recommend, savedPerDollar, type Recommendation } from '../../../models/advisor/recommend.js';
import type { EstimateAnswer } from '../../../models/query/index.js';
import { replicationInterval } from '../../../models/analysis/interval.js';
import { inProcessExecutor } from '../../../models/query/index.js';
import { Experiment } from '../../../models/run/experiment.js';
import { loadScenario } from '../../../models/scenario/index.js';

const test = suite('advisor');
const file = fileURLToPath(new URL('../../../../scenarios/five-agents.yaml', import.meta.url));
const source = { file, text: readFileSync(file, 'utf8'), readFile: () => { throw new Error('no files'); } };
const load = (overrides: readonly string[]) => loadScenario(file, source.text, { readFile: source.readFile, overrides });
const BOTTLENECK = ['agents.retriever.servers=1', 'agents.retriever.service.mean=520ms'];

test('the agent made the bottleneck is named first, and its first step does what was predicted', async () => {
  const s = load(BOTTLENECK);
  const at = summariseAttribution(s, attributionRuns(s));
  const chat = at.classes.find((c) => c.cls === 'chat')!;
  assert.is(chat.agents[0]!.agent, 'retriever', `first: ${chat.agents.map((a) => `${a.agent} ${a.tailShare.estimate.toFixed(3)}`).join(', ')}`);
  // Shares of the mean add up to the whole with the time outside agents.
  const total = chat.agents.reduce((t, a) => t + a.share.estimate, 0) + chat.outside.estimate;
  assert.ok(Math.abs(total - 1) <= 1e-9, `shares add up to ${total}`);

  const { recommendations } = await recommend(source, s, chat, { executor: inProcessExecutor, clock: () => performance.now(), set: BOTTLENECK, agents: 1 });
  const first = recommendations[0]!;
  assert.is(first.step.agent, 'retriever');
  assert.ok(first.confirmed, 'confirmed by a sampled interval below 0');
  assert.is(first.effect.of, 'difference');

  // Applied on other random numbers (seed 77, more replications), paired.
  const fresh = (extra: readonly string[]) => new Experiment(load([...BOTTLENECK, 'seed=77', 'replications=8', ...extra]), 'test').runToEnd().metrics[first.metric]!.values;
  const before = fresh([]), after = fresh([first.step.set]);
  const observed = replicationInterval(after.map((v, i) => v! - before[i]!), 0.95);
  const predicted = first.effect;
  const gap = Math.abs(observed.estimate - predicted.estimate);
  const allowed = (predicted.interval[1] - predicted.interval[0]) / 2 + observed.halfWidth;
  assert.ok(gap <= allowed, `observed ${observed.estimate} [${observed.interval}] vs predicted ${predicted.estimate} [${predicted.interval}]`);
});

test('every attribution interval stays where its quantity can be: times at or above 0, shares in [0, 1]', () => {
  // Three short replications: the research class's retriever holds about 0.3 % of its tail, and a
  // t interval over three values reached below 0 there.
  const s = load(['horizon=1000s', 'warmup=100s', 'replications=3']);
  for (const c of summariseAttribution(s, attributionRuns(s)).classes) {
    const within = (what: string, e: { estimate: number; interval: readonly [number, number] }, most: number) =>
      assert.ok(e.interval[0] >= 0 && e.interval[0] <= e.estimate && e.estimate <= e.interval[1] && e.interval[1] <= most, `${c.cls} ${what}: ${e.estimate} [${e.interval}]`);
    within('outside', c.outside, 1);
    within('mean', c.e2eMean, Infinity);
    for (const a of c.agents) {
      for (const k of ['share', 'tailShare', 'tailWaitShare'] as const) within(`${a.agent} ${k}`, a[k], 1);
      for (const k of ['wait', 'service', 'retry'] as const) within(`${a.agent} ${k}`, a[k], Infinity);
    }
  }
});

test('ranking with prices: free only when the cost interval says so, then seconds saved per dollar at most added', () => {
  const answer = (estimate: number, interval: [number, number]): EstimateAnswer => ({
    metric: 'm', unit: 's', of: 'difference', confidence: 0.95, backend: 'sampled', reason: '', elapsedMs: 0, kind: 'estimate', estimate, interval, precision: 0.1, exact: false,
  });
  const step = (what: string, saved: number, cost: [number, number, number]): Recommendation => {
    const effect = answer(-saved, [Math.min(-2 * saved, 0), Math.max(-2 * saved, 0)]);
    const c = answer(cost[0], [cost[1], cost[2]]);
    return { step: { agent: 'a', set: `${what}+=1`, what }, metric: 'm', effect, cost: c, savedPerDollar: savedPerDollar(effect, c), confirmed: false, check: undefined };
  };
  const order = ranked([
    // A priced replica whose token costs happened to come out lower: not free.
    step('noisy', 0.5, [-11.6, -25.5, 2.2]),
    step('free', 0.05, [-3, -5, -1]),
    step('dear', 0.5, [3.5, -3, 10]),
    step('worse', -0.1, [-1, -2, -0.5]),
  ]).map((r) => r.step.what);
  assert.equal(order, ['free', 'noisy', 'dear'], 'the step that lowers cost for sure first; 0.5/2.2 s per dollar before 0.5/10; a step that does not help left out');
});

test('a compare with one fewer retriever server names the retriever first', () => {
  const run = (overrides: readonly string[]) => new Experiment(load(['replications=6', ...overrides]), 'test').runToEnd();
  const base = run([]), cand = run(['agents.retriever.servers=1']);
  const values = (r: typeof base) => Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.values]));
  const cause = probableCause(values(base), values(cand), 0.95, 6);
  assert.ok(cause.e2eMean.interval[0] > 0, 'mean latency went up');
  assert.is(cause.agents[0]!.agent, 'retriever', cause.agents.map((a) => `${a.agent} ${a.total.estimate}`).join(', '));
  assert.ok(cause.agents[0]!.total.interval[0] > 0, 'its time per request rose');
  assert.ok(cause.agents[0]!.contribution > 0.5, `it explains most of the change (${cause.agents[0]!.contribution})`);
});

test.run();
