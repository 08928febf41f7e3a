// `apmsim validate`: check scenario files without running them (`-` reads one from stdin).

import type { Argv } from 'yargs';
import { stabilityWarnings } from '../../models/run/stability.js';
import { ScenarioError } from '../../models/scenario/index.js';
import { UsageError } from '../../api/errors.js';
import { JSON_OPTION, QUIET_OPTION } from '../output-flags.js';
import { readScenario } from '../../api/read-scenario.js';
import { STDIN_ARGUMENT } from '../../api/stdin-argument.js';
import type { Status } from '../status.js';
import { ApmsimError } from '../../sim/errors.js';
import { VERSION } from '../../api/version.js';
import { filesOfFolders } from '../folder-files.js';

interface ValidateArgs {
  scenarios: string[];
  set: string[] | undefined;
  json: boolean;
  quiet: boolean;
}

/** One problem as data: where (when known) and what was expected and found, and the message as printed. */
export interface Problem {
  readonly path: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly expected: string | null;
  readonly found: string | null;
  readonly message: string;
}

/** `validate --json`: per file, ok or its problems, and its warnings. */
export interface ValidationDocument {
  readonly apmsim: string;
  readonly ok: boolean;
  readonly files: readonly {
    readonly file: string;
    readonly ok: boolean;
    readonly agents: number | null;
    readonly classes: number | null;
    readonly warnings: readonly string[];
    readonly problems: readonly Problem[];
  }[];
}

function problemsOf(e: ApmsimError): Problem[] {
  if (e instanceof ScenarioError) {
    return e.diagnostics.map((d, i) => ({
      path: d.path, line: d.line > 0 ? d.line : null, column: d.column > 0 ? d.column : null,
      expected: d.expected, found: d.found, message: e.message.split('\n')[i] ?? '',
    }));
  }
  return [{ path: null, line: null, column: null, expected: null, found: null, message: e.message }];
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;

export const validateCommand = {
  command: 'validate <scenarios..>',
  describe: 'Check scenario files and print every problem with its file, YAML path and line',
  builder: (y: Argv) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files, or folders of them (a folder: its *.yaml and *.yml files); - reads one from stdin (the files it names are then relative to the working folder)' })
      .option('set', { type: 'string', array: true, describe: 'override a value by its YAML path before checking: path=value, or path*=x, path+=x, path-=x' })
      .option('json', { ...JSON_OPTION, describe: 'print the check as JSON on stdout (per file: ok, agents and classes, warnings, and every problem with path, line, column, expected and found) instead of the text' })
      .option('quiet', QUIET_OPTION)
      .example('$0 validate scenarios/', 'check every bundled scenario (a folder: its *.yaml files)')
      .example('$0 validate scenarios/mm4.yaml --set agents.worker.servers=0', 'check a value before using it')
      .example('cat scenarios/mm4.yaml | $0 validate -', 'check a scenario from stdin (an editor buffer, a generated file)')
      .example('$0 validate scenarios/*.yaml --json', 'the problems as data, for an editor or a CI annotation'),
  handler: (args: ValidateArgs): Status => {
    const files: ValidationDocument['files'][number][] = [];
    for (const given of filesOfFolders(args.scenarios, ['.yaml', '.yml'], 'scenario files')) {
      const file = given === STDIN_ARGUMENT ? '<stdin>' : given;
      try {
        const scenario = readScenario(given, args.set ?? []);
        const warnings = stabilityWarnings(scenario.network);
        files.push({ file, ok: true, agents: scenario.network.agents.length, classes: scenario.network.classes.length, warnings, problems: [] });
      } catch (e) {
        // Every file is checked: a bad one is one more problem to list, not the end.
        if (!(e instanceof ApmsimError) || e.exit !== 'bad-input') throw e;
        files.push({ file, ok: false, agents: null, classes: null, warnings: [], problems: problemsOf(e) });
      }
    }
    const failed = files.filter((f) => !f.ok);
    if (args.json) {
      const doc: ValidationDocument = { apmsim: VERSION, ok: failed.length === 0, files };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      if (failed.length > 0) throw new UsageError(`${failed.length} of ${files.length} scenario files have problems (listed in the JSON on stdout)`);
      return 'success';
    }
    for (const f of files) {
      for (const w of f.warnings) process.stderr.write(`${f.file}: warning: ${w}\n`);
      if (f.ok && !args.quiet) process.stdout.write(`${f.file}: ok (${count(f.agents!, 'agent')}, ${count(f.classes!, 'class')})\n`);
    }
    if (failed.length > 0) throw new UsageError(failed.flatMap((f) => f.problems.map((p) => p.message)).join('\n'));
    return 'success';
  },
};
