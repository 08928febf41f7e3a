// yargs' messages for a command line it cannot take ("Unknown argument: replicatons", "Not enough
// non-option arguments: got 1, need at least 2"), said as apmsim says every other bad input: what
// was found, what was expected (the nearest option when one was mistyped), and where the help is.
// A message of another shape is kept as yargs wrote it.

import { suggest } from '../models/suggest.js';

/** Where yargs stood when it failed: the command words and their usage, and the options it knew. */
export interface ParseContext {
  /** The command words, `['calibrate', 'serving']`; empty at the top level. */
  readonly commands: readonly string[];
  /** The innermost command's usage, `compare <baseline> <candidate>`. */
  readonly usage: string | undefined;
  /** The long names of its options. */
  readonly options: readonly string[];
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

export function usageMessage(message: string, argv: readonly string[], at: ParseContext): string {
  const command = at.commands.join(' ');
  const help = `; see apmsim${command === '' ? '' : ` ${command}`} --help`;
  const positionals = at.usage?.split(' ').slice(1).join(' ') ?? '';
  const takes = `${command} takes ${positionals === '' ? 'no argument' : positionals}`;
  let m = /^Unknown arguments?: (.+)$/.exec(message);
  if (m !== null) {
    const names = m[1]!.split(', ');
    // yargs names a mistyped --two-words twice, the second time as twoWords.
    const said = names.filter((n) => !/[A-Z]/.test(n) || !names.includes(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`))).map((name) => {
      if (!typedAsOption(argv, name)) return `unexpected argument '${name}': ${takes}`;
      const near = suggest(name, at.options);
      return `unknown option ${name.length === 1 ? `-${name}` : `--${name}`}${near === undefined ? '' : ` (did you mean --${near}?)`}`;
    });
    return `${said.join('; ')}${help}`;
  }
  m = /^(Not enough|Too many) non-option arguments: got (\d+), (?:need at least|maximum of) (\d+)$/.exec(message);
  if (m !== null) {
    const [, which, got, limit] = m;
    const bound = which === 'Too many' ? 'at most ' : positionals.includes('..') ? 'at least ' : '';
    return `${takes}: expected ${bound}${plural(Number(limit), 'argument')}, found ${got}${help}`;
  }
  m = /^Missing required arguments?: (.+)$/.exec(message);
  if (m !== null) return `expected ${m[1]!.split(', ').map((o) => `--${o}`).join(' and ')}, found none${help}`;
  return message;
}

/** Was `name` typed as an option (`--name`, `--name=…`, `--no-name`, or `-n` for one letter)? */
function typedAsOption(argv: readonly string[], name: string): boolean {
  return argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `--no-${name}` || (name.length === 1 && /^-[^-]/.test(a) && a.includes(name)));
}
