#!/usr/bin/env node
// The apmsim command line: parses arguments, runs one command, and is the one place that turns
// how it ended into an exit code and a message: a command's status (compare's verdict, an
// interrupted run), an error of ours (its class's exit, its message without a stack), or anything
// else (a bug: internal error, with the stack). The codes are the table in sim/errors.ts.
//
// Start-up is kept small: only the command named on the line is loaded (cli/commands/catalogue.ts),
// and `--version` and the program's `--help` answer before the argument parser is loaded at all.

import { ApmsimError, EXIT_CODES } from '../sim/errors.js';
import { COMMANDS, commandName, nearestCommand, type CommandModule } from './commands/catalogue.js';
import { UsageError } from '../api/errors.js';
import { EPILOGUE, EXAMPLES, programHelp, USAGE } from './program-help.js';
import { STDIN_ARGUMENT } from '../api/stdin-argument.js';
import type { Status } from './status.js';
import { usageMessage, type ParseContext } from './usage-errors.js';
import { VERSION } from '../api/version.js';

const NAMES = COMMANDS.map(commandName);

async function main(argv: string[]): Promise<Status> {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 'success';
  }
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    process.stdout.write(programHelp(Math.min(110, process.stdout.columns ?? 110)));
    return 'success';
  }
  const { default: yargs } = await import('yargs');
  // The first word that is not an option names the command (the top level takes no option with a value).
  const named = argv.find((a) => !a.startsWith('-'));
  const chosen = COMMANDS.find((c) => commandName(c) === named);
  if (named !== undefined && chosen === undefined) {
    const near = nearestCommand(named);
    throw new UsageError(`unknown command '${named}'${near === undefined ? '' : ` (did you mean '${near}'?)`}. Commands: ${NAMES.join(', ')} (apmsim --help says what each does)`);
  }
  const loaded: CommandModule | undefined = chosen === undefined ? undefined : await chosen.load();
  let status: Status = 'success';
  const y = yargs(argv.map((a) => (a === '-' ? STDIN_ARGUMENT : a)))
    .scriptName('apmsim')
    .usage(USAGE);
  skipHelpCache(y);
  for (const c of COMMANDS) {
    if (c !== chosen || loaded === undefined) { y.command(c.command, c.describe); continue; }
    // yargs drops handlers' results: keep the status the command returns.
    y.command({ ...loaded, handler: async (args: unknown): Promise<void> => { status = (await loaded.handler(args as never)) ?? status; } });
  }
  await y
    // yargs reads `--replications ten` as NaN: say what was typed instead.
    .middleware((args) => {
      for (const [key, value] of Object.entries(args)) {
        if (typeof value === 'number' && Number.isNaN(value) && key.length > 1 && !/[A-Z]/.test(key)) {
          throw new UsageError(`--${key}: expected a number, found '${typedValue(argv, key)}'`);
        }
      }
    })
    .demandCommand(1, `Name a command: ${NAMES.join(', ')} (apmsim <command> --help for its options).`)
    .strict()
    .example(EXAMPLES.map(([c, d]) => [c, d]))
    .epilogue(EPILOGUE)
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      throw err ?? new UsageError(usageMessage(msg, argv, parseContext(y)));
    })
    .parseAsync();
  return status;
}

/**
 * yargs lays out the whole help text after every command it runs, to print it should the command
 * fail later (its command.js calls `cacheHelpMessage`). Our `.fail` throws instead of printing
 * help, so that text is never read, and laying it out (string widths of every option) costs about
 * 40 ms of CPU, a sixth of a short run. `--help` lays it out afresh.
 */
function skipHelpCache(y: object): void {
  const internal = y as { getInternalMethods?: () => { getUsageInstance: () => { cacheHelpMessage: () => void } } };
  const usage = internal.getInternalMethods?.().getUsageInstance();
  if (usage !== undefined) usage.cacheHelpMessage = () => undefined;
}

/** Where yargs stood when it failed (read from its instance: neither is public API, hence the guards). */
function parseContext(y: object): ParseContext {
  const internal = y as {
    getInternalMethods?: () => { getContext?: () => { commands?: string[]; fullCommands?: string[] } };
    getOptions?: () => { key?: Record<string, unknown> };
  };
  const context = internal.getInternalMethods?.().getContext?.();
  const options = Object.keys(internal.getOptions?.().key ?? {}).filter((k) => k.length > 1 && !/[A-Z]/.test(k) && k !== 'help' && k !== 'version');
  return { commands: context?.commands ?? [], usage: context?.fullCommands?.at(-1), options };
}

/** The text typed after `--name` (or in `--name=text`). */
function typedValue(argv: readonly string[], key: string): string {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]!);
    if (m !== null && m[1] === key) return m[2] ?? argv[i + 1] ?? '';
  }
  return 'NaN';
}

main(process.argv.slice(2)).then(
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
