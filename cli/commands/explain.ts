// `apmsim explain`: where each class's latency goes (per agent, along critical paths, with
// intervals over replications) and which steps would help most, each asked of the performance
// interface as a paired counterfactual. A results directory is explained from its stored agent
// metrics (no re-simulation).

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { JSON_OPTION, QUIET_OPTION } from '../output-flags.js';
import { agentsOf, agentTime } from '../../models/advisor/agent-time.js';
import { attributionRuns, summariseAttribution, type ClassAttribution } from '../../models/advisor/attribution.js';
import { classMetric, recommend, type Recommendation, type Skipped } from '../../models/advisor/recommend.js';
import { boundedInterval, type ReplicationEstimate } from '../../models/analysis/interval.js';
import { parseStoredResults } from '../../models/compare/stored.js';
import { loadScenario, scenarioFingerprint } from '../../models/scenario/index.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../../api/errors.js';
import { formatExplainMarkdown, formatExplainText } from '../explain-format.js';
import { threadCount, workerExecutor } from '../../api/query-executor.js';
import { readSource } from '../../api/read-scenario.js';
import { readText } from '../../api/read-text.js';
import { scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import type { Status } from '../status.js';
import { VERSION } from '../../api/version.js';

interface ExplainArgs extends ScenarioFlags {
  source: string;
  class: string | undefined;
  json: boolean;
  quiet: boolean;
  markdown: string | undefined;
  recommend: boolean;
  workers: number | undefined;
}

export interface AgentTime {
  readonly agent: string;
  readonly wait: ReplicationEstimate;
  readonly service: ReplicationEstimate;
  readonly total: ReplicationEstimate;
}

export interface ExplainDocument {
  readonly apmsim: string;
  readonly file: string;
  readonly scenario: string;
  readonly source: 'simulated' | 'stored';
  readonly replications: number;
  readonly confidence: number;
  /** Simulated: the attribution of each class (or of --class). */
  readonly classes?: readonly ClassAttribution[];
  /** Stored: time per request at each agent, from the agent metrics. */
  readonly stored?: readonly AgentTime[];
  readonly recommendations?: {
    readonly cls: string;
    readonly metric: string;
    readonly priced: boolean;
    readonly items: readonly Recommendation[];
    readonly skipped: readonly Skipped[];
  };
  /** How a stored document was explained. */
  readonly note?: string;
  /** One line: the agent carrying most of the tail, and the best step. */
  readonly verdict?: string;
}

export const explainCommand = {
  command: 'explain <source>',
  describe: 'Say where the time goes (per agent, along critical paths) and which change would help most',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('source', { type: 'string', demandOption: true, describe: 'scenario YAML file, or a results directory (or results.json) from apmsim run --out' })
      .option('class', { type: 'string', describe: 'explain this request class only (default: every class; recommendations for the first)' })
      .option('json', { ...JSON_OPTION, describe: 'print the explanation as JSON on stdout instead of the text' })
      .option('quiet', QUIET_OPTION)
      .option('markdown', { type: 'string', describe: 'write a root-cause note in markdown to FILE' })
      .option('recommend', { type: 'boolean', default: true, describe: 'ask the performance interface what each step would change (--no-recommend: attribution only)' })
      .option('workers', { type: 'number', describe: 'worker threads for the sampled counterfactuals (default: one per core)' })
      .example('$0 explain scenarios/five-agents.yaml', 'attribution per class and the steps that would lower p95 most')
      .example('$0 explain scenarios/five-agents.yaml --class chat --set agents.retriever.servers=1 --markdown cause.md', 'why is chat slow with one retriever server? A note for the PR')
      .example('$0 explain out/run1', 'time per request at each agent, from stored results')
      .epilogue('Method and fields: docs/advisor.md'),
  handler: async (args: ExplainArgs): Promise<Status> => {
    const doc = isStored(args.source) ? await explainStored(args) : await explainScenario(args, args.source, scenarioOverrides(args));
    if (args.markdown !== undefined) writeFileAtomic(args.markdown, formatExplainMarkdown(doc));
    if (args.json || !args.quiet) process.stdout.write(args.json ? `${JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n` : `${formatExplainText(doc)}\n`);
    return 'success';
  },
};

function isStored(source: string): boolean {
  return source.endsWith('.json') || (existsSync(source) && statSync(source).isDirectory());
}

/**
 * Stored results: time per request from their agent metrics; and, when the scenario file they
 * record is still there and still gives the same configuration, its critical-path attribution and
 * recommendations, re-simulated with the recorded overrides and seed.
 */
async function explainStored(args: ExplainArgs): Promise<ExplainDocument> {
  const file = source(args.source);
  if (scenarioOverrides(args).length > 0) throw new UsageError(`--set and the scenario flags change a scenario; ${file} holds stored results (explain the scenario file with --set instead)`);
  const r = parseStoredResults(file, readText(file, 'the results file'));
  const values = Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.values]));
  const c = r.confidence;
  const stored = agentsOf(values).map((agent): AgentTime => {
    const w = agentTime(values, agent, 'wait'), sv = agentTime(values, agent, 'service');
    return { agent, wait: boundedInterval(w, c), service: boundedInterval(sv, c), total: boundedInterval(w.map((x, i) => x + sv[i]!), c) };
  }).sort((x, y) => y.total.estimate - x.total.estimate);
  const replay = replayable(r.scenarioFile, r.overrides, r.fingerprint);
  if (replay.ok) {
    // A partial run stored the replications it finished: the first ones, which the same seed gives again.
    const doc = await explainScenario(args, r.scenarioFile, r.partial ? [...r.overrides, `replications=${r.replications}`] : r.overrides);
    const partial = r.partial ? `; the ${r.replications} replications the partial run finished` : '';
    return { ...doc, file, source: 'stored', stored, note: `critical paths re-simulated from ${r.scenarioFile} with the recorded overrides (same configuration fingerprint and seed)${partial}` };
  }
  if (args.class !== undefined) throw new UsageError(`--class needs per-class attribution, which needs the scenario: ${replay.why}`);
  const top = stored[0];
  return {
    apmsim: VERSION, file, scenario: r.scenario, source: 'stored', replications: r.replications, confidence: c, stored,
    note: `stored agent metrics only: ${replay.why}`,
    ...(top === undefined ? {} : { verdict: `most time per request: ${top.agent} (${top.total.estimate.toPrecision(3)} s)` }),
  };
}

