#!/usr/bin/env node
// The apmsim command line: parses arguments, runs one command, and maps every error kind to its
// exit code in this one place (2: bad input, 1: a bug in apmsim).

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../models/scenario/types.js';
import { SimulationError } from '../sim/errors.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { queryCommand } from './commands/query.js';
import { trainCommand } from './commands/train.js';
import { compareCommand } from './commands/compare.js';
import { sweepCommand } from './commands/sweep.js';
import { mergeCommand } from './commands/merge.js';
import { UsageError } from './errors.js';
import { VERSION } from './version.js';

const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 1;

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('apmsim')
    .usage('$0 <command> [options]\n\nSimulate the performance of agentic-AI pipelines from YAML scenarios.')
    .command(runCommand)
    .command(validateCommand)
    .command(queryCommand)
    .command(trainCommand)
    .command(compareCommand)
    .command(sweepCommand)
    .command(mergeCommand)
    .command(reportCommand)
    .demandCommand(1, 'Name a command: run or validate.')
    .strict()
    .example('$0 run scenarios/mm4.yaml', 'simulate a bundled scenario and print metrics with 95% intervals')
    .example('$0 validate scenarios/*.yaml', 'check scenario files')
    .epilogue('Scenario format: docs/scenario-reference.md')
    .version(VERSION)
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch((e: unknown) => {
  if (e instanceof UsageError || e instanceof ScenarioError || e instanceof SimulationError) {
    process.stderr.write(`apmsim: ${e.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  process.stderr.write(`apmsim: internal error (please report it):\n${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = EXIT_INTERNAL;
});
