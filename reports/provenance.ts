// How a document was made, as every page header shows it: the command line, the scenario file and
// the overrides applied, and for a comparison the knob-by-knob difference between its sides. Read
// from the fields results.json, sweep.json and the comparison record (`command`, `scenarioFile`,
// `overrides`); documents written before apmsim recorded them simply lack those lines.

/** The provenance fields a document may carry. */
export interface Made {
  readonly command?: readonly string[] | null;
  readonly scenarioFile?: string;
  readonly overrides?: readonly string[] | null;
}

/** A shell-like rendering of a command line: arguments with spaces or quotes are quoted. */
export function commandText(command: readonly string[]): string {
  return command.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The facts to show: command line, scenario file and overrides, those the document has. */
export function madeFacts(m: Made): [string, string][] {
  const facts: [string, string][] = [];
  if (m.command !== undefined) facts.push(['command', m.command === null ? '(run from a program, not the command line)' : commandText(m.command)]);
  if (m.scenarioFile !== undefined) facts.push(['scenario file', m.scenarioFile]);
  if (m.overrides !== undefined) facts.push(['overrides', m.overrides === null ? 'not recorded' : m.overrides.length === 0 ? 'none' : m.overrides.join('; ')]);
  return facts;
}

/** The confidence fact: the level, and where the constructions of the intervals are explained. */
export const confidenceFact = (confidence: number): [string, string] =>
  ['confidence', `${Number((confidence * 100).toPrecision(4))} % intervals over the replications (Student t, control variates, sectioning: docs/outputs.md#intervals)`];

/** `path=value` split at its first `=` (an override as applied is always absolute). */
function knob(o: string): [string, string] {
  const i = o.indexOf('=');
  return i < 0 ? [o.trim(), ''] : [o.slice(0, i).trim(), o.slice(i + 1).trim()];
}

/** The last value each override sets, by path, in the order paths first appear. */
function knobs(overrides: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of overrides) { const [p, v] = knob(o); m.set(p, v); }
  return m;
}

/**
 * Knob by knob, what differs between two sides' overrides: the path, the baseline's value and the
 * candidate's ('(file)' where a side leaves the scenario file's value); undefined when a side did
 * not record its overrides.
 */
export function knobDiff(baseline: readonly string[] | null | undefined, candidate: readonly string[] | null | undefined): [string, string, string][] | undefined {
  if (baseline == null || candidate == null) return undefined;
  const b = knobs(baseline), c = knobs(candidate);
  const paths = [...new Set([...b.keys(), ...c.keys()])];
  return paths.filter((p) => b.get(p) !== c.get(p)).map((p) => [p, b.get(p) ?? '(file)', c.get(p) ?? '(file)']);
}
