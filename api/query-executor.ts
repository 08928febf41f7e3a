// The sampled backend's replications on worker threads: the shared replication pool, stopped when
// the backend's stop condition (its wall-clock budget) becomes true. Rows come back in job order,
// so answers are identical whatever the number of threads.

import { availableParallelism } from 'node:os';
import type { ReplicationExecutor } from '../models/query/index.js';
import { inProcessExecutor } from '../models/query/index.js';
import { UsageError } from './errors.js';
import { runInWorkers } from './replication-pool.js';

/** How often a running pool checks the stop condition. */
const POLL_MS = 25;

export function workerExecutor(threads: number, onProgress: (done: number, total: number) => void = () => {}): ReplicationExecutor {
  // In this thread, one job at a time, yielding between them so the progress line is drawn.
  if (threads <= 1) {
    return async (jobs, stop) => {
      const rows: Awaited<ReturnType<ReplicationExecutor>> = [];
      for (const job of jobs) {
        rows.push(...await inProcessExecutor([job], stop));
        onProgress(rows.length, jobs.length);
        await new Promise((r) => setImmediate(r));
      }
      return rows;
    };
  }
  return async (jobs, stop) => {
    const controller = new AbortController();
    const timer = setInterval(() => { if (stop()) controller.abort(); }, POLL_MS);
    try {
      if (stop()) return jobs.map(() => undefined);
      return await runInWorkers(jobs, threads, (done) => onProgress(done, jobs.length), controller.signal);
    } finally {
      clearInterval(timer);
    }
  };
}

/** --workers, checked; the default is one thread per core. */
export function threadCount(workers: number | undefined): number {
  if (workers === undefined) return availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new UsageError(`--workers: expected a whole number of at least 1, found ${workers}`);
  return workers;
}
