// Which analytic figure answers which metric: per catalogue family, latency, throughput and losses
// overall and per class, each agent's queueing figures and effects, caches' hit rates; counts as
// rate x observed time.

import { exact, rough, weightedSum, type Figure } from '../analytic/figures.js';
import type { AgentFigures, ClassFigures, NetworkAnalysis } from '../analytic/network.js';
import { parseMetricName } from '../run/declared-metrics.js';
import type { MetricPattern } from '../run/metric-catalogue.js';
import type { Scenario } from '../scenario/index.js';
import type { AgentSpec } from '../../sim/network/spec.js';
import { parseEffect } from './catalogue.js';
import { constantRate } from '../../sim/network/arrival-process.js';

export type Lookup =
  | { readonly kind: 'figure'; readonly figure: Figure }
  | { readonly kind: 'unstable'; readonly why: string }
  | { readonly kind: 'declined'; readonly why: string };

export const declined = (why: string): Lookup => ({ kind: 'declined', why });

/** A count over the observed time (horizon minus a fixed warm-up) is its rate times that time. */
function count(s: Scenario, rate: Figure): Lookup {
  if (s.warmup.mode !== 'fixed') return declined('counts depend on the observed time, which warmup: auto decides at run time');
  return { kind: 'figure', figure: weightedSum([[s.horizon - s.warmup.seconds, rate]]) };
}

/** rejected / (completed + rejected): rejections among requests that did not fail. */
function rejectedAmongUnfailed(c: ClassFigures): Figure {
  const r = c.rejectedFraction;
  const f = c.failedFraction;
  if (r.kind === 'none' || f.kind === 'none') return r.kind === 'none' ? r : f;
  const value = r.value / (1 - f.value);
  return r.kind === 'exact' && f.kind === 'exact' ? exact(value) : rough(value, 'a ratio of approximate fractions');
}

function offeredRate(s: Scenario, name?: string): number {
  return s.network.classes
    .filter((c) => name === undefined || c.name === name)
    .reduce((sum, c) => sum + constantRate(c.arrivals), 0);
}

type Analysed = Extract<NetworkAnalysis, { kind: 'ok' }>;

/** A metric to answer: the analysis, the scenario, the metric's name and the entity it is measured on. */
interface Asked {
  readonly a: Analysed;
  readonly s: Scenario;
  readonly metric: string;
  readonly entity: string;
}

const noFigure = (q: Asked): Lookup => declined(`no analytic figure for ${q.metric}`);
const fig = (q: Asked, figure: Figure | undefined): Lookup => (figure === undefined ? noFigure(q) : { kind: 'figure', figure });
const latency = (q: Asked, l: ClassFigures, stat: string): Lookup => fig(q, stat === 'mean' ? l.mean : l.percentiles.get(stat));

/** An agent's figure, when the analysis has the agent. */
const ofAgent = (answer: (x: AgentFigures, agent: AgentSpec, q: Asked) => Lookup) => (q: Asked): Lookup => {
  const x = q.a.agents.get(q.entity);
  const agent = q.s.network.agents.find((g) => g.name === q.entity);
  return x === undefined || agent === undefined ? noFigure(q) : answer(x, agent, q);
};

/** A probability cache's figure. */
const ofCache = (answer: (x: AgentFigures, hit: number, q: Asked) => Lookup) => (q: Asked): Lookup => {
  const agent = q.s.network.agents.find((g) => g.name === q.entity);
  const x = q.a.agents.get(q.entity);
  return agent?.kind !== 'cache' || agent.policy.kind !== 'probability' || x === undefined ? noFigure(q) : answer(x, agent.policy.hit, q);
};

/** A class's figure, when the analysis has the class. */
const ofClass = (answer: (c: ClassFigures, q: Asked) => Lookup) => (q: Asked): Lookup => {
  const c = q.a.classes.get(q.entity);
  return c === undefined ? noFigure(q) : answer(c, q);
};

