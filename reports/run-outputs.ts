// What `apmsim run --out DIR` writes beside results.json: the Arrow data files and report.html,
// from the replications' recordings. The same RunData feeds the files and the report, so a report
// rebuilt from the files (`apmsim report DIR`) is the same page.

import { formatLog, type NegotiationLog } from '../models/coordination/log.js';
import type { ReplicationOutput } from '../models/run/replicate.js';
import type { Results } from '../models/run/results.js';
import type { Scenario } from '../models/scenario/index.js';
import { arrowFileBytes } from './arrow/columns.js';
import { latencyTable } from './arrow/latency.js';
import { metricsTable } from './arrow/metrics.js';
import { negotiationTable } from './arrow/negotiation.js';
import { requestsTable, type RequestRowsData } from './arrow/requests.js';
import { timeseriesTable } from './arrow/timeseries.js';
import { latencyDigest } from '../models/run/latency-digest.js';
import { normalisedLog, objectivesOf } from './negotiation.js';
import type { RecordedSeries, ReplicationSeries, RunData, SeriesAgent, SloBound } from './run-data.js';
import type { Timeseries } from '../sim/network/record/recorders.js';
import { buildReport } from './run-report.js';
import { OutputSet } from './output-folder.js';

/** Every file name `run --out` may write, in the order it writes them. */
export const RUN_FILES = [
  'results.json', 'metrics.arrow', 'timeseries.arrow', 'latency.arrow', 'requests.arrow', 'negotiation.json', 'negotiation.arrow', 'report.html',
] as const;

export interface RunOutputOptions {
  /** Write requests.arrow (`--trace`). */
  readonly writeRequests: boolean;
  /** Why something was not recorded, shown in the report. */
  readonly notes: readonly string[];
}

export interface WrittenOutputs {
  /** Files written, results.json first. */
  readonly files: readonly string[];
  readonly chartWarnings: readonly string[];
}

/** Agents as the time series describes them: servers (per replica) for agents that have them, an LLM agent's GPU pool. */
export function seriesAgents(s: Scenario): SeriesAgent[] {
  return s.network.agents.map((a) => ({
    name: a.name,
    servers: 'servers' in a && typeof a.servers === 'number' ? a.servers : null,
    pool: a.kind === 'llm' ? s.network.pools[a.pool]!.name : null,
  }));
}

/**
 * One replication's recording as the data files hold it: per agent, the replicas of the station or,
 * for an LLM agent, of its GPU pool (the engine keeps pools apart: NaN at LLM agents).
 */
function replicationSeries(s: Scenario, t: Timeseries): ReplicationSeries {
  const agents = s.network.agents, A = agents.length, P = s.network.pools.length, W = t.arrivals.length;
  const replicas = new Float64Array(W * A);
  const pool = () => new Float64Array(W * A).fill(NaN);
  const poolQueue = pool(), poolRunning = pool(), poolKv = pool(), poolBusy = pool(), poolPreemptions = pool();
  for (let w = 0; w < W; w++) {
    agents.forEach((a, i) => {
      const at = w * A + i;
      if (a.kind !== 'llm') { replicas[at] = t.replicas[at]!; return; }
      const j = w * P + a.pool;
      replicas[at] = t.poolReplicas[j]!;
      poolQueue[at] = t.poolQueue[j]!;
      poolRunning[at] = t.poolRunning[j]!;
      // KV in use in replicas' worth, over the billed replicas: the fraction of their cache.
      poolKv[at] = t.poolReplicas[j]! > 0 ? Math.min(1, t.poolKv[j]! / t.poolReplicas[j]!) : NaN;
      poolBusy[at] = t.poolBusy[j]!;
      poolPreemptions[at] = t.poolPreemptions[j]!;
    });
  }
  return {
    arrivals: t.arrivals, completions: t.completions, e2eP95: t.e2eP95, queue: t.queue, busy: t.busy, replicas, wait: t.wait,
    poolQueue, poolRunning, poolKv, poolBusy, poolPreemptions, classP95: t.classP95,
  };
}

