// Which metrics a comparison gates and with what tolerance: the default list, `--metric` names
// checked against the metrics both sides report (an unknown name is an error, never a silent
// pass), and `--tolerance` settings parsed on the scale of the metric they apply to.

import { suggest } from '../suggest.js';
import { DEFAULT_ABSOLUTE_TOLERANCE, DEFAULT_RELATIVE_TOLERANCE, DEFAULT_WHEN_PRESENT, directionOf } from './directions.js';
import type { Scale, Worse } from './directions.js';
import { InputError, nameList } from './errors.js';

export interface Gate {
  readonly metric: string;
  readonly worse: Worse;
  readonly scale: Scale;
  /** Half-width of the band of no practical change: relative for `relative`, a difference for `absolute`. */
  readonly tolerance: number;
}

/** A `--tolerance` setting: for one metric, or (metric undefined) the default of one scale. */
export interface ToleranceSetting {
  readonly metric: string | undefined;
  readonly text: string;
}

/** The metric names of each side. */
export interface Catalogue {
  readonly baseline: readonly string[];
  readonly candidate: readonly string[];
}

/**
 * e2e p95 and mean (also per class when there are several classes), throughput, the fraction of
 * requests rejected, and cost per task and error rate when the results report them.
 */
export function defaultGateMetrics(common: readonly string[]): string[] {
  const has = new Set(common);
  const out = ['e2e.p95', 'e2e.mean'];
  const classes = common.filter((n) => /^class\.[^.]+\.e2e\.p95$/.test(n)).map((n) => n.split('.')[1]!);
  if (classes.length > 1) for (const c of classes) out.push(`class.${c}.e2e.p95`, `class.${c}.e2e.mean`);
  out.push('throughput', 'rejected.fraction');
  for (const pattern of DEFAULT_WHEN_PRESENT) out.push(...common.filter((n) => pattern.test(n)));
  return out.filter((n) => has.has(n));
}

export function parseToleranceSetting(arg: string): ToleranceSetting {
  const eq = arg.indexOf('=');
  return eq < 0 ? { metric: undefined, text: arg.trim() } : { metric: arg.slice(0, eq).trim(), text: arg.slice(eq + 1).trim() };
}

/** `2%` or `0.02` for a relative tolerance; `0.5pp` or `0.005` for a difference of fractions. */
export function parseTolerance(text: string, scale: Scale, what: string): number {
  const m = /^([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(%|pp)?$/.exec(text);
  const expected = scale === 'relative'
    ? 'a relative tolerance such as 2% or 0.02 (at least 0, below 100%)'
    : 'a tolerance in percentage points such as 0.5pp or 0.005 (at least 0, below 100pp)';
  if (m === null) throw new InputError(`--tolerance ${what}: expected ${expected}, found '${text}'`);
  const suffix = m[2];
  if (scale === 'absolute' && suffix === '%') {
    throw new InputError(`--tolerance ${what}: expected ${expected} (a fraction is compared by its difference), found '${text}'`);
  }
  if (scale === 'relative' && suffix === 'pp') {
    throw new InputError(`--tolerance ${what}: expected ${expected} (this metric is compared by its ratio), found '${text}'`);
  }
  const value = Number(m[1]) / (suffix === undefined ? 1 : 100);
  if (!(value >= 0 && value < 1)) throw new InputError(`--tolerance ${what}: expected ${expected}, found '${text}'`);
  return value;
}

/** The gates, in the order given (or the default order), each with its direction and tolerance. */
export function resolveGates(catalogue: Catalogue, requested: readonly string[] | undefined, tolerances: readonly ToleranceSetting[]): Gate[] {
  const inBaseline = new Set(catalogue.baseline);
  const inCandidate = new Set(catalogue.candidate);
  const common = catalogue.baseline.filter((n) => inCandidate.has(n));
  const names = requested === undefined ? defaultGateMetrics(common) : [...new Set(requested)];
  for (const name of names) checkGateable(name, inBaseline, inCandidate, common);

  const defaults: Record<Scale, number> = { relative: DEFAULT_RELATIVE_TOLERANCE, absolute: DEFAULT_ABSOLUTE_TOLERANCE };
  const perMetric = new Map<string, string>();
  for (const t of tolerances) {
    if (t.metric === undefined) {
      const scale: Scale = t.text.endsWith('pp') ? 'absolute' : 'relative';
      if (!/(%|pp)$/.test(t.text)) {
        throw new InputError(`--tolerance: expected a default band such as 2% (ratios) or 0.5pp (fractions), or metric=value, found '${t.text}'`);
      }
      defaults[scale] = parseTolerance(t.text, scale, t.text);
    } else if (!names.includes(t.metric)) {
      const hint = suggest(t.metric, names);
      throw new InputError(
        `--tolerance ${t.metric}=${t.text}: expected one of the gated metrics (${nameList(names)}), found '${t.metric}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}; gate it with --metric ${t.metric}`,
      );
    } else {
      perMetric.set(t.metric, t.text);
    }
  }
  return names.map((metric) => {
    const d = directionOf(metric)!;
    const text = perMetric.get(metric);
    const tolerance = text === undefined ? defaults[d.scale] : parseTolerance(text, d.scale, `${metric}=${text}`);
    return { metric, worse: d.worse, scale: d.scale, tolerance };
  });
}

function checkGateable(name: string, inBaseline: ReadonlySet<string>, inCandidate: ReadonlySet<string>, common: readonly string[]): void {
  if (!inBaseline.has(name) || !inCandidate.has(name)) {
    if (inBaseline.has(name) || inCandidate.has(name)) {
      const side = inBaseline.has(name) ? 'baseline' : 'candidate';
      throw new InputError(`--metric ${name}: only the ${side} reports it (the two sides have different agents or classes); expected a metric both report`);
    }
    const hint = suggest(name, common);
    throw new InputError(
      `--metric: expected a metric both sides report (${nameList(common)}), found '${name}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}`,
    );
  }
  if (directionOf(name) === undefined) {
    throw new InputError(`--metric ${name}: expected a metric with a direction (latency, throughput, cost, errors); '${name}' is neither better nor worse when higher: bound it with an SLO in the scenario instead`);
  }
}
