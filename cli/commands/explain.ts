// `apmsim explain`: where each class's latency goes (per agent, along critical paths, with
// intervals over replications) and which steps would help most, each asked of the performance
// interface as a paired counterfactual. A results directory is explained from its stored agent
// metrics (no re-simulation).

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { agentsOf, agentTime } from '../../models/advisor/agent-time.js';
import { attributionRuns, summariseAttribution, type ClassAttribution } from '../../models/advisor/attribution.js';
import { classMetric, recommend, type Recommendation, type Skipped } from '../../models/advisor/recommend.js';
import { replicationInterval, type ReplicationEstimate } from '../../models/analysis/interval.js';
import { parseStoredResults } from '../../models/compare/stored.js';
import { loadScenario } from '../../models/scenario/index.js';
import { writeFileAtomic } from '../../reports/write-atomic.js';
import { UsageError } from '../errors.js';
import { formatExplainMarkdown, formatExplainText } from '../explain-format.js';
import { threadCount, workerExecutor } from '../query-executor.js';
import { readSource } from '../read-scenario.js';
import { readText } from '../read-text.js';
import { scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';
import type { Status } from '../status.js';
import { VERSION } from '../version.js';

interface ExplainArgs extends ScenarioFlags {
  source: string;
  class: string | undefined;
  json: boolean;
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
      .option('json', { type: 'boolean', default: false, describe: 'print the explanation as JSON' })
      .option('markdown', { type: 'string', describe: 'write a root-cause note in markdown to FILE' })
      .option('recommend', { type: 'boolean', default: true, describe: 'ask the performance interface what each step would change (--no-recommend: attribution only)' })
      .option('workers', { type: 'number', describe: 'worker threads for the sampled counterfactuals (default: one per core)' })
      .example('$0 explain scenarios/five-agents.yaml', 'attribution per class and the steps that would lower p95 most')
      .example('$0 explain scenarios/five-agents.yaml --class chat --set agents.retriever.servers=1 --markdown cause.md', 'why is chat slow with one retriever server? A note for the PR')
      .example('$0 explain out/run1', 'time per request at each agent, from stored results')
      .epilogue('Method and fields: docs/advisor.md'),
  handler: async (args: ExplainArgs): Promise<Status> => {
    const doc = isStored(args.source) ? explainStored(args) : await explainScenario(args);
    if (args.markdown !== undefined) writeFileAtomic(args.markdown, formatExplainMarkdown(doc));
    process.stdout.write(args.json ? `${JSON.stringify(doc, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n` : `${formatExplainText(doc)}\n`);
    return 'success';
  },
};

function isStored(source: string): boolean {
  return source.endsWith('.json') || (existsSync(source) && statSync(source).isDirectory());
}

function explainStored(args: ExplainArgs): ExplainDocument {
  const file = source(args.source);
  if (scenarioOverrides(args).length > 0 || args.class !== undefined) throw new UsageError(`--set, --class and the scenario flags need a scenario to simulate; ${file} holds stored results`);
  const r = parseStoredResults(file, readText(file, 'the results file'));
  const values = Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.values]));
  const c = r.confidence;
  const stored = agentsOf(values).map((agent): AgentTime => {
    const w = agentTime(values, agent, 'wait'), sv = agentTime(values, agent, 'service');
    return { agent, wait: replicationInterval(w, c), service: replicationInterval(sv, c), total: replicationInterval(w.map((x, i) => x + sv[i]!), c) };
  }).sort((x, y) => y.total.estimate - x.total.estimate);
  const top = stored[0];
  return {
    apmsim: VERSION, file, scenario: r.scenario, source: 'stored', replications: r.replications, confidence: c, stored,
    ...(top === undefined ? {} : { verdict: `most time per request: ${top.agent} (${top.total.estimate.toPrecision(3)} s); explain the scenario file for critical paths, tails and recommendations` }),
  };
}

function source(path: string): string {
  if (path.endsWith('.json')) return path;
  const file = join(path, 'results.json');
  if (!existsSync(file)) throw new UsageError(`${path}: expected a results directory with results.json (from apmsim run --out), found none`);
  return file;
}

async function explainScenario(args: ExplainArgs): Promise<ExplainDocument> {
  const src = readSource(args.source);
  const set = scenarioOverrides(args);
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
