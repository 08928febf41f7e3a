// Checks the comparison (`apmsim compare --json`) and sweep (`sweep.json`) documents a report is
// built from, field by field, so a damaged or foreign file is refused with a message naming what
// is wrong rather than producing a broken page.

import type { CompareDocument } from '../models/compare/report.js';
import { SWEEP_KIND, type SweepDocument } from '../models/sweep/document.js';
import { CALIBRATION_FORMAT, type CalibrationDocument } from '../models/llm/serving/outputs.js';
import { ReportInputError } from './errors.js';
import { checkResults } from './load-run.js';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumOrNull = (x: unknown): boolean => x === null || typeof x === 'number';
const isPair = (x: unknown): boolean => Array.isArray(x) && x.length === 2 && x.every(isNumOrNull);
const oneOf = (x: unknown, options: readonly string[]): boolean => typeof x === 'string' && options.includes(x);

const isNumList = (x: unknown, length?: number): boolean => Array.isArray(x) && x.every(isNumOrNull) && (length === undefined || x.length === length);
/** An estimate as JSON holds it: its interval's infinite ends are null. */
const isEstimate = (x: unknown): boolean => isObject(x) && isNumOrNull(x['estimate']) && isPair(x['interval']);

function isAgentChanges(x: unknown): boolean {
  return isObject(x) && isEstimate(x['e2eMean']) && typeof x['confidence'] === 'number' && typeof x['note'] === 'string' && Array.isArray(x['agents'])
    && x['agents'].every((a) => isObject(a) && typeof a['agent'] === 'string' && ['wait', 'service', 'total'].every((k) => isEstimate(a[k])) && isNumOrNull(a['contribution']));
}

function isLatency(x: unknown): boolean {
  if (!isObject(x)) return false;
  if ('missing' in x) return typeof x['missing'] === 'string';
  const levels = x['levels'];
  if (!(Array.isArray(levels) && levels.every((p, i) => typeof p === 'number' && p > 0 && p < 1 && (i === 0 || p > (levels[i - 1] as number))) && typeof x['confidence'] === 'number')) return false;
  return [x['baseline'], x['candidate']].every((c) => isObject(c) && typeof c['replications'] === 'number'
    && ['estimate', 'lower', 'upper'].every((k) => isNumList(c[k], levels.length)));
}

/** What a comparison document has that no other apmsim document has. */
export function looksLikeComparison(doc: Record<string, unknown>): boolean {
  return 'outcome' in doc && 'gates' in doc && 'baseline' in doc && 'candidate' in doc;
}

export function looksLikeSweep(doc: Record<string, unknown>): boolean {
  return doc['kind'] === SWEEP_KIND;
}

type Expect = (ok: boolean, field: string, expected: string) => void;

function expecter(what: string, kind: string): Expect {
  return (ok, field, expected) => {
    if (!ok) throw new ReportInputError(`${what}: not ${kind}: ${field} should be ${expected}`);
  };
}

function checkSide(expect: Expect, side: unknown, name: string): void {
  expect(isObject(side), name, '{ source, file, scenario, fingerprint, seed, apmsim }');
  const s = side as Record<string, unknown>;
  expect(oneOf(s['source'], ['scenario', 'results']), `${name}.source`, "'scenario' or 'results'");
  for (const f of ['file', 'scenario', 'fingerprint', 'apmsim']) expect(typeof s[f] === 'string', `${name}.${f}`, 'a string');
  expect(typeof s['seed'] === 'number', `${name}.seed`, 'a number');
}

