// The cheapest configuration that meets every objective, over a grid of knobs, by multi-fidelity
// search:
//   1. analytic screen: a point the closed forms call unstable, or whose exact or approximate
//      interval lies wholly beyond an objective's bound, is dropped without simulation;
//   2. sampled screen: every remaining point runs one replication over a quarter of the measured
//      horizon (same seed: common random numbers across points);
//   3. confirmation in order of screened cost (ties: grid order): a point runs the scenario's
//      replications in full — the runs `apmsim sweep` would make for it, so its figures are the
//      sweep's — and is feasible when every objective's whole interval is on the right side of its
//      bound. Before confirming, a point whose screened value (calibrated) misses a bound by more
//      than the margin is dropped. The screen is calibrated against the confirmed points: once
//      MIN_PAIRS are confirmed, screened values are divided by the median screened/confirmed ratio
//      and the margin is twice the largest deviation from it (SCREEN_MARGIN before). The search
//      ends when the next point's screened cost exceeds the best feasible one's by more than the
//      cost's margin.
// With no feasible point the answer is infeasible, with the point closest to feasibility (the
// largest relative miss of any bound smallest), confirmed.

import { answerQuery, prepareQuery, type ReplicationExecutor, type ReplicationJob, type ScenarioSource } from '../query/index.js';
import { metricCatalogue, checkMetrics, type Catalogue } from '../query/catalogue.js';
import { QueryError } from '../query/errors.js';
import { resolveWarmup } from '../run/replicate.js';
import { decisionBounds, summarise, type Results } from '../run/results.js';
import { loadScenario, parseDuration, parseRate, type Scenario } from '../scenario/index.js';
import { InputError } from '../compare/errors.js';

/** How far (relative) a screened value may miss a bound and still be confirmed. */
export const SCREEN_MARGIN = 0.25;
/** Share of the measured horizon a screening replication runs. */
export const SCREEN_FRACTION = 0.25;
/** Confirmed points before the margin follows the screen's observed error, and its floor. */
const MIN_PAIRS = 3;
const MIN_MARGIN = 0.02;

export interface Knob {
  readonly path: string;
  readonly values: readonly string[];
}

export interface Objective {
  readonly metric: string;
  readonly op: '<=' | '<' | '>=' | '>';
  readonly bound: number;
  readonly text: string;
}

const KNOB = /^([^=\s]+)\s*=\s*(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/;
export const KNOB_FORMS = 'PATH=LO..HI or PATH=LO..HI:STEP with numbers, e.g. gpus.small-pool.replicas=1..4 or agents.checker.servers=2..10:2';
export const OBJECTIVE_FORMS = "'METRIC <= VALUE' (or <, >=, >), VALUE with the metric's unit, e.g. 'class.chat.e2e.p95 <= 2s', 'throughput >= 10/s', 'rejected.fraction < 0.01'";

export function parseKnob(text: string): Knob {
  const m = KNOB.exec(text.trim());
  if (m === null) throw new InputError(`--knob: expected ${KNOB_FORMS}; found '${text}'`);
  const [lo, hi, step] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 1)];
  if (!(hi >= lo) || !(step > 0)) throw new InputError(`--knob ${text}: expected HI >= LO and STEP > 0 (${KNOB_FORMS})`);
  const decimals = Math.max(...[m[2]!, m[3]!, m[4] ?? '1'].map((x) => (x.split('.')[1] ?? '').length));
  const values: string[] = [];
  for (let i = 0; lo + i * step <= hi + 1e-9 * Math.max(1, Math.abs(hi)); i++) values.push(String(Number((lo + i * step).toFixed(decimals))));
  return { path: m[1]!, values };
}

const OBJECTIVE = /^\s*([A-Za-z0-9_.<>\-]+?)\s*(<=|>=|<|>)\s*(\S+)\s*$/;

/**
 * The metric to minimise must be one the scenario reports. The default, cost.total, is reported only
 * when something has a price: say so rather than call it unknown.
 */
