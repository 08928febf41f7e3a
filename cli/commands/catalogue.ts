// Every command by name, with what `apmsim --help` lists for it, and how to load it. A command's
// module (and everything it imports: the simulator, the loader, report code) is loaded only when
// that command runs, so `apmsim --help` or `validate` do not pay for `run` or `report`.
// test/cli/conventions.test.ts checks each entry's usage and description against its module.

import type { Argv } from 'yargs';
import type { Status } from '../status.js';
import { suggest } from '../../models/suggest.js';

/** A command as yargs takes it; the handler returns how it ended (nothing: success, or a subcommand's own). */
export interface CommandModule {
  readonly command: string;
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<object>;
  readonly handler: (args: never) => Promise<Status | void> | Status | void;
}

export interface CommandEntry {
  /** Usage as `--help` lists it, e.g. `run <scenario>`; its first word is the command's name. */
  readonly command: string;
  readonly describe: string;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'run <scenario>',
    describe: 'Simulate a scenario and report every metric with a confidence interval',
    load: async () => (await import('./run.js')).runCommand,
  },
  {
    command: 'validate <scenarios..>',
    describe: 'Check scenario files and print every problem with its file, YAML path and line',
    load: async () => (await import('./validate.js')).validateCommand,
  },
  {
    command: 'query <scenario>',
    describe: 'Ask what a metric is (or how much a change moves it), as an interval from the cheapest backend that can answer',
    load: async () => (await import('./query.js')).queryCommand,
  },
  {
    command: 'train <scenario>',
    describe: 'Fit a learned performance model over a region of knob values, for fast queries',
    load: async () => (await import('./train.js')).trainCommand,
  },
  {
    command: 'compare <baseline> <candidate>',
    describe: 'Compare a candidate with a baseline and fail on real regressions (CI gate)',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    command: 'sweep <scenario>',
    describe: 'Simulate a scenario at every point of a parameter grid (common random numbers, worker threads, shards)',
    load: async () => (await import('./sweep.js')).sweepCommand,
  },
  {
    command: 'merge <dirs..>',
    describe: 'Combine the shards of a sweep (apmsim sweep --shard i/n) into one output',
    load: async () => (await import('./merge.js')).mergeCommand,
  },
  {
    command: 'explain <source>',
    describe: 'Say where the time goes (per agent, along critical paths) and which change would help most',
    load: async () => (await import('./explain.js')).explainCommand,
  },
  {
    command: 'optimize <scenario>',
    describe: 'Find the cheapest configuration over a grid of knobs that meets every objective (multi-fidelity search)',
    load: async () => (await import('./optimize.js')).optimizeCommand,
  },
  {
    command: 'report [inputs..]',
    describe: 'Build a self-contained HTML report from stored outputs (runs, comparisons, sweeps, serving fidelity checks) and learned models (--whatif)',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    command: 'calibrate <what>',
    describe: 'Calibrate against measurements: `serving` checks a GPU profile against a real vLLM run, `telemetry` fits a scenario to agent traces (OpenTelemetry, any-agent, Langfuse)',
    load: async () => (await import('./calibrate.js')).calibrateCommand,
  },
];

export const commandName = (c: { readonly command: string }): string => c.command.split(' ')[0]!;

/** The command closest to a mistyped name (at most 2 edits, or the one it begins), if any. */
export function nearestCommand(name: string): string | undefined {
  const names = COMMANDS.map(commandName);
  return suggest(name, names) ?? names.find((n) => name.length >= 2 && n.startsWith(name.toLowerCase()));
}
