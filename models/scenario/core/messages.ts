// Catalogue of every diagnostic text the scenario loader produces, as (expected, found) pairs.
// One place for the wording keeps messages consistent and lets reviewers read them all at once.

export interface Message {
  readonly expected: string;
  readonly found: string;
}

const MAX_QUOTED = 60;

/** A value as the user wrote it, single-quoted and cut short so one huge value cannot flood the terminal. */
export function quote(text: string): string {
  const cut = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return `'${cut}'`;
}

/** A YAML value described for a "found" text: scalars quoted, collections by kind. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return quote(value);
    case 'number': case 'bigint': case 'boolean': return String(value);
    default: return 'a map';
  }
}

function article(kind: 'agent' | 'class'): string {
  return kind === 'agent' ? 'an agent' : 'a class';
}

function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
}

const FUNCTIONS_HINT = 'numbers, t, pi, e, + - * / ^ mod, comparisons, ?: and the functions';

/** What a field accepts, for `expected` texts. */
export const EXPECTED = {
  documentMap: 'a map of scenario fields (name, horizon, workload, agents, ...)',
  name: 'a string (the scenario name)',
  string: 'a string',
  seed: 'a non-negative integer',
  duration: 'a duration such as 250ms, 2s, 5min, 1.5h or 1 day (a plain number is seconds)',
  positiveDuration: 'a duration greater than 0, such as 250ms or 2s',
  warmup: "a duration, or 'auto'",
  replications: 'an integer of at least 2',
  confidence: 'a number strictly between 0 and 1, such as 0.95',
  accuracy: 'a relative error strictly between 0 and 0.5, such as 0.01',
  rate: 'a rate such as 20/s, 1200/min or 3/h (a plain number is per second)',
  rateOrExpression: 'a rate such as 20/s, or an expression of t giving the rate per second',
  servers: 'an integer of at least 1',
  positiveNumber: 'a number greater than 0',
  probability: 'a probability between 0 and 1',
  weight: 'a weight greater than 0',
  integerK: 'an integer of at least 1',
  mean: 'a duration greater than 0',
  nonNegative: 'a number of at least 0',
  cv: 'a coefficient of variation of 0 (no variation), or from 1e-6 to 1e6',
  weibullCv: 'a coefficient of variation from 0.01 to 100',
  weibullCvOrZero: 'a coefficient of variation from 0.01 to 100, or 0',
  scv: 'a squared coefficient of variation of at least 1',
  nextSpec: "an agent name, 'exit', a list of { to, p }, or { fork: [...], then: ... }",
  branch: 'an agent name (a fork branch cannot be exit)',
  entry: 'the name of the agent where requests of this class arrive',
  column: 'a column name',
  overrideForm: '--set path=value, such as agents.worker.servers=8 (or path*=x, path+=x, path-=x to change a number)',
  agentsMap: 'a map of agent name -> { servers, capacity, service, next }',
  workloadMap: 'a map of class name -> { arrivals, entry, routes }',
  routesMap: "a map of agent name -> next spec, overriding that agent's next for this class",
  metricsMap: 'a map { percentiles, accuracy }',
  capacity: 'an integer of at least servers',
  distribution: 'a distribution such as { dist: exponential, mean: 1s }',
  durationList: 'a list of durations',
  components: 'a list of { weight, dist, ... }',
  arrivals: 'arrivals such as { process: poisson, rate: 20/s }',
  rateOrInterval: "a rate such as 20/s, or an 'interval' between arrivals",
  traceFile: 'the path of a CSV or JSONL trace',
  filePath: 'a file path',
  text: 'a text',
  timeSpec: 'a map { column, unit }',
  attributeMap: 'a map of attribute name -> column name',
  randomEntry: 'a map { to: <agent or exit>, p: <probability> }',
  target: "an agent name or 'exit'",
  branches: 'a list of agent names (the branches)',
  slos: 'a list of gates such as { metric: e2e.p95, max: 2s }',
  sloEntry: 'a map { metric, max and/or min }',
  metricName: 'a metric name such as e2e.p95, throughput or class.chat.e2e.mean',
  sloLimit: 'a duration such as 2s, a rate such as 10/s, or a plain number',
} as const;

