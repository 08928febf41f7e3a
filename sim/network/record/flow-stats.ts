// What request-flow control measures since the last reset (warm-up): retries, timeouts and wasted
// work per agent; errors, rate limiting and limiter waits per class; quorum cancellations,
// speculation, sessions and budgets.

import type { NetworkSpec } from '../spec.js';

export interface FlowStats {
  // Per agent.
  readonly timeouts: Float64Array;
  readonly retries: Float64Array;
  /** Busy time of calls whose result was discarded (abandoned, cancelled, a wrong guess). */
  readonly wasted: Float64Array;
  // Per class.
  readonly cognitive: Float64Array;
  readonly stopped: Float64Array;
  readonly rateLimited: Float64Array;
  /** Admission delay of requests admitted by the rate limit (0 when admitted at once), and their number. */
  readonly limiterWaitSum: Float64Array;
  readonly limiterAdmitted: Float64Array;
  // Per budget.
  /** Checks the budget failed (its action then ran), and what the action did. */
  readonly budgetExhausted: Float64Array;
  readonly budgetSpent: Float64Array;
  readonly budgetDegraded: Float64Array;
  readonly budgetStopped: Float64Array;
  readonly budgetDeferred: Float64Array;
  /** Deferred calls let through, and the time they waited. */
  readonly budgetReleased: Float64Array;
  readonly budgetDeferWaitSum: Float64Array;
  // Totals.
  cancelled: number;
  speculationHits: number;
  speculationMisses: number;
  /** Sessions ended, their turns and their durations (first turn's start to last turn's end). */
  sessions: number;
  sessionTurns: number;
  sessionDurationSum: number;
  reset(): void;
}

export function emptyFlowStats(spec: NetworkSpec): FlowStats {
  const nA = spec.agents.length, nC = spec.classes.length, nB = spec.budgets?.length ?? 0;
  const arrays = {
    timeouts: new Float64Array(nA), retries: new Float64Array(nA), wasted: new Float64Array(nA),
    cognitive: new Float64Array(nC), stopped: new Float64Array(nC), rateLimited: new Float64Array(nC),
    limiterWaitSum: new Float64Array(nC), limiterAdmitted: new Float64Array(nC),
    budgetExhausted: new Float64Array(nB), budgetSpent: new Float64Array(nB), budgetDegraded: new Float64Array(nB),
    budgetStopped: new Float64Array(nB), budgetDeferred: new Float64Array(nB), budgetReleased: new Float64Array(nB),
    budgetDeferWaitSum: new Float64Array(nB),
  };
  return {
    ...arrays,
    cancelled: 0, speculationHits: 0, speculationMisses: 0, sessions: 0, sessionTurns: 0, sessionDurationSum: 0,
    reset() {
      for (const a of Object.values(arrays)) a.fill(0);
      this.cancelled = this.speculationHits = this.speculationMisses = 0;
      this.sessions = this.sessionTurns = this.sessionDurationSum = 0;
    },
  };
}