export function checkMinimize(metric: string, s: Scenario): void {
  const catalogue = metricCatalogue(s);
  if (metric.startsWith('cost.') && ![...catalogue.units.keys()].some((k) => k.startsWith('cost.'))) {
    throw new InputError(`--minimize ${metric}: expected a metric the scenario reports, found ${metric}, which it does not report: nothing in it has a price (price_per_hour of a GPU pool or of replicas, a model's input and output prices, an agent's cost_per_call: docs/scenario-reference.md); price something, or minimise another metric, e.g. --minimize e2e.p95`);
  }
  checkNamedMetric(`--minimize ${metric}`, catalogue, metric);
}

/** checkMetrics, its message led by the option that named the metric. */
function checkNamedMetric(option: string, catalogue: Catalogue, metric: string): void {
  try {
    checkMetrics(catalogue, [metric]);
  } catch (e) {
    if (e instanceof QueryError) throw new InputError(`${option}: ${e.message}`);
    throw e;
  }
}

/** Parses an objective against the scenario's metrics: the value in the metric's unit. */
export function parseObjective(text: string, s: Scenario): Objective {
  const m = OBJECTIVE.exec(text);
  if (m === null) throw new InputError(`--objective: expected ${OBJECTIVE_FORMS}; found '${text}'`);
  const metric = m[1]!;
  const catalogue = metricCatalogue(s);
  checkNamedMetric(`--objective '${text.trim()}'`, catalogue, metric);
  const unit = catalogue.units.get(metric);
  const raw = m[3]!;
  const q = unit === 's' ? parseDuration(raw) : unit === '1/s' ? parseRate(raw) : /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(raw) ? { ok: true as const, value: Number(raw) } : undefined;
  if (q === undefined || !q.ok) throw new InputError(`--objective '${text}': expected a value in ${unit === '' ? 'plain numbers' : unit} for ${metric}; found '${raw}' (${OBJECTIVE_FORMS})`);
  return { metric, op: m[2] as Objective['op'], bound: q.value, text: text.trim() };
}

/** How far a value is on the wrong side of the bound, relative to it (<= 0: met). */
function violation(o: Objective, value: number): number {
  const scale = Math.abs(o.bound) > 0 ? Math.abs(o.bound) : 1;
  return (o.op === '<=' || o.op === '<' ? value - o.bound : o.bound - value) / scale;
}

/** Whether a whole interval meets the objective (the end that matters). */
function intervalMeets(o: Objective, lo: number, hi: number): boolean {
  switch (o.op) {
    case '<=': return hi <= o.bound;
    case '<': return hi < o.bound;
    case '>=': return lo >= o.bound;
    case '>': return lo > o.bound;
  }
}

export interface Point {
  readonly index: number;
  /** Knob path -> value. */
  readonly values: Readonly<Record<string, string>>;
  readonly set: readonly string[];
}

export type Stage = 'analytic' | 'screened' | 'confirmed';

/**
 * A point's figure of a metric. Screened: a short run's estimate, no interval. Confirmed: the full
 * run's estimate and interval, or, without one, the run's note saying why (a GPU cost that is the
 * same in every replication has no sampling variability; it is judged on its value).
 */
export interface PointFigure {
  readonly estimate: number;
  readonly interval: readonly [number, number] | null;
  readonly note?: string;
}

export interface Judged {
  readonly point: Point;
  /** The last stage that judged it, and what it said. */
  readonly stage: Stage;
  readonly verdict: 'dropped' | 'kept' | 'feasible' | 'infeasible';
  /** Estimates (and intervals when confirmed) of the objectives and the target. */
  readonly figures: Readonly<Record<string, PointFigure>>;
  readonly why: string;
}