/** `doc` as a comparison document (apmsim compare --json), or an error saying what is wrong. */
export function checkComparison(doc: Record<string, unknown>, what: string): CompareDocument {
  const expect = expecter(what, 'an apmsim comparison (apmsim compare --json)');
  expect(typeof doc['apmsim'] === 'string', 'apmsim', 'the version string');
  expect(oneOf(doc['outcome'], ['pass', 'fail', 'inconclusive']), 'outcome', "'pass', 'fail' or 'inconclusive'");
  checkSide(expect, doc['baseline'], 'baseline');
  checkSide(expect, doc['candidate'], 'candidate');
  expect(oneOf(doc['pairing'], ['common-random-numbers', 'independent']), 'pairing', "'common-random-numbers' or 'independent'");
  for (const f of ['replications', 'maxLooks', 'confidence', 'level']) expect(typeof doc[f] === 'number', f, 'a number');
  expect(Array.isArray(doc['looks']) && doc['looks'].every((x) => typeof x === 'number'), 'looks', 'a list of numbers');
  expect(doc['limit'] === null || typeof doc['limit'] === 'string', 'limit', 'a string or null');
  expect(Array.isArray(doc['gates']), 'gates', 'a list');
  (doc['gates'] as unknown[]).forEach((g, i) => {
    const ok = isObject(g) && typeof g['metric'] === 'string' && typeof g['unit'] === 'string' && oneOf(g['worse'], ['higher', 'lower'])
      && oneOf(g['scale'], ['relative', 'absolute']) && typeof g['tolerance'] === 'number' && typeof g['n'] === 'number'
      && ['baseline', 'candidate', 'change', 'correlation'].every((f) => isNumOrNull(g[f])) && (g['interval'] === null || isPair(g['interval']))
      && oneOf(g['verdict'], ['regressed', 'improved', 'equivalent', 'not-worse', 'inconclusive']) && (g['note'] === null || typeof g['note'] === 'string');
    expect(ok, `gates[${i}]`, '{ metric, unit, worse, scale, tolerance, n, baseline, candidate, change, interval, correlation, verdict, note }');
    const values = (g as Record<string, unknown>)['values'];
    expect(values === undefined || (isObject(values) && isNumList(values['baseline']) && isNumList(values['candidate'])), `gates[${i}].values`, '{ baseline: [numbers or null], candidate: [numbers or null] }');
  });
  expect(Array.isArray(doc['slos']), 'slos', 'a list');
  (doc['slos'] as unknown[]).forEach((s, i) => {
    const ok = isObject(s) && typeof s['metric'] === 'string' && oneOf(s['bound'], ['max', 'min']) && typeof s['limit'] === 'number'
      && typeof s['text'] === 'string' && typeof s['unit'] === 'string' && typeof s['n'] === 'number' && isNumOrNull(s['estimate'])
      && (s['interval'] === null || isPair(s['interval'])) && oneOf(s['verdict'], ['met', 'violated', 'inconclusive']);
    expect(ok, `slos[${i}]`, '{ metric, bound, limit, text, unit, n, estimate, interval, verdict }');
  });
  expect(Array.isArray(doc['warnings']) && doc['warnings'].every((w) => typeof w === 'string'), 'warnings', 'a list of strings');
  for (const f of ['probableCause', 'agents']) expect(doc[f] === undefined || isAgentChanges(doc[f]), f, '{ e2eMean, agents: [{ agent, wait, service, total, contribution }], confidence, note }');
  expect(doc['latency'] === undefined || isLatency(doc['latency']), 'latency', '{ levels, confidence, baseline, candidate } (curves of estimate, lower, upper per level) or { missing }');
  return doc as unknown as CompareDocument;
}

