// Runs replication jobs for compare and sweep: in this thread when one thread is asked for (no
// worker start-up to pay), else on the shared worker pool. Either way rows come back in job order,
// so results do not depend on the thread count.

import { availableParallelism } from 'node:os';
import { agentArrivalRates } from '../models/analytic/traffic.js';
import type { MetricValue } from '../models/run/metrics.js';
import { NO_RECORDING, runRecordedReplication, type ReplicationOutput } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/index.js';
import { UsageError } from './errors.js';
import { runRecordedInWorkers, type ReplicationJob } from './replication-pool.js';

/** Expected events below which starting worker threads (~0.2-0.6 s each) costs more than it saves. */
const EVENTS_WORTH_THREADS = 2e7;

/** Rough event count of one replication: an arrival and a departure per visit. */
export function eventsPerReplication(s: Scenario): number {
  const { rates } = agentArrivalRates(s.network);
  return 2 * rates.reduce((a, b) => a + b, 0) * s.horizon;
}

/** `--workers`, or one thread per core when the work repays starting them. */
export function chooseThreads(requested: number | undefined, expectedEvents: number, jobs: number): number {
  if (requested !== undefined && !(Number.isInteger(requested) && requested >= 1)) {
    throw new UsageError(`--workers: expected a whole number of at least 1, found ${requested}`);
  }
  const threads = requested ?? (expectedEvents >= EVENTS_WORTH_THREADS ? availableParallelism() : 1);
  return Math.max(1, Math.min(threads, jobs));
}

/** Rows per job (undefined for jobs not run because `signal` aborted first). */
export async function runJobs(
  jobs: readonly ReplicationJob[], threads: number, onProgress: (done: number) => void, signal: AbortSignal,
): Promise<(MetricValue[] | undefined)[]> {
  return (await runRecordedJobs(jobs, threads, onProgress, signal)).map((o) => o?.metrics);
}

/** As runJobs, with what each job's `recording` asked for beside its metrics. */
export async function runRecordedJobs(
  jobs: readonly ReplicationJob[], threads: number, onProgress: (done: number) => void, signal: AbortSignal,
): Promise<(ReplicationOutput | undefined)[]> {
  if (threads > 1) return runRecordedInWorkers(jobs, threads, onProgress, signal);
  const out: (ReplicationOutput | undefined)[] = new Array(jobs.length).fill(undefined);
  for (let i = 0; i < jobs.length; i++) {
    // Yield between replications so Ctrl-C is seen.
    await new Promise((r) => setImmediate(r));
    if (signal.aborted) break;
    const job = jobs[i]!;
    out[i] = runRecordedReplication(job.scenario, job.index, job.warmup, job.recording ?? NO_RECORDING);
    onProgress(i + 1);
  }
  return out;
}
