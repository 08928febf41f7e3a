// CI gates and sweeps: the rates `apmsim compare` achieves over 200 trials of a real simulation
// (false regressions between identical scenarios on different seeds; power for a true +5 % in
// e2e p95), and the speed-up of `apmsim sweep` with 2 workers over 1 with byte-identical outputs,
// plus `apmsim merge` of 3 shards against the unsharded output.

import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareSequentially, DEFAULT_CONFIDENCE, DEFAULT_PLAN, type Sample } from '../../models/compare/compare.js';
import { resolveGates } from '../../models/compare/gates.js';
import type { MetricValue } from '../../models/run/metrics.js';
import { runReplication } from '../../models/run/replicate.js';
import type { Scenario } from '../../models/scenario/core/types.js';
import { scenarioFromText } from '../helpers/run.js';
import type { Emit } from './emit.js';
import { scratchDir } from '../helpers/scratch.js';

const TRIALS = 200;
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const MM4 = fileURLToPath(new URL('../../../scenarios/mm4.yaml', import.meta.url));

/**
 * M/M/1 at utilisation 0.5, 10 000 requests per replication. The sojourn time is exponential with
 * rate mu - lambda, so p95 = ln(20) / (mu - lambda): a service mean of 1.02439 s (mu' - lambda =
 * 0.5 / 1.05) raises e2e p95 (and mean) by exactly 5 %.
 */
const mm1 = (serviceMean: number, seed: number) => `name: mm1
seed: ${seed}
horizon: 20000s
warmup: 200s
workload:
  requests:
    arrivals: { process: poisson, rate: 0.5/s }
    entry: server
agents:
  server:
    servers: 1
    service: { dist: exponential, mean: ${serviceMean}s }
`;
const SLOWER = 1 / (0.5 + 0.5 / 1.05);

function toSample(rows: readonly MetricValue[][]): Sample {
  const values: Record<string, (number | null)[]> = {};
  const units: Record<string, MetricValue['unit']> = {};
  for (const row of rows) {
    for (const m of row) {
      (values[m.name] ??= []).push(Number.isFinite(m.value) ? m.value : null);
      units[m.name] = m.unit;
    }
  }
  return { values, units };
}

interface Rates { regressed: number; inconclusive: number; meanReplications: number; seconds: number }

/** `TRIALS` comparisons at default settings, replications run in this thread. */
async function trials(baseline: (t: number) => Scenario, candidate: (t: number) => Scenario): Promise<Rates> {
  const started = performance.now();
  let regressed = 0;
  let inconclusive = 0;
  let replications = 0;
  for (let t = 0; t < TRIALS; t++) {
    const sides = [baseline(t), candidate(t)] as const;
    const rows: [MetricValue[][], MetricValue[][]] = [[], []];
    const sample = async (n: number) => {
      sides.forEach((s, k) => { while (rows[k]!.length < n) rows[k]!.push(runReplication(s, rows[k]!.length, 200)); });
      return { baseline: toSample(rows[0]), candidate: toSample(rows[1]) };
    };
    const names = runReplication({ ...sides[0], horizon: Number.MIN_VALUE, warmup: { mode: 'fixed', seconds: 0 } }, 0, 0).map((m) => m.name);
    const gates = resolveGates({ baseline: names, candidate: names }, undefined, []);
    const r = await compareSequentially({ gates, slos: [], confidence: DEFAULT_CONFIDENCE, plan: DEFAULT_PLAN, available: Infinity }, sample);
    if (r.gates.some((g) => g.gate.metric === 'e2e.p95' && g.verdict === 'regressed')) regressed++;
    if (r.outcome === 'inconclusive') inconclusive++;
    replications += r.replications;
  }
  return { regressed: regressed / TRIALS, inconclusive: inconclusive / TRIALS, meanReplications: replications / TRIALS, seconds: (performance.now() - started) / 1000 };
}

function emitRates(emit: Emit, name: string, what: string, goal: string, r: Rates): void {
  emit(
    { name, trials: TRIALS, regressed_rate: r.regressed, inconclusive_rate: r.inconclusive, mean_replications: Number(r.meanReplications.toFixed(1)), seconds: Number(r.seconds.toFixed(1)) },
    `${name.padEnd(30)} ${what}: e2e.p95 REGRESSED in ${(100 * r.regressed).toFixed(1)}% of ${TRIALS} trials (${goal}); inconclusive ${(100 * r.inconclusive).toFixed(1)}%, ${r.meanReplications.toFixed(0)} replications per side on average, ${r.seconds.toFixed(0)} s`,
  );
}

async function compareRates(emit: Emit): Promise<void> {
  const load = (mean: number, seed: number) => scenarioFromText(mm1(mean, seed));
  emitRates(emit, 'compare-false-regression', 'identical scenarios, different seeds', 'goal <= 1%',
    await trials((t) => load(1, 1 + t), (t) => load(1, 10_001 + t)));
  emitRates(emit, 'compare-power', 'true +5% p95, same seed (default: common random numbers)', 'goal >= 95%',
    await trials((t) => load(1, 1 + t), (t) => load(SLOWER, 1 + t)));
  emitRates(emit, 'compare-power-independent', 'true +5% p95, different seeds', 'for information',
    await trials((t) => load(1, 1 + t), (t) => load(SLOWER, 10_001 + t)));
}

/** Wall seconds of one CLI run. */
function timed(args: string[]): number {
  const started = performance.now();
  execFileSync(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return (performance.now() - started) / 1000;
}

/** 4 points x 6 replications of 3.2 million requests each: about 15 s of work on one core. */
const SWEEP = ['sweep', MM4, '--grid', 'agents.worker.servers=4..7', '--replications', '6', '--horizon', '1000000s', '--warmup', '1000s', '--quiet'];

function sweepSpeedup(emit: Emit): void {
  const dir = scratchDir('apmsim-bench-sweep-');
  try {
    // Best of two runs each: the figure is about the code, not about other load on the machine.
    const t1 = Math.min(...[0, 1].map(() => timed([...SWEEP, '--workers', '1', '--out', join(dir, 'w1')])));
    const t2 = Math.min(...[0, 1].map(() => timed([...SWEEP, '--workers', '2', '--out', join(dir, 'w2')])));
    const same = (a: string, b: string) => ['sweep.json', 'sweep.arrow'].every((f) => readFileSync(join(dir, a, f)).equals(readFileSync(join(dir, b, f))));
    for (const i of [1, 2, 3]) timed([...SWEEP, '--workers', '1', '--shard', `${i}/3`, '--out', join(dir, `s${i}`)]);
    timed(['merge', join(dir, 's1'), join(dir, 's2'), join(dir, 's3'), '--out', join(dir, 'merged'), '--quiet']);
    const identical = same('w1', 'w2');
    const merged = same('w1', 'merged');
    // Other processes on the machine take cores from the 2-worker run: the load says how many.
    const load = Number(loadavg()[0]!.toFixed(2));
    emit(
      { name: 'sweep-speedup', workers1_s: Number(t1.toFixed(2)), workers2_s: Number(t2.toFixed(2)), speedup: Number((t1 / t2).toFixed(3)), identical, merge_of_3_shards_identical: merged, loadavg_1m: load },
      `sweep-speedup                  4 points x 6 replications: ${t1.toFixed(2)} s with 1 worker, ${t2.toFixed(2)} s with 2: speedup ${(t1 / t2).toFixed(2)}x (goal >= 1.7); outputs byte-identical: ${identical}; merge of 3 shards identical: ${merged}; load average ${load}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchGates(emit: Emit): Promise<void> {
  sweepSpeedup(emit);
  await compareRates(emit);
}
