// Which analytic figure answers which metric name: latency, throughput and losses overall and per
// class, each agent's queueing figures and effects, caches' hit rates; counts as rate x observed time.

import { exact, rough, weightedSum, type Figure } from '../analytic/figures.js';
import type { ClassFigures, NetworkAnalysis } from '../analytic/network.js';
import type { Scenario } from '../scenario/types.js';
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

/** The analytic figure for one metric of one scenario, or why there is none. */
export function lookup(a: NetworkAnalysis, s: Scenario, metric: string): Lookup {
  if (a.kind === 'unsupported') return declined(`outside the analytic model: ${a.reasons.join('; ')}`);
  if (a.kind === 'unstable') return { kind: 'unstable', why: a.reasons.join('; ') };
  const fig = (figure: Figure | undefined): Lookup => (figure === undefined ? declined(`no analytic figure for ${metric}`) : { kind: 'figure', figure });
  const effect = parseEffect(metric);
  if (effect !== undefined) return fig(a.agents.get(effect.from)?.out.get(effect.to) ?? exact(0));
  const parts = metric.split('.');
  const latency = (l: ClassFigures, stat: string) => fig(stat === 'mean' ? l.mean : l.percentiles.get(stat));
  const o = a.overall;
  switch (metric) {
    case 'throughput': return fig(o.throughput);
    case 'completed': return count(s, o.throughput);
    case 'rejected': return count(s, weightedSum([[offeredRate(s), o.rejectedFraction]]));
    case 'rejected.fraction': return fig(rejectedAmongUnfailed(o));
    case 'failed': return count(s, weightedSum([[offeredRate(s), o.failedFraction]]));
    case 'error.rate': return fig(weightedSum([[1, o.rejectedFraction], [1, o.failedFraction]]));
    default: break;
  }
  if (parts[0] === 'e2e') return latency(o, parts[1]!);
  if (parts[0] === 'agent') {
    const x = a.agents.get(parts[1]!);
    const agent = s.network.agents.find((g) => g.name === parts[1]);
    if (x === undefined || agent === undefined) return declined(`no analytic figure for ${metric}`);
    switch (parts.slice(2).join('.')) {
      case 'wait.mean': return fig(x.wait);
      case 'service.mean': return fig(x.service);
      case 'sojourn.mean': return fig(x.sojourn);
      case 'sojourn.p95': return fig(x.sojournP95);
      case 'queue.mean': return fig(x.queue);
      case 'utilization': return fig(x.utilization);
      case 'throughput': return fig(x.throughput);
      case 'blocking': return fig(x.blocking);
      case 'rejected': return count(s, weightedSum([[x.arrivalRate, x.blocking]]));
      case 'failure_rate': return fig(exact(agent.failure));
      case 'failures': return count(s, weightedSum([[agent.failure, x.throughput]]));
      default: return declined(`no analytic figure for ${metric}`);
    }
  }
  if (parts[0] === 'cache') {
    const agent = s.network.agents.find((g) => g.name === parts[1]);
    const x = a.agents.get(parts[1]!);
    if (agent?.kind !== 'cache' || agent.policy.kind !== 'probability' || x === undefined) return declined(`no analytic figure for ${metric}`);
    if (parts[2] === 'hit_rate') return fig(exact(agent.policy.hit));
    if (parts[2] === 'lookups') return count(s, x.throughput);
    return declined(`no analytic figure for ${metric}`);
  }
  if (parts[0] === 'class') {
    const c = a.classes.get(parts[1]!);
    if (c === undefined) return declined(`no analytic figure for ${metric}`);
    switch (parts.slice(2).join('.')) {
      case 'throughput': return fig(c.throughput);
      case 'rejected': return count(s, weightedSum([[offeredRate(s, parts[1]), c.rejectedFraction]]));
      case 'failed': return count(s, weightedSum([[offeredRate(s, parts[1]), c.failedFraction]]));
      default: break;
    }
    if (parts[2] === 'e2e') return latency(c, parts[3]!);
  }
  return declined(`no analytic figure for ${metric} (it is not a steady-state queueing quantity of the closed forms)`);
}
