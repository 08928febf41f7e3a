// Metrics of request-flow control (docs/workflows.md): errors by kind, retries and timeouts, wasted
// work, quorum cancellations, speculation, rate limits, sessions and budgets. Each group appears
// only when the scenario configures what it measures, so other scenarios' results are unchanged.

import type { NetworkSpec } from '../../sim/network/spec.js';
import type { ReplicationStats } from '../../sim/network/record/stats.js';
import type { MetricValue, Unit } from './metrics.js';

const ratio = (num: number, den: number): number => (den > 0 ? num / den : NaN);
const total = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);

/** Errors ending requests: system (failed calls) and cognitive (max steps), for `failed` and `error.rate`. */
export function errorCounts(s: ReplicationStats): { system: number; cognitive: number; stopped: number } {
  return { system: s.classes.reduce((n, c) => n + c.failed, 0), cognitive: total(s.flow.cognitive), stopped: total(s.flow.stopped) };
}

export function flowMetrics(spec: NetworkSpec, s: ReplicationStats, out: MetricValue[]): void {
  const push = (name: string, unit: Unit, value: number) => { out.push({ name, unit, value }); };
  const f = s.flow;
  const ag = s.agents;
  const agents = spec.agents;
  const timed = agents.map((a) => a.kind !== 'router' && a.timeout !== undefined && Number.isFinite(a.timeout));
  const retried = agents.map((a) => a.retry !== undefined && a.retry.max > 0);
  const stepLimited = spec.classes.some((c) => c.maxSteps !== undefined);
  const routes = [...agents.flatMap((a) => [a.next, a.onFailure]), ...spec.classes.flatMap((c) => c.routes)];
  const kinds = new Set<string>();
  const visit = (r: (typeof routes)[number]): void => {
    if (r === undefined) return;
    if (r.kind === 'fork' && r.need !== undefined && r.need < r.branches.length) kinds.add('quorum');
    if (r.kind === 'speculate') kinds.add('speculate');
    if (r.kind === 'fork' || r.kind === 'speculate') visit(r.then);
    if (r.kind === 'condition') { r.rules.forEach((rule) => visit(rule.then)); visit(r.otherwise); }
  };
  routes.forEach(visit);
  agents.forEach((a) => { if (a.kind === 'cache') visit(a.onHit); });
  const attempts = (a: number) => ag.departures[a]! + f.timeouts[a]!;

  const errors = errorCounts(s);
  if (timed.some((t) => t) || retried.some((r) => r) || stepLimited) {
    const finished = s.classes.reduce((n, c) => n + c.completed + c.rejected, 0) + errors.system + errors.cognitive + errors.stopped;
    push('errors.system', '', errors.system);
    push('errors.cognitive', '', errors.cognitive);
    push('error.rate.system', '', ratio(errors.system, finished));
    push('error.rate.cognitive', '', ratio(errors.cognitive, finished));
  }
  if (retried.some((r) => r)) {
    let calls = 0;
    agents.forEach((_, a) => { calls += attempts(a); });
    push('retries', '', total(f.retries));
    push('retry.rate', '', ratio(total(f.retries), calls));
  }
  if (timed.some((t) => t)) push('timeouts', '', total(f.timeouts));
  const wastes = timed.some((t) => t) || kinds.size > 0;
  if (wastes) push('wasted.seconds', 's', total(f.wasted));
  agents.forEach((agent, a) => {
    const p = `agent.${agent.name}`;
    if (retried[a]) {
      push(`${p}.retries`, '', f.retries[a]!);
      push(`${p}.retry_rate`, '', ratio(f.retries[a]!, attempts(a)));
    }
    if (timed[a]) {
      push(`${p}.timeouts`, '', f.timeouts[a]!);
      push(`${p}.timeout_rate`, '', ratio(f.timeouts[a]!, attempts(a)));
    }
    if (wastes && agent.kind !== 'router') push(`${p}.wasted.seconds`, 's', f.wasted[a]!);
  });
  if (kinds.has('quorum')) push('branches.cancelled', '', f.cancelled);
  if (kinds.has('speculate')) {
    push('speculation.hits', '', f.speculationHits);
    push('speculation.misses', '', f.speculationMisses);
    push('speculation.hit_rate', '', ratio(f.speculationHits, f.speculationHits + f.speculationMisses));
  }

  const quota = new Set((spec.quotas ?? []).flatMap((q) => q.classes));
  const limited = spec.classes.map((c, i) => c.rateLimit !== undefined || quota.has(i));
  if (limited.some((l) => l)) push('rate_limited', '', total(f.rateLimited));
  spec.classes.forEach((cls, c) => {
    const p = `class.${cls.name}`;
    if (limited[c]) {
      push(`${p}.rate_limited`, '', f.rateLimited[c]!);
      push(`${p}.limiter.wait.mean`, 's', ratio(f.limiterWaitSum[c]!, f.limiterAdmitted[c]!));
    }
    if (cls.maxSteps !== undefined) push(`${p}.cognitive`, '', f.cognitive[c]!);
  });

  if (spec.classes.some((c) => c.arrivals.process === 'sessions')) {
    push('sessions', '', f.sessions);
    push('session.turns.mean', '', ratio(f.sessionTurns, f.sessions));
    push('session.duration.mean', 's', ratio(f.sessionDurationSum, f.sessions));
  }

  const budgets = spec.budgets ?? [];
  if (budgets.length > 0) push('stopped', '', errors.stopped);
  budgets.forEach((b, i) => {
    const p = `budget.${b.name}`;
    push(`${p}.spent`, b.resource === 'cost' ? 'USD' : '', f.budgetSpent[i]!);
    push(`${p}.exhausted`, '', f.budgetExhausted[i]!);
    push(`${p}.stopped`, '', f.budgetStopped[i]!);
    if (b.onExhaustion.kind === 'degrade') push(`${p}.degraded`, '', f.budgetDegraded[i]!);
    if (b.onExhaustion.kind === 'defer' && b.scope === 'period') {
      push(`${p}.deferred`, '', f.budgetDeferred[i]!);
      push(`${p}.defer.wait.mean`, 's', ratio(f.budgetDeferWaitSum[i]!, f.budgetReleased[i]!));
    }
  });
}
