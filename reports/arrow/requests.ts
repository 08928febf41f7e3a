// requests.arrow (with `run --trace`): one row per request that finished after warm-up, in each
// replication's finishing order. Fixed columns first, then wait.<agent> and service.<agent> per
// agent in scenario order, then attr.<name> per request attribute (token counts from traces…).

import type { Table } from 'apache-arrow';
import type { Results } from '../../models/run/results.js';
import { OUTCOME_NAMES } from '../../sim/network/record/recorders.js';
import type { RequestColumns } from '../../models/run/latency-digest.js';
import { tableOf, type ColumnSpec, type ColumnValues } from './columns.js';
import { provenance } from './provenance.js';

export const REQUESTS_SCHEMA = 'apmsim.requests/1';

/** One replication's request rows (the engine's RequestRows layout). */
export interface RequestRowsData extends RequestColumns {
  /** Session id of the request (-1 when not in a session). */
  readonly session: Int32Array;
  /** Dollars spent on the request, and its LLM tokens (fork branches included). */
  readonly cost: Float64Array;
  readonly tokensIn: Float64Array;
  readonly tokensOut: Float64Array;
  /** Row-major [row * agents + a], summed over the request's visits to agent a. */
  readonly wait: Float64Array;
  readonly service: Float64Array;
  /** One column per attribute name. */
  readonly attributes: readonly Float64Array[];
}

export const REQUESTS_FIXED_COLUMNS: readonly ColumnSpec[] = [
  { name: 'replication', type: 'int32', nullable: false, unit: '', doc: 'replication index (0-based)' },
  { name: 'request', type: 'int32', nullable: false, unit: '', doc: 'row number within the replication, in finishing order' },
  { name: 'class', type: 'utf8', nullable: false, unit: '', doc: 'request class' },
  { name: 'session', type: 'int32', nullable: true, unit: '', doc: 'session id within the replication (closed-loop sessions, or a session trace), null when the request is not part of a session' },
  {
    name: 'outcome', type: 'utf8', nullable: false, unit: '',
    doc: "'completed'; 'rejected' (a full agent turned it away); 'failed' (a failed or timed-out call with nowhere to go: a system error); 'cognitive' (more agent visits than its class's max steps); 'budget' (stopped by a budget); 'rate_limited' (refused by a rate limit or quota)",
  },
  { name: 'arrival', type: 'float64', nullable: false, unit: 's', doc: 'arrival time from the start of the run' },
  { name: 'finish', type: 'float64', nullable: false, unit: 's', doc: 'time the request completed or was rejected' },
  { name: 'e2e', type: 'float64', nullable: false, unit: 's', doc: 'finish − arrival (end-to-end latency of a completed request)' },
  { name: 'cost', type: 'float64', nullable: false, unit: 'USD', doc: 'dollars spent on the request: paid calls and LLM tokens, fork branches included (GPU time is a pool cost, not per request)' },
  { name: 'tokens_in', type: 'float64', nullable: false, unit: '', doc: 'LLM input tokens over all its calls' },
  { name: 'tokens_out', type: 'float64', nullable: false, unit: '', doc: 'LLM output tokens over all its calls' },
];


/** The declared columns of a run with these agents and attributes. */
export function requestsColumns(agents: readonly string[], attributes: readonly string[]): ColumnSpec[] {
  return [
    ...REQUESTS_FIXED_COLUMNS,
    ...agents.map((a): ColumnSpec => ({ name: `wait.${a}`, type: 'float64', nullable: false, unit: 's', doc: `time waiting for a server at ${a}, summed over the request's visits (and its fork branches)` })),
    ...agents.map((a): ColumnSpec => ({ name: `service.${a}`, type: 'float64', nullable: false, unit: 's', doc: `time in service at ${a}, summed likewise` })),
    ...attributes.map((n): ColumnSpec => ({ name: `attr.${n}`, type: 'float64', nullable: true, unit: '', doc: `request attribute ${n} (e.g. token counts from a trace)` })),
  ];
}

export function requestsTable(
  results: Results, perReplication: readonly RequestRowsData[], classNames: readonly string[],
  agents: readonly string[], attributes: readonly string[],
): Table {
  const A = agents.length;
  const n = perReplication.reduce((s, r) => s + r.count, 0);
  const replication = new Int32Array(n), request = new Int32Array(n);
  const cls: string[] = new Array<string>(n), outcome: string[] = new Array<string>(n);
  const session = new Int32Array(n), inSession = new Uint8Array(n);
  const arrival = new Float64Array(n), finish = new Float64Array(n), e2e = new Float64Array(n);
  const cost = new Float64Array(n), tokensIn = new Float64Array(n), tokensOut = new Float64Array(n);
  const wait = agents.map(() => new Float64Array(n)), service = agents.map(() => new Float64Array(n));
  const attr = attributes.map(() => new Float64Array(n));
  let i = 0;
  perReplication.forEach((rows, r) => {
    for (let k = 0; k < rows.count; k++, i++) {
      replication[i] = r;
      request[i] = k;
      const c = rows.cls[k]!;
      cls[i] = classNames[c] ?? `class_${c}`;
      const o = rows.outcome[k]!;
      outcome[i] = OUTCOME_NAMES[o] ?? `outcome_${o}`;
      const id = rows.session[k]!;
      session[i] = id;
      inSession[i] = id >= 0 ? 1 : 0;
      arrival[i] = rows.arrival[k]!;
      finish[i] = rows.finish[k]!;
      e2e[i] = rows.finish[k]! - rows.arrival[k]!;
      cost[i] = rows.cost[k]!;
      tokensIn[i] = rows.tokensIn[k]!;
      tokensOut[i] = rows.tokensOut[k]!;
      for (let a = 0; a < A; a++) {
        wait[a]![i] = rows.wait[k * A + a]!;
        service[a]![i] = rows.service[k * A + a]!;
      }
      attributes.forEach((_, j) => { attr[j]![i] = rows.attributes[j]?.[k] ?? NaN; });
    }
  });
  const values: ColumnValues[] = [replication, request, cls, { values: session, valid: inSession }, outcome, arrival, finish, e2e, cost, tokensIn, tokensOut, ...wait, ...service, ...attr];
  return tableOf(requestsColumns(agents, attributes), values, provenance(REQUESTS_SCHEMA, results));
}
