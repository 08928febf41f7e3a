// `apmsim run`: simulate a scenario's replications, print the summary, write results.json.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { JSON_OPTION, QUIET_OPTION } from '../output-flags.js';
import { NO_RECORDING, resolveWarmup, runRecordedReplication } from '../../models/run/replicate.js';
import type { OtlpExport } from '../../models/telemetry/otlp-export.js';
import type { Results } from '../../models/run/results.js';
import { stabilityWarnings } from '../../models/run/stability.js';
import type { Scenario } from '../../models/scenario/index.js';
import { recordingPlan, type RecordingPlan } from '../../reports/recording-plan.js';
import { OutputFailed, prepareOutputFile, prepareOutputFolder } from '../../reports/output-folder.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../../api/errors.js';
import { fileErrorReason } from '../../sim/errors.js';
import { formatResults } from '../format-table.js';
import { createProgress } from '../progress.js';
import { readScenario } from '../../api/read-scenario.js';
import { runThreads, simulate, type RunOutcome } from '../../api/run.js';
import { parseWallBudget, scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import type { Status } from '../status.js';
import type { StopStatus } from '../../api/errors.js';
import { checkRunFits, withLimitFlags, type LimitFlags } from '../run-limits.js';
import { recordedCommand, withCommand } from '../command-line.js';
import type { CoordinatedOutcome, CoordinationMode } from '../run-coordinated.js';
import type { CoordinatedRun } from '../../models/coordination/experiment.js';
import type { NegotiationLog } from '../../models/coordination/log.js';

interface RunArgs extends ScenarioFlags, LimitFlags {
  scenario: string;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
  budget: string | undefined;
  workers: number | undefined;
  trace: boolean;
  otlp: string | undefined;
  coordination: CoordinationMode | undefined;
  proposer: string | undefined;
  proposerTimeout: string;
}

/**
 * Stops a run on Ctrl-C, SIGTERM or when the wall-clock budget runs out. It listens until the
 * outputs are written, so a signal that arrives while they are written lets them finish.
 */
class StopSignal {
  readonly controller = new AbortController();
  /** The signal that stopped the run, as its exit status. */
  stoppedBy: StopStatus | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onInt = (): void => { this.stoppedBy ??= 'interrupted'; this.controller.abort(); };
  private readonly onTerm = (): void => { this.stoppedBy ??= 'terminated'; this.controller.abort(); };

  constructor(budgetMs: number) {
    process.once('SIGINT', this.onInt);
    process.once('SIGTERM', this.onTerm);
    this.timer = Number.isFinite(budgetMs) ? setTimeout(() => this.controller.abort(), budgetMs) : undefined;
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** Says why the results are partial and how much they cover. */
  warnPartial(covered: number, total: number): void {
    const why = this.stoppedBy ?? 'the wall-clock budget ran out';
    process.stderr.write(`warning: ${why}; results cover ${covered} of ${total} replications and are marked partial\n`);
  }

  /**
   * How the command ends: as the signal that stopped it, else success. A signal sent while the
   * files were written waits in the event loop's poll phase: a timer and an immediate later, it
   * has been handled.
   */
  async status(): Promise<Status> {
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    return this.stoppedBy ?? 'success';
  }

  /** Stops the budget's timer: the simulation is over, only writing is left. */
  finishRun(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    process.off('SIGINT', this.onInt);
    process.off('SIGTERM', this.onTerm);
  }
}

export const runCommand = {
  command: 'run <scenario>',
  describe: 'Simulate a scenario and report every metric with a confidence interval',
  builder: (y: Argv) =>
    withLimitFlags(withScenarioFlags(y))
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('out', { type: 'string', alias: 'o', describe: 'folder to write results.json, report.html and the Arrow data files into' })
      .option('trace', { type: 'boolean', default: false, describe: 'with --out: also write requests.arrow, one row per request (class, times, per-agent wait and service, attributes)' })
      .option('otlp', { type: 'string', describe: 'also write the requests of replication 1 (after warm-up) as OTLP/JSON Lines traces to this file, with the GenAI conventions (a trace per request, a span per agent visit, LLM calls with token usage, tool calls)' })
      .option('json', { ...JSON_OPTION, describe: 'print results.json on stdout instead of the table' })
      .option('quiet', QUIET_OPTION)
      .option('budget', { type: 'string', describe: 'wall-clock budget (e.g. 30s, 5min); results are marked partial if it runs out' })
      .option('workers', { type: 'number', describe: 'worker threads for replications (default: one per core for runs of 20M+ events, else 1); results do not depend on it. Scenarios with a timeline, objectives or coordination run in this thread' })
      .option('coordination', { choices: ['off', 'on', 'compare'] as const, describe: "agents' coordination (default: the scenario's coordination.enabled); compare runs off and on over the same replications (common random numbers) and prints the difference" })
      .option('proposer', { type: 'string', describe: 'external planner: a shell command given the situation as JSON on stdin, printing {"plans": [...]} on stdout (docs/coordination.md); called in plan generation only' })
      .option('proposer-timeout', { type: 'string', default: '10s', describe: 'wall time a proposer may take per call before the built-in plans go on without it' })
      .example('$0 run scenarios/mm4.yaml', 'run the M/M/4 check with its own seed and replications')
      .example('$0 run scenarios/mm4.yaml --replications 30 --seed 3 --out out/mm4', 'more replications, another seed, save results.json')
      .example('$0 run scenarios/worker-checker.yaml --out out/wc --trace', 'also write one row per request to out/wc/requests.arrow (report.html and the other Arrow files are always written with --out)')
      .example('$0 run scenarios/five-agents.yaml --otlp out/five-agents.otlp.jsonl', 'write simulated traces to open in Jaeger, Tempo or Phoenix, or to calibrate from (apmsim calibrate telemetry)')
      .example('$0 run scenarios/monday-spike-coordination.yaml --coordination compare --out out/spike', 'replay the spike with coordination off and on; out/spike/{off,on}/ and comparison.json')
      .example('$0 run scenarios/monday-spike-coordination.yaml --proposer "python3 plan.py"', 'let an external planner propose plans; they are validated like the built-in ones')
      .example('$0 run scenarios/tandem.yaml --set workload.requests.arrivals.rate=3/s --set agents.planner.servers=6 --set agents.answerer.servers=3', 'what if: 50% more traffic with more planners and answerers (every agent stays below utilisation 1)'),
  handler: async (args: RunArgs): Promise<Status> => {
    const overrides = scenarioOverrides(args);
    const scenario = readScenario(args.scenario, overrides);
    const budgetMs = parseWallBudget(args.budget);
    if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) {
      throw new UsageError(`--workers: expected a whole number of at least 1, found ${args.workers}`);
    }
    if (args.trace && args.out === undefined) throw new UsageError('--trace needs --out DIR: requests.arrow is written there');
    // Before any simulation: a wrong --out fails now, not after the run.
    if (args.out !== undefined) prepareOutputFolder(args.out);
    if (args.otlp !== undefined) prepareOutputFile(args.otlp, '--otlp');
    if (scenario.coordination !== undefined) {
      if (args.otlp !== undefined) throw new UsageError(`--otlp: ${args.scenario} has a timeline, objectives or coordination, whose replications are not exported yet; remove those sections from a copy to export its traces`);
      return runCoordinatedCommand(scenario, args, budgetMs);
    }
    if (args.coordination !== undefined || args.proposer !== undefined) {
      throw new UsageError(`--${args.coordination !== undefined ? 'coordination' : 'proposer'}: ${args.scenario} declares no timeline, objectives or coordination (docs/coordination.md)`);
    }
    const threads = runThreads(scenario, args.workers);
    const plan = args.out === undefined ? undefined : recordingPlan(scenario, args.trace);
    checkRunFits(scenario, plan?.recording.traceRequests ?? false, threads, args);
    // Listen for Ctrl-C before saying anything, so a user who reacts to a warning is heard.
    const stop = new StopSignal(budgetMs);
    try {
      for (const w of stabilityWarnings(scenario.network)) process.stderr.write(`warning: ${w}\n`);
      const progress = createProgress(scenario.name, !args.quiet && !args.json);
      let outcome: RunOutcome;
      try {
        outcome = await simulate(scenario, { workers: threads, signal: stop.controller.signal, onProgress: (done, total) => progress.update(done, total), recording: plan?.recording ?? NO_RECORDING });
      } finally {
        progress.finish();
        stop.finishRun();
      }
      outcome = { ...outcome, results: withCommand(outcome.results, recordedCommand(args)) };
      const { results } = outcome;
      const stability = stabilityWarnings(scenario.network);
      for (const w of results.warnings) if (!stability.includes(w)) process.stderr.write(`warning: ${w}\n`);
      if (results.partial) stop.warnPartial(results.replications, scenario.replications);
      const printed = report(results, args);
      if (args.out !== undefined && plan !== undefined) {
        const files = await writeOutputs(args.out, scenario, outcome, plan, args);
        if (printed) process.stdout.write(`\nwrote ${files.join(', ')}\n`);
      }
      if (args.otlp !== undefined && !stop.stopped) {
        const written = await writeOtlp(args.otlp, scenario);
        if (!args.quiet && !args.json) process.stdout.write(`wrote ${args.otlp}: ${written.requests} traces, ${written.spans} spans (replication 1${written.inFlight > 0 ? `; ${written.inFlight} requests still in flight at the horizon not written` : ''})\n`);
      }
      return await stop.status();
    } finally {
      stop.dispose();
    }
  },
};

/** A scenario with a timeline, objectives or coordination: replications in this thread, the negotiation log beside the results. */
async function runCoordinatedCommand(scenario: Scenario, args: RunArgs, budgetMs: number): Promise<Status> {
  // Loaded only for scenarios that need them: most runs have no timeline or coordination.
  const { createCommandProposer } = await import('../proposer.js');
  const { formatComparison, formatNegotiation, runCoordinated, writeComparison } = await import('../run-coordinated.js');
  const spec = scenario.coordination!;
  const mode: CoordinationMode = args.coordination ?? (spec.settings.enabled ? 'on' : 'off');
  if (mode !== 'off' && spec.actions.length === 0) throw new UsageError(`--coordination ${mode}: ${args.scenario} declares no actions for agents to ask for (actions:, docs/coordination.md)`);
  if (args.proposer !== undefined && mode === 'off') throw new UsageError('--proposer: coordination is off, so no plan is ever generated; add --coordination on');
  const proposer = args.proposer === undefined ? undefined : createCommandProposer(args.proposer, parseWallBudget(args.proposerTimeout, '--proposer-timeout'));
  const plan = args.out === undefined ? undefined : recordingPlan(scenario, args.trace);
  checkRunFits(scenario, plan?.recording.traceRequests ?? false, 1, args);
  if (args.out !== undefined && mode === 'compare') for (const side of ['off', 'on']) prepareOutputFolder(join(args.out, side));
  const stop = new StopSignal(budgetMs);
  // Listening until the files are written: a signal while they are written lets them finish.
  try {
    for (const w of stabilityWarnings(scenario.network)) process.stderr.write(`warning: ${w}\n`);
    const progress = createProgress(scenario.name, !args.quiet && !args.json);
    let outcome: CoordinatedOutcome;
    try {
      outcome = await runCoordinated(scenario, { mode, proposer, recording: plan?.recording ?? NO_RECORDING, progress, stopped: () => stop.stopped });
    } finally {
      progress.finish();
      stop.finishRun();
    }
    const command = recordedCommand(args);
    const main = { ...outcome.main, results: withCommand(outcome.main.results, command) };
    const off = outcome.off === undefined ? undefined : { ...outcome.off, results: withCommand(outcome.off.results, command) };
    const comparison = outcome.comparison;
    for (const note of new Set([...(off?.results.warnings ?? []), ...main.results.warnings])) {
      if (!stabilityWarnings(scenario.network).includes(note)) process.stderr.write(`warning: ${note}\n`);
    }
    if (main.results.partial || off?.results.partial === true) stop.warnPartial(Math.min(main.results.replications, off?.results.replications ?? Infinity), scenario.replications);
    const printed = !args.json && !args.quiet;
    if (args.json) process.stdout.write(`${JSON.stringify(comparison ?? main.results, null, 2)}\n`);
    else if (printed) {
      process.stdout.write(`${formatResults(main.results)}\n`);
      if (comparison !== undefined) process.stdout.write(`\n${formatComparison(comparison)}\n`);
      const negotiation = formatNegotiation(main);
      if (negotiation !== '') process.stdout.write(`\n${negotiation}\n`);
    }
    if (args.out !== undefined && plan !== undefined) {
      const written: string[] = [];
      const folder = async (dir: string, run: CoordinatedRun) => {
        // results.json is the first file listed; negotiation.json and .arrow come with the report.
        written.push(...await writeOutputs(dir, scenario, run, plan, args, run.outputs[0]?.log));
      };
      if (off === undefined) await folder(args.out, main);
      else {
        await folder(join(args.out, 'off'), off);
        await folder(join(args.out, 'on'), main);
        try {
          written.push(writeComparison(args.out, comparison!));
        } catch (e) {
          throw new OutputFailed(`could not write ${join(args.out, 'comparison.json')}: ${fileErrorReason(e)}; the results were printed above`);
        }
      }
      if (printed) process.stdout.write(`\nwrote ${written.join(', ')}\n`);
    }
    return await stop.status();
  } finally {
    stop.dispose();
  }
}

/**
 * Replication 1 again, in this thread, with every visit logged (its streams are the same, so it is
 * the replication the results count first), written as OTLP/JSON Lines from the end of warm-up.
 */
async function writeOtlp(file: string, scenario: Scenario): Promise<OtlpExport> {
  // Loaded only when asked for: most runs export nothing.
  const { exportOtlp } = await import('../../models/telemetry/otlp-export.js');
  const warmup = resolveWarmup(scenario);
  const output = runRecordedReplication(scenario, 0, warmup, { timeseriesWindow: 0, traceRequests: false, traceVisits: true });
  const exported = exportOtlp(scenario.network, output.visits!, scenario.name, scenario.seed, 0, warmup);
  try {
    writeFileAtomic(file, exported.lines.length === 0 ? '' : `${exported.lines.join('\n')}\n`);
  } catch (e) {
    throw new OutputFailed(`could not write ${file}: ${fileErrorReason(e)}; the results were printed above`);
  }
  return exported;
}

/** Prints the results (before any file is written, so they survive a failure to write); true when the table was printed. */
function report(results: Results, args: RunArgs): boolean {
  if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (!args.quiet) {
    process.stdout.write(`${formatResults(results)}\n`);
    return true;
  }
  return false;
}

/** report.html and the Arrow files (their paths returned); the report code (vega, Arrow) loads only for runs that write them. */
async function writeOutputs(dir: string, scenario: Scenario, outcome: RunOutcome, plan: RecordingPlan, args: RunArgs, log?: NegotiationLog): Promise<string[]> {
  const { writeRunOutputs } = await import('../../reports/run-outputs.js');
  const notes = outcome.outputs.length === 0 && outcome.results.replications > 0
    ? [...plan.notes, 'The run stopped before its first replication finished: no time series or latency distribution.']
    : plan.notes;
  const written = await writeRunOutputs(dir, outcome.results, scenario, outcome.outputs, { writeRequests: args.trace, notes }, log);
  for (const w of written.chartWarnings) process.stderr.write(`warning: report chart: ${w}\n`);
  return written.files.map((f) => join(dir, f));
}
