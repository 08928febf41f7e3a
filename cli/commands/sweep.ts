// `apmsim sweep <scenario> --grid path=v1,v2 ...`: every grid point simulated on the same seed and
// replication indices (common random numbers across points), spread over worker threads, and
// optionally only shard i of n so a sweep can run as a CI matrix or a Kubernetes indexed Job.

import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { resolveWarmup } from '../../models/run/replicate.js';
import { summarise } from '../../models/run/results.js';
import { stabilityWarnings } from '../../models/run/stability.js';
import { loadScenario, scenarioFingerprint, type Scenario } from '../../models/scenario/index.js';
import { checkAxes, gridSize, parseAxis, parseShard, pointOverrides, pointValues, shardPoints, type Axis } from '../../models/sweep/grid.js';
import { sweepDocument, type SweepDocument, type SweepPoint } from '../../models/sweep/document.js';
import { readSource } from '../../api/read-scenario.js';
import { formatNumber } from '../format-table.js';
import { createProgress } from '../progress.js';
import type { ReplicationJob } from '../../api/replication-pool.js';
import { chooseThreads, eventsPerReplication, runJobs } from '../../api/run-jobs.js';
import { scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import { Interrupted } from '../../api/errors.js';
import { withStopSignal } from '../stop-signal.js';
import type { Status } from '../status.js';
import { recordedCommand, withCommand } from '../command-line.js';
import { writeSweep } from '../sweep-output.js';
import { VERSION } from '../../api/version.js';

interface SweepArgs extends ScenarioFlags {
  scenario: string;
  grid: string[] | undefined;
  out: string;
  workers: number | undefined;
  shard: string | undefined;
  report: boolean;
  quiet: boolean;
}

export const sweepCommand = {
  command: 'sweep <scenario>',
  describe: 'Simulate a scenario at every point of a parameter grid (common random numbers, worker threads, shards)',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('grid', { type: 'string', array: true, describe: 'an axis: YAML path=v1,v2,... or path=from..to[:step] (repeatable; the last axis varies fastest)' })
      .option('out', { type: 'string', alias: 'o', demandOption: true, describe: 'folder to write sweep.json and sweep.arrow into' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per core for large sweeps); results do not depend on it' })
      .option('shard', { type: 'string', describe: 'run only shard i of n (i/n, 1-based; every n-th point) for apmsim merge' })
      .option('report', { type: 'boolean', default: false, describe: 'also write report.html into --out: trade-off frontier, metrics against the knobs (the page apmsim report DIR builds)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 sweep scenarios/mm4.yaml --grid agents.worker.servers=4..8 --out out/servers', 'five points, one per server count')
      .example('$0 sweep scenarios/tandem.yaml --grid agents.planner.servers=3,4,6 --grid workload.requests.arrivals.rate=1/s,2/s --workers 2 --out out/t', 'a 3 x 2 grid on two threads')
      .example('$0 sweep s.yaml --grid agents.llm.servers=2..16 --shard 2/3 --out out/shard-2', 'shard 2 of 3 (then: apmsim merge out/shard-* --out out/all)'),
  handler: async (args: SweepArgs): Promise<Status> => withStopSignal((signal) => sweep(args, signal)),
};

/** Loads the scenario with overrides, reading the file and the files it names once for all points. */
function scenarioLoader(file: string): (overrides: readonly string[]) => Scenario {
  const { text, readFile } = readSource(file);
  return (overrides) => loadScenario(file, text, { readFile, overrides });
}

async function sweep(args: SweepArgs, signal: AbortSignal): Promise<Status> {
  const axes: Axis[] = (args.grid ?? []).map(parseAxis);
  checkAxes(axes);
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  const load = scenarioLoader(args.scenario);
  const baseOverrides = scenarioOverrides(args);
  const base = load(baseOverrides);
  const size = gridSize(axes);
  const indices = shardPoints(size, shard);
  const points = indices.map((index) => ({ index, scenario: load([...baseOverrides, ...pointOverrides(axes, index)]) }));
  const warnings = new Set<string>();
  for (const p of points) for (const w of stabilityWarnings(p.scenario.network)) warnings.add(w);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);

  const started = performance.now();
  const warmups = points.map((p) => resolveWarmup(p.scenario));
  const jobs: ReplicationJob[] = points.flatMap((p, i) =>
    Array.from({ length: p.scenario.replications }, (_, r) => ({ key: `point-${p.index}`, scenario: p.scenario, index: r, warmup: warmups[i]! })));
  const events = points.reduce((n, p) => n + eventsPerReplication(p.scenario) * p.scenario.replications, 0);
  const threads = chooseThreads(args.workers, events, jobs.length);
  const progress = createProgress(`sweep ${base.name}`, !args.quiet);
  let rows;
  try {
    rows = await runJobs(jobs, threads, (done) => progress.update(done, jobs.length), signal);
  } finally {
    progress.finish();
  }
  if (rows.includes(undefined)) throw new Interrupted('sweep', signal);

  const command = recordedCommand(args);
  let next = 0;
  const results: SweepPoint[] = points.map((p, i) => {
    const perReplication = rows.slice(next, next + p.scenario.replications).map((r) => r!);
    next += p.scenario.replications;
    const values = Object.fromEntries(axes.map((a, k) => [a.path, pointValues(axes, p.index)[k]!]));
    return {
      index: p.index, values,
      results: withCommand(summarise({ version: VERSION, scenario: p.scenario, warmupSeconds: warmups[i]!, partial: false, warnings: stabilityWarnings(p.scenario.network), perReplication }), command),
    };
  });
  const doc = sweepDocument({
    apmsim: VERSION, kind: 'apmsim-sweep', scenario: base.name, fingerprint: scenarioFingerprint(base),
    scenarioFile: base.file, overrides: base.overrides, command, seed: base.seed,
    replications: base.replications, confidence: base.confidence, grid: axes, size,
  }, results, shard);
  const files = await writeSweep(args.out, doc);
  if (args.report) {
    const { writeSweepReport } = await import('../../reports/sweep-report.js');
    const report = await writeSweepReport(args.out, doc);
    for (const w of report.warnings) process.stderr.write(`warning: report chart: ${w}\n`);
    files.push(report.file);
  }
  if (!args.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const slice = shard === undefined ? '' : ` (shard ${shard.index}/${shard.count}: ${points.length} of ${size} points)`;
    const table = points.length === 0 ? `shard ${shard!.index}/${shard!.count} holds none of the ${size} points (it takes points ${shard!.index - 1}, ${shard!.index - 1 + shard!.count}, …): nothing to run; its empty shard is written for apmsim merge` : formatSweep(doc);
    process.stdout.write(`${table}\n\n${base.name}: ${size} points${slice}, ${jobs.length} replications on ${threads} thread${threads === 1 ? '' : 's'} in ${seconds} s\nwrote ${files.join(', ')}\n`);
  }
  return 'success';
}

/** A short table: each point's axis values with e2e mean and p95 and throughput, each with its interval. */
export function formatSweep(doc: SweepDocument): string {
  const shown = ['e2e.mean', 'e2e.p95', 'throughput'];
  const head = ['point', ...doc.grid.map((a) => a.path), ...shown];
  const rows = doc.points.map((p) => [
    String(p.index), ...doc.grid.map((a) => p.values[a.path] ?? ''),
    ...shown.map((m) => {
      const s = p.results.metrics[m];
      if (s === undefined) return '—';
      const interval = s.interval === null ? '' : ` [${formatNumber(s.interval[0])}, ${formatNumber(s.interval[1])}]`;
      return `${formatNumber(s.estimate)}${interval}${s.unit === '' ? '' : ` ${s.unit}`}`;
    }),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const table = all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
  return `${table}\n(estimates with ${Math.round(doc.confidence * 100)}% intervals)`;
}