/** Whether the scenario stored results name can be simulated again as the same configuration. */
function replayable(scenarioFile: string | undefined, overrides: readonly string[] | undefined, fingerprint: string): { ok: true } | { ok: false; why: string } {
  if (scenarioFile === undefined || overrides === undefined) return { ok: false, why: 'the results record no scenario file (written by an older apmsim)' };
  if (!existsSync(scenarioFile)) return { ok: false, why: `the scenario file they record, ${scenarioFile}, is not there (run explain from the folder apmsim run ran in)` };
  const src = readSource(scenarioFile);
  const s = loadScenario(src.file, src.text, { readFile: src.readFile, overrides });
  if (scenarioFingerprint(s) !== fingerprint) return { ok: false, why: `${scenarioFile} has changed since the run (another configuration fingerprint)` };
  return { ok: true };
}

function source(path: string): string {
  if (path.endsWith('.json')) return path;
  const file = join(path, 'results.json');
  if (!existsSync(file)) throw new UsageError(`${path}: expected a results directory with results.json (from apmsim run --out), found none`);
  return file;
}

async function explainScenario(args: ExplainArgs, file: string, set: readonly string[]): Promise<ExplainDocument> {
  const src = readSource(file);
  const scenario = loadScenario(src.file, src.text, { readFile: src.readFile, overrides: set });
  const names = scenario.network.classes.map((c) => c.name);
  if (args.class !== undefined && !names.includes(args.class)) throw new UsageError(`--class: no class '${args.class}'; expected one of ${names.join(', ')}`);
  const attribution = summariseAttribution(scenario, attributionRuns(scenario));
  const classes = attribution.classes.filter((c) => args.class === undefined || c.cls === args.class);
  const focus = classes[0]!;
  let recommendations: ExplainDocument['recommendations'];
  if (args.recommend) {
    const r = await recommend(src, scenario, focus, { executor: workerExecutor(threadCount(args.workers)), clock: () => performance.now(), set });
    recommendations = {
      cls: focus.cls, metric: classMetric(scenario, focus.cls), priced: r.recommendations.some((x) => x.cost !== undefined), items: r.recommendations, skipped: r.skipped,
    };
  }
  const top = focus.agents[0];
  const best = recommendations?.items[0];
  const verdict = top === undefined ? undefined : [
    `bottleneck of ${focus.cls}: ${top.agent} (${(100 * top.tailShare.estimate).toFixed(0)}% of the tail, ${(100 * top.tailWaitShare.estimate).toFixed(0)}% waiting)`,
    best === undefined ? undefined : `best step: ${best.step.what} (--set ${best.step.set}): ${best.metric} ${best.effect.estimate > 0 ? '+' : ''}${best.effect.estimate.toPrecision(3)} s [${best.effect.interval[0].toPrecision(3)}, ${best.effect.interval[1].toPrecision(3)}]${best.confirmed ? ', confirmed by a sampled run' : ''}`,
  ].filter((x) => x !== undefined).join('; ');
  return {
    apmsim: VERSION, file: src.file, scenario: scenario.name, source: 'simulated', replications: attribution.replications, confidence: attribution.confidence,
    classes, ...(recommendations === undefined ? {} : { recommendations }), ...(verdict === undefined ? {} : { verdict }),
  };
}
