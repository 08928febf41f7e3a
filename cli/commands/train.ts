// `apmsim train`: simulate a Latin hypercube of knob settings and fit a learned model that answers
// queries inside that region in about a millisecond, with split-conformal intervals.

import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { EVALUATION_LEVEL, parseVary, trainModel, type LearnedModelJson } from '../../models/query/index.js';
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
  metric: string[] | undefined;
  out: string;
  workers: number | undefined;
  quiet: boolean;
}

const DEFAULT_METRICS = ['e2e.mean', 'e2e.p95'];

export function trainingSummary(m: LearnedModelJson): string {
  const lines = [
    `${m.scenario.name}: ${m.samples.total} points (${m.samples.train} training, ${m.samples.calibration} calibration, ${m.samples.test} held out), ${m.samples.replications} replications each`,
    `knobs: ${m.knobs.map((k) => `${k.path} ${k.lo}..${k.hi}${k.integer ? ' (whole numbers)' : ''}`).join(', ')}`,
    `held-out points: median absolute percentage error, coverage of the ${EVALUATION_LEVEL * 100}% conformal interval`,
  ];
  for (const [metric, { heldOut }] of Object.entries(m.metrics)) {
    const coverage = Number.isFinite(heldOut.coverage)
      ? `${(100 * heldOut.coverage).toFixed(1).padStart(5)}% of ${heldOut.points}`
      : `no ${EVALUATION_LEVEL * 100}% interval: ${m.samples.calibration} calibration points are too few`;
    lines.push(`  ${metric.padEnd(24)} ${(100 * heldOut.medianAbsolutePercentageError).toFixed(2).padStart(6)}%   ${coverage}`);
  }
  return lines.join('\n');
}

export const trainCommand = {
  command: 'train <scenario>',
  describe: 'Fit a learned performance model over a region of knob values, for fast queries',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('vary', { type: 'string', array: true, describe: 'knob and its range: path=lo..hi (repeatable); whole numbers when both bounds are' })
      .option('samples', { type: 'number', default: 200, describe: 'simulated points (50% fit, 30% conformal calibration, 20% held out)' })
      .option('metric', { type: 'string', array: true, describe: `metric to learn (repeatable; default ${DEFAULT_METRICS.join(', ')})` })
      .option('out', { type: 'string', demandOption: true, describe: 'model file to write' })
      .option('workers', { type: 'number', describe: 'worker threads (default: one per core); the model does not depend on it' })
      .option('quiet', QUIET_OPTION)
      .example('$0 train scenarios/five-agents.yaml --vary workload.chat.arrivals.rate=1.5..2.5 --vary agents.answerer.servers=4..6 --samples 400 --out five.json', 'learn e2e latency over traffic and answerer servers')
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
      }, executor);
    } finally {
      progress.finish();
    }
    writeFileAtomic(args.out, `${JSON.stringify(model)}\n`);
    if (!args.quiet) process.stdout.write(`${trainingSummary(model)}\nwrote ${args.out}\n`);
    return 'success';
  },
};
