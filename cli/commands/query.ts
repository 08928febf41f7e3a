// `apmsim query`: a counterfactual question about a scenario ("what is the p95 if traffic grows 40%
// and the answerer gets 2 more servers?"), answered as an interval by the cheapest backend that can.

import type { Argv } from 'yargs';
import { JSON_OPTION, QUIET_OPTION, printsText } from '../output-flags.js';
import { metricOption } from '../metric-option.js';
import { createProgress } from '../progress.js';
import type { BackendChoice } from '../../models/query/index.js';
import { parseRate } from '../../models/scenario/index.js';
import { UsageError } from '../../api/errors.js';
import { query } from '../../api/query.js';
import type { Status } from '../status.js';
import { formatAnswers } from '../format-answers.js';
import { parseWallBudget, scenarioOverrides, withScenarioFlags, type ScenarioFlags } from '../scenario-flags.js';

interface QueryArgs extends ScenarioFlags {
  scenario: string;
  metric: string[] | undefined;
  effects: string[] | undefined;
  vs: string[] | undefined;
  backend: string;
  model: string | undefined;
  precision: number;
  budget: string | undefined;
  workers: number | undefined;
  json: boolean;
  quiet: boolean;
  agent: string | undefined;
  input: string | undefined;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'analytic', 'sampled', 'learned'];

function inputRate(text: string): number {
  const q = parseRate(text);
  if (!q.ok) throw new UsageError(`--input: expected ${q.message.expected}, found ${q.message.found}`);
  return q.value;
}

export const queryCommand = {
  command: 'query <scenario>',
  describe: 'Ask what a metric is (or how much a change moves it), as an interval from the cheapest backend that can answer',
  builder: (y: Argv) =>
    withScenarioFlags(y)
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('metric', metricOption('metric to answer: any metric of results.json, or agent.<a>.to.<b>'))
      .option('effects', { type: 'string', array: true, describe: "an agent whose outgoing request rates (its effects on other agents) to answer (repeatable)" })
      .option('vs', { type: 'string', array: true, describe: 'override giving the counterfactual (repeatable): answers become counterfactual - scenario, paired' })
      .option('backend', { type: 'string', default: 'auto', choices: BACKENDS as string[], describe: 'auto picks the cheapest backend that meets --precision' })
      .option('model', { type: 'string', describe: 'learned model file from apmsim train' })
      .option('precision', { type: 'number', default: 0.05, describe: 'relative half-width wanted (of the value; of the scenario value for a difference)' })
      .option('budget', { type: 'string', describe: 'wall-clock budget for sampling (e.g. 10s); the best interval so far is returned' })
      .option('workers', { type: 'number', describe: 'worker threads for sampling (default: one per core); answers do not depend on it' })
      .option('json', { ...JSON_OPTION, describe: 'print the answers as JSON on stdout instead of the table (docs/queries.md)' })
      .option('quiet', QUIET_OPTION)
      .option('agent', { type: 'string', describe: "ask one agent's own model: the agent alone, its input a Poisson stream, other agents zero-time" })
      .option('input', { type: 'string', describe: 'with --agent: its input rate, e.g. 4/s (default: the rate the scenario sends it)' })
      .example('$0 query scenarios/mm4.yaml --metric e2e.p95', 'exact answer from the analytic backend (M/M/4)')
      .example("$0 query scenarios/five-agents.yaml --metric e2e.p95 --set 'workload.chat.arrivals.rate*=1.4' --set agents.answerer.servers+=2", 'what if traffic grows 40% and the answerer gets 2 more servers?')
      .example('$0 query scenarios/five-agents.yaml --metric e2e.p95 --vs agents.answerer.servers=6', 'would 6 answerer servers help? (paired difference, common random numbers)')
      .example('$0 query scenarios/five-agents.yaml --metric e2e.p95 --model five.json --backend learned', 'answer from a trained model in about a millisecond')
      .example('$0 query scenarios/five-agents.yaml --effects router --json', 'the request rates the router sends to each agent, as JSON')
      .example('$0 query scenarios/five-agents.yaml --agent answerer --input 4/s --metric agent.answerer.wait.mean --vs agents.answerer.servers=5', "one agent's model: its wait at 4 requests/s, and what a fifth server changes"),
  handler: async (args: QueryArgs): Promise<Status> => {
    if (args.input !== undefined && args.agent === undefined) throw new UsageError('--input needs --agent: the input rate of which agent?');
    const request = {
      metrics: args.metric ?? [], effects: args.effects ?? [], set: scenarioOverrides(args),
      ...(args.vs === undefined ? {} : { versus: args.vs }),
      precision: args.precision, budgetMs: parseWallBudget(args.budget),
      ...(args.agent === undefined ? {} : { agent: { name: args.agent, ...(args.input === undefined ? {} : { input: inputRate(args.input) }) } }),
    };
    const progress = createProgress(`query ${args.scenario}`, printsText(args));
    let doc;
    try {
      doc = await query(args.scenario, request, {
        backend: args.backend as BackendChoice, workers: args.workers, onProgress: (done, total) => progress.update(done, total),
        ...(args.model === undefined ? {} : { model: args.model }),
      });
    } finally {
      progress.finish();
    }
    if (args.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    else if (!args.quiet) process.stdout.write(`${formatAnswers(doc)}\n`);
    return 'success';
  },
};
