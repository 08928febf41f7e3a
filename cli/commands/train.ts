// `apmsim train`: simulate a Latin hypercube of knob settings and fit a learned model that answers
// queries inside that region in about a millisecond, with intervals from bagged fits; with
// --target-precision, in rounds of more points until its intervals are narrow enough.

import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { metricOption } from '../metric-option.js';
import { EVALUATION_LEVEL, parseVary, trainModel, type LearnedModelJson, type RoundReport } from '../../models/query/index.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { createProgress } from '../progress.js';
import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import { VERSION } from '../../api/version.js';
import { readSource } from '../../api/read-scenario.js';
import type { Status } from '../status.js';

interface TrainArgs extends ScenarioFlags {
  scenario: string;
  vary: string[] | undefined;
  samples: number;
  'target-precision': number | undefined;
  'max-samples': number | undefined;
  metric: string[] | undefined;
  out: string;
  workers: number | undefined;
  quiet: boolean;
}

const DEFAULT_METRICS = ['e2e.mean', 'e2e.p95'];

const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)}%` : 'none');

export function trainingSummary(m: LearnedModelJson): string {
  const lines = [
    `${m.scenario.name}: ${m.samples.total} points${m.samples.rounds > 1 ? ` in ${m.samples.rounds} rounds` : ''}, ${m.samples.replications} replications each; ${m.samples.folds}-fold cross-validation, ${m.samples.resamples} bootstrap fits`,
    `knobs: ${m.knobs.map((k) => `${k.path} ${k.lo}..${k.hi}${k.integer ? ' (whole numbers)' : ''}`).join(', ')}`,
  ];
  if (m.target !== null) {
    lines.push(`target precision ${m.target.precision} at ${m.target.confidence} confidence: ${m.target.met ? 'met' : `not met within ${m.samples.total} points (raise --max-samples)`}`);
  }
  const r = m.samples.replications;
  const rows = [
    ['metric', 'error', ...(r > 1 ? ["points' noise"] : []), `${EVALUATION_LEVEL * 100}% interval`],
    ...Object.entries(m.metrics).map(([metric, { crossValidated: cv }]) => [
      metric, percent(cv.medianAbsolutePercentageError), ...(r > 1 ? [percent(cv.medianRelativeNoise ?? NaN)] : []), `±${percent(cv.medianRelativeHalfWidth)}`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  lines.push(
    'out of fold (each point predicted by the fit that did not see it), medians over the points, relative:',
    ...rows.map((row) => `  ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ')}`),
    r > 1
      ? `error: against each point's label from its ${r} replications, whose sampling noise (standard error) is the next column;\nthe interval is for the expected value, free of that noise: it can be narrower than the error`
      : "error: against each point's one replication, sampling noise included;\nthe interval is for the expected value, free of that noise: it can be narrower than the error",
  );
  return lines.join('\n');
}

export function roundLine(r: RoundReport, target: number | undefined): string {
  const widths = Object.entries(r.precision).map(([metric, x]) => `${metric} ±${percent(x)}`).join(', ');
  return `round ${r.round + 1}: ${r.points} points; median half-width at ${r.confidence}: ${widths}${target === undefined ? '' : ` (target ±${+(100 * target).toPrecision(3)}%)`}`;
}

export const trainCommand = {
  command: 'train <scenario>',
  describe: 'Fit a learned performance model over a region of knob values, for fast queries',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('vary', { type: 'string', array: true, describe: 'knob and its range: path=lo..hi (repeatable); whole numbers when both bounds are' })
      .option('samples', { type: 'number', default: 200, describe: 'simulated points (the first round with --target-precision)' })
      .option('target-precision', { type: 'number', describe: 'add points in rounds (doubling) until every metric\'s median interval half-width, relative to the prediction, at the scenario\'s confidence is at most this' })
      .option('max-samples', { type: 'number', describe: 'with --target-precision: most points in all (default 8 × --samples)' })
      .option('metric', metricOption(`metric to learn (default ${DEFAULT_METRICS.join(', ')})`))
      .option('out', { type: 'string', alias: 'o', demandOption: true, describe: 'model file to write' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per core); the model does not depend on it' })
      .option('quiet', QUIET_OPTION)
      .example('$0 train scenarios/five-agents.yaml --vary workload.chat.arrivals.rate=1.5..2.5 --vary agents.answerer.servers=4..6 --samples 400 --out five.json', 'learn e2e latency over traffic and answerer servers')
      .example('$0 train scenarios/five-agents.yaml --vary workload.chat.arrivals.rate=1.5..2.5 --vary agents.answerer.servers=4..6 --samples 100 --target-precision 0.01 --out five.json', 'as many points as it takes for ±1% intervals at the scenario confidence (at most 800)')
      .example('$0 train scenarios/mm4.yaml --vary workload.requests.arrivals.rate=2..3.5 --samples 40 --replications 3 --metric e2e.p95 --out mm4.json', 'a small model: 40 points of 3 replications'),
  handler: async (args: TrainArgs): Promise<Status> => {
    const source = readSource(args.scenario);
    const knobs = (args.vary ?? []).map(parseVary);
    const progress = createProgress(`train ${args.scenario}`, !args.quiet);
    const executor = workerExecutor(threadCount(args.workers), (done, total) => progress.update(done, total));
    let model: LearnedModelJson;
    try {
      model = await trainModel(source, {
        knobs, samples: args.samples, set: scenarioOverrides(args), metrics: args.metric ?? DEFAULT_METRICS, version: VERSION,
        ...(args['target-precision'] === undefined ? {} : { targetPrecision: args['target-precision'] }),
        ...(args['max-samples'] === undefined ? {} : { maxSamples: args['max-samples'] }),
        onRound: (r) => {
          if (args.quiet || args['target-precision'] === undefined) return;
          progress.finish();
          process.stderr.write(`${roundLine(r, args['target-precision'])}\n`);
        },
      }, executor);
    } finally {
      progress.finish();
    }
    writeFileAtomic(args.out, `${JSON.stringify(model)}\n`);
    if (!args.quiet) process.stdout.write(`${trainingSummary(model)}\nwrote ${args.out}\n`);
    return 'success';
  },
};
