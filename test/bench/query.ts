// Counterfactual queries: calibration of the sampled backend over 200 seeds, in-process latency of
// the analytic and learned backends, and learned models of the five-agent and support-desk
// pipelines trained on 400 simulated points each (out-of-fold error, interval width, error against
// fresh points, speed-up over sampling at 2% precision).

import { mmc } from '../../models/analytic/queues.js';
import { resolveWarmup } from '../../models/run/replicate.js';
import {
  answerQuery, inProcessExecutor, loadModel, parseVary, prepareQuery, trainModel, type LearnedModel, type Query, type ScenarioSource,
} from '../../models/query/index.js';
import { latinHypercube, knobOverrides } from '../../models/query/learned/knobs.js';
import { replicationsFigure } from '../../models/query/sampled/series.js';
import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { bundledSource } from '../helpers/bundled.js';
import type { Emit } from './emit.js';

const clock = () => performance.now();
const executor = workerExecutor(threadCount(undefined));

/** Coverage of the nominal 95% interval of M/M/4 e2e.mean over 200 seeds. */
async function calibration(emit: Emit, rate: number, horizon: number, precision: number): Promise<void> {
  const text = `
name: mm4-calibration
horizon: ${horizon}s
warmup: ${horizon / 10}s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: ${rate}/s }, entry: worker }
agents:
  worker: { servers: 4, service: { dist: exponential, mean: 1s } }
`;
  const exact = mmc(rate, 1, 4).sojourn;
  let covered = 0;
  let replications = 0;
  const start = clock();
  for (let seed = 1; seed <= 200; seed++) {
    const q = prepareQuery({ file: 'mm4-calibration.yaml', text, readFile: () => '' }, { metrics: ['e2e.mean'], set: [`seed=${seed}`], precision });
    // Small queries: worker threads would cost more to start than they save.
    const a = (await answerQuery(q, { backend: 'sampled', executor: inProcessExecutor, clock }))[0]!;
    if (a.kind === 'estimate') {
      if (a.interval[0] <= exact && exact <= a.interval[1]) covered++;
      replications += a.replications!;
    }
  }
  const rho = rate / 4;
  emit(
    { name: `query-calibration-mm4-rho${rho}`, coverage: covered / 200, seeds: 200, nominal: 0.95, precision, horizon, mean_replications: replications / 200, wall_s: Number(((clock() - start) / 1000).toFixed(1)) },
    `calibration  M/M/4 at utilisation ${rho}, horizon ${horizon} s, precision ${precision}: 95% intervals cover the exact e2e.mean in ${(100 * covered / 200).toFixed(1)}% of 200 seeds (goal 92-98%), ${(replications / 200).toFixed(1)} replications on average`,
  );
}

/** Median in-process time of answering a prepared query. */
async function latency(q: Query, answer: (q: Query) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await answer(q);
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = clock();
    await answer(q);
    times.push(clock() - t);
  }
  return times.sort((a, b) => a - b)[150]!;
}

interface LearnedCase {
  readonly file: string;
  readonly knobs: readonly string[];
  /** Fresh points simulated for an independent check (0: none). */
  readonly fresh: number;
}

const FIVE_AGENTS: LearnedCase = {
  file: 'five-agents.yaml', fresh: 200,
  knobs: ['workload.chat.arrivals.rate=1.5..2.5', 'agents.answerer.servers=4..6', 'agents.checker.service.mean=150ms..250ms'],
};
/** The LLM-serving pipeline: no analytic features (LLM agents are outside the closed forms), knobs only. */
const SUPPORT_DESK: LearnedCase = {
  file: 'support-desk.yaml', fresh: 0,
  knobs: ['workload.tickets.arrivals.rate=8..14', 'agents.semantic-cache.hit=0.2..0.4', 'agents.retriever.servers=6..10'],
};

/** Simulated e2e.p95 at fresh points of the region (a seed of their own), for an independent check. */
async function freshPoints(source: ScenarioSource, c: LearnedCase): Promise<{ set: string[]; p95: number }[]> {
  const knobs = c.knobs.map(parseVary);
  const points = latinHypercube(knobs, c.fresh, 9_001);
  const queries = points.map((p) => prepareQuery(source, { metrics: ['e2e.p95'], set: knobOverrides(knobs, p) }));
  const reps = queries[0]!.scenario.replications;
  const jobs = queries.flatMap((q, i) => {
    const warmup = resolveWarmup(q.scenario);
    return Array.from({ length: reps }, (_, r) => ({ key: `fresh-${i}`, scenario: q.scenario, index: 500_000 + i * reps + r, warmup }));
  });
  const rows = await executor(jobs, () => false);
  return queries.map((q, i) => {
    const p95 = replicationsFigure(rows.slice(i * reps, (i + 1) * reps).map((row) => row!), 'e2e.p95', 0.9).estimate;
    return { set: q.origin!.set.slice(), p95 };
  });
}