/** `doc` as a sweep document (sweep.json), every point's results checked like a results.json. */
export function checkSweep(doc: Record<string, unknown>, what: string): SweepDocument {
  const expect = expecter(what, 'an apmsim sweep (sweep.json from apmsim sweep --out)');
  for (const f of ['apmsim', 'scenario', 'fingerprint']) expect(typeof doc[f] === 'string', f, 'a string');
  for (const f of ['seed', 'replications', 'confidence', 'size']) expect(typeof doc[f] === 'number', f, 'a number');
  const grid = doc['grid'];
  expect(Array.isArray(grid) && grid.length > 0 && grid.every((a) => isObject(a) && typeof a['path'] === 'string'
    && Array.isArray(a['values']) && a['values'].length > 0 && a['values'].every((v) => typeof v === 'string')), 'grid', 'a list of { path, values: [strings] }');
  const axes = grid as { path: string; values: string[] }[];
  expect(doc['size'] === axes.reduce((n, a) => n * a.values.length, 1), 'size', 'the number of grid points');
  const shard = doc['shard'];
  expect(shard === undefined || (isObject(shard) && typeof shard['index'] === 'number' && typeof shard['count'] === 'number'), 'shard', '{ index, count }');
  expect(Array.isArray(doc['points']) && doc['points'].length > 0, 'points', 'a non-empty list');
  (doc['points'] as unknown[]).forEach((p, i) => {
    const values = isObject(p) ? p['values'] : undefined;
    expect(isObject(p) && typeof p['index'] === 'number' && Number.isInteger(p['index']) && p['index'] >= 0 && p['index'] < (doc['size'] as number),
      `points[${i}].index`, 'a grid point index');
    expect(isObject(values) && axes.every((a) => typeof values[a.path] === 'string' && a.values.includes(values[a.path] as string)),
      `points[${i}].values`, 'one of the grid values per axis');
    checkResults((p as Record<string, unknown>)['results'], `${what} points[${i}].results`);
  });
  return doc as unknown as SweepDocument;
}

export function looksLikeCalibration(doc: Record<string, unknown>): boolean {
  return doc['format'] === CALIBRATION_FORMAT;
}

/** `doc` as a fidelity check (apmsim calibrate serving --json), or an error naming the field that is wrong. */
export function checkCalibration(doc: Record<string, unknown>, what: string): CalibrationDocument {
  const expect = expecter(what, 'an apmsim fidelity check (apmsim calibrate serving --json)');
  for (const f of ['apmsim', 'run', 'profile', 'model', 'hardware']) expect(typeof doc[f] === 'string', f, 'a string');
  for (const f of ['tp', 'requests', 'steps', 'preemptions']) expect(typeof doc[f] === 'number', f, 'a number');
  const o = doc['overheads'];
  expect(isObject(o) && typeof o['per_step'] === 'number' && typeof o['per_sequence'] === 'number', 'overheads', '{ per_step, per_sequence } in seconds');
  expect(Array.isArray(doc['fitted_on']) && doc['fitted_on'].every((x) => typeof x === 'string'), 'fitted_on', 'a list of strings');
  const isRows = (x: unknown): boolean => Array.isArray(x) && x.every((r) => isObject(r) && typeof r['metric'] === 'string' && typeof r['stat'] === 'string'
    && ['measured', 'predicted', 'error'].every((k) => typeof r[k] === 'number'));
  expect(isRows(doc['rows']), 'rows', 'a list of { metric, stat, measured, predicted, error }');
  expect(doc['roofline'] === null || isRows(doc['roofline']), 'roofline', 'null or a list of { metric, stat, measured, predicted, error }');
  const l = doc['latencies'];
  const side = (x: unknown) => isObject(x) && isNumList(x['ttft'], doc['requests'] as number) && isNumList(x['e2e'], doc['requests'] as number);
  expect(isObject(l) && side(l['measured']) && side(l['predicted']), 'latencies', '{ measured, predicted }, each { ttft, e2e } with one number per request');
  expect(Array.isArray(doc['timeseries']) && doc['timeseries'].every((r) => isObject(r) && typeof r['t'] === 'number'
    && ['measuredRunning', 'measuredWaiting', 'predictedRunning', 'predictedWaiting'].every((k) => isNumOrNull(r[k]))), 'timeseries', 'a list of { t, measuredRunning, measuredWaiting, predictedRunning, predictedWaiting }');
  return doc as unknown as CalibrationDocument;
}
