// Worker-thread side of the replication pool: keeps each scenario it is sent (recompiling rate
// expressions, which cannot cross threads as functions) and runs the replications it is asked for.

import { parentPort } from 'node:worker_threads';
import { runRecordedReplication, runReplication } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/types.js';
import type { ClassSpec } from '../sim/network/spec.js';
import { SimulationError } from '../sim/errors.js';
import type { PortableScenario, ToMain, ToWorker } from './replication-pool.js';

const scenarios = new Map<string, Scenario>();
const port = parentPort;
if (port === null) throw new Error('replication-worker must run in a worker thread');

/** Rebuilds rate functions; mathjs is loaded only when a scenario has a rate expression. */
async function revive(p: PortableScenario): Promise<Scenario> {
  const classes: ClassSpec[] = [];
  for (const c of p.network.classes) {
    if (c.arrivals.process !== 'varying') { classes.push(c as ClassSpec); continue; }
    const { compileExpression } = await import('../models/scenario/expr.js');
    const compiled = compileExpression(c.arrivals.expression);
    if (!compiled.ok) throw new Error(`rate expression failed to recompile in a worker: ${c.arrivals.expression}`);
    classes.push({ ...c, arrivals: { ...c.arrivals, rate: compiled.expression.evaluate } });
  }
  return { ...p, network: { ...p.network, classes } };
}

port.on('message', async (job: ToWorker) => {
  let reply: ToMain;
  try {
    if (job.scenario !== undefined) scenarios.set(job.key, await revive(job.scenario));
    const scenario = scenarios.get(job.key);
    if (scenario === undefined) throw new Error(`worker has no scenario for key ${job.key}`);
    if (job.recording === undefined) {
      reply = { kind: 'done', job: job.job, rows: runReplication(scenario, job.index, job.warmup) };
    } else {
      const { metrics, timeseries, requests } = runRecordedReplication(scenario, job.index, job.warmup, job.recording);
      reply = { kind: 'done', job: job.job, rows: metrics, recorded: { timeseries, requests } };
    }
  } catch (e) {
    const user = e instanceof SimulationError;
    reply = { kind: 'error', job: job.job, message: e instanceof Error ? (user ? e.message : e.stack ?? e.message) : String(e), user };
  }
  port.postMessage(reply);
});
