// timeseries.arrow: one row per replication, window and agent. The window's system-wide columns
// (arrivals, completions, p95) repeat on each agent's row: select one agent before summing them.

import type { Table } from 'apache-arrow';
import type { Results } from '../../models/run/results.js';
import { ReportInputError } from '../errors.js';
import type { RecordedSeries, ReplicationSeries } from '../run-data.js';
import { poolUtilization, utilization } from '../series-summary.js';
import { readBool, readFloat64, readInt32, readNullable, readUtf8, tableOf, type ColumnSpec } from './columns.js';
import { provenance } from './provenance.js';

export const TIMESERIES_SCHEMA = 'apmsim.timeseries/1';

const C = {
  replication: { name: 'replication', type: 'int32', nullable: false, unit: '', doc: 'replication index (0-based)' },
  window: { name: 'window', type: 'int32', nullable: false, unit: '', doc: 'window index w (0-based) from the start of the run, warm-up included' },
  start: { name: 'start', type: 'float64', nullable: false, unit: 's', doc: 'start of the window, w × window length' },
  end: { name: 'end', type: 'float64', nullable: false, unit: 's', doc: 'end of the window (exclusive)' },
  afterWarmup: { name: 'after_warmup', type: 'bool', nullable: false, unit: '', doc: 'true when the window starts at or after the end of warm-up (the part the metrics cover)' },
  arrivals: { name: 'arrivals', type: 'float64', nullable: false, unit: '', doc: 'requests that arrived in the window (whole system)' },
  completions: { name: 'completions', type: 'float64', nullable: false, unit: '', doc: 'requests that completed in the window (whole system)' },
  arrivalRate: { name: 'arrival_rate', type: 'float64', nullable: false, unit: '1/s', doc: 'arrivals / window length' },
  completionRate: { name: 'completion_rate', type: 'float64', nullable: false, unit: '1/s', doc: 'completions / window length' },
  e2eP95: { name: 'e2e_p95', type: 'float64', nullable: true, unit: 's', doc: 'p95 end-to-end latency of the requests completed in the window (2 % relative error); null when none completed' },
  agent: { name: 'agent', type: 'utf8', nullable: false, unit: '', doc: 'agent name' },
  agentIndex: { name: 'agent_index', type: 'int32', nullable: false, unit: '', doc: 'agent position in the scenario (0-based)' },
  queue: { name: 'queue', type: 'float64', nullable: false, unit: '', doc: 'time-average number of requests waiting at the agent (not in service)' },
  busy: { name: 'busy', type: 'float64', nullable: false, unit: '', doc: 'time-average number of busy servers' },
  servers: { name: 'servers', type: 'float64', nullable: true, unit: '', doc: "servers of the agent, per replica for a station with replicas (the scenario's `servers`); null for agents without servers of their own" },
  utilization: { name: 'utilization', type: 'float64', nullable: true, unit: '', doc: 'busy / (servers × replicas): fraction of the servers of billed replicas busy in the window; null without servers or when no replica was billed' },
  replicas: { name: 'replicas', type: 'float64', nullable: true, unit: '', doc: "time-average number of billed replicas in the window: a station's own (1 for a plain station), for an LLM agent its GPU pool's (repeated on each agent of the pool); null for routers and caches" },
  pool: { name: 'pool', type: 'utf8', nullable: true, unit: '', doc: 'GPU pool that serves the agent (LLM agents); null for other agents' },
  wait: { name: 'wait', type: 'float64', nullable: true, unit: 's', doc: 'mean wait before service of the visits to the agent that ended in the window (for an LLM agent, the wait at its GPU pool); null when none ended' },
  poolQueue: { name: 'pool_queue', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: time-average number of calls waiting in its lines (sampled 20 times per window), repeated on each agent of the pool; null for other agents" },
  poolRunning: { name: 'pool_running', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: time-average number of sequences running (the batch, summed over replicas; sampled)" },
  poolKv: { name: 'pool_kv', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: fraction of its billed replicas' KV cache in use (time average, sampled)" },
  poolBusy: { name: 'pool_busy', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: time-average number of replicas running an iteration (sampled)" },
  poolUtilization: { name: 'pool_utilization', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: pool_busy / replicas, the fraction of billed replicas iterating" },
  poolPreemptions: { name: 'pool_preemptions', type: 'float64', nullable: true, unit: '', doc: "the agent's GPU pool: sequences preempted (KV cache full) in the window" },
} as const satisfies Record<string, ColumnSpec>;

/** The fixed columns; then one `e2e_p95.<class>` column per request class. */
export const TIMESERIES_COLUMNS: readonly ColumnSpec[] = Object.values(C);

const CLASS_P95_PREFIX = 'e2e_p95.';

export function classP95Column(cls: string): ColumnSpec {
  return {
    name: `${CLASS_P95_PREFIX}${cls}`, type: 'float64', nullable: true, unit: 's',
    doc: `p95 end-to-end latency of class ${cls}'s requests completed in the window (2 % relative error), repeated on each agent's row; null when none completed`,
  };
}

export function timeseriesTable(results: Results, series: RecordedSeries): Table {
  const A = series.agents.length, W = series.windows, R = series.replications.length;
  const n = R * W * A;
  const replication = new Int32Array(n), window = new Int32Array(n), agentIndex = new Int32Array(n);
  const start = new Float64Array(n), end = new Float64Array(n), after = new Uint8Array(n);
  const arrivals = new Float64Array(n), completions = new Float64Array(n), arrivalRate = new Float64Array(n), completionRate = new Float64Array(n);
  const p95 = new Float64Array(n), queue = new Float64Array(n), busy = new Float64Array(n), servers = new Float64Array(n), util = new Float64Array(n);
  const replicas = new Float64Array(n), wait = new Float64Array(n);
  const poolQueue = new Float64Array(n), poolRunning = new Float64Array(n), poolKv = new Float64Array(n), poolBusy = new Float64Array(n);
  const poolUtil = new Float64Array(n), poolPreemptions = new Float64Array(n);
  const K = series.classes.length;
  const classP95 = series.classes.map(() => new Float64Array(n));
  const agent: string[] = new Array<string>(n), pool: string[] = new Array<string>(n), hasPool = new Uint8Array(n);
  const warmup = results.warmup.seconds;
  let i = 0;
  series.replications.forEach((rs, r) => {
    for (let w = 0; w < W; w++) {
      for (let a = 0; a < A; a++, i++) {
        const s = series.agents[a]!;
        replication[i] = r;
        window[i] = w;
        start[i] = w * series.window;
        end[i] = (w + 1) * series.window;
        after[i] = start[i]! >= warmup ? 1 : 0;
        arrivals[i] = rs.arrivals[w]!;
        completions[i] = rs.completions[w]!;
        arrivalRate[i] = rs.arrivals[w]! / series.window;
        completionRate[i] = rs.completions[w]! / series.window;
        p95[i] = rs.e2eP95[w]!;
        agent[i] = s.name;
        agentIndex[i] = a;
        queue[i] = rs.queue[w * A + a]!;
        busy[i] = rs.busy[w * A + a]!;
        servers[i] = s.servers ?? NaN;
        replicas[i] = rs.replicas[w * A + a]!;
        util[i] = utilization(rs.busy[w * A + a]!, s.servers, replicas[i]!);
        pool[i] = s.pool ?? '';
        hasPool[i] = s.pool === null ? 0 : 1;
        const j = w * A + a;
        wait[i] = rs.wait[j]!;
        poolQueue[i] = rs.poolQueue[j]!;
        poolRunning[i] = rs.poolRunning[j]!;
        poolKv[i] = rs.poolKv[j]!;
        poolBusy[i] = rs.poolBusy[j]!;
        poolUtil[i] = poolUtilization(rs.poolBusy[j]!, rs.replicas[j]!);
        poolPreemptions[i] = rs.poolPreemptions[j]!;
        for (let c = 0; c < K; c++) classP95[c]![i] = rs.classP95[w * K + c]!;
      }
    }
  });
  return tableOf([...TIMESERIES_COLUMNS, ...series.classes.map(classP95Column)], [
    replication, window, start, end, after, arrivals, completions, arrivalRate, completionRate, p95,
    agent, agentIndex, queue, busy, servers, util, replicas, { values: pool, valid: hasPool },
    wait, poolQueue, poolRunning, poolKv, poolBusy, poolUtil, poolPreemptions, ...classP95,
  ], provenance(TIMESERIES_SCHEMA, results, { 'apmsim.window': String(series.window), 'apmsim.warmup': String(warmup) }));
}

/** 1 + the largest index in the column (0 when empty). */
function countOf(column: Int32Array): number {
  let max = -1;
  for (const x of column) if (x > max) max = x;
  return max + 1;
}

/** The recorded series back from timeseries.arrow (rows in the order timeseriesTable writes them). */
export function seriesFromTable(table: Table, what: string): RecordedSeries {
  const replication = readInt32(table, C.replication, what);
  const window = readInt32(table, C.window, what);
  const agentIndex = readInt32(table, C.agentIndex, what);
  const start = readFloat64(table, C.start, what), end = readFloat64(table, C.end, what);
  readBool(table, C.afterWarmup, what);
  const n = table.numRows;
  const R = countOf(replication), W = countOf(window), A = countOf(agentIndex);
  if (R * W * A !== n) throw new ReportInputError(`${what}: ${n} rows, expected replications × windows × agents = ${R} × ${W} × ${A}`);
  const arrivals = readFloat64(table, C.arrivals, what), completions = readFloat64(table, C.completions, what);
  const p95 = readFloat64(table, C.e2eP95, what), queue = readFloat64(table, C.queue, what), busy = readFloat64(table, C.busy, what);
  const names = readUtf8(table, C.agent, what), servers = readFloat64(table, C.servers, what);
  // Files written before the replicas and pool columns lack them: no replica counts, no pools.
  const has = (c: ColumnSpec): boolean => table.schema.fields.some((f) => f.name === c.name);
  const replicas = has(C.replicas) ? readFloat64(table, C.replicas, what) : new Float64Array(n).fill(NaN);
  const pools = has(C.pool) ? readNullable(table, C.pool, what) : new Array<null>(n).fill(null);
  // Files written before the wait, GPU pool and per-class p95 columns lack them: NaN, no classes.
  const optional = (c: ColumnSpec): Float64Array => (has(c) ? readFloat64(table, c, what) : new Float64Array(n).fill(NaN));
  const wait = optional(C.wait), poolQueue = optional(C.poolQueue), poolRunning = optional(C.poolRunning), poolKv = optional(C.poolKv);
  const poolBusy = optional(C.poolBusy), poolPreemptions = optional(C.poolPreemptions);
  const classes = table.schema.fields.filter((f) => f.name.startsWith(CLASS_P95_PREFIX)).map((f) => f.name.slice(CLASS_P95_PREFIX.length));
  const classP95 = classes.map((c) => readFloat64(table, classP95Column(c), what));
  const K = classes.length;
  const at = (r: number, w: number, a: number): number => {
    const i = (r * W + w) * A + a;
    if (replication[i] !== r || window[i] !== w || agentIndex[i] !== a) throw new ReportInputError(`${what}: rows are not in (replication, window, agent) order at row ${i}`);
    return i;
  };
  const replications: ReplicationSeries[] = [];
  for (let r = 0; r < R; r++) {
    const rs: ReplicationSeries = {
      arrivals: new Float64Array(W), completions: new Float64Array(W), e2eP95: new Float64Array(W),
      queue: new Float64Array(W * A), busy: new Float64Array(W * A), replicas: new Float64Array(W * A), wait: new Float64Array(W * A),
      poolQueue: new Float64Array(W * A), poolRunning: new Float64Array(W * A), poolKv: new Float64Array(W * A),
      poolBusy: new Float64Array(W * A), poolPreemptions: new Float64Array(W * A), classP95: new Float64Array(W * K),
    };
    for (let w = 0; w < W; w++) {
      const i0 = at(r, w, 0);
      rs.arrivals[w] = arrivals[i0]!;
      rs.completions[w] = completions[i0]!;
      rs.e2eP95[w] = p95[i0]!;
      for (let c = 0; c < K; c++) rs.classP95[w * K + c] = classP95[c]![i0]!;
      for (let a = 0; a < A; a++) {
        const i = at(r, w, a), j = w * A + a;
        rs.queue[j] = queue[i]!;
        rs.busy[j] = busy[i]!;
        rs.replicas[j] = replicas[i]!;
        rs.wait[j] = wait[i]!;
        rs.poolQueue[j] = poolQueue[i]!;
        rs.poolRunning[j] = poolRunning[i]!;
        rs.poolKv[j] = poolKv[i]!;
        rs.poolBusy[j] = poolBusy[i]!;
        rs.poolPreemptions[j] = poolPreemptions[i]!;
      }
    }
    replications.push(rs);
  }
  const agents = Array.from({ length: A }, (_, a) => ({
    name: names[a]!, servers: Number.isNaN(servers[a]!) ? null : servers[a]!, pool: typeof pools[a] === 'string' ? pools[a] : null,
  }));
  const windowLength = n === 0 ? Number(table.schema.metadata.get('apmsim.window') ?? NaN) : end[0]! - start[0]!;
  return { window: windowLength, windows: W, agents, classes, replications };
}