export interface OptimizeResult {
  readonly outcome: 'optimal' | 'infeasible' | 'partial';
  /** The chosen point: cheapest confirmed feasible; with none, the closest to feasible. */
  readonly chosen: Judged | undefined;
  readonly points: readonly Judged[];
  /** Confirmed points not dominated in (target, first objective). */
  readonly frontier: readonly Judged[];
  /** Simulated replication-seconds (horizon × replications) per stage. */
  readonly simulated: { readonly analytic: number; readonly screen: number; readonly confirm: number };
  readonly chosenResults: Results | undefined;
}

export interface OptimizeInput {
  readonly source: ScenarioSource;
  /** Overrides of the base scenario (before the knobs). */
  readonly set: readonly string[];
  readonly knobs: readonly Knob[];
  readonly objectives: readonly Objective[];
  readonly minimize: string;
  readonly executor: ReplicationExecutor;
  readonly clock: () => number;
  /** True once the budget is spent or the user interrupted: return the best confirmed so far. */
  readonly stop: () => boolean;
  readonly onProgress?: (stage: Stage, done: number, total: number) => void;
  readonly version: string;
}

export function gridPoints(knobs: readonly Knob[]): Point[] {
  const out: Point[] = [];
  const total = knobs.reduce((n, k) => n * k.values.length, 1);
  for (let i = 0; i < total; i++) {
    let rest = i;
    const values: Record<string, string> = {};
    for (let k = knobs.length - 1; k >= 0; k--) {
      const knob = knobs[k]!;
      values[knob.path] = knob.values[rest % knob.values.length]!;
      rest = Math.floor(rest / knob.values.length);
    }
    const ordered = Object.fromEntries(knobs.map((k) => [k.path, values[k.path]!]));
    out.push({ index: i, values: ordered, set: knobs.map((k) => `${k.path}=${ordered[k.path]}`) });
  }
  return out;
}

