// `apmsim --help` (and `-h`) for the program, without loading the argument parser: it is the
// first thing a new user runs, and yargs alone costs more start-up than the rest of the answer.
// The text is built from what yargs is configured with for the program (cli/main.ts), so the two
// say the same; a command's own help (`apmsim run --help`) is yargs'.

import { COMMANDS } from './commands/catalogue.js';

export const USAGE = '$0 <command> [options]\n\nSimulate the performance of agentic-AI pipelines from YAML scenarios.';
export const EXAMPLES: readonly (readonly [string, string])[] = [
  ['$0 run scenarios/mm4.yaml', 'simulate a bundled scenario and print metrics with 95% intervals'],
  ['$0 validate scenarios/*.yaml', 'check scenario files'],
];
export const EPILOGUE = 'Scenario format: docs/scenario-reference.md';
const OPTIONS: readonly (readonly [string, string])[] = [
  ['    --version', 'Show version number'],
  ['-h, --help', 'Show help'],
];

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** Two columns: each left entry padded to the widest, each right one wrapped in what is left of `width`. */
function columns(rows: readonly (readonly [string, string])[], width: number): string[] {
  const left = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.flatMap(([l, r]) => wrap(r, Math.max(20, width - 2 - left)).map((text, i) => `  ${(i === 0 ? l : '').padEnd(left)}${text}`.trimEnd()));
}

export function programHelp(width: number): string {
  const name = (s: string): string => s.replace(/\$0/g, 'apmsim');
  return [
    name(USAGE), '',
    'Commands:', ...columns(COMMANDS.map((c) => [`apmsim ${c.command}`, c.describe]), width), '',
    'Options:', ...columns(OPTIONS, width).map((line) => `${line.padEnd(width - '[boolean]'.length)}[boolean]`), '',
    'Examples:', ...columns(EXAMPLES.map(([c, d]) => [name(c), d]), width), '',
    EPILOGUE, '',
  ].join('\n');
}
