// Absolute service-level gates from the candidate scenario's `slos`, judged on the interval of the
// metric's mean over replications: violated only when the whole interval is beyond the bound, met
// when it is entirely within, inconclusive (more replications) otherwise. Names and units are
// checked against the metrics the run really reports, as scenario diagnostics.

import type { Unit } from '../run/metrics.js';
import { ScenarioError, type Diagnostic, type SloSpec } from '../scenario/index.js';
import { suggest } from '../suggest.js';
import { combined, meanInterval } from './change.js';
import { nameList } from './errors.js';

export type SloVerdict = 'met' | 'violated' | 'inconclusive';

export interface SloResult {
  readonly slo: SloSpec;
  readonly unit: Unit;
  readonly n: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  /** Every replication gave the same value (and no sketch error widens it): the interval is the point. */
  readonly sameInEveryReplication: boolean;
  readonly verdict: SloVerdict;
}

/** Times take durations, rates take rates, every other unit (counts, fractions, dollars) plain numbers. */
const WRITTEN_FOR: Readonly<Record<string, readonly SloSpec['written'][]>> = {
  s: ['duration', 'number'],
  '1/s': ['rate', 'number'],
};
const UNIT_WORDS: Readonly<Record<string, string>> = {
  s: 'a duration such as 2s (the metric is a time)',
  '1/s': 'a rate such as 10/s (the metric is a rate)',
};

/** Throws a ScenarioError naming every gate whose metric is unknown or whose limit has the wrong unit. */
export function checkSlos(file: string, slos: readonly SloSpec[], units: Readonly<Record<string, Unit>>): void {
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(units);
  for (const slo of slos) {
    const unit = units[slo.metric];
    if (unit === undefined) {
      const hint = suggest(slo.metric, names);
      diagnostics.push({
        file, ...slo.at,
        expected: `a metric this scenario reports (${nameList(names)})`,
        found: `unknown metric '${slo.metric}'${hint === undefined ? '' : ` (did you mean '${hint}'?)`}`,
      });
    } else if (!(WRITTEN_FOR[unit] ?? ['number']).includes(slo.written)) {
      const expected = UNIT_WORDS[unit] ?? `a plain number (the metric's unit is ${unit === '' ? 'none: a count or a fraction' : unit})`;
      diagnostics.push({ file, ...slo.boundAt, expected, found: `'${slo.text}', written as a ${slo.written}` });
    }
  }
  if (diagnostics.length > 0) throw new ScenarioError(diagnostics);
}

/** `sketchError`: a percentile's relative error from the quantile sketch, combined with the interval in quadrature. */
export function evaluateSlo(slo: SloSpec, unit: Unit, values: readonly (number | null)[], level: number, sketchError = 0): SloResult {
  const t = meanInterval(values, level);
  const { n, mean } = t;
  const slack = sketchError * Math.abs(mean);
  const [lower, upper] = Number.isFinite(t.upper) && slack > 0 ? [mean - combined(mean - t.lower, slack), mean + combined(t.upper - mean, slack)] : [t.lower, t.upper];
  let verdict: SloVerdict = 'inconclusive';
  if (n >= 2) {
    const [inside, beyond] = slo.bound === 'max' ? [upper <= slo.limit, lower > slo.limit] : [lower >= slo.limit, upper < slo.limit];
    verdict = beyond ? 'violated' : inside ? 'met' : 'inconclusive';
  }
  return { slo, unit, n, mean, lower, upper, sameInEveryReplication: t.sameInEveryReplication && !(slack > 0), verdict };
}
