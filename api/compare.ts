// Comparing a candidate with a baseline for a program (and for `apmsim compare`): paired
// replications on common random numbers (or stored ones), run in blocks until every gated metric
// and SLO is decided or the replications run out. Returns the comparison document; what to do
// with its outcome (an exit code, a failed check) is the caller's.

import { compareSequentially, DEFAULT_CONFIDENCE, DEFAULT_PLAN, type Sample } from '../models/compare/compare.js';
import { parseToleranceSetting, resolveGates } from '../models/compare/gates.js';
import { compareDocument, type CompareDocument, type SideSummary } from '../models/compare/report.js';
import { checkSlos } from '../models/compare/slo.js';
import { checkStoredSide, designDifferences, designOfResults, designOfScenario, type Design } from '../models/compare/stored.js';
import { probableCause } from '../models/advisor/agent-time.js';
import { latencyComparison, type LatencyOfSides } from '../models/compare/latency.js';
import { DIGEST_LEVELS } from '../models/run/latency-digest.js';
import { stabilityWarnings } from '../models/run/stability.js';
import { alignSeed, catalogueOf, fingerprintOf, readSide, seedOf, SideSamples, sketchErrorOf, type Side } from './compare-sides.js';
import { UsageError } from './errors.js';
import { chooseThreads, eventsPerReplication, runRecordedJobs } from './run-jobs.js';
import { VERSION } from './version.js';

export interface CompareOptions {
  /** Metrics to gate (default: e2e p95 and mean, per class too, throughput, rejected fraction, cost and error rate when reported). */
  readonly metrics?: readonly string[] | undefined;
  /** Bands of no practical change: `2%`, `0.5pp` for all, or `metric=value` for one. */
  readonly tolerances?: readonly string[] | undefined;
  /** Family-wise confidence over every gate and look (default 0.95). */
  readonly confidence?: number | undefined;
  /** Replications per side before the first look, added per block, and at most (defaults: DEFAULT_PLAN). */
  readonly replications?: number | undefined;
  readonly block?: number | undefined;
  readonly maxReplications?: number | undefined;
  /** Overrides of both scenarios (`path=value`, `path*=x`, ...), and of one side only. */
  readonly set?: readonly string[] | undefined;
  readonly baselineSet?: readonly string[] | undefined;
  readonly candidateSet?: readonly string[] | undefined;
  /** Seed, horizon and warm-up of both scenarios (default: the baseline's seed, for common random numbers). */
  readonly seed?: number | undefined;
  readonly horizon?: string | undefined;
  readonly warmup?: string | undefined;
  /** Worker threads (default: one per core for large runs); the comparison does not depend on it. */
  readonly workers?: number | undefined;
  /** Aborting it stops the comparison, which then throws Interrupted. */
  readonly signal?: AbortSignal | undefined;
  /** Called as replications complete, with their number and the number in the current block. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /** The command line recorded in the document (null, the default, when a program ran it). */
  readonly command?: readonly string[] | null | undefined;
  /**
   * Record both sides' latency distributions for the report (`latency` in the document): each
   * simulated replication keeps its request rows until their quantiles are taken (about 18 % more
   * CPU), a stored side's are read from latency.arrow beside it. Off by default.
   */
  readonly latency?: boolean | undefined;
}

/**
 * Compares `candidate` with `baseline`, each a scenario YAML file or a results.json written by
 * `apmsim run --out`. The document's `outcome` is pass, fail (a regression or a violated SLO) or
 * inconclusive; its warnings say what to be careful of.
 */
export async function compare(baseline: string, candidate: string, options: CompareOptions = {}): Promise<CompareDocument> {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0 && confidence < 1)) throw new UsageError(`--confidence: expected a number strictly between 0 and 1, found ${confidence}`);
  const plan = {
    initial: options.replications ?? DEFAULT_PLAN.initial,
    block: options.block ?? DEFAULT_PLAN.block,
    max: options.maxReplications ?? Math.max(DEFAULT_PLAN.max, options.replications ?? 0),
  };
  const signal = options.signal ?? new AbortController().signal;
  const onProgress = options.onProgress ?? (() => {});
  const warnings: string[] = [];
  const [base, cand] = prepareSides(baseline, candidate, options, warnings);

  const baseUnits = catalogueOf(base);
  const candUnits = catalogueOf(cand);
  const gates = resolveGates(
    { baseline: Object.keys(baseUnits), candidate: Object.keys(candUnits) },
    options.metrics === undefined ? undefined : [...options.metrics],
    (options.tolerances ?? []).map(parseToleranceSetting),
  );
  let slos = cand.kind === 'scenario' ? cand.scenario.slos ?? [] : [];
  if (cand.kind === 'scenario') checkSlos(cand.file, slos, candUnits);
  if (cand.kind === 'results' && base.kind === 'scenario' && (base.scenario.slos ?? []).length > 0) {
    warnings.push('SLOs are read from the candidate scenario; the candidate is stored results, so the baseline\'s SLOs are not checked');
    slos = [];
  }

  const latency = options.latency === true;
  // Each look runs both sides' new replications at once: the first look's, or a block's.
  const record = latency && { heldAtOnce: 2 * Math.max(plan.initial, plan.block) };
  const sides = [new SideSamples(base, record), new SideSamples(cand, record)] as const;
  const perReplicationEvents = sides.reduce((n, s) => n + (s.side.kind === 'scenario' ? eventsPerReplication(s.side.scenario) : 0), 0);
  const threads = chooseThreads(options.workers, perReplicationEvents * plan.initial, 2 * plan.initial);
  const sample = async (n: number): Promise<{ baseline: Sample; candidate: Sample }> => {
    const [bJobs, cJobs] = [sides[0].jobsUpTo(n, 'baseline'), sides[1].jobsUpTo(n, 'candidate')];
    const rows = await runRecordedJobs([...bJobs, ...cJobs], threads, (done) => onProgress(done, bJobs.length + cJobs.length), signal);
    sides[0].append(rows.slice(0, bJobs.length), signal);
    sides[1].append(rows.slice(bJobs.length), signal);
    return { baseline: sides[0].sample(n), candidate: sides[1].sample(n) };
  };
  const comparison = await compareSequentially({ gates, slos, confidence, plan, available: Math.min(sides[0].available, sides[1].available), sketchError: Math.max(sketchErrorOf(base), sketchErrorOf(cand)) }, sample);
  if (comparison.limit === 'max-replications') {
    warnings.push(`still inconclusive after ${comparison.replications} replications: the change is close to the tolerance, or the scenario too noisy (lengthen the horizon, use the same seed on both sides, or raise --max-replications)`);
  } else if (comparison.limit === 'stored-replications') {
    warnings.push(`inconclusive: the stored results hold only ${comparison.replications} replications; store more (apmsim run <scenario> --replications 200 --out DIR)`);
  }
  const n = comparison.replications;
  const samples = { baseline: sides[0].sample(n).values, candidate: sides[1].sample(n).values };
  const doc = compareDocument({
    apmsim: VERSION, command: options.command ?? null, baseline: summaryOf(base), candidate: summaryOf(cand), confidence, comparison, units: { ...baseUnits, ...candUnits }, warnings,
    samples,
  });
  // Per agent, the paired change of wait and service per request; a regression's probable cause is the same ranking.
  const agents = probableCause(samples.baseline, samples.candidate, confidence, n);
  const withCause = doc.gates.some((g) => g.verdict === 'regressed') ? { ...doc, probableCause: agents } : doc;
  return { ...withCause, agents, ...(latency ? { latency: await latencyOfSides(sides[0], sides[1], n, confidence) } : {}) };
}

