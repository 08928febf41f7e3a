// How the sampled backend gets replications run: an injected executor (worker threads live in the
// shell), or this one, in the calling thread. Every executor returns rows in job order, so answers
// do not depend on which one ran them.

import type { MetricValue } from '../../run/metrics.js';
import { runReplication } from '../../run/replicate.js';
import type { Scenario } from '../../scenario/index.js';

export interface ReplicationJob {
  /** Identifies the scenario: jobs with equal keys carry the same scenario. */
  readonly key: string;
  readonly scenario: Scenario;
  readonly index: number;
  readonly warmup: number;
}

/**
 * Runs jobs, starting no new job once `stop()` is true; undefined for jobs not run. Rows come
 * back in job order whatever the executor's parallelism.
 */
export type ReplicationExecutor = (jobs: readonly ReplicationJob[], stop: () => boolean) => Promise<(MetricValue[] | undefined)[]>;

export const inProcessExecutor: ReplicationExecutor = async (jobs, stop) => {
  const rows: (MetricValue[] | undefined)[] = [];
  for (const j of jobs) rows.push(stop() ? undefined : runReplication(j.scenario, j.index, j.warmup));
  return rows;
};
