// Recommendations: for the agents that carry most of a class's tail, the steps the scenario exposes
// (one more server or replica, 10 % faster service, +0.1 cache hit rate), each asked of the
// performance interface as a paired counterfactual (common random numbers), ranked by the p95 it
// saves per dollar it adds (by p95 saved when the scenario has no prices). A step is "confirmed"
// only when a sampled run's interval shows the improvement.

import { answerQuery, prepareQuery, QueryError, type Answer, type EstimateAnswer, type ReplicationExecutor, type ScenarioSource } from '../query/index.js';
import type { Scenario } from '../scenario/index.js';
import type { ClassAttribution } from './attribution.js';

export interface Step {
  readonly agent: string;
  /** The override that applies the step, as for `--set`. */
  readonly set: string;
  readonly what: string;
}

export interface Recommendation {
  readonly step: Step;
  readonly metric: string;
  /** Change of the metric (step − scenario), paired. */
  readonly effect: EstimateAnswer;
  /** Change of cost.total, when the scenario has prices. */
  readonly cost: EstimateAnswer | undefined;
  /**
   * Seconds of p95 saved per dollar the step may add at most (the upper end of the cost change's
   * interval); undefined when that end is not above 0: at the stated confidence the step adds no cost.
   */
  readonly savedPerDollar: number | undefined;
  /** A sampled interval shows the metric lower. */
  readonly confirmed: boolean;
  /** The sampled check behind `confirmed`, when the first answer came from another backend. */
  readonly check: EstimateAnswer | undefined;
}

export interface Skipped {
  readonly step: Step;
  readonly reason: string;
}

export interface RecommendOptions {
  readonly executor: ReplicationExecutor;
  readonly clock: () => number;
  /** What-if overrides the scenario was loaded with. */
  readonly set: readonly string[];
  /** How many of the agents with the largest tail share get steps (default 3). */
  readonly agents?: number;
  readonly precision?: number;
  readonly maxReplications?: number;
}

/** The latency metric of a class: its own when the scenario has several. */
export function classMetric(s: Scenario, cls: string, stat = 'p95'): string {
  return s.network.classes.length > 1 ? `class.${cls}.e2e.${stat}` : `e2e.${stat}`;
}

/** The steps the catalogue offers for agent `name` (none for routers). */
export function stepsFor(s: Scenario, name: string): Step[] {
  const spec = s.network;
  const agent = spec.agents.find((a) => a.name === name);
  if (agent === undefined) return [];
  switch (agent.kind) {
    case 'station': {
      const more = agent.capacitySpec === undefined
        ? { agent: name, set: `agents.${name}.servers+=1`, what: `one more ${name} server (${agent.servers} -> ${agent.servers + 1})` }
        : { agent: name, set: `agents.${name}.replicas+=1`, what: `one more ${name} replica` };
      return [more, { agent: name, set: `agents.${name}.service.mean*=0.9`, what: `${name} service 10% faster` }];
    }
    case 'llm': {
      const pool = spec.pools[agent.pool]!;
      return [
        { agent: name, set: `gpus.${pool.name}.replicas+=1`, what: `one more ${pool.name} replica (${pool.replicas} -> ${pool.replicas + 1})` },
        { agent: name, set: `gpus.${pool.name}.max_batch*=2`, what: `${pool.name} max batch doubled (${pool.maxBatch} -> ${2 * pool.maxBatch})` },
      ];
    }
    case 'cache':
      return agent.policy.kind === 'probability' && agent.policy.hit <= 0.9
        ? [{ agent: name, set: `agents.${name}.hit+=0.1`, what: `${name} hit rate +0.1 (${agent.policy.hit} -> ${+(agent.policy.hit + 0.1).toFixed(6)})` }]
        : [];
    default:
      return [];
  }
}

/** Asks each step of the top agents, and ranks those that help. */
export async function recommend(
  source: ScenarioSource, s: Scenario, attribution: ClassAttribution, o: RecommendOptions,
): Promise<{ recommendations: Recommendation[]; skipped: Skipped[] }> {
  const metric = classMetric(s, attribution.cls);
  const priced = hasCost(source, o.set);
  const steps = attribution.agents.slice(0, o.agents ?? 3).flatMap((a) => stepsFor(s, a.agent));
  const recommendations: Recommendation[] = [];
  const skipped: Skipped[] = [];
  for (const step of steps) {
    let answers: Answer[];
    try {
      const q = prepareQuery(source, {
        metrics: priced ? [metric, 'cost.total'] : [metric], set: o.set, versus: [step.set], precision: o.precision ?? 0.1,
      });
      answers = await answerQuery(q, { backend: 'auto', executor: o.executor, clock: o.clock, maxReplications: o.maxReplications ?? 40 });
    } catch (e) {
      if (e instanceof QueryError || (e instanceof Error && e.name === 'ScenarioError')) { skipped.push({ step, reason: e.message }); continue; }
      throw e;
    }
    const effect = answers[0]!;
    if (effect.kind !== 'estimate') { skipped.push({ step, reason: `${effect.backend} ${effect.kind}: ${effect.reason}` }); continue; }
    const cost = priced && answers[1]?.kind === 'estimate' ? answers[1] : undefined;
    let check: EstimateAnswer | undefined;
    if (effect.backend !== 'sampled') {
      const q = prepareQuery(source, { metrics: [metric], set: o.set, versus: [step.set], precision: o.precision ?? 0.1 });
      const a = (await answerQuery(q, { backend: 'sampled', executor: o.executor, clock: o.clock, maxReplications: o.maxReplications ?? 40 }))[0]!;
      if (a.kind === 'estimate') check = a;
    }
    const sampled = effect.backend === 'sampled' ? effect : check;
    recommendations.push({ step, metric, effect, cost, savedPerDollar: savedPerDollar(effect, cost), confirmed: sampled !== undefined && sampled.interval[1] < 0, check });
  }
  return { recommendations: ranked(recommendations), skipped };
}

export function savedPerDollar(effect: EstimateAnswer, cost: EstimateAnswer | undefined): number | undefined {
  return cost !== undefined && cost.interval[1] > 0 ? -effect.estimate / cost.interval[1] : undefined;
}

/** The steps that lower the metric, best first. */
export function ranked(rs: readonly Recommendation[]): Recommendation[] {
  return rs.filter((r) => r.effect.estimate < 0).sort((x, y) => rank(y) - rank(x));
}

/**
 * Steps that add no cost first (their cost change's interval lies at or below 0), then seconds saved
 * per dollar at most added, then seconds saved. A cost change whose estimate is below 0 but whose
 * interval reaches above it is not free: ranked on its estimate, sampling noise in the cost of a step
 * that adds a priced replica could put it first.
 */
function rank(r: Recommendation): number {
  const saved = -r.effect.estimate;
  if (r.cost === undefined) return saved;
  if (r.savedPerDollar === undefined) return 1e12 + saved;
  return r.savedPerDollar;
}

function hasCost(source: ScenarioSource, set: readonly string[]): boolean {
  try {
    prepareQuery(source, { metrics: ['cost.total'], set });
    return true;
  } catch {
    return false;
  }
}
