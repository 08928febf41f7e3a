// Reads a stored run back for `apmsim report`: results.json (checked to be one), and beside it the
// time series and latency digest when they belong to the same run (their fingerprint matches).

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Results } from '../models/run/results.js';
import { readArrow } from './arrow/columns.js';
import { digestFromTable } from './arrow/latency.js';
import { resultsFingerprint } from './arrow/provenance.js';
import { seriesFromTable } from './arrow/timeseries.js';
import { ReportInputError } from './errors.js';
import { fileErrorReason } from '../sim/errors.js';
import { OBJECTIVES_KEY, SLOS_KEY } from './arrow/metrics.js';
import { checkNegotiation, parseObjectives } from './negotiation.js';
import type { RunData, SloBound } from './run-data.js';
import { resultsFileOf } from './results-file.js';

export interface LoadedRun {
  readonly data: RunData;
  /** Files beside results.json that were skipped, and why. */
  readonly warnings: readonly string[];
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumOrNull = (x: unknown): boolean => x === null || typeof x === 'number';

/** The JSON document in `text`, or an error naming the file. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ReportInputError(`${what}: not JSON (${(e as Error).message})`);
  }
}

/** The results document in `text`, or an error saying what is wrong with it. */
export function parseResults(text: string, what: string): Results {
  return checkResults(parseJson(text, what), what);
}

/** `doc` as a results document (checked field by field), or an error saying what is wrong with it. */
export function checkResults(doc: unknown, what: string): Results {
  const expect = (ok: boolean, field: string, expected: string): void => {
    if (!ok) throw new ReportInputError(`${what}: not an apmsim results document: ${field} should be ${expected}`);
  };
  expect(isObject(doc), 'the document', 'an object (results.json from apmsim run --out or --json)');
  const d = doc as Record<string, unknown>;
  expect(typeof d['apmsim'] === 'string', 'apmsim', 'the version string');
  expect(typeof d['scenario'] === 'string', 'scenario', 'a string');
  expect(typeof d['description'] === 'string', 'description', 'a string');
  for (const f of ['seed', 'replications', 'confidence', 'horizon']) expect(typeof d[f] === 'number', f, 'a number');
  expect(typeof d['partial'] === 'boolean', 'partial', 'true or false');
  expect(isObject(d['warmup']) && typeof d['warmup']['seconds'] === 'number', 'warmup', '{ mode, seconds }');
  expect(isObject(d['percentiles']) && typeof d['percentiles']['relativeError'] === 'number', 'percentiles', '{ method, relativeError }');
  expect(Array.isArray(d['warnings']) && d['warnings'].every((w) => typeof w === 'string'), 'warnings', 'a list of strings');
  expect(isObject(d['metrics']), 'metrics', 'an object');
  for (const [name, m] of Object.entries(d['metrics'] as Record<string, unknown>)) {
    expect(isObject(m) && isNumOrNull(m['estimate']) && typeof m['unit'] === 'string'
      && (m['interval'] === null || (Array.isArray(m['interval']) && m['interval'].length === 2 && m['interval'].every(isNumOrNull)))
      && (m['note'] === undefined || typeof m['note'] === 'string')
      && Array.isArray(m['values']) && m['values'].every(isNumOrNull), `metrics["${name}"]`, '{ estimate, interval: [lo, hi] or null, unit, values: [...] }');
    // Files written before intervals could be null said "no interval" with a null end ([0, null]).
    const ends = (m as Record<string, unknown>)['interval'];
    if (Array.isArray(ends) && ends.includes(null)) (m as Record<string, unknown>)['interval'] = null;
  }
  return doc as Results;
}

/** The SLOs recorded in metrics.arrow's metadata; undefined when the file predates them. */
function slosFrom(text: string | undefined, file: string): SloBound[] | undefined {
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const ok = Array.isArray(doc) && doc.every((x) => isObject(x) && typeof x['metric'] === 'string' && (x['bound'] === 'max' || x['bound'] === 'min')
    && typeof x['limit'] === 'number' && typeof x['text'] === 'string');
  if (!ok) throw new ReportInputError(`${file}: ${SLOS_KEY} metadata should be a list of { metric, bound, limit, text }`);
  return doc as SloBound[];
}

/** The text of `file`, or an error naming it. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ReportInputError(`${file}: cannot read it: ${fileErrorReason(e)}`);
  }
}

/** `path` is a run's folder or its results.json. */
export function loadRun(path: string): LoadedRun {
  const file = resultsFileOf(path);
  return runBeside(file, parseResults(readInput(file), file));
}

/** The run of `results`, read from `file`, with the Arrow files beside it that belong to it. */
export function runBeside(file: string, results: Results): LoadedRun {
  const dir = dirname(file);
  const fingerprint = resultsFingerprint(results);
  const warnings: string[] = [];
  const files: string[] = [basename(file)];
  /** The Arrow file `name` beside results.json if it is this run's; undefined (with a reason) if not. */
  const sibling = (name: string) => {
    const p = join(dir, name);
    if (!existsSync(p)) return undefined;
    const table = readArrow(readFileSync(p), p);
    if (table.schema.metadata.get('apmsim.results') !== fingerprint) {
      warnings.push(`${p} belongs to another run (its results fingerprint differs): left out of the report`);
      return undefined;
    }
    files.push(name);
    return table;
  };
  const metrics = sibling('metrics.arrow');
  const seriesTable = sibling('timeseries.arrow');
  const latencyTable = sibling('latency.arrow');
  const requests = sibling('requests.arrow');
  void requests;
  const slos = metrics === undefined ? undefined : slosFrom(metrics.schema.metadata.get(SLOS_KEY), join(dir, 'metrics.arrow'));
  const objectivesText = metrics?.schema.metadata.get(OBJECTIVES_KEY);
  const objectives = objectivesText === undefined ? undefined : parseObjectives(objectivesText, join(dir, 'metrics.arrow'));
  const negotiation = negotiationBeside(dir, results, fingerprint, files, warnings);
  const series = seriesTable === undefined ? undefined : seriesFromTable(seriesTable, join(dir, 'timeseries.arrow'));
  const latency = latencyTable === undefined ? undefined : digestFromTable(latencyTable, join(dir, 'latency.arrow'));
  const notes: string[] = [];
  if (series === undefined) notes.push('No time series: timeseries.arrow of this run was not found beside results.json (apmsim run --out writes it).');
  if (latency === undefined) notes.push('No latency distribution: latency.arrow of this run was not found beside results.json.');
  return {
    data: {
      results, ...(slos === undefined ? {} : { slos }), series, latency, notes, files,
      ...(objectives === undefined ? {} : { objectives }), ...(negotiation === undefined ? {} : { negotiation }),
    },
    warnings,
  };
}

/**
 * negotiation.json beside results.json when it is this run's: same scenario and seed, and
 * negotiation.arrow beside it (when there) carrying this run's fingerprint. Adds the names of the
 * files it takes to `files`, and why it leaves them out to `warnings`.
 */
function negotiationBeside(dir: string, results: Results, fingerprint: string, files: string[], warnings: string[]) {
  const json = join(dir, 'negotiation.json');
  if (!existsSync(json)) return undefined;
  const log = checkNegotiation(parseJson(readInput(json), json), json);
  const other = (why: string) => {
    warnings.push(`${json} belongs to another run (${why}): left out of the report`);
    return undefined;
  };
  if (log.scenario !== results.scenario || log.seed !== results.seed) {
    return other(`scenario ${JSON.stringify(log.scenario)} seed ${log.seed}, results.json has ${JSON.stringify(results.scenario)} seed ${results.seed}`);
  }
  const arrow = join(dir, 'negotiation.arrow');
  const table = existsSync(arrow) ? readArrow(readFileSync(arrow), arrow) : undefined;
  if (table !== undefined && table.schema.metadata.get('apmsim.results') !== fingerprint) return other('negotiation.arrow beside it has another results fingerprint');
  files.push('negotiation.json');
  if (table !== undefined) files.push('negotiation.arrow');
  return log;
}
