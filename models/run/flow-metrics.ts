// Values of the request-flow control metrics (docs/workflows.md): errors by kind, retries and
// timeouts, wasted work, quorum cancellations, speculation, rate limits, sessions and budgets.
// Which of them a scenario reports (only what it configures) is declared in metric-catalogue.ts.

import type { ReplicationPattern } from './metric-catalogue.js';
import { ratio, total, type Measured, type ValueOf } from './measured.js';

/** Calls made at agent a: served, plus abandoned by a timeout. */
const attempts = (m: Measured, a: number) => m.s.agents.departures[a]! + m.s.flow.timeouts[a]!;

export const FLOW_VALUES = {
  'errors.system': (m) => m.errors.system,
  'errors.cognitive': (m) => m.errors.cognitive,
  'error.rate.system': (m) => ratio(m.errors.system, m.finished),
  'error.rate.cognitive': (m) => ratio(m.errors.cognitive, m.finished),
  'retries': (m) => total(m.s.flow.retries),
  'retry.rate': (m) => ratio(total(m.s.flow.retries), m.spec.agents.reduce((n, _, a) => n + attempts(m, a), 0)),
  'timeouts': (m) => total(m.s.flow.timeouts),
  'wasted.seconds': (m) => total(m.s.flow.wasted),
  'agent.<a>.retries': (m, a) => m.s.flow.retries[a]!,
  'agent.<a>.retry_rate': (m, a) => ratio(m.s.flow.retries[a]!, attempts(m, a)),
  'agent.<a>.timeouts': (m, a) => m.s.flow.timeouts[a]!,
  'agent.<a>.timeout_rate': (m, a) => ratio(m.s.flow.timeouts[a]!, attempts(m, a)),
  'agent.<a>.wasted.seconds': (m, a) => m.s.flow.wasted[a]!,
  'branches.cancelled': (m) => m.s.flow.cancelled,
  'speculation.hits': (m) => m.s.flow.speculationHits,
  'speculation.misses': (m) => m.s.flow.speculationMisses,
  'speculation.hit_rate': (m) => ratio(m.s.flow.speculationHits, m.s.flow.speculationHits + m.s.flow.speculationMisses),
  'rate_limited': (m) => total(m.s.flow.rateLimited),
  'class.<c>.rate_limited': (m, c) => m.s.flow.rateLimited[c]!,
  'class.<c>.limiter.wait.mean': (m, c) => ratio(m.s.flow.limiterWaitSum[c]!, m.s.flow.limiterAdmitted[c]!),
  'class.<c>.cognitive': (m, c) => m.s.flow.cognitive[c]!,
  'sessions': (m) => m.s.flow.sessions,
  'session.turns.mean': (m) => ratio(m.s.flow.sessionTurns, m.s.flow.sessions),
  'session.duration.mean': (m) => ratio(m.s.flow.sessionDurationSum, m.s.flow.sessions),
  'stopped': (m) => m.errors.stopped,
  'budget.<b>.spent': (m, b) => m.s.flow.budgetSpent[b]!,
  'budget.<b>.exhausted': (m, b) => m.s.flow.budgetExhausted[b]!,
  'budget.<b>.stopped': (m, b) => m.s.flow.budgetStopped[b]!,
  'budget.<b>.degraded': (m, b) => m.s.flow.budgetDegraded[b]!,
  'budget.<b>.deferred': (m, b) => m.s.flow.budgetDeferred[b]!,
  'budget.<b>.defer.wait.mean': (m, b) => ratio(m.s.flow.budgetDeferWaitSum[b]!, m.s.flow.budgetReleased[b]!),
} satisfies Partial<Record<ReplicationPattern, ValueOf>>;
