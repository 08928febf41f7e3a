// `apmsim run`: simulate a scenario's replications, print the summary, write results.json.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { agentArrivalRates } from '../../models/analytic/traffic.js';
import { Experiment } from '../../models/run/experiment.js';
import { resolveWarmup } from '../../models/run/replicate.js';
import { summarise, type Results } from '../../models/run/results.js';
import { stabilityWarnings } from '../../models/run/stability.js';
import type { Scenario } from '../../models/scenario/types.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../errors.js';
import { formatResults } from '../format-table.js';
import { createProgress, type Progress } from '../progress.js';
import { readScenario } from '../read-scenario.js';
import { runInWorkers } from '../replication-pool.js';
import { parseWallBudget, scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import { VERSION } from '../version.js';

interface RunArgs extends ScenarioFlags {
  scenario: string;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
  budget: string | undefined;
  workers: number | undefined;
}

/** Wall time per slice between checks for Ctrl-C and progress updates. */
const SLICE_MS = 100;
/** Expected events below which starting worker threads (~0.2-0.6 s each) costs more than it saves. */
const EVENTS_WORTH_THREADS = 2e7;

/** One thread per core for runs large enough to repay starting them, else the main thread. */
function defaultThreads(s: Scenario): number {
  const { rates } = agentArrivalRates(s.network);
  const events = 2 * rates.reduce((a, b) => a + b, 0) * s.horizon * s.replications;
  return events >= EVENTS_WORTH_THREADS ? availableParallelism() : 1;
}

/** Stops a run on Ctrl-C, SIGTERM or when the wall-clock budget runs out. */
class StopSignal {
  readonly controller = new AbortController();
  interrupted = false;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onSignal = (): void => { this.interrupted = true; this.controller.abort(); };

  constructor(budgetMs: number) {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    this.timer = Number.isFinite(budgetMs) ? setTimeout(() => this.controller.abort(), budgetMs) : undefined;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  dispose(): void {
    clearTimeout(this.timer);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

export const runCommand = {
  command: 'run <scenario>',
  describe: 'Simulate a scenario and report every metric with a confidence interval',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('out', { type: 'string', describe: 'folder to write results.json into' })
      .option('json', { type: 'boolean', default: false, describe: 'print results.json to stdout instead of the table' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors and warnings' })
      .option('budget', { type: 'string', describe: 'wall-clock budget (e.g. 30s, 5min); results are marked partial if it runs out' })
      .option('workers', { type: 'number', describe: 'worker threads for replications (default: one per core for runs of 20M+ events, else 1); results do not depend on it' })
      .example('$0 run scenarios/mm4.yaml', 'run the M/M/4 check with its own seed and replications')
      .example('$0 run scenarios/mm4.yaml --replications 30 --seed 3 --out out/mm4', 'more replications, another seed, save results.json')
      .example('$0 run scenarios/tandem.yaml --set agents.planner.servers=6 --set workload.requests.arrivals.rate=3/s', 'what if: change values by their YAML path'),
  handler: async (args: RunArgs): Promise<void> => {
    const overrides = scenarioOverrides(args);
    const scenario = readScenario(args.scenario, overrides);
    const budgetMs = parseWallBudget(args.budget);
    if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) {
      throw new UsageError(`--workers: expected a whole number of at least 1, found ${args.workers}`);
    }
    const threads = Math.min(args.workers ?? defaultThreads(scenario), scenario.replications);
    for (const w of stabilityWarnings(scenario.network)) process.stderr.write(`warning: ${w}\n`);

    const stop = new StopSignal(budgetMs);
    const progress = createProgress(scenario.name, !args.quiet && !args.json);
    let results: Results;
    try {
      results = threads <= 1
        ? await runInProcess(scenario, stop, progress)
        : await runInThreads(scenario, threads, stop, progress);
    } finally {
      progress.finish();
      stop.dispose();
    }
    if (results.partial) {
      const why = stop.interrupted ? 'interrupted' : 'the wall-clock budget ran out';
      process.stderr.write(`warning: ${why}; results cover ${results.replications} of ${scenario.replications} replications and are marked partial\n`);
    }
    report(results, args);
    if (stop.interrupted) process.exitCode = 130;
  },
};

/** Replications one after another in this thread, in slices, so a stop keeps the running one. */
async function runInProcess(scenario: Scenario, stop: StopSignal, progress: Progress): Promise<Results> {
  const experiment = new Experiment(scenario, VERSION);
  while (!experiment.step(SLICE_MS, () => performance.now())) {
    progress.update(experiment.progress, scenario.replications);
    await new Promise((r) => setImmediate(r));
    if (stop.stopped) break;
  }
  return experiment.results();
}

/**
 * Replications on worker threads. A stopped run keeps the longest run of completed replications
 * from the first, so `values[i]` is always replication i (which pairing against a baseline needs).
 */
async function runInThreads(
  scenario: Scenario, threads: number, stop: StopSignal, progress: Progress,
): Promise<Results> {
  const warmup = resolveWarmup(scenario);
  const jobs = Array.from({ length: scenario.replications }, (_, index) => ({ key: 'run', scenario, index, warmup }));
  const rows = await runInWorkers(jobs, threads, (done) => progress.update(done, scenario.replications), stop.controller.signal);
  const firstMissing = rows.indexOf(undefined);
  const completed = (firstMissing < 0 ? rows : rows.slice(0, firstMissing)) as NonNullable<(typeof rows)[number]>[];
  return summarise({
    version: VERSION,
    scenario,
    warmupSeconds: warmup,
    partial: completed.length < scenario.replications,
    warnings: stabilityWarnings(scenario.network),
    perReplication: completed,
  });
}

function report(results: Results, args: RunArgs): void {
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (args.out !== undefined) writeFileAtomic(join(args.out, 'results.json'), json);
  if (args.json) process.stdout.write(json);
  else if (!args.quiet) {
    process.stdout.write(`${formatResults(results)}\n`);
    if (args.out !== undefined) process.stdout.write(`\nwrote ${join(args.out, 'results.json')}\n`);
  }
}
