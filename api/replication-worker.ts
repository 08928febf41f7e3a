// Worker-thread side of the replication pool: keeps each scenario it is sent (plain data, cloned
// as it is) and runs the replications it is asked for. The scenario loader, and mathjs with it
// (~0.5 s to load), is imported only for a scenario with a rate expression to compile.

import { parentPort } from 'node:worker_threads';
import { NO_RECORDING, runRecordedReplication } from '../models/run/replication-unit.js';
import type { Scenario } from '../models/scenario/index.js';
import { rateExpressions, type CompileRate } from '../sim/network/arrival-process.js';
import type { ToMain, ToWorker } from './replication-pool.js';
import { postableError } from './thread-errors.js';

interface Held {
  readonly scenario: Scenario;
  readonly compileRate: CompileRate | undefined;
}

const held = new Map<string, Held>();
const port = parentPort;
if (port === null) throw new Error('replication-worker must run in a worker thread');

async function hold(scenario: Scenario): Promise<Held> {
  const needed = rateExpressions(scenario.network).length > 0;
  return { scenario, compileRate: needed ? (await import('../models/scenario/index.js')).compileRate : undefined };
}

// The pool sends a worker its next job only after the previous reply, so jobs never overlap here.
port.on('message', async (job: ToWorker) => {
  let reply: ToMain;
  try {
    if (job.scenario !== undefined) held.set(job.key, await hold(job.scenario));
    const h = held.get(job.key);
    if (h === undefined) throw new Error(`worker has no scenario for key ${job.key}`);
    const { metrics, timeseries, requests } = runRecordedReplication(h.scenario, job.index, job.warmup, job.recording ?? NO_RECORDING, h.compileRate);
    reply = job.recording === undefined ? { kind: 'done', job: job.job, rows: metrics } : { kind: 'done', job: job.job, rows: metrics, recorded: { timeseries, requests } };
  } catch (e) {
    reply = { kind: 'error', job: job.job, error: postableError(e) };
  }
  port.postMessage(reply);
});