function recordedSeries(s: Scenario, outputs: readonly ReplicationOutput[]): RecordedSeries | undefined {
  const all = outputs.map((o) => o.timeseries);
  const first = all[0];
  if (first === undefined || all.some((t) => t === undefined)) return undefined;
  return {
    window: first.window, windows: first.arrivals.length, agents: seriesAgents(s), classes: s.network.classes.map((c) => c.name),
    replications: all.map((t) => replicationSeries(s, t!)),
  };
}

/**
 * The report's data from a finished run (every output must carry the same recordings). `log` is a
 * coordinated run's negotiation log of replication 0; the report shows it as negotiation.json
 * holds it, so that `apmsim report DIR` rebuilds the same page.
 */
export function runDataOf(
  results: Results, s: Scenario, outputs: readonly ReplicationOutput[], notes: readonly string[], files: readonly string[],
  log?: NegotiationLog,
): RunData {
  const requests = outputs.map((o) => o.requests);
  const classes = s.network.classes.map((c) => c.name);
  const latency = requests.length > 0 && requests.every((r) => r !== undefined)
    ? latencyDigest(requests.map((r) => r!), classes)
    : undefined;
  const objectives = objectivesOf(s);
  return {
    results, slos: sloBounds(s), series: recordedSeries(s, outputs), latency, notes, files,
    ...(objectives === undefined ? {} : { objectives }),
    ...(log === undefined ? {} : { negotiation: normalisedLog(log) }),
  };
}

/** The scenario's SLOs as the report and metrics.arrow keep them. */
export function sloBounds(s: Scenario): SloBound[] {
  return (s.slos ?? []).map((x) => ({ metric: x.metric, bound: x.bound, limit: x.limit, text: x.text }));
}

/**
 * Writes results.json, the data files and report.html into `dir` as a set (reports/output-folder.ts):
 * files of an earlier run there are removed, results.json is moved in last. With a coordinated
 * run's negotiation log (replication 0), also negotiation.json and negotiation.arrow, and the
 * report gets its Coordination section. Throws OutputFailed naming the file that failed.
 */
export async function writeRunOutputs(
  dir: string, results: Results, s: Scenario, outputs: readonly ReplicationOutput[], o: RunOutputOptions, log?: NegotiationLog,
): Promise<WrittenOutputs> {
  const probe = runDataOf(results, s, outputs, o.notes, [], log);
  const traced = o.writeRequests && outputs.length > 0 && outputs.every((x) => x.requests !== undefined);
  const files = RUN_FILES.filter((f) => {
    switch (f) {
      case 'timeseries.arrow': return probe.series !== undefined;
      case 'latency.arrow': return probe.latency !== undefined;
      case 'requests.arrow': return traced;
      case 'negotiation.json': case 'negotiation.arrow': return probe.negotiation !== undefined;
      default: return true;
    }
  });
  const data: RunData = { ...probe, files: files.filter((f) => f !== 'report.html') };
  const set = new OutputSet(dir, RUN_FILES, 'results.json');
  set.write('results.json', `${JSON.stringify(results, null, 2)}\n`);
  set.write('metrics.arrow', arrowFileBytes(metricsTable(results, data.slos, data.objectives)));
  if (data.series !== undefined) set.write('timeseries.arrow', arrowFileBytes(timeseriesTable(results, data.series)));
  if (data.latency !== undefined) set.write('latency.arrow', arrowFileBytes(latencyTable(results, data.latency)));
  if (traced) {
    const table = requestsTable(results, outputs.map((x) => x.requests as RequestRowsData), s.network.classes.map((c) => c.name),
      s.network.agents.map((a) => a.name), s.network.attributes);
    set.write('requests.arrow', arrowFileBytes(table));
  }
  if (log !== undefined && data.negotiation !== undefined) {
    set.write('negotiation.json', formatLog(log));
    set.write('negotiation.arrow', arrowFileBytes(negotiationTable(results, data.negotiation)));
  }
  const page = await buildReport([data]);
  set.write('report.html', page.html);
  set.commit();
  return { files, chartWarnings: page.warnings };
}