async function learned(emit: Emit, c: LearnedCase): Promise<LearnedModel> {
  const source = bundledSource(c.file);
  const name = c.file.replace(/\.yaml$/, '');
  const start = clock();
  const json = await trainModel(source, { knobs: c.knobs.map(parseVary), samples: 400, set: [], metrics: ['e2e.p95', 'e2e.mean'], version: 'bench' }, executor);
  const trainS = (clock() - start) / 1000;
  const cv = json.metrics['e2e.p95']!.crossValidated;
  emit(
    { name: `learned-${name}-train`, samples: 400, points: cv.points, mdape_p95: cv.medianAbsolutePercentageError, half_width90_p95: cv.medianRelativeHalfWidth, train_s: Number(trainS.toFixed(1)) },
    `learned      ${name}, 400 simulated points (${trainS.toFixed(0)} s): out-of-fold e2e.p95 median error ${(100 * cv.medianAbsolutePercentageError).toFixed(2)}% (goal <= 5%), 90% interval median half-width ±${(100 * cv.medianRelativeHalfWidth).toFixed(2)}% (npm run coverage:learned checks coverage)`,
  );
  const model = loadModel(`${name}.json`, JSON.stringify(json));
  if (c.fresh === 0) return model;
  const fresh = await freshPoints(source, c);
  let covered = 0;
  const errors: number[] = [];
  for (const p of fresh) {
    const q = prepareQuery(source, { metrics: ['e2e.p95'], set: p.set, confidence: 0.9 });
    const a = (await answerQuery(q, { backend: 'learned', executor, clock, model: { model, file: `${name}.json` } }))[0]!;
    if (a.kind !== 'estimate') continue;
    errors.push(Math.abs(a.estimate - p.p95) / p.p95);
    if (a.interval[0] <= p.p95 && p.p95 <= a.interval[1]) covered++;
  }
  errors.sort((x, y) => x - y);
  const mdape = errors[Math.floor(errors.length / 2)]!;
  emit(
    { name: `learned-${name}-fresh`, points: fresh.length, answered: errors.length, mdape_p95: mdape, coverage90_p95: covered / fresh.length },
    `learned      ${name}, ${fresh.length} fresh points: e2e.p95 median error ${(100 * mdape).toFixed(2)}%, 90% interval covers ${(100 * covered / fresh.length).toFixed(1)}% of their simulated estimates (the scenario's replications), whose own noise is larger than the interval (npm run coverage:learned measures coverage properly; ${errors.length} answered)`,
  );
  return model;
}

export async function benchQuery(emit: Emit): Promise<void> {
  await calibration(emit, 2, 1000, 0.02);
  await calibration(emit, 3.2, 2000, 0.05);

  const mm4 = prepareQuery(bundledSource('mm4.yaml'), { metrics: ['e2e.p95', 'e2e.mean', 'agent.worker.wait.mean'] });
  const analyticMs = await latency(mm4, (q) => answerQuery(q, { backend: 'analytic', executor, clock }));
  const five = prepareQuery(bundledSource('five-agents.yaml'), { metrics: ['agent.answerer.wait.mean', 'agent.router.sojourn.p95', 'agent.checker.to.answerer'] });
  const analyticFiveMs = await latency(five, (q) => answerQuery(q, { backend: 'analytic', executor, clock }));
  emit(
    { name: 'query-latency-analytic', mm4_ms: analyticMs, five_agents_ms: analyticFiveMs },
    `latency      analytic: ${analyticMs.toFixed(3)} ms (M/M/4, 3 metrics incl. an exact p95), ${analyticFiveMs.toFixed(3)} ms (five-agents, 3 metrics) (goal < 5 ms)`,
  );

  const model = await learned(emit, FIVE_AGENTS);
  const source = bundledSource('five-agents.yaml');
  const q = prepareQuery(source, { metrics: ['e2e.p95'], set: ['workload.chat.arrivals.rate=2.2', 'agents.answerer.servers=5'], precision: 0.02 });
  const learnedMs = await latency(q, (x) => answerQuery(x, { backend: 'learned', executor, clock, model: { model, file: 'five-agents.json' } }));
  const t = clock();
  const sampled = (await answerQuery(q, { backend: 'sampled', executor, clock }))[0]!;
  const sampledMs = clock() - t;
  const precision = sampled.kind === 'estimate' ? sampled.precision : NaN;
  emit(
    { name: 'query-latency-learned', learned_ms: learnedMs, sampled_ms: Math.round(sampledMs), sampled_precision: precision, speedup: Math.round(sampledMs / learnedMs) },
    `latency      learned: ${learnedMs.toFixed(3)} ms (goal < 5 ms); sampled at 2% precision: ${(sampledMs / 1000).toFixed(1)} s (reached ${(100 * precision).toFixed(2)}%); learned is ${Math.round(sampledMs / learnedMs)}x faster (goal >= 1000x)`,
  );
  await learned(emit, SUPPORT_DESK);
}
