// Every metric family results can hold (the `results.json` contract), declared once: its name
// pattern, unit, meaning, and which runs, agents, classes, pools, models, budgets or objectives have it.
// The declaration order is results.json's order: sections in turn, within a section each entity
// (agent, class…) in scenario order, within an entity its families in the order listed.
// Results (metrics.ts), query and reports read names and units from here instead of listing them.

import type { NetworkSpec } from '../../sim/network/spec.js';
import type { MetricScope } from './metric-scope.js';

/** Times are seconds, rates per second, money US dollars, fractions and counts unitless. */
export type Unit = 's' | '1/s' | 'USD' | '';

/**
 * What a section's families are measured on: the whole run, or each agent, class, pool… Objectives
 * and negotiation directions belong to runs that replay coordination (models/coordination).
 */
export type Entity = 'run' | 'agent' | 'class' | 'pool' | 'model' | 'budget' | 'objective' | 'direction';

/** The placeholder standing for the entity's name in a pattern (`agent.<a>.wait.mean`). */
export const PLACEHOLDER: Readonly<Record<Entity, string>> = { run: '', agent: '<a>', class: '<c>', pool: '<p>', model: '<m>', budget: '<b>', objective: '<o>', direction: '<d>' };

export interface MetricFamily<P extends string = string> {
  readonly pattern: P;
  /** A function when it depends on the entity (a budget of cost or of tokens). */
  readonly unit: Unit | ((spec: NetworkSpec, i: number) => Unit);
  readonly description: string;
  /** Whether entity i (0 for the run) reports it; absent: always. */
  readonly when?: (x: MetricScope, i: number) => boolean;
  /** A fraction of a whole, between 0 and 1 (unit ''): charts may draw it on [0, 1]. */
  readonly fraction?: true;
}

export interface MetricSection<P extends string = string> {
  readonly over: Entity;
  readonly families: readonly MetricFamily<P>[];
}

/** The same family, declared a fraction between 0 and 1. */
const fraction = <P extends string>(family: MetricFamily<P>): MetricFamily<P> => ({ ...family, fraction: true });

const f = <const P extends string>(pattern: P, unit: MetricFamily['unit'], description: string, when?: MetricFamily['when']): MetricFamily<P> =>
  (when === undefined ? { pattern, unit, description } : { pattern, unit, description, when });

// Predicates over the scenario, named for what they ask.
const llm = (x: MetricScope) => x.llm;
const priced = (x: MetricScope) => x.priced;
const quality = (x: MetricScope) => x.quality;
const station = (x: MetricScope, a: number) => x.spec.agents[a]!.kind === 'station';
const capacityOf = (x: MetricScope, a: number) => { const g = x.spec.agents[a]!; return g.kind === 'station' ? g.capacitySpec : undefined; };
const replicated = (x: MetricScope, a: number) => capacityOf(x, a) !== undefined;
const llmAgent = (x: MetricScope, a: number) => x.spec.agents[a]!.kind === 'llm';
const cache = (x: MetricScope, a: number) => x.spec.agents[a]!.kind === 'cache';
const poolReplicated = (x: MetricScope, p: number) => x.spec.pools[p]!.capacitySpec !== undefined;
const poolCapacity = (x: MetricScope, p: number) => x.spec.pools[p]!.capacitySpec;
const anyTimed = (x: MetricScope) => x.timed.some((t) => t);
const anyRetried = (x: MetricScope) => x.retried.some((r) => r);
const wastes = (x: MetricScope) => anyTimed(x) || x.quorum || x.speculates;
/** Errors are told apart by kind when calls can time out or retry, or steps are limited. */
const errorKinds = (x: MetricScope) => anyTimed(x) || anyRetried(x) || x.stepLimited;
const budget = (x: MetricScope, b: number) => x.spec.budgets![b]!;

const latency = <const P extends string>(prefix: P, what: string, when?: MetricFamily['when']) => [
  f(`${prefix}.mean`, 's', `mean ${what}`, when),
  f(`${prefix}.p50`, 's', `median ${what}`, when),
  f(`${prefix}.p95`, 's', `95th percentile of ${what}`, when),
  f(`${prefix}.p99`, 's', `99th percentile of ${what}`, when),
] as const;

