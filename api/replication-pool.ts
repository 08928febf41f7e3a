// Replications spread over worker threads. Each job names its scenario and replication index;
// results come back in job order, so they are identical whatever the number of threads. A scenario
// crosses to a worker once, as it is: the scenario is plain data (its rate expressions are text,
// compiled inside each replication).

import { Worker } from 'node:worker_threads';
import type { MetricValue } from '../models/run/metrics.js';
import type { Recording, ReplicationOutput } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/index.js';
import { receivedError, type ThreadError } from './thread-errors.js';

export interface ReplicationJob {
  /** Identifies the scenario: jobs with equal keys must carry the same scenario. */
  readonly key: string;
  readonly scenario: Scenario;
  readonly index: number;
  readonly warmup: number;
  /** What to record beyond the metrics (time series, request rows); nothing when absent. */
  readonly recording?: Recording;
}

/** Messages between the pool and its workers. */
export interface ToWorker {
  readonly job: number;
  readonly key: string;
  /** Sent with the first job of each key a worker receives. */
  readonly scenario: Scenario | undefined;
  readonly index: number;
  readonly warmup: number;
  readonly recording?: Recording;
}
export type ToMain =
  | { readonly kind: 'done'; readonly job: number; readonly rows: MetricValue[]; readonly recorded?: Omit<ReplicationOutput, 'metrics'> }
  | { readonly kind: 'error'; readonly job: number; readonly error: ThreadError };

const WORKER = new URL('./replication-worker.js', import.meta.url);

/**
 * Runs the jobs on `threads` workers. Resolves with one row set per job (undefined for jobs not
 * run because `signal` aborted first); rejects on the first failing job.
 */
export async function runInWorkers(
  jobs: readonly ReplicationJob[],
  threads: number,
  onProgress: (done: number) => void,
  signal: AbortSignal | undefined,
): Promise<(MetricValue[] | undefined)[]> {
  return (await runRecordedInWorkers(jobs, threads, onProgress, signal)).map((o) => o?.metrics);
}

/** As runInWorkers, with each job's recordings (those its `recording` asked for) beside its metrics. */
export async function runRecordedInWorkers(
  jobs: readonly ReplicationJob[],
  threads: number,
  onProgress: (done: number) => void,
  signal: AbortSignal | undefined,
): Promise<(ReplicationOutput | undefined)[]> {
  const results: (ReplicationOutput | undefined)[] = new Array(jobs.length).fill(undefined);
  const workers = Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, () => ({ thread: new Worker(WORKER), sent: new Set<string>() }));
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      if (jobs.length === 0) { resolve(); return; }
      const feed = (w: (typeof workers)[number]): void => {
        if (signal?.aborted === true || next >= jobs.length) return;
        const job = next++;
        const { key, scenario, index, warmup, recording } = jobs[job]!;
        let sendScenario: Scenario | undefined;
        if (!w.sent.has(key)) {
          sendScenario = scenario;
          w.sent.add(key);
        }
        w.thread.postMessage({ job, key, scenario: sendScenario, index, warmup, ...(recording === undefined ? {} : { recording }) } satisfies ToWorker);
      };
      signal?.addEventListener('abort', () => resolve(), { once: true });
      for (const w of workers) {
        w.thread.on('message', (m: ToMain) => {
          if (m.kind === 'error') {
            reject(receivedError(m.error));
            return;
          }
          results[m.job] = { metrics: m.rows, timeseries: m.recorded?.timeseries, requests: m.recorded?.requests };
          onProgress(++done);
          if (done === jobs.length) resolve();
          else feed(w);
        });
        w.thread.on('error', reject);
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.thread.terminate()));
  }
  return results;
}