async function latencyOfSides(baseline: SideSamples, candidate: SideSamples, n: number, confidence: number): Promise<LatencyOfSides> {
  const [b, c] = [await baseline.latency(n), await candidate.latency(n)];
  if (typeof b === 'string') return { missing: `no latency distribution of the baseline: ${b}` };
  if (typeof c === 'string') return { missing: `no latency distribution of the candidate: ${c}` };
  return latencyComparison(b, c, DIGEST_LEVELS, confidence);
}

function commonOverrides(o: CompareOptions): string[] {
  const out = [...(o.set ?? [])];
  if (o.seed !== undefined) out.push(`seed=${o.seed}`);
  if (o.horizon !== undefined) out.push(`horizon=${o.horizon}`);
  if (o.warmup !== undefined) out.push(`warmup=${o.warmup}`);
  return out;
}

function designOf(side: Side): Design {
  return side.kind === 'results' ? designOfResults(side.results) : designOfScenario(side.scenario, VERSION, fingerprintOf(side));
}

function summaryOf(side: Side): SideSummary {
  const d = designOf(side);
  // Stored results written before apmsim recorded overrides have none to show.
  const overrides = side.kind === 'scenario' ? side.scenario.overrides : Array.isArray(side.results.overrides) ? side.results.overrides : null;
  return { source: side.kind, file: side.file, scenario: d.scenario, fingerprint: d.fingerprint, seed: d.seed, apmsim: d.apmsim, overrides };
}

/** Reads both sides, shares their seed, and refuses stored results that cannot be compared. */
function prepareSides(baselineFile: string, candidateFile: string, o: CompareOptions, warnings: string[]): [Side, Side] {
  const common = commonOverrides(o);
  let baseline = readSide(baselineFile, common, o.baselineSet ?? [], 'baseline');
  let candidate = readSide(candidateFile, common, o.candidateSet ?? [], 'candidate');
  if (baseline.kind === 'results' && candidate.kind === 'results' && common.length > 0) {
    throw new UsageError('--set, --seed, --horizon and --warmup change scenarios, but both sides are stored results');
  }
  // The baseline's seed leads; a simulated baseline follows only a stored candidate.
  const aligned = candidate.kind === 'results' ? alignSeed(baseline, candidate, 'baseline') : alignSeed(candidate, baseline, 'candidate');
  if (candidate.kind === 'results') baseline = aligned.side;
  else candidate = aligned.side;
  if (aligned.note !== undefined) warnings.push(aligned.note);

  for (const [side, other, label] of [[baseline, candidate, 'candidate'], [candidate, baseline, 'baseline']] as const) {
    if (side.kind === 'results') {
      checkStoredSide(side.file, side.results, VERSION, designOf(other), label);
      if (side.results.partial) warnings.push(`${side.file} holds partial results (${side.results.replications} replications of an interrupted run)`);
    }
  }
  const diffs = designDifferences(designOf(baseline), designOf(candidate));
  if (diffs.length > 0) warnings.push(`the sides are measured differently (${diffs.join(', ')}): a change may come from the measurement, not the system`);
  if (seedOf(baseline) !== seedOf(candidate)) {
    warnings.push(`the sides use different seeds (${seedOf(baseline)} and ${seedOf(candidate)}): no common random numbers, so intervals are wider and more replications may be needed`);
  }
  if (fingerprintOf(baseline) === fingerprintOf(candidate)) warnings.push('the baseline and candidate configurations are identical (same fingerprint)');
  for (const side of [baseline, candidate]) {
    if (side.kind === 'scenario') for (const w of stabilityWarnings(side.scenario.network)) warnings.push(`${side.file}: ${w}`);
  }
  return [baseline, candidate];
}