export const METRIC_CATALOGUE = [
  {
    over: 'run',
    families: [
      ...latency('e2e', 'end-to-end latency of completed requests'),
      f('throughput', '1/s', 'completed requests per second'),
      f('completed', '', 'requests completed after warm-up'),
      f('rejected', '', 'requests turned away by a full agent'),
      fraction(f('rejected.fraction', '', 'rejected / (completed + rejected)')),
      f('failed', '', 'requests ended by an error, system or cognitive'),
      fraction(f('error.rate', '', '(failed + rejected) / finished requests')),
      ...latency('ttft', 'time to first token of LLM calls, queueing included', llm),
      f('tpot.mean', 's', 'mean time per output token after the first', llm),
      f('tpot.p95', 's', '95th percentile of time per output token after the first', llm),
      f('tokens.per_task.mean', '', 'prompt + output tokens per completed request', llm),
      f('quality.mean', '', 'mean quality of what answered completed requests', quality),
      f('cost.per_task.mean', 'USD', '(request, replica and GPU cost) per completed request', priced),
      f('cost.total', 'USD', 'request, replica and GPU cost', priced),
      f('cost.gpu', 'USD', 'cost of the GPU pools', priced),
    ],
  },
  {
    over: 'agent',
    families: [
      f('agent.<a>.wait.mean', 's', 'mean wait per visit (for LLM agents: for admission)'),
      fraction(f('agent.<a>.wait.probability', '', 'fraction of the visits served that waited for a server (Erlang C for M/M/c)', station)),
      f('agent.<a>.service.mean', 's', 'mean service per visit (for LLM agents: admission to last token)'),
      f('agent.<a>.service.scv', '', 'squared coefficient of variation of service per visit (variance / mean²; 0 below the rounding of its sums, 3 × visits × 2.2e-16)', station),
      f('agent.<a>.sojourn.mean', 's', 'mean time per visit'),
      f('agent.<a>.sojourn.p95', 's', '95th percentile of time per visit'),
      f('agent.<a>.throughput', '1/s', 'visits served per second'),
      fraction(f('agent.<a>.utilization', '', 'time-average fraction of servers busy (of the replicas billed)', station)),
      f('agent.<a>.queue.mean', '', 'time-average number waiting', station),
      f('agent.<a>.rejected', '', 'requests turned away when full', station),
      fraction(f('agent.<a>.blocking', '', 'rejected / arrivals', station)),
      f('agent.<a>.replicas.mean', '', 'time-average number of billed replicas', replicated),
      f('agent.<a>.scale_events', '', 'scaling decisions after warm-up', replicated),
      f('agent.<a>.cold_starts', '', 'cold starts (with scale-to-zero)', (x, a) => capacityOf(x, a)?.scaleToZero !== undefined),
      f('agent.<a>.replica_failures', '', 'replica failures', (x, a) => capacityOf(x, a)?.failures !== undefined),
      f('agent.<a>.reclaims', '', 'spot replicas reclaimed', (x, a) => capacityOf(x, a)?.spot !== undefined),
      f('agent.<a>.lost.seconds', 's', 'service seconds lost to replica failures and reclaims', (x, a) => { const c = capacityOf(x, a); return c !== undefined && (c.failures !== undefined || c.spot !== undefined); }),
      f('agent.<a>.preemptions', '', 'requests preempted in service by a higher priority', (x, a) => { const g = x.spec.agents[a]!; return g.kind === 'station' && g.discipline === 'preemptive'; }),
      f('cost.replicas.<a>', 'USD', "replica-hours × price of a station's replicas", (x, a) => x.priced && replicated(x, a)),
      f('agent.<a>.ttft.mean', 's', 'mean time to first token', llmAgent),
      f('agent.<a>.ttft.p95', 's', '95th percentile of time to first token', llmAgent),
      f('agent.<a>.tpot.mean', 's', 'mean time per output token after the first', llmAgent),
      f('agent.<a>.tokens.input.mean', '', 'prompt tokens per call', llmAgent),
      f('agent.<a>.tokens.output.mean', '', 'output tokens per call', llmAgent),
      f('agent.<a>.failures', '', 'failed calls', (x, a) => x.spec.agents[a]!.failure > 0),
      f('agent.<a>.failure_rate', '', 'failed calls per call served', (x, a) => x.spec.agents[a]!.failure > 0),
      f('agent.<a>.escalation_rate', '', 'calls that left along an escalation edge, per call', (x, a) => x.escalates[a]!),
      f('cost.agent.<a>', 'USD', 'cost of the calls to the agent', priced),
    ],
  },
  { over: 'model', families: [f('cost.model.<m>', 'USD', 'token cost of the LLM agents served by the model', priced)] },
  { over: 'pool', families: [f('cost.gpu.<p>', 'USD', 'cost of the GPU pool', priced)] },
  {
    over: 'class',
    families: [
      ...latency('class.<c>.e2e', "end-to-end latency of the class's completed requests"),
      f('class.<c>.throughput', '1/s', 'completed requests of the class per second'),
      f('class.<c>.arrival_rate', '1/s', 'requests of the class that arrived per second'),
      f('class.<c>.rejected', '', 'requests of the class turned away by a full agent'),
      fraction(f('class.<c>.rejected.fraction', '', 'rejected / (completed + rejected) in the class')),
      f('class.<c>.failed', '', 'requests of the class ended by an error, system or cognitive'),
      f('class.<c>.cost.per_task.mean', 'USD', 'request cost per completed request of the class', priced),
      f('class.<c>.quality.mean', '', 'mean quality of what answered the class', quality),
    ],
  },
  {
    over: 'agent',
    families: [
      fraction(f('cache.<a>.hit_rate', '', 'hits per lookup of the cache', cache)),
      f('cache.<a>.lookups', '', 'lookups of the cache', cache),
    ],
  },
  {
    over: 'pool',
    families: [
      fraction(f('gpu.<p>.utilization', '', 'fraction of replica time spent in iterations')),
      f('gpu.<p>.batch.mean', '', 'sequences per iteration, averaged over busy time'),
      fraction(f('gpu.<p>.kv.mean', '', 'time-average KV-cache occupancy (fraction of memory)')),
      fraction(f('gpu.<p>.kv.max', '', "largest KV-cache occupancy seen (fraction of one replica's memory)")),
      f('gpu.<p>.queue.mean', '', 'time-average number of calls waiting for admission'),
      f('gpu.<p>.tokens_per_s', '1/s', 'output tokens produced per second'),
      f('gpu.<p>.preemptions', '', 'sequences preempted for memory'),
      fraction(f('gpu.<p>.prefix_hit_rate', '', 'fraction of prompt tokens served from the prefix cache', (x, p) => x.spec.pools[p]!.prefixCacheBlocks > 0)),
      f('gpu.<p>.replicas.mean', '', 'time-average number of billed replicas', poolReplicated),
      f('gpu.<p>.scale_events', '', 'scaling decisions after warm-up', poolReplicated),
      f('gpu.<p>.cold_starts', '', 'cold starts (with scale-to-zero)', (x, p) => poolCapacity(x, p)?.scaleToZero !== undefined),
      f('gpu.<p>.replica_failures', '', 'replica failures', (x, p) => poolCapacity(x, p)?.failures !== undefined),
      f('gpu.<p>.reclaims', '', 'spot replicas reclaimed', (x, p) => poolCapacity(x, p)?.spot !== undefined),
      f('gpu.<p>.lost.tokens', '', 'KV tokens to recompute after replica failures and reclaims', (x, p) => { const c = poolCapacity(x, p); return c !== undefined && (c.failures !== undefined || c.spot !== undefined); }),
    ],
  },
  {
    over: 'run',
    families: [
      f('errors.system', '', 'requests ended by a failed or timed-out call with nowhere to go', errorKinds),
      f('errors.cognitive', '', 'requests ended by max steps', errorKinds),
      fraction(f('error.rate.system', '', 'system errors per finished request', errorKinds)),
      fraction(f('error.rate.cognitive', '', 'cognitive errors per finished request', errorKinds)),
      f('retries', '', 'retries made', anyRetried),
      f('retry.rate', '', 'retries per call (all agents)', anyRetried),
      f('timeouts', '', 'calls abandoned by their timeout', anyTimed),
      f('wasted.seconds', 's', 'busy time spent on calls whose result was discarded', wastes),
    ],
  },
  {
    over: 'agent',
    families: [
      f('agent.<a>.retries', '', 'retries made at the agent', (x, a) => x.retried[a]!),
      f('agent.<a>.retry_rate', '', 'retries per call at the agent', (x, a) => x.retried[a]!),
      f('agent.<a>.timeouts', '', 'calls abandoned by their timeout at the agent', (x, a) => x.timed[a]!),
      f('agent.<a>.timeout_rate', '', 'timeouts per call at the agent', (x, a) => x.timed[a]!),
      f('agent.<a>.wasted.seconds', 's', 'busy time at the agent spent on discarded calls', (x, a) => wastes(x) && x.spec.agents[a]!.kind !== 'router'),
    ],
  },
  {
    over: 'run',
    families: [
      f('branches.cancelled', '', 'fork branches cancelled because their quorum was met', (x) => x.quorum),
      f('speculation.hits', '', 'speculative guesses that were right', (x) => x.speculates),
      f('speculation.misses', '', 'speculative guesses that were wrong', (x) => x.speculates),
      fraction(f('speculation.hit_rate', '', 'hits / (hits + misses)', (x) => x.speculates)),
      f('rate_limited', '', 'requests rejected by a rate limit or quota', (x) => x.limited.some((l) => l)),
    ],
  },
  {
    over: 'class',
    families: [
      f('class.<c>.rate_limited', '', 'requests of the class rejected by a rate limit or quota', (x, c) => x.limited[c]!),
      f('class.<c>.limiter.wait.mean', 's', 'time waiting for a token, over admitted requests', (x, c) => x.limited[c]!),
      f('class.<c>.cognitive', '', 'requests of the class that hit max steps', (x, c) => x.spec.classes[c]!.maxSteps !== undefined),
    ],
  },
  {
    over: 'run',
    families: [
      f('sessions', '', 'sessions ended after warm-up', (x) => x.sessions),
      f('session.turns.mean', '', 'turns per session', (x) => x.sessions),
      f('session.duration.mean', 's', "first turn's start to last turn's end", (x) => x.sessions),
      f('stopped', '', 'requests stopped by a budget', (x) => (x.spec.budgets ?? []).length > 0),
    ],
  },
  {
    over: 'budget',
    families: [
      f('budget.<b>.spent', (spec, b) => (spec.budgets![b]!.resource === 'cost' ? 'USD' : ''), 'cost (USD) or tokens taken from the budget'),
      f('budget.<b>.exhausted', '', 'calls that found the budget exhausted'),
      f('budget.<b>.stopped', '', 'requests stopped by the budget'),
      f('budget.<b>.degraded', '', 'calls sent to the cheaper agent', (x, b) => budget(x, b).onExhaustion.kind === 'degrade'),
      f('budget.<b>.deferred', '', 'calls deferred by the period budget', (x, b) => budget(x, b).onExhaustion.kind === 'defer' && budget(x, b).scope === 'period'),
      f('budget.<b>.defer.wait.mean', 's', 'mean wait of deferred calls', (x, b) => budget(x, b).onExhaustion.kind === 'defer' && budget(x, b).scope === 'period'),
    ],
  },
  // Added by models/coordination to the metrics of a run that replays a timeline, objectives or coordination.
  {
    over: 'objective',
    families: [
      fraction(f('objective.<o>.violated_share', '', 'share of judged windows that violated the objective')),
      f('objective.<o>.violation_time', 's', 'time covered by the violating windows'),
      f('objective.<o>.windows', '', 'windows judged'),
    ],
  },
  {
    over: 'direction',
    families: [
      f('coordination.<d>.requests', '', 'requests for actions sent in this direction (local, upstream, downstream, peer)'),
      f('coordination.<d>.accepted', '', 'of those, accepted'),
      f('coordination.<d>.denied', '', 'of those, denied'),
      f('coordination.<d>.recursed', '', 'of those, answered through a nested round'),
    ],
  },
] as const satisfies readonly MetricSection[];

/** A pattern of the catalogue, e.g. `agent.<a>.wait.mean`: the key of a metric family. */
export type MetricPattern = (typeof METRIC_CATALOGUE)[number]['families'][number]['pattern'];

/** The families a replication reports itself (the others are added by models/coordination). */
export type ReplicationPattern = Extract<(typeof METRIC_CATALOGUE)[number], { over: 'run' | 'agent' | 'class' | 'pool' | 'model' | 'budget' }>['families'][number]['pattern'];

const FAMILIES = new Map<string, MetricFamily<MetricPattern>>(METRIC_CATALOGUE.flatMap((s) => s.families.map((f: MetricFamily<MetricPattern>) => [f.pattern, f])));

/** The family declared under a pattern. */
export const familyOf = (pattern: MetricPattern): MetricFamily<MetricPattern> => FAMILIES.get(pattern)!;
