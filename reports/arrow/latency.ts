// latency.arrow: the latency digest, one row per replication, class and probability level: the
// end-to-end latency quantile of the requests that completed after warm-up (exact, nearest rank).

import type { Table } from 'apache-arrow';
import type { Results } from '../../models/run/results.js';
import { ReportInputError } from '../errors.js';
import { ALL_CLASSES, type LatencyDigest, type LatencyQuantiles } from '../run-data.js';
import { readFloat64, readInt32, readUtf8, tableOf, type ColumnSpec } from './columns.js';
import { provenance } from './provenance.js';

export const LATENCY_SCHEMA = 'apmsim.latency/1';

const C = {
  replication: { name: 'replication', type: 'int32', nullable: false, unit: '', doc: 'replication index (0-based)' },
  cls: { name: 'class', type: 'utf8', nullable: false, unit: '', doc: `request class, or "${ALL_CLASSES}" for every class together (present when there are several)` },
  requests: { name: 'requests', type: 'int32', nullable: false, unit: '', doc: 'completed requests of the class in the replication, after warm-up' },
  probability: { name: 'probability', type: 'float64', nullable: false, unit: '', doc: 'probability level p: 0.001, 0.005, 0.01 … 0.99, 0.995, 0.999' },
  e2e: { name: 'e2e', type: 'float64', nullable: false, unit: 's', doc: 'p-quantile of end-to-end latency (nearest rank: the ⌈p·n⌉-th smallest)' },
} as const satisfies Record<string, ColumnSpec>;

export const LATENCY_COLUMNS: readonly ColumnSpec[] = Object.values(C);

export function latencyTable(results: Results, digest: LatencyDigest): Table {
  const L = digest.levels.length;
  const n = digest.rows.length * L;
  const replication = new Int32Array(n), requests = new Int32Array(n), probability = new Float64Array(n), e2e = new Float64Array(n);
  const cls: string[] = new Array<string>(n);
  digest.rows.forEach((row, k) => {
    for (let l = 0; l < L; l++) {
      const i = k * L + l;
      replication[i] = row.replication;
      cls[i] = row.cls;
      requests[i] = row.requests;
      probability[i] = digest.levels[l]!;
      e2e[i] = row.e2e[l]!;
    }
  });
  return tableOf(LATENCY_COLUMNS, [replication, cls, requests, probability, e2e], provenance(LATENCY_SCHEMA, results));
}

/** The digest back from latency.arrow: consecutive runs of rows with one (replication, class). */
export function digestFromTable(table: Table, what: string): LatencyDigest {
  const replication = readInt32(table, C.replication, what), requests = readInt32(table, C.requests, what);
  const cls = readUtf8(table, C.cls, what);
  const probability = readFloat64(table, C.probability, what), e2e = readFloat64(table, C.e2e, what);
  const n = table.numRows;
  let L = 0;
  while (L < n && replication[L] === replication[0] && cls[L] === cls[0]) L++;
  if (L === 0) return { levels: [], rows: [] };
  if (n % L !== 0) throw new ReportInputError(`${what}: ${n} rows do not split into groups of ${L} probability levels`);
  const levels = Array.from(probability.subarray(0, L));
  const rows: LatencyQuantiles[] = [];
  for (let start = 0; start < n; start += L) {
    for (let l = 0; l < L; l++) {
      const i = start + l;
      if (probability[i] !== levels[l] || replication[i] !== replication[start] || cls[i] !== cls[start]) {
        throw new ReportInputError(`${what}: row ${i} breaks the (replication, class, probability) order`);
      }
    }
    rows.push({ replication: replication[start]!, cls: cls[start]!, requests: requests[start]!, e2e: e2e.slice(start, start + L) });
  }
  return { levels, rows };
}
