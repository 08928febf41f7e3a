// `apmsim compare <baseline> <candidate>`: the CI gate. Runs paired replications (or reads stored
// ones), judges each gated metric and SLO, writes the table / JSON / markdown / JUnit, and returns
// its verdict to the shell: exit 0 pass, 1 regression or SLO violated, 3 inconclusive under --strict.

import { appendFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { QUIET_OPTION } from '../output-flags.js';
import { metricOption } from '../metric-option.js';
import { DEFAULT_CONFIDENCE, DEFAULT_PLAN } from '../../models/compare/compare.js';
import type { CompareDocument } from '../../models/compare/report.js';
import { compare } from '../../api/compare.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { formatCompareMarkdown, formatCompareText } from '../compare-format.js';
import { formatCompareJunit } from '../compare-junit.js';
import type { Status } from '../status.js';
import { recordedCommand } from '../command-line.js';
import { createProgress } from '../progress.js';
import { withStopSignal } from '../stop-signal.js';

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
      .positional('baseline', { type: 'string', demandOption: true, describe: 'baseline: scenario YAML, or results.json from apmsim run (or the --out folder holding it)' })
      .positional('candidate', { type: 'string', demandOption: true, describe: 'candidate: scenario YAML, or results.json (or its folder)' })
      .option('metric', metricOption('gate this metric, replacing the default list (e2e p95 and mean, per class too, throughput, rejected fraction, cost and error rate when reported)'))
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
  handler: async (args: CompareArgs): Promise<Status> => withStopSignal((signal) => compareCommandRun(args, signal)),
};

async function compareCommandRun(args: CompareArgs, signal: AbortSignal): Promise<Status> {
  const progress = createProgress('compare', !args.quiet);
  let doc;
  try {
    doc = await compare(args.baseline, args.candidate, {
      metrics: args.metric, tolerances: args.tolerance, confidence: args.confidence,
      replications: args.replications, block: args.block, maxReplications: args['max-replications'],
      set: args.set, baselineSet: args['baseline-set'], candidateSet: args['candidate-set'],
      seed: args.seed, horizon: args.horizon, warmup: args.warmup,
      workers: args.workers, signal, onProgress: (done, total) => progress.update(done, total), command: recordedCommand(args),
      // The latency distributions feed only the report, which --report draws and --json lets `apmsim report` draw.
      latency: args.report !== undefined || args.json !== undefined,
    });
  } finally {
    progress.finish();
  }
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
