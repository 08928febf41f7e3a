// A sweep's grid: `--grid path=v1,v2,...` axes, their cartesian product in a fixed order (the last
// axis varies fastest), each point as `--set` overrides, and the deterministic slice of points
// that shard i of n runs (round robin, so shards get a fair share of cheap and dear points).

import { InputError } from '../compare/errors.js';

export interface Axis {
  /** The dotted YAML path, as for --set. */
  readonly path: string;
  /** Values as written (YAML scalars or flow values), in order. */
  readonly values: readonly string[];
}

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Column names the sweep table uses for itself; an axis may not take one. */
export const RESERVED_COLUMNS: readonly string[] = ['point', 'metric', 'unit', 'estimate', 'lower', 'upper', 'n'];
/** Points beyond which a grid is surely a mistake (and its output would not fit in memory). */
const MAX_POINTS = 1_000_000;

const RANGE = /^(-?\d+)\.\.(-?\d+)(?::(\d+))?$/;

/** Splits on commas outside brackets, braces, parentheses and quotes (`[a, b]` stays one value). */
function splitValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) { if (ch === quote) quote = undefined; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('[{('.includes(ch)) depth++;
    else if (']})'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) { out.push(text.slice(start, i).trim()); start = i + 1; }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** `2..8` and `2..8:2` expand to integers; anything else is one value. */
function expand(item: string, arg: string): string[] {
  const m = RANGE.exec(item);
  if (m === null) return [item];
  const [from, to, step] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 1)];
  if (step < 1 || to < from) throw new InputError(`--grid ${arg}: expected a range from..to[:step] with to >= from and step >= 1, found '${item}'`);
  const out: string[] = [];
  for (let v = from; v <= to; v += step) out.push(String(v));
  return out;
}

export function parseAxis(arg: string): Axis {
  const eq = arg.indexOf('=');
  const path = eq < 0 ? '' : arg.slice(0, eq).trim();
  if (eq < 0 || path === '') throw new InputError(`--grid: expected path=v1,v2,... such as agents.worker.servers=2,4,8, found '${arg}'`);
  const items = splitValues(arg.slice(eq + 1));
  if (items.some((v) => v === '')) throw new InputError(`--grid ${arg}: expected values separated by commas, found an empty value`);
  const values = items.flatMap((item) => expand(item, arg));
  if (new Set(values).size !== values.length) throw new InputError(`--grid ${arg}: expected distinct values, found one listed twice`);
  return { path, values };
}

export function checkAxes(axes: readonly Axis[]): void {
  if (axes.length === 0) throw new InputError('--grid: expected at least one axis, such as --grid agents.worker.servers=2,4,8');
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new InputError(`--grid ${a.path}: expected each path once, found it in two --grid options (list all its values in one)`);
    if (RESERVED_COLUMNS.includes(a.path)) throw new InputError(`--grid ${a.path}: expected a scenario path, found a name the sweep table uses for itself (${RESERVED_COLUMNS.join(', ')})`);
    seen.add(a.path);
  }
  if (gridSize(axes) > MAX_POINTS) throw new InputError(`--grid: expected at most ${MAX_POINTS} points, found ${gridSize(axes)}`);
}

export function gridSize(axes: readonly Axis[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/** The axis values of point `index` (mixed radix, last axis fastest). */
export function pointValues(axes: readonly Axis[], index: number): string[] {
  const out = new Array<string>(axes.length);
  let rest = index;
  for (let i = axes.length - 1; i >= 0; i--) {
    const values = axes[i]!.values;
    out[i] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return out;
}

/** The point as `--set` overrides. */
export function pointOverrides(axes: readonly Axis[], index: number): string[] {
  const values = pointValues(axes, index);
  return axes.map((a, i) => `${a.path}=${values[i]!}`);
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= 1 && index >= 1 && index <= count)) {
    throw new InputError(`--shard: expected i/n with 1 <= i <= n, such as 2/3, found '${text}'`);
  }
  return { index, count };
}

/** Indices of the points shard i of n runs: every n-th, starting at i - 1. */
export function shardPoints(size: number, shard: Shard | undefined): number[] {
  const out: number[] = [];
  for (let p = shard === undefined ? 0 : shard.index - 1; p < size; p += shard?.count ?? 1) out.push(p);
  return out;
}