/** The catalogue families the closed forms answer, each with its figure. */
const FIGURES: Partial<Record<MetricPattern, (q: Asked) => Lookup>> = {
  'throughput': (q) => fig(q, q.a.overall.throughput),
  'completed': (q) => count(q.s, q.a.overall.throughput),
  'rejected': (q) => count(q.s, weightedSum([[offeredRate(q.s), q.a.overall.rejectedFraction]])),
  'rejected.fraction': (q) => fig(q, rejectedAmongUnfailed(q.a.overall)),
  'failed': (q) => count(q.s, weightedSum([[offeredRate(q.s), q.a.overall.failedFraction]])),
  'error.rate': (q) => fig(q, weightedSum([[1, q.a.overall.rejectedFraction], [1, q.a.overall.failedFraction]])),
  'e2e.mean': (q) => latency(q, q.a.overall, 'mean'),
  'e2e.p50': (q) => latency(q, q.a.overall, 'p50'),
  'e2e.p95': (q) => latency(q, q.a.overall, 'p95'),
  'e2e.p99': (q) => latency(q, q.a.overall, 'p99'),
  'agent.<a>.wait.mean': ofAgent((x, _, q) => fig(q, x.wait)),
  'agent.<a>.wait.probability': ofAgent((x, _, q) => fig(q, x.waitProbability)),
  'agent.<a>.service.mean': ofAgent((x, _, q) => fig(q, x.service)),
  'agent.<a>.sojourn.mean': ofAgent((x, _, q) => fig(q, x.sojourn)),
  'agent.<a>.sojourn.p95': ofAgent((x, _, q) => fig(q, x.sojournP95)),
  'agent.<a>.queue.mean': ofAgent((x, _, q) => fig(q, x.queue)),
  'agent.<a>.utilization': ofAgent((x, _, q) => fig(q, x.utilization)),
  'agent.<a>.throughput': ofAgent((x, _, q) => fig(q, x.throughput)),
  'agent.<a>.blocking': ofAgent((x, _, q) => fig(q, x.blocking)),
  'agent.<a>.rejected': ofAgent((x, _, q) => count(q.s, weightedSum([[x.arrivalRate, x.blocking]]))),
  'agent.<a>.failure_rate': ofAgent((_, agent, q) => fig(q, exact(agent.failure))),
  'agent.<a>.failures': ofAgent((x, agent, q) => count(q.s, weightedSum([[agent.failure, x.throughput]]))),
  'cache.<a>.hit_rate': ofCache((_, hit, q) => fig(q, exact(hit))),
  'cache.<a>.lookups': ofCache((x, _, q) => count(q.s, x.throughput)),
  'class.<c>.throughput': ofClass((c, q) => fig(q, c.throughput)),
  'class.<c>.rejected': ofClass((c, q) => count(q.s, weightedSum([[offeredRate(q.s, q.entity), c.rejectedFraction]]))),
  'class.<c>.failed': ofClass((c, q) => count(q.s, weightedSum([[offeredRate(q.s, q.entity), c.failedFraction]]))),
  'class.<c>.e2e.mean': ofClass((c, q) => latency(q, c, 'mean')),
  'class.<c>.e2e.p50': ofClass((c, q) => latency(q, c, 'p50')),
  'class.<c>.e2e.p95': ofClass((c, q) => latency(q, c, 'p95')),
  'class.<c>.e2e.p99': ofClass((c, q) => latency(q, c, 'p99')),
};

/** Why a metric the closed forms do not answer has no figure: per agent and cache, or of a class the analysis lacks, briefly. */
function unanswered(q: Asked): Lookup {
  const [scope, name] = q.metric.split('.');
  if (scope === 'agent' || scope === 'cache' || (scope === 'class' && !q.a.classes.has(name!))) return noFigure(q);
  return declined(`no analytic figure for ${q.metric} (it is not a steady-state queueing quantity of the closed forms)`);
}

/** The analytic figure for one metric of one scenario, or why there is none. */
export function lookup(a: NetworkAnalysis, s: Scenario, metric: string): Lookup {
  if (a.kind === 'unsupported') return declined(`outside the analytic model: ${a.reasons.join('; ')}`);
  if (a.kind === 'unstable') return { kind: 'unstable', why: a.reasons.join('; ') };
  const effect = parseEffect(metric);
  if (effect !== undefined) return { kind: 'figure', figure: a.agents.get(effect.from)?.out.get(effect.to) ?? exact(0) };
  const parsed = parseMetricName(metric);
  const q: Asked = { a, s, metric, entity: parsed?.entity ?? '' };
  const answer = parsed === undefined ? undefined : FIGURES[parsed.pattern];
  return answer === undefined ? unanswered(q) : answer(q);
}