export async function optimize(input: OptimizeInput): Promise<OptimizeResult> {
  const { source, objectives } = input;
  const load = (extra: readonly string[]) => loadScenario(source.file, source.text, { readFile: source.readFile, overrides: [...input.set, ...extra] });
  const metrics = [...new Set([...objectives.map((o) => o.metric), input.minimize])];
  const points = gridPoints(input.knobs);
  const judged = new Map<number, Judged>();
  const simulated = { analytic: 0, screen: 0, confirm: 0 };
  let stopped = false;

  // 1. Analytic screen.
  let alive: Point[] = [];
  for (const p of points) {
    const q = prepareQuery(source, { metrics: objectives.map((o) => o.metric), set: [...input.set, ...p.set] });
    const answers = await answerQuery(q, { backend: 'analytic', executor: input.executor, clock: input.clock });
    const beyond = answers.findIndex((a, i) => a.kind === 'unstable' || (a.kind === 'estimate' && !intervalMeetsLoosely(objectives[i]!, a.interval[0], a.interval[1])));
    if (beyond >= 0) {
      const a = answers[beyond]!;
      judged.set(p.index, { point: p, stage: 'analytic', verdict: 'dropped', figures: {}, why: a.kind === 'unstable' ? `unstable: ${a.reason}` : `${objectives[beyond]!.text}: the analytic interval lies beyond the bound` });
    } else alive.push(p);
  }

  // 2. Sampled screen: one short replication per point, common random numbers.
  const screened = new Map<number, Record<string, number>>();
  const screenScenario = (p: Point): Scenario => {
    const s = load(p.set);
    const warm = s.warmup.mode === 'fixed' ? s.warmup.seconds : 0;
    return load([...p.set, `horizon=${warm + SCREEN_FRACTION * (s.horizon - warm)}`, 'replications=2']);
  };
  const screenJobs = alive.map((p): ReplicationJob => {
    const s = screenScenario(p);
    return { key: `screen:${p.index}`, scenario: s, index: 0, warmup: resolveWarmup(s) };
  });
  const screenRows = await input.executor(screenJobs, input.stop);
  alive.forEach((p, i) => {
    const row = screenRows[i];
    if (row === undefined) { stopped = true; return; }
    simulated.screen += screenJobs[i]!.scenario.horizon;
    const values: Record<string, number> = {};
    for (const m of row) if (metrics.includes(m.name)) values[m.name] = m.value;
    screened.set(p.index, values);
    const worst = objectives.map((o) => violation(o, values[o.metric] ?? NaN));
    const figures = Object.fromEntries(metrics.map((m) => [m, { estimate: values[m] ?? NaN, interval: null }]));
    const miss = worst.findIndex((v) => !(v <= SCREEN_MARGIN));
    judged.set(p.index, miss >= 0
      ? { point: p, stage: 'screened', verdict: 'dropped', figures, why: `${objectives[miss]!.text}: screened ${fmt(values[objectives[miss]!.metric])} misses the bound by more than ${SCREEN_MARGIN * 100}%` }
      : { point: p, stage: 'screened', verdict: 'kept', figures, why: 'screened within reach of every objective' });
  });
  input.onProgress?.('screened', screened.size, alive.length);
  alive = stopped ? [] : alive.filter((p) => judged.get(p.index)?.verdict === 'kept');

  // 3. Confirmation in order of screened cost (ties: grid order).
  const cost = (p: Point) => screened.get(p.index)?.[input.minimize] ?? Infinity;
  alive.sort((a, b) => cost(a) - cost(b) || a.index - b.index);
  let best: { judged: Judged; results: Results } | undefined;
  const confirmedResults = new Map<number, Results>();
  // The screen calibrated against confirmed points, per metric: once MIN_PAIRS points are
  // confirmed, screened values are divided by the median screened/confirmed ratio (a short run's
  // bias; cost over a shorter horizon) and the margin is twice the largest deviation from it.
  const ratios = new Map<string, number[]>();
  const calibrated = (metric: string): boolean => (ratios.get(metric)?.length ?? 0) >= MIN_PAIRS;
  const bias = (metric: string): number => (calibrated(metric) ? median(ratios.get(metric)!) : 1);
  const margin = (metric: string): number =>
    calibrated(metric) ? Math.max(MIN_MARGIN, 2 * Math.max(...ratios.get(metric)!.map((r) => Math.abs(r / bias(metric) - 1)))) : SCREEN_MARGIN;
  for (const p of alive) {
    if (best !== undefined && cost(p) > cost(best.judged.point) * (1 + margin(input.minimize))) break;
    const values = screened.get(p.index)!;
    const miss = objectives.find((o) => !(violation(o, (values[o.metric] ?? NaN) / bias(o.metric)) <= margin(o.metric)));
    if (miss !== undefined) {
      judged.set(p.index, { ...judged.get(p.index)!, verdict: 'dropped', why: `${miss.text}: screened ${fmt(values[miss.metric]! / bias(miss.metric))} (calibrated) misses the bound by more than ${fmt(100 * margin(miss.metric))}% (twice the screen's error on confirmed points)` });
      continue;
    }
    if (input.stop()) { stopped = true; break; }
    const r = await confirm(p);
    if (r === undefined) { stopped = true; break; }
    const j = judgeConfirmed(p, r);
    judged.set(p.index, j);
    confirmedResults.set(p.index, r);
    for (const m of metrics) {
      const full = j.figures[m]!.estimate, low = values[m]!;
      if (Number.isFinite(full) && Number.isFinite(low) && full > 0 && low > 0) ratios.set(m, [...(ratios.get(m) ?? []), low / full]);
    }
    if (j.verdict === 'feasible' && (best === undefined || better(j, best.judged))) best = { judged: j, results: r };
  }

  async function confirm(p: Point): Promise<Results | undefined> {
    const s = load(p.set);
    const warmup = resolveWarmup(s);
    const jobs: ReplicationJob[] = Array.from({ length: s.replications }, (_, i) => ({ key: `confirm:${p.index}`, scenario: s, index: i, warmup }));
    const rows = await input.executor(jobs, input.stop);
    if (rows.some((r) => r === undefined)) return undefined;
    simulated.confirm += s.horizon * s.replications;
    input.onProgress?.('confirmed', judged.size, points.length);
    return summarise({ version: input.version, scenario: s, warmupSeconds: warmup, partial: false, warnings: [], perReplication: rows as NonNullable<(typeof rows)[number]>[] });
  }

  function judgeConfirmed(p: Point, r: Results): Judged {
    const figures: Record<string, PointFigure> = {};
    for (const m of metrics) {
      const x = r.metrics[m];
      figures[m] = { estimate: x?.estimate ?? NaN, interval: x?.interval ?? null, ...(x?.interval === null && x.note !== undefined ? { note: x.note } : {}) };
    }
    const missed = objectives.filter((o) => {
      const x = r.metrics[o.metric];
      const bounds = x === undefined ? null : decisionBounds(x);
      return bounds === null || !intervalMeets(o, bounds[0], bounds[1]);
    });
    return {
      point: p, stage: 'confirmed', verdict: missed.length === 0 ? 'feasible' : 'infeasible', figures,
      why: missed.length === 0 ? `every objective met at ${r.confidence * 100}% confidence` : `not met at ${r.confidence * 100}% confidence: ${missed.map((o) => o.text).join(', ')}`,
    };
  }

  function better(a: Judged, b: Judged): boolean {
    const x = a.figures[input.minimize]!.estimate, y = b.figures[input.minimize]!.estimate;
    return x < y || (x === y && a.point.index < b.point.index);
  }

  const all = points.map((p) => judged.get(p.index) ?? { point: p, stage: 'analytic' as Stage, verdict: 'kept' as const, figures: {}, why: 'not reached (stopped)' });
  const confirmed = all.filter((j) => j.stage === 'confirmed');
  const frontier = paretoFrontier(confirmed, input.minimize, objectives[0]!);
  if (best !== undefined) return { outcome: stopped ? 'partial' : 'optimal', chosen: best.judged, points: all, frontier, simulated, chosenResults: best.results };
  if (stopped) return { outcome: 'partial', chosen: undefined, points: all, frontier, simulated, chosenResults: undefined };
  // Nothing feasible: the point closest to feasibility, confirmed at full fidelity.
  const closeness = (j: Judged) => Math.max(...objectives.map((o) => violation(o, j.figures[o.metric]?.estimate ?? Infinity)));
  const candidates = all.filter((j) => j.stage !== 'analytic').sort((a, b) => closeness(a) - closeness(b) || a.point.index - b.point.index);
  let closest = candidates[0];
  let closestResults: Results | undefined;
  if (closest !== undefined && closest.stage !== 'confirmed' && !input.stop()) {
    closestResults = await confirm(closest.point);
    if (closestResults !== undefined) { closest = judgeConfirmed(closest.point, closestResults); judged.set(closest.point.index, closest); }
  } else if (closest !== undefined) closestResults = confirmedResults.get(closest.point.index);
  const final = points.map((p) => judged.get(p.index) ?? all[p.index]!);
  return { outcome: 'infeasible', chosen: closest, points: final, frontier, simulated, chosenResults: closestResults };
}

/** The analytic screen drops a point only when its whole interval is beyond the bound. */
function intervalMeetsLoosely(o: Objective, lo: number, hi: number): boolean {
  return o.op === '<=' || o.op === '<' ? lo <= o.bound : hi >= o.bound;
}

function paretoFrontier(points: readonly Judged[], target: string, first: Objective): Judged[] {
  const sign = first.op === '<=' || first.op === '<' ? 1 : -1;
  const xy = (j: Judged) => [j.figures[target]!.estimate, sign * j.figures[first.metric]!.estimate] as const;
  return points
    .filter((a) => !points.some((b) => b !== a && xy(b)[0] <= xy(a)[0] && xy(b)[1] <= xy(a)[1] && (xy(b)[0] < xy(a)[0] || xy(b)[1] < xy(a)[1])))
    .sort((a, b) => xy(a)[0] - xy(b)[0]);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? String(x) : Number(x.toPrecision(4)).toString());