/** Every diagnostic the loader emits, by cause. `found` arguments are already described. */
export const msg = {
  yamlSyntax: (detail: string): Message => ({ expected: 'valid YAML', found: detail }),
  duplicateKey: (key: string, firstLine: number): Message => ({ expected: 'each key once in a map', found: `${quote(key)} again (first at line ${firstLine})` }),
  wrongType: (expected: string, found: string): Message => ({ expected, found }),
  missingField: (key: string, expected: string): Message => ({ expected: `a field '${key}': ${expected}`, found: 'nothing (the field is missing)' }),
  unknownField: (key: string, known: readonly string[], suggestion: string | undefined): Message => ({
    expected: `one of the fields ${known.join(', ')}`,
    found: `unknown field ${quote(key)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  emptyMap: (what: string): Message => ({ expected: `at least one ${what}`, found: 'an empty map' }),
  emptyList: (what: string): Message => ({ expected: `at least one ${what}`, found: 'an empty list' }),
  notOneOf: (options: readonly string[], found: string): Message => ({ expected: orList(options.map((o) => `'${o}'`)), found }),

  // Names and references
  badName: (kind: 'agent' | 'class', name: string): Message => ({ expected: `${article(kind)} name made of letters, digits, _ and - that starts with a letter or _`, found: quote(name) }),
  reservedExit: (kind: 'agent' | 'class'): Message => ({ expected: `${article(kind)} name other than 'exit' (reserved for leaving the system)`, found: "'exit'" }),
  unknownAgent: (name: string, agents: readonly string[], suggestion: string | undefined, allowExit: boolean): Message => ({
    expected: `${allowExit ? "'exit' or " : ''}one of the agents ${agents.join(', ')}`,
    found: `unknown agent ${quote(name)}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),

  // Units
  unknownUnit: (expected: string, unit: string, text: string): Message => ({ expected, found: `${quote(text)} (unknown unit '${unit}')` }),
  wrongDimension: (expected: string, text: string, unit: string, dimension: string, hint: string): Message => ({
    expected,
    found: `${quote(text)}, whose unit '${unit}' is ${dimension}${hint}`,
  }),
  aboveLimit: (expected: string, value: number, limit: { readonly max: number; readonly why: string }): Message => ({
    expected: `${expected}, at most ${limit.max.toLocaleString('en-US')} (${limit.why}; see Limits in docs/scenario-reference.md)`,
    found: String(value),
  }),
  notFinite: (expected: string, found: string): Message => ({ expected, found: `${found} (not a finite number)` }),
  negative: (expected: string, found: string): Message => ({ expected, found: `${found} (negative)` }),
  notPositive: (expected: string, found: string): Message => ({ expected, found: `${found} (must be greater than 0)` }),
  quantitySyntax: (expected: string, found: string): Message => ({ expected, found }),

  // Expressions
  expressionSyntax: (text: string, detail: string): Message => ({ expected: 'an expression of t giving the rate per second', found: `${quote(text)} (syntax error: ${detail})` }),
  forbiddenConstruct: (text: string, construct: string, functions: readonly string[]): Message => ({
    expected: `an expression using only ${FUNCTIONS_HINT} ${functions.join(' ')}`,
    found: `${quote(text)}, which uses ${construct}`,
  }),
  expressionTooLarge: (text: string, size: string): Message => ({ expected: 'an expression of t giving the rate per second, of a bounded size', found: `${quote(text)}, of ${size}` }),
  expressionTooDeep: (text: string, most: number): Message => ({
    expected: `an expression of t whose operations nest at most ${most} deep (a sum of many terms nests one level per term)`,
    found: `${quote(text)}, which nests deeper`,
  }),
  badCall: (text: string, problem: string): Message => ({ expected: 'an expression of t whose functions get the arguments they take', found: `${quote(text)}, which has ${problem}` }),
  badRateValue: (text: string, value: number, t: number): Message => ({
    expected: 'an expression that is finite and at least 0 at every t in [0, horizon]',
    found: `${quote(text)}, which gives ${String(value)} at t = ${String(t)} s`,
  }),
  zeroRate: (text: string): Message => ({ expected: 'an expression that is greater than 0 somewhere in [0, horizon]', found: `${quote(text)}, which is 0 everywhere on the grid` }),
  rateMaxTooLow: (given: number, max: number): Message => ({
    expected: `rate_max at least the largest rate of the expression (${String(max)}/s)`,
    found: `${String(given)}/s`,
  }),
  rateAndInterval: (): Message => ({ expected: "either 'rate' or 'interval', not both", found: 'both' }),
  valueAndMean: (): Message => ({ expected: "either 'value' or 'mean' (the same thing for a constant), not both", found: 'both' }),
  rateMaxWithoutExpression: (): Message => ({ expected: 'rate_max only with a rate that is an expression of t', found: 'rate_max with a constant rate' }),

  // Top-level relations
  warmupTooLong: (warmup: number, horizon: number): Message => ({
    expected: `a warmup shorter than the horizon (${String(horizon)} s)`,
    found: `${String(warmup)} s`,
  }),

  // Agents and routing
  capacityBelowServers: (capacity: number, servers: number): Message => ({ expected: `a capacity of at least servers (${String(servers)})`, found: String(capacity) }),
  probabilitySum: (sum: number): Message => ({ expected: 'probabilities summing to 1', found: `a sum of ${String(sum)}` }),
  duplicateTarget: (target: string): Message => ({ expected: 'each target at most once', found: `${quote(target)} listed again` }),
  trapped: (agent: string, className: string): Message => ({
    expected: 'routing from which every request can reach exit, or max_steps on the class (which ends a runaway loop)',
    found: `requests of class ${quote(className)} that reach agent ${quote(agent)} can never exit (a routing cycle)`,
  }),

  // Distributions
  unknownDist: (found: string, known: readonly string[], suggestion: string | undefined): Message => ({
    expected: `a distribution: ${known.join(', ')}`,
    found: `${found}${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
  }),
  uniformOrder: (min: number, max: number): Message => ({ expected: 'min at most max', found: `min ${String(min)} s > max ${String(max)} s` }),
  weightSum: (sum: number): Message => ({ expected: 'component weights summing to 1', found: `a sum of ${String(sum)}` }),
  noSamples: (file: string): Message => ({ expected: 'a file of non-negative numbers in seconds', found: `${quote(file)}: no numbers` }),
  samplesSource: (): Message => ({ expected: "either 'samples' (a list) or 'file', not both", found: 'both' }),
  samplesMissing: (): Message => ({ expected: "'samples' (a list of durations) or 'file' (a file of numbers in seconds)", found: 'neither' }),
  columnWithoutFile: (): Message => ({ expected: "'column' only together with 'file'", found: "'column' with inline samples" }),
  badSample: (file: string, position: number, value: number): Message => ({
    expected: 'a file of non-negative numbers in seconds',
    found: `${quote(file)}: value ${String(position)} is ${String(value)}`,
  }),

  // Traces and files
  unreadable: (file: string, reason: string, source?: string): Message => ({
    expected: 'a readable file',
    found: `${quote(file)} could not be read: ${reason}${source === undefined ? '' : `. The data: ${source}`}`,
  }),
  formatFromExtension: (file: string): Message => ({
    expected: "a file ending in .csv or .jsonl, or an explicit format: csv | jsonl",
    found: quote(file),
  }),
  traceError: (file: string, row: number, expected: string, found: string): Message => ({
    expected,
    found: `${found} (${row > 0 ? `row ${String(row)} of ` : ''}${quote(file)})`,
  }),
  emptyTrace: (file: string): Message => ({ expected: 'at least one request in the trace', found: `an empty trace ${quote(file)}` }),

  // Service-level gates (slos)
  sloNoBound: (): Message => ({ expected: "a bound 'max' or 'min' (or both)", found: 'neither' }),
  sloBoundsCrossed: (min: string, max: string): Message => ({ expected: 'min at most max', found: `min ${min} > max ${max}` }),

  // --set overrides
  overrideMalformed: (setting: string): Message => ({ expected: EXPECTED.overrideForm, found: `--set ${quote(setting)} (no '=')` }),
  overrideBadPath: (setting: string): Message => ({
    expected: 'a dotted path such as agents.worker.next[0].p (keys separated by dots, [i] for list items)',
    found: `--set ${quote(setting)}`,
  }),
  overrideNoPath: (path: string, detail: string): Message => ({
    expected: 'a path that exists in the scenario (only its last key may be new)',
    found: `--set ${path}: no such path${detail}`,
  }),
  overrideNotQuantity: (setting: string, found: string): Message => ({
    expected: 'a number, rate or duration at the path to change relatively',
    found: `--set ${quote(setting)}: ${found}`,
  }),
  overrideBadOperand: (setting: string, op: string, operand: string): Message => ({
    expected: `a number after '${op}='`,
    found: `--set ${quote(setting)}: ${quote(operand)}`,
  }),
  overrideBadValue: (setting: string, detail: string): Message => ({ expected: 'a YAML value after =', found: `--set ${quote(setting)}: ${detail === '' ? 'invalid YAML' : detail}` }),
} as const;

/** Hints appended to unit errors for the usual slips. */
export const HINT = {
  metres: ' (m is metres; write min for minutes)',
  perTime: (amount: string, unit: string): string => `; write a rate per unit of time, such as ${amount}/${unit}`,
} as const;

/** How the forbidden parts of a rate expression are named in `found`. */
export const CONSTRUCT = {
  string: (value: string): string => `the string ${quote(value)}`,
  constant: (value: string): string => `the constant ${value}`,
  unknownName: (name: string): string => `the unknown name '${name}' (only t, pi and e are defined)`,
  operator: (op: string): string => `the operator '${op}'`,
  comparison: (fn: string): string => `the comparison '${fn}'`,
  computedCall: (text: string): string => `a call of a computed function ${quote(text)}`,
  call: (name: string): string => `a call of '${name}', which is not an allowed function`,
  access: (text: string): string => `property or index access ${quote(text)}`,
  index: (text: string): string => `an index ${quote(text)}`,
  assignment: (text: string): string => `an assignment ${quote(text)}`,
  functionDefinition: (text: string): string => `a function definition ${quote(text)}`,
  object: 'an object literal',
  list: 'a list literal',
  block: 'several statements',
  range: 'a range',
  other: (type: string): string => `a ${type}`,
} as const;

/** The error thrown by the sandbox's stubs, should anything ever reach them. */
export function disabledInSandbox(name: string): string {
  return `${name} is disabled in scenario expressions`;
}

/**
 * Appended to `found` when the offending value came from an override rather than the file: a --set, a
 * flag such as --replications (which becomes one), a sweep's grid point or a program's `set`.
 */
export function fromOverride(found: string, setting: string): string {
  const cut = setting.length > 2 * MAX_QUOTED ? `${setting.slice(0, 2 * MAX_QUOTED)}…` : setting;
  return `${found} (from the override ${cut})`;
}

/** Wording of mathjs base dimensions for "which is a length" texts. */
export function describeDimension(base: string): string {
  const words: Readonly<Record<string, string>> = {
    TIME: 'a duration', FREQUENCY: 'a rate', LENGTH: 'a length', MASS: 'a mass', CURRENT: 'a current',
    TEMPERATURE: 'a temperature', ANGLE: 'an angle', BIT: 'an amount of data', SURFACE: 'an area', VOLUME: 'a volume',
  };
  return words[base] ?? `a quantity of dimension ${base.toLowerCase()}`;
}
