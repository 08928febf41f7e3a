// Stored results as one side of a comparison: the results.json shape checked field by field, and
// refused (a clear error, never a wrong verdict) when another apmsim version wrote it, when it
// predates fingerprints, or when it measured another scenario or with another design.

import type { MetricSummary, Results } from '../run/results.js';
import type { Scenario } from '../scenario/index.js';
import { InputError } from './errors.js';

/** What must agree between two sides for their metrics to mean the same thing. */
export interface Design {
  readonly apmsim: string;
  readonly scenario: string;
  readonly fingerprint: string;
  readonly seed: number;
  readonly horizon: number;
  readonly warmup: string;
  readonly percentiles: string;
}

export function designOfResults(r: Results): Design {
  return {
    apmsim: r.apmsim, scenario: r.scenario, fingerprint: r.fingerprint, seed: r.seed, horizon: r.horizon,
    warmup: r.warmup.mode === 'auto' ? 'auto (MSER-5)' : `${r.warmup.seconds} s`,
    percentiles: r.percentiles.method === 'exact' ? 'exact' : `sketch (${r.percentiles.relativeError})`,
  };
}

export function designOfScenario(s: Scenario, apmsim: string, fingerprint: string): Design {
  return {
    apmsim, scenario: s.name, fingerprint, seed: s.seed, horizon: s.horizon,
    warmup: s.warmup.mode === 'auto' ? 'auto (MSER-5)' : `${s.warmup.seconds} s`,
    percentiles: s.percentiles === 'exact' ? 'exact' : `sketch (${s.sketchAccuracy})`,
  };
}

/** Differences in horizon, warm-up and percentile method: "horizon 2000 s here, 20000 s there". */
export function designDifferences(a: Design, b: Design): string[] {
  const out: string[] = [];
  if (a.horizon !== b.horizon) out.push(`horizon ${a.horizon} s vs ${b.horizon} s`);
  if (a.warmup !== b.warmup) out.push(`warmup ${a.warmup} vs ${b.warmup}`);
  if (a.percentiles !== b.percentiles) out.push(`percentiles ${a.percentiles} vs ${b.percentiles}`);
  return out;
}

/**
 * Throws unless `stored` (read from `file`) can be compared with the other side: same apmsim
 * version, a fingerprint, the same scenario name and measurement design.
 */
export function checkStoredSide(file: string, stored: Results, version: string, other: Design, otherLabel: string): void {
  if (stored.apmsim !== version) {
    throw new InputError(
      `${file}: expected results written by apmsim ${version} (this version), found apmsim ${stored.apmsim}: the engine, its random streams or its metrics may differ between versions, so the values are not comparable; re-run that side with this version (apmsim run <scenario> --replications 200 --out DIR)`,
    );
  }
  if (typeof stored.fingerprint !== 'string' || !stored.fingerprint.startsWith('sha256:')) {
    throw new InputError(
      `${file}: expected results with a scenario fingerprint, found none (written before apmsim recorded them): the scenario it measured cannot be checked; re-run that side with this version (apmsim run <scenario> --out DIR)`,
    );
  }
  if (stored.scenario !== other.scenario) {
    throw new InputError(
      `${file}: expected results of scenario '${other.scenario}' (the ${otherLabel}), found results of scenario '${stored.scenario}': a baseline must measure the same scenario`,
    );
  }
  const diffs = designDifferences(designOfResults(stored), other);
  if (diffs.length > 0) {
    throw new InputError(
      `${file}: expected results measured like the ${otherLabel} (same horizon, warm-up and percentiles), found ${diffs.join(', ')}: their metrics do not mean the same thing`,
    );
  }
}

/** Parses and shape-checks a results.json document; every problem names the field. */
export function parseStoredResults(file: string, text: string): Results {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: expected a results.json document (JSON), found invalid JSON (${(e as Error).message})`);
  }
  const badText = (field: string, expected: string, found: string): never => {
    throw new InputError(`${file}: ${field}: expected ${expected}, found ${found}`);
  };
  const bad = (field: string, expected: string, found: unknown): never => badText(field, expected, describe(found));
  if (!isObject(doc)) return bad('(document)', 'an object written by apmsim run --out or --json', doc);
  for (const field of ['apmsim', 'scenario'] as const) if (typeof doc[field] !== 'string') bad(field, 'a string', doc[field]);
  for (const field of ['seed', 'horizon', 'replications', 'confidence'] as const) if (typeof doc[field] !== 'number') bad(field, 'a number', doc[field]);
  const warmup = doc['warmup'];
  if (!isObject(warmup) || (warmup['mode'] !== 'fixed' && warmup['mode'] !== 'auto') || typeof warmup['seconds'] !== 'number') {
    bad('warmup', "{ mode: 'fixed' | 'auto', seconds }", warmup);
  }
  const percentiles = doc['percentiles'];
  if (!isObject(percentiles) || (percentiles['method'] !== 'sketch' && percentiles['method'] !== 'exact') || typeof percentiles['relativeError'] !== 'number') {
    bad('percentiles', "{ method: 'sketch' | 'exact', relativeError }", percentiles);
  }
  const metrics = doc['metrics'];
  if (!isObject(metrics)) return bad('metrics', 'a map of metric name -> { estimate, interval, unit, values }', metrics);
  for (const [name, m] of Object.entries(metrics)) {
    checkMetric(name, m, bad);
    if (m.values.length !== doc['replications']) badText(`metrics.${name}.values`, `one value per replication (${String(doc['replications'])})`, `${m.values.length} values`);
  }
  return doc as unknown as Results;
}

function checkMetric(name: string, m: unknown, bad: (field: string, expected: string, found: unknown) => never): asserts m is MetricSummary {
  if (!isObject(m)) bad(`metrics.${name}`, 'a map { estimate, interval, unit, values }', m);
  if (typeof m['unit'] !== 'string') bad(`metrics.${name}.unit`, "a unit such as 's', '1/s' or ''", m['unit']);
  const values = m['values'];
  if (!Array.isArray(values) || !values.every((v) => v === null || typeof v === 'number')) {
    bad(`metrics.${name}.values`, 'a list of per-replication numbers (or null)', values);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing (the field is missing)';
  if (Array.isArray(x)) return 'a list';
  if (isObject(x)) return 'a map';
  return JSON.stringify(x);
}
