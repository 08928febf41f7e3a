// `apmsim validate`: check scenario files without running them.

import type { Argv } from 'yargs';
import { stabilityWarnings } from '../../models/run/stability.js';
import { UsageError } from '../errors.js';
import { readScenario } from '../read-scenario.js';
import type { Status } from '../status.js';
import { ApmsimError } from '../../sim/errors.js';

interface ValidateArgs {
  scenarios: string[];
  set: string[] | undefined;
}

export const validateCommand = {
  command: 'validate <scenarios..>',
  describe: 'Check scenario files and print every problem with its file, YAML path and line',
  builder: (y: Argv) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('set', { type: 'string', array: true, describe: 'override a value by its YAML path before checking: path=value' })
      .example('$0 validate scenarios/*.yaml', 'check every bundled scenario')
      .example('$0 validate my.yaml --set agents.worker.servers=0', 'check a value before using it'),
  handler: (args: ValidateArgs): Status => {
    const problems: string[] = [];
    for (const file of args.scenarios) {
      try {
        const scenario = readScenario(file, args.set ?? []);
        for (const w of stabilityWarnings(scenario.network)) process.stderr.write(`${file}: warning: ${w}\n`);
        const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;
        process.stdout.write(`${file}: ok (${count(scenario.network.agents.length, 'agent')}, ${count(scenario.network.classes.length, 'class')})\n`);
      } catch (e) {
        // Every file is checked: a bad one is one more problem to list, not the end.
        if (!(e instanceof ApmsimError) || e.exit !== 'bad-input') throw e;
        problems.push(e.message);
      }
    }
    if (problems.length > 0) throw new UsageError(problems.join('\n'));
    return 'success';
  },
};
