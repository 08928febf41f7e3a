// `apmsim calibrate serving`: builds the step-time model of a measured profile folder, fits the
// overheads on other benchmark runs (--fit, never the scored one), replays the scored run's
// requests through the vLLM scheduler and prints measured against predicted TTFT, TPOT and e2e.
// Reading and writing files is here; everything else is models/llm/serving.

import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { UsageError } from '../../api/errors.js';

interface CalibrateServingArgs {
  profile: string;
  run: string;
  fit: string[] | undefined;
  out: string | undefined;
  timeseries: string | undefined;
  json: boolean;
  quiet?: boolean;
}

export const calibrateServingCommand = {
  command: 'serving',
  describe: 'Replay a real vLLM benchmark run on a measured GPU profile and compare TTFT, TPOT and e2e latency',
  builder: (y: Argv) =>
    y
      .option('profile', { type: 'string', demandOption: true, describe: "measured profile folder (meta.yaml, tp<N>/dense.csv, attention.csv, per_sequence.csv[, moe.csv]) of the run's model and GPU" })
      .option('run', { type: 'string', demandOption: true, describe: 'benchmark run folder to score (requests.jsonl, meta.json, config.json[, timeseries.csv])' })
      .option('fit', { type: 'string', array: true, describe: "run folders to fit the overheads on (not the scored run); each is replayed on its own model's profile, found beside --profile (<root>/<hardware>/<model>/<variant>). Without --fit: the documented defaults" })
      .option('out', { type: 'string', alias: 'o', describe: 'write the calibrated profile (measured folder, TP size, fitted overheads) to this YAML file' })
      .option('timeseries', { type: 'string', describe: 'write running/waiting requests per second, measured and predicted, to this CSV file' })
      .option('json', { type: 'boolean', default: false, describe: 'print the fidelity check as JSON on stdout instead of the text: the table as rows {metric, stat, measured, predicted, error}, every request\'s measured and predicted latencies, the queue over time (apmsim report turns the file into the fidelity report)' })
      .option('quiet', QUIET_OPTION)
      .example('$0 calibrate serving --profile ../shared/data/serving/llmservingsim/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16 --run ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Llama-3.1-8B', 'score the Llama-3.1-8B run with the default overheads')
      .example('$0 calibrate serving --profile P --run R --fit R2 R3 --out llama.yaml --timeseries ts.csv', 'fit the overheads on two other runs, write the profile and the queue over time')
      .example('$0 calibrate serving --profile P --run R --json > fidelity.json && $0 report fidelity.json --out fidelity.html', 'the fidelity report: measured and predicted CDFs of TTFT and e2e, and the queue over time'),
  handler: async (args: CalibrateServingArgs): Promise<void> => {
    const s = await import('../../models/llm/serving/index.js');
    const { readProfile, readRun } = await import('./calibrate-serving-files.js');
    const run = readRun(args.run);
    const profile = readProfile(args.profile, run.settings.tp);
    s.checkProfileForRun(profile, run);
    const scored = resolve(args.run);
    const cases = (args.fit ?? []).map((dir) => {
      if (resolve(dir) === scored) throw new UsageError(`--fit ${dir}: the scored run (--run) cannot be fitted on`);
      const fitRun = readRun(dir);
      const p = readProfile(profileBeside(args.profile, fitRun.settings.model, fitRun.hardware.hardware, dir), fitRun.settings.tp);
      s.checkProfileForRun(p, fitRun);
      return { profile: p, run: fitRun };
    });
    const overheads = s.fitOverheads(cases);
    const predicted = s.predictRun(profile, run, overheads);
    const rows = s.fidelityOf(run, predicted);
    const roofline = s.predictRunRoofline(profile, run);
    const rooflineRows = roofline === undefined ? undefined : s.fidelityOf(run, roofline);
    const { VERSION } = await import('../../api/version.js');
    const outputs = s.calibrationOutputs({ version: VERSION, profile, run, overheads, fittedOn: cases.map((c) => c.run.dir), predicted, rows, rooflineRows });
    const { writeFileAtomic } = await import('../../reports/write-atomic.js');
    if (args.out !== undefined) writeFileAtomic(args.out, outputs.profileYaml);
    if (args.timeseries !== undefined) writeFileAtomic(args.timeseries, outputs.timeseriesCsv);
    if (args.json) process.stdout.write(`${JSON.stringify(outputs.json, null, 2)}\n`);
    else if (args.quiet !== true) process.stdout.write(formatTable(run.dir, profile.dir, profile.tp, overheads, cases.map((c) => c.run.dir), rows, rooflineRows, predicted.steps, predicted.preemptions));

  },
};

/** The profile folder of another model on the same layout: <root>/<hardware>/<org>/<model>/<variant>, root and variant from --profile. */
function profileBeside(profileDir: string, model: string, hardware: string, fitDir: string): string {
  const p = resolve(profileDir);
  const variant = basename(p);
  const root = dirname(dirname(dirname(dirname(p))));
  const dir = join(root, hardware, model, variant);
  if (!existsSync(join(dir, 'meta.yaml'))) {
    throw new UsageError(`--fit ${fitDir}: no measured profile for ${model} on ${hardware} beside --profile (looked for ${join(dir, 'meta.yaml')})`);
  }
  return dir;
}

type Row = { metric: string; stat: string; measured: number; predicted: number; error: number };

function formatTable(
  run: string, profile: string, tp: number, overheads: { perStep: number; perSequence: number }, fittedOn: readonly string[],
  rows: readonly Row[], roofline: readonly Row[] | undefined, steps: number, preemptions: number,
): string {
  const ms = (v: number) => (v * 1000).toFixed(v < 0.1 ? 2 : 1);
  const lines = [
    `run      ${run}`,
    `profile  ${profile} (tp${tp})`,
    `overheads per step ${ms(overheads.perStep)} ms, per sequence ${ms(overheads.perSequence)} ms (${fittedOn.length > 0 ? `fitted on ${fittedOn.join(', ')}` : 'defaults'})`,
    `replay   ${steps} steps, ${preemptions} preemptions`,
    '',
    `metric  stat   measured (ms)  predicted (ms)    error${roofline ? '  roofline estimate error' : ''}`,
  ];
  const pct = (e: number) => `${e >= 0 ? '+' : ''}${(100 * e).toFixed(1)}%`;
  rows.forEach((r, i) => {
    const line = `${r.metric.padEnd(6)}  ${r.stat.padEnd(4)}  ${ms(r.measured).padStart(13)}  ${ms(r.predicted).padStart(14)}  ${pct(r.error).padStart(7)}`;
    lines.push(roofline ? `${line}  ${pct(roofline[i]!.error).padStart(23)}` : line);
  });
  return `${lines.join('\n')}\n`;
}
