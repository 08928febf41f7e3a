// Worker-thread side of the replication pool: keeps each scenario it is sent (plain data, cloned
// as it is) and runs the replications it is asked for.

import { parentPort } from 'node:worker_threads';
import { runRecordedReplication, runReplication } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/index.js';
import type { ToMain, ToWorker } from './replication-pool.js';
import { postableError } from './thread-errors.js';

const scenarios = new Map<string, Scenario>();
const port = parentPort;
if (port === null) throw new Error('replication-worker must run in a worker thread');

port.on('message', (job: ToWorker) => {
  let reply: ToMain;
  try {
    if (job.scenario !== undefined) scenarios.set(job.key, job.scenario);
    const scenario = scenarios.get(job.key);
    if (scenario === undefined) throw new Error(`worker has no scenario for key ${job.key}`);
    if (job.recording === undefined) {
      reply = { kind: 'done', job: job.job, rows: runReplication(scenario, job.index, job.warmup) };
    } else {
      const { metrics, timeseries, requests } = runRecordedReplication(scenario, job.index, job.warmup, job.recording);
      reply = { kind: 'done', job: job.job, rows: metrics, recorded: { timeseries, requests } };
    }
  } catch (e) {
    reply = { kind: 'error', job: job.job, error: postableError(e) };
  }
  port.postMessage(reply);
});
