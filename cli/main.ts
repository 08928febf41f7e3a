#!/usr/bin/env node
// The apmsim command line: parses arguments, runs one command, and is the one place that turns
// how it ended into an exit code and a message: a command's status (compare's verdict, an
// interrupted run), an error of ours (its class's exit, its message without a stack), or anything
// else (a bug: internal error, with the stack). The codes are the table in sim/errors.ts.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ApmsimError, EXIT_CODES } from '../sim/errors.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { queryCommand } from './commands/query.js';
import { trainCommand } from './commands/train.js';
import { compareCommand } from './commands/compare.js';
import { sweepCommand } from './commands/sweep.js';
import { mergeCommand } from './commands/merge.js';
import { explainCommand } from './commands/explain.js';
import { optimizeCommand } from './commands/optimize.js';
import { calibrateCommand } from './commands/calibrate.js';
import { UsageError } from './errors.js';
import type { Status } from './status.js';
import { VERSION } from './version.js';

async function main(argv: string[]): Promise<Status> {
  let status: Status = 'success';
  /** The command with a handler that keeps the status it returns (yargs drops handlers' results). */
  const keepingStatus = <C extends { handler: (args: never) => Promise<Status> | Status }>(c: C) =>
    ({ ...c, handler: async (args: Parameters<C['handler']>[0]): Promise<void> => { status = await c.handler(args); } });
  await yargs(argv)
    .scriptName('apmsim')
    .usage('$0 <command> [options]\n\nSimulate the performance of agentic-AI pipelines from YAML scenarios.')
    .command(keepingStatus(runCommand))
    .command(keepingStatus(validateCommand))
    .command(keepingStatus(queryCommand))
    .command(keepingStatus(trainCommand))
    .command(keepingStatus(compareCommand))
    .command(keepingStatus(sweepCommand))
    .command(keepingStatus(mergeCommand))
    .command(keepingStatus(explainCommand))
    .command(keepingStatus(optimizeCommand))
    .command(keepingStatus(reportCommand))
    .command(calibrateCommand)
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
  return status;
}

main(hideBin(process.argv)).then(
  (status) => {
    process.exitCode = EXIT_CODES[status].code;
  },
  (e: unknown) => {
    if (e instanceof ApmsimError && e.exit !== 'internal') {
      process.stderr.write(`apmsim: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`apmsim: internal error (please report it):\n${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = EXIT_CODES.internal.code;
  },
);
