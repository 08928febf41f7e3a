// Assertions uvu lacks: a value inside a confidence interval (optionally widened by a known
// relative error bound, e.g. a quantile sketch's).

import * as assert from 'uvu/assert';
import { replicationInterval } from '../../models/analysis/interval.js';
import type { MetricSummary } from '../../models/run/results.js';
import { InputError } from '../../models/compare/errors.js';

/** The exact value lies in the metric's reported interval (at the run's confidence level). */
export function inInterval(m: MetricSummary, exact: number, what: string, relativeSlack = 0): void {
  assert.ok(m.interval !== null, `${what}: no interval (${m.note})`);
  const [lo, hi] = m.interval;
  const ok = lo * (1 - relativeSlack) <= exact && exact <= hi * (1 + relativeSlack);
  assert.ok(ok, `${what}: exact ${exact} outside [${lo}, ${hi}]${relativeSlack > 0 ? ` widened by ${relativeSlack}` : ''} (estimate ${m.estimate})`);
}

/**
 * The exact value lies in the interval recomputed from the per-replication values at another
 * confidence level: for secondary checks, so that a test asserting many intervals at once keeps
 * a small family-wise chance of a false failure (Bonferroni).
 */
export function inIntervalAt(m: MetricSummary, exact: number, confidence: number, what: string): void {
  const values = m.values.filter((v): v is number => v !== null);
  const e = replicationInterval(values, confidence);
  const [lo, hi] = e.interval;
  assert.ok(lo <= exact && exact <= hi, `${what}: exact ${exact} outside the ${confidence} interval [${lo}, ${hi}] (estimate ${e.estimate})`);
}

/** `fn` refuses its input: it throws an InputError whose message matches `pattern`. */
export function throwsInputError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected an InputError matching ${pattern}`);
}
