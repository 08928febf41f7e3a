// `apmsim --help` for the program is printed without the argument parser (cli/program-help.ts):
// it must say exactly what yargs, configured from the same text, says (`-h -h` goes through yargs).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../cli/commands/catalogue.js';

const test = suite('program help');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const help = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return r.stdout;
};

test('the fast --help is the help yargs prints, and lists every command', () => {
  const fast = help('--help');
  assert.is(fast, help('-h', '-h'));
  assert.is(help('-h'), fast);
  for (const c of COMMANDS) assert.ok(fast.includes(`apmsim ${c.command}`), c.command);
});

test.run();
