// `apmsim run`: simulate a scenario's replications, print the summary, write results.json.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { Experiment } from '../../models/run/experiment.js';
import type { Results } from '../../models/run/results.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { formatResults } from '../format-table.js';
import { createProgress } from '../progress.js';
import { readScenario } from '../read-scenario.js';
import { parseWallBudget, scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import { VERSION } from '../version.js';

interface RunArgs extends ScenarioFlags {
  scenario: string;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
  budget: string | undefined;
}

/** Wall time per slice between checks for Ctrl-C and progress updates. */
const SLICE_MS = 100;

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
      .example('$0 run scenarios/mm4.yaml', 'run the M/M/4 check with its own seed and replications')
      .example('$0 run scenarios/mm4.yaml --replications 30 --seed 3 --out out/mm4', 'more replications, another seed, save results.json')
      .example('$0 run scenarios/support-pipeline.yaml --set agents.worker.servers=8 --set workload.chat.arrivals.rate=40/s', 'what if: change values by their YAML path'),
  handler: async (args: RunArgs): Promise<void> => {
    const scenario = readScenario(args.scenario, scenarioOverrides(args));
    const budgetMs = parseWallBudget(args.budget);
    const experiment = new Experiment(scenario, VERSION);
    for (const w of experiment.warnings) process.stderr.write(`warning: ${w}\n`);

    let interrupted = false;
    const onSignal = (): void => { interrupted = true; };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const progress = createProgress(scenario.name, !args.quiet && !args.json);
    const deadline = performance.now() + budgetMs;
    try {
      while (!experiment.step(SLICE_MS, () => performance.now())) {
        progress.update(experiment.progress, scenario.replications);
        await new Promise((r) => setImmediate(r));
        if (interrupted || performance.now() > deadline) break;
      }
    } finally {
      progress.finish();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }

    const results = experiment.results();
    if (results.partial) {
      const why = interrupted ? 'interrupted' : 'the wall-clock budget ran out';
      process.stderr.write(`warning: ${why}; results cover ${results.replications} of ${scenario.replications} replications and are marked partial\n`);
    }
    report(results, args);
    if (interrupted) process.exitCode = 130;
  },
};

function report(results: Results, args: RunArgs): void {
  const json = `${JSON.stringify(results, null, 2)}\n`;
  if (args.out !== undefined) writeFileAtomic(join(args.out, 'results.json'), json);
  if (args.json) process.stdout.write(json);
  else if (!args.quiet) {
    process.stdout.write(`${formatResults(results)}\n`);
    if (args.out !== undefined) process.stdout.write(`\nwrote ${join(args.out, 'results.json')}\n`);
  }
}
