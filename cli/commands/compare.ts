// `apmsim compare <baseline> <candidate>`: the CI gate. Runs paired replications (or reads stored
// ones), judges each gated metric and SLO, writes the table / JSON / markdown / JUnit, and returns
// its verdict to the shell: exit 0 pass, 1 regression or SLO violated, 3 inconclusive under --strict.

import { appendFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { compareSequentially, DEFAULT_CONFIDENCE, DEFAULT_PLAN, type Sample } from '../../models/compare/compare.js';
import { parseToleranceSetting, resolveGates } from '../../models/compare/gates.js';
import { compareDocument, type CompareDocument, type SideSummary } from '../../models/compare/report.js';
import { checkSlos } from '../../models/compare/slo.js';
import { checkStoredSide, designDifferences, designOfResults, designOfScenario, type Design } from '../../models/compare/stored.js';
import { probableCause } from '../../models/advisor/agent-time.js';
import { stabilityWarnings } from '../../models/run/stability.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { formatCompareMarkdown, formatCompareText } from '../compare-format.js';
import { formatCompareJunit } from '../compare-junit.js';
import { alignSeed, catalogueOf, fingerprintOf, readSide, seedOf, SideSamples, sketchErrorOf, type Side } from '../compare-sides.js';
import { UsageError } from '../errors.js';
import type { Status } from '../status.js';
import { recordedCommand } from '../command-line.js';
import { createProgress } from '../progress.js';
import { chooseThreads, eventsPerReplication, runJobs } from '../run-jobs.js';
import { withStopSignal } from '../stop-signal.js';
import { VERSION } from '../version.js';

interface CompareArgs {
  baseline: string;
  candidate: string;
  metric: string[] | undefined;
  tolerance: string[] | undefined;
  confidence: number | undefined;
  replications: number | undefined;
  block: number | undefined;
  'max-replications': number | undefined;
  strict: boolean;
  json: string | undefined;
  markdown: string | undefined;
  junit: string | undefined;
  report: string | undefined;
  quiet: boolean;
  workers: number | undefined;
  set: string[] | undefined;
  seed: number | undefined;
  horizon: string | undefined;
  warmup: string | undefined;
  'baseline-set': string[] | undefined;
  'candidate-set': string[] | undefined;
}

export const compareCommand = {
  command: 'compare <baseline> <candidate>',
  describe: 'Compare a candidate with a baseline and fail on real regressions (CI gate)',
  builder: (y: Argv) =>
    y
      .positional('baseline', { type: 'string', demandOption: true, describe: 'baseline: scenario YAML, or results.json from apmsim run' })
      .positional('candidate', { type: 'string', demandOption: true, describe: 'candidate: scenario YAML, or results.json' })
      .option('metric', { type: 'string', array: true, describe: 'gate this metric (repeatable; replaces the default list: e2e p95 and mean, per class too, throughput, rejected fraction, cost and error rate when reported)' })
      .option('tolerance', { type: 'string', array: true, describe: 'band of no practical change: 2% (ratios) or 0.5pp (fractions) for all, or metric=value for one (repeatable)' })
      .option('confidence', { type: 'number', describe: `family-wise confidence over every gate and look (default ${DEFAULT_CONFIDENCE})` })
      .option('replications', { type: 'number', describe: `replications per side before the first look (default ${DEFAULT_PLAN.initial})` })
      .option('block', { type: 'number', describe: `replications added per block while a gate is inconclusive (default ${DEFAULT_PLAN.block})` })
      .option('max-replications', { type: 'number', describe: `most replications per side (default ${DEFAULT_PLAN.max})` })
      .option('strict', { type: 'boolean', default: false, describe: 'exit 3 when a gate stays inconclusive (default: pass with a warning)' })
      .option('json', { type: 'string', describe: 'write the comparison as JSON to FILE (to stdout instead of the table when FILE is left out or -)' })
      .option('markdown', { type: 'string', describe: 'write a markdown summary to FILE (also appended to $GITHUB_STEP_SUMMARY when set)' })
      .option('junit', { type: 'string', describe: 'write JUnit XML to FILE: one test case per gated metric and SLO' })
      .option('report', { type: 'string', describe: 'write a self-contained HTML report to FILE: forest plot of the gated metrics, SLO gates (the page apmsim report builds from --json)' })
      .option('quiet', QUIET_OPTION)
      .option('workers', { type: 'number', describe: 'worker threads (default: one per core for large runs); results do not depend on it' })
      .option('set', { type: 'string', array: true, describe: 'override a value in both scenarios: path=value, or path*=x, path+=x, path-=x (repeatable)' })
      .option('seed', { type: 'number', describe: 'seed of both scenarios (default: the baseline\'s, for common random numbers)' })
      .option('horizon', { type: 'string', describe: 'horizon of both scenarios, e.g. 3600s' })
      .option('warmup', { type: 'string', describe: "warm-up of both scenarios, or 'auto'" })
      .option('baseline-set', { type: 'string', array: true, describe: 'override a value in the baseline scenario only (repeatable)' })
      .option('candidate-set', { type: 'string', array: true, describe: 'override a value in the candidate scenario only (repeatable)' })
      .example('$0 compare main.yaml pr.yaml', 'simulate both on common random numbers and gate the default metrics')
      .example('$0 compare baseline/results.json scenarios/prod.yaml --junit gate.xml --markdown gate.md', 'gate against a stored baseline (from apmsim run --out baseline --replications 200)')
      .example('$0 compare s.yaml s.yaml --candidate-set agents.llm.servers=6 --metric e2e.p99 --tolerance e2e.p99=5%', 'what if: one change, one metric, a wider band')
      .example('$0 compare a.yaml b.yaml --strict --json', 'exit 3 when undecided; the comparison as JSON on stdout')
      .epilogue('Exit codes: 0 pass, 1 regression or SLO violated, 2 bad input, 3 inconclusive with --strict. Method and CI set-up: docs/ci.md'),
  handler: async (args: CompareArgs): Promise<Status> => withStopSignal((signal) => compare(args, signal)),
};

function commonOverrides(a: CompareArgs): string[] {
  const out = [...(a.set ?? [])];
  if (a.seed !== undefined) out.push(`seed=${a.seed}`);
  if (a.horizon !== undefined) out.push(`horizon=${a.horizon}`);
  if (a.warmup !== undefined) out.push(`warmup=${a.warmup}`);
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
function prepareSides(args: CompareArgs, warnings: string[]): [Side, Side] {
  const common = commonOverrides(args);
  let baseline = readSide(args.baseline, common, args['baseline-set'] ?? [], 'baseline');
  let candidate = readSide(args.candidate, common, args['candidate-set'] ?? [], 'candidate');
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

async function compare(args: CompareArgs, signal: AbortSignal): Promise<Status> {
  const confidence = args.confidence ?? DEFAULT_CONFIDENCE;
  if (!(confidence > 0 && confidence < 1)) throw new UsageError(`--confidence: expected a number strictly between 0 and 1, found ${confidence}`);
  const plan = {
    initial: args.replications ?? DEFAULT_PLAN.initial,
    block: args.block ?? DEFAULT_PLAN.block,
    max: args['max-replications'] ?? Math.max(DEFAULT_PLAN.max, args.replications ?? 0),
  };
  const warnings: string[] = [];
  const [baseline, candidate] = prepareSides(args, warnings);

  const baseUnits = catalogueOf(baseline);
  const candUnits = catalogueOf(candidate);
  const gates = resolveGates(
    { baseline: Object.keys(baseUnits), candidate: Object.keys(candUnits) },
    args.metric,
    (args.tolerance ?? []).map(parseToleranceSetting),
  );
  let slos = candidate.kind === 'scenario' ? candidate.scenario.slos ?? [] : [];
  if (candidate.kind === 'scenario') checkSlos(candidate.file, slos, candUnits);
  if (candidate.kind === 'results' && baseline.kind === 'scenario' && (baseline.scenario.slos ?? []).length > 0) {
    warnings.push('SLOs are read from the candidate scenario; the candidate is stored results, so the baseline\'s SLOs are not checked');
    slos = [];
  }

  const sides = [new SideSamples(baseline), new SideSamples(candidate)] as const;
  const perReplicationEvents = sides.reduce((n, s) => n + (s.side.kind === 'scenario' ? eventsPerReplication(s.side.scenario) : 0), 0);
  const threads = chooseThreads(args.workers, perReplicationEvents * plan.initial, 2 * plan.initial);
  const progress = createProgress('compare', !args.quiet);
  const sample = async (n: number): Promise<{ baseline: Sample; candidate: Sample }> => {
    const [bJobs, cJobs] = [sides[0].jobsUpTo(n, 'baseline'), sides[1].jobsUpTo(n, 'candidate')];
    const rows = await runJobs([...bJobs, ...cJobs], threads, (done) => progress.update(done, bJobs.length + cJobs.length), signal);
    sides[0].append(rows.slice(0, bJobs.length), signal);
    sides[1].append(rows.slice(bJobs.length), signal);
    return { baseline: sides[0].sample(n), candidate: sides[1].sample(n) };
  };
  let comparison;
  try {
    comparison = await compareSequentially({ gates, slos, confidence, plan, available: Math.min(sides[0].available, sides[1].available), sketchError: Math.max(sketchErrorOf(baseline), sketchErrorOf(candidate)) }, sample);
  } finally {
    progress.finish();
  }
  if (comparison.limit === 'max-replications') {
    warnings.push(`still inconclusive after ${comparison.replications} replications: the change is close to the tolerance, or the scenario too noisy (lengthen the horizon, use the same seed on both sides, or raise --max-replications)`);
  } else if (comparison.limit === 'stored-replications') {
    warnings.push(`inconclusive: the stored results hold only ${comparison.replications} replications; store more (apmsim run <scenario> --replications 200 --out DIR)`);
  }
  const base = compareDocument({
    apmsim: VERSION, command: recordedCommand(args), baseline: summaryOf(baseline), candidate: summaryOf(candidate), confidence, comparison, units: { ...baseUnits, ...candUnits }, warnings,
  });
  const n = comparison.replications;
  const doc = base.gates.some((g) => g.verdict === 'regressed')
    ? { ...base, probableCause: probableCause(sides[0].sample(n).values, sides[1].sample(n).values, confidence, n) }
    : base;
  writeOutputs(doc, args);
  if (args.report !== undefined) {
    // The report's chart renderer is loaded only when a report is asked for.
    const { writeCompareReport } = await import('../../reports/compare-report.js');
    for (const w of await writeCompareReport(args.report, doc)) process.stderr.write(`warning: report chart: ${w}\n`);
  }
  if (doc.outcome === 'fail') return 'regression';
  return doc.outcome === 'inconclusive' && args.strict ? 'inconclusive' : 'success';
}

function writeOutputs(doc: CompareDocument, args: CompareArgs): void {
  for (const w of doc.warnings) process.stderr.write(`warning: ${w}\n`);
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  const jsonToStdout = args.json === '' || args.json === '-';
  if (args.json !== undefined && !jsonToStdout) writeFileAtomic(args.json, json);
  const markdown = formatCompareMarkdown(doc);
  if (args.markdown !== undefined) writeFileAtomic(args.markdown, markdown);
  if (args.junit !== undefined) writeFileAtomic(args.junit, formatCompareJunit(doc, args.strict));
  const summary = process.env['GITHUB_STEP_SUMMARY'];
  // The runner owns this file and reads it after the step: append in one write, never replace it.
  if (summary !== undefined && summary !== '') appendFileSync(summary, `${markdown}\n`);
  if (jsonToStdout) process.stdout.write(json);
  else if (!args.quiet) process.stdout.write(`${formatCompareText(doc)}\n`);
}
