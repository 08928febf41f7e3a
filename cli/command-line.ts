// The command line as documents record it (`"command"` in results.json, sweep.json and the
// comparison), so two runs of one file can be told apart and repeated. Options that choose only
// where outputs go, how they are printed or how the work is spread (--out, --otlp, --workers,
// --shard, --quiet, --json, ...) are left out: they do not change a number, and keeping them would make the
// same results differ byte for byte (a run into another folder, or on more threads).

const LEFT_OUT: ReadonlySet<string> = new Set(['out', 'workers', 'shard', 'quiet', 'json', 'trace', 'otlp', 'report', 'markdown', 'junit', 'progress']);

/** The short forms of left-out options: -o DIR, -q. */
const SHORT: Readonly<Record<string, string>> = { o: 'out', q: 'quiet' };

/**
 * `apmsim` and the arguments as typed, without the left-out options (and their values: the
 * value yargs parsed for the option tells a value from the next argument).
 */
export function recordedCommand(parsed: object, argv: readonly string[] = process.argv.slice(2)): string[] {
  const out = ['apmsim'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { out.push(...argv.slice(i)); break; }
    const m = /^--([^=]+)(=.*)?$/.exec(a) ?? /^-([a-z])(=.*)?$/.exec(a);
    const name = m === null ? undefined : a.startsWith('--') ? m[1]! : SHORT[m[1]!];
    if (m === null || name === undefined || !LEFT_OUT.has(name)) { out.push(a); continue; }
    const next = argv[i + 1];
    const value = (parsed as Record<string, unknown>)[name];
    if (m[2] === undefined && next !== undefined && !next.startsWith('-') && typeof value !== 'boolean' && value !== undefined) i++;
  }
  return out;
}

/** A document with the command line that produced it. */
export function withCommand<D extends { readonly command: readonly string[] | null }>(doc: D, command: readonly string[]): D {
  return { ...doc, command };
}
