// `npm run coverage:learned`: the learned backend against fresh simulations (#15). Trains the
// README's model of five-agents (400 points, rate 1.5..2.5/s, answerer servers 4..6), draws 200
// knob settings uniformly inside that region (a seed of their own) and simulates each with
// TRUTH_REPLICATIONS replications on streams no training point uses. For e2e.mean and e2e.p95 it
// prints the coverage of the 90% interval and the median half-width against the median absolute
// error, and fails (exit 1) unless coverage >= 90 % and half-width <= 3 x error.
//
// The "truth" is itself an estimate. Its standard error s is printed beside the half-widths and
// must be small against them (at most a quarter of the median half-width). Its noise can only
// lower the measured coverage (a noisy truth strays further from the interval's centre), so the
// coverage is not flattered; it would flatter the error (|estimate - truth| grows with s), so the
// error is taken with it removed: median of sqrt(max(0, (estimate - truth)^2 - s^2)).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { resolveWarmup } from '../../models/run/replicate.js';
import { evaluatePredictor, loadModel, parseVary, trainModel, type ScenarioSource } from '../../models/query/index.js';
import { knobOverrides } from '../../models/query/learned/knobs.js';
import { loadScenario } from '../../models/scenario/index.js';
import { Stream, streamSeed } from '../../sim/random/stream.js';

const POINTS = Number(process.argv[2] ?? 200);
const TRUTH_REPLICATIONS = Number(process.argv[3] ?? 100);
const LEVEL = 0.9;
const METRICS = ['e2e.mean', 'e2e.p95'];
const KNOBS = ['workload.chat.arrivals.rate=1.5..2.5', 'agents.answerer.servers=4..6'].map(parseVary);

const file = fileURLToPath(new URL('../../../scenarios/five-agents.yaml', import.meta.url));
const source: ScenarioSource = { file, text: readFileSync(file, 'utf8'), readFile: (p) => readFileSync(p, 'utf8') };
const executor = workerExecutor(threadCount(undefined));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const start = performance.now();
const json = await trainModel(source, { knobs: KNOBS, samples: 400, set: [], metrics: METRICS, version: 'check' }, executor);
const model = loadModel('five.json', JSON.stringify(json));
console.log(`trained on ${json.samples.total} points x ${json.samples.replications} replications (${((performance.now() - start) / 1000).toFixed(0)} s)`);

// Uniform inside the region: whole-number knobs take each value with equal chance.
const stream = new Stream(streamSeed(json.samples.seed, 0, 'learned-check:fresh'));
const points = Array.from({ length: POINTS }, () => KNOBS.map((k) => (k.integer ? k.lo + Math.floor(stream.uniform() * (k.hi - k.lo + 1)) : k.lo + stream.uniform() * (k.hi - k.lo))));
// Training point i uses replications i·R .. i·R + R - 1; these start far beyond.
const FIRST = 10_000_000;
const jobs = points.flatMap((p, i) => {
  const scenario = loadScenario(file, source.text, { readFile: source.readFile, overrides: knobOverrides(KNOBS, p) });
  const warmup = resolveWarmup(scenario);
  return Array.from({ length: TRUTH_REPLICATIONS }, (_, r) => ({ key: `fresh-${i}`, scenario, index: FIRST + i * TRUTH_REPLICATIONS + r, warmup }));
});
const rows = await executor(jobs, () => false);
console.log(`${POINTS} fresh points x ${TRUTH_REPLICATIONS} replications (${((performance.now() - start) / 1000).toFixed(0)} s so far)`);

let failed = 0;
console.log(`${LEVEL * 100}% intervals against the fresh points (goal: coverage >= 90 %, median half-width <= 3 x median absolute error)`);
for (const metric of METRICS) {
  let covered = 0;
  const halves: number[] = [];
  const errors: number[] = [];
  const raw: number[] = [];
  const truthSe: number[] = [];
  points.forEach((p, i) => {
    const v = rows.slice(i * TRUTH_REPLICATIONS, (i + 1) * TRUTH_REPLICATIONS).map((row) => row!.find((m) => m.name === metric)!.value);
    const truth = v.reduce((s, x) => s + x, 0) / v.length;
    const se = Math.sqrt(v.reduce((s, x) => s + (x - truth) ** 2, 0) / (v.length - 1) / v.length);
    const e = evaluatePredictor(model.predictors.get(metric)!, json.knobs, p, LEVEL);
    if (e.kind !== 'ok') throw new Error(`${metric}: no ${LEVEL} interval at ${p.join(', ')}`);
    if (e.lo <= truth && truth <= e.hi) covered++;
    halves.push((e.hi - e.lo) / 2);
    raw.push(Math.abs(e.estimate - truth));
    errors.push(Math.sqrt(Math.max(0, (e.estimate - truth) ** 2 - se * se)));
    truthSe.push(se);
  });
  const coverage = covered / POINTS;
  const ratio = median(halves) / median(errors);
  const quiet = median(truthSe) <= median(halves) / 4;
  const ok = coverage >= 0.9 && ratio <= 3 && quiet;
  if (!ok) failed++;
  console.log(
    `  ${metric.padEnd(9)} coverage ${covered}/${POINTS} = ${(100 * coverage).toFixed(1)} %; median half-width ${median(halves).toFixed(4)} s, median |error| ${median(errors).toFixed(4)} s (truth's noise removed; raw ${median(raw).toFixed(4)} s): ratio ${ratio.toFixed(2)}; truth's median standard error ${median(truthSe).toFixed(4)} s${quiet ? '' : ' (too noisy: raise the replications)'}  ${ok ? 'ok' : 'FAILED'}`,
  );
}
process.exitCode = failed > 0 ? 1 : 0;
