// negotiation.arrow: replication 0's negotiation log, one row per record in log order. Each JSON
// field of a record is a column (a plan's interval becomes interval_lower and interval_upper); a
// column is null on the rows of record types that have no such field. Values equal
// negotiation.json's (numbers rounded as it writes them), so the file reads back to the same log.

import type { Table } from 'apache-arrow';
import type { LogRecord, NegotiationLog } from '../../models/coordination/log.js';
import type { Results } from '../../models/run/results.js';
import { ReportInputError } from '../errors.js';
import { FIELD_KINDS, RECORD_FIELDS, RECORD_TYPES, type FieldName, type RecordType } from '../negotiation.js';
import { readFloat64, readNullable, readUtf8, tableOf, type ColumnSpec, type ColumnValues } from './columns.js';
import { provenance } from './provenance.js';

export const NEGOTIATION_SCHEMA = 'apmsim.negotiation/1';

const OBJ = "(objective's unit)";

const s = (name: string, doc: string): ColumnSpec => ({ name, type: 'utf8', nullable: true, unit: '', doc });
const f = (name: string, unit: string, doc: string): ColumnSpec => ({ name, type: 'float64', nullable: true, unit, doc });
const i = (name: string, doc: string): ColumnSpec => ({ name, type: 'int32', nullable: true, unit: '', doc });
const b = (name: string, doc: string): ColumnSpec => ({ name, type: 'bool', nullable: true, unit: '', doc });

/** Columns after t and type, each the record field of the same name (interval split in two). */
const FIELD_COLUMNS: readonly ColumnSpec[] = [
  i('round', 'negotiation round (plan, proposer, no-plan, request, answer, commitment, expired, exhausted); a nested request keeps its round'),
  i('depth', 'request: 1 for the threatened agent asking, 2 for a recipient asking its own relations, …'),
  s('agent', 'detection: the participant that detected the threat'),
  s('from', 'request: the sender; answer: the participant answering'),
  s('to', 'request: the recipient (owner of the action); answer: the participant the answer goes to'),
  s('owner', 'commitment, expired: the participant carrying out the action'),
  s('objective', 'detection, plan, no-plan, exhausted: the objective at stake'),
  s('action', 'plan, request, answer, commitment, expired: the catalogue action ((nothing) for doing nothing; a trailing * for a proposer\'s)'),
  s('direction', 'plan, request: local, upstream, downstream or peer, from the asking participant'),
  s('answer', 'answer: accept, deny or recurse (asks its own relations first)'),
  s('reason', 'answer: why a request was denied (own-objective-at-risk, budget-exceeded, depth-limit, loop, already-committed); null otherwise'),
  s('detail', 'answer: what the recipient predicted or decided, in words'),
  s('event', 'timeline: the event applied, in words'),
  f('value', OBJ, "detection: the objective's metric over the last window"),
  f('predicted', OBJ, 'detection: the metric extrapolated over the prediction horizon; null when unbounded'),
  f('threshold', OBJ, "detection, plan: the objective's threshold at that time"),
  f('estimate', OBJ, "plan: the predicted metric with the plan carried out; null when it could not be predicted"),
  f('interval_lower', OBJ, "plan: lower end of the prediction's interval at `confidence`; null without an interval"),
  f('interval_upper', OBJ, "plan: upper end of the prediction's interval"),
  f('confidence', '', 'plan: level of the prediction interval'),
  s('bound', "plan: max (the metric must stay at or below the threshold) or min"),
  b('kept', "plan: true when the interval's far end meets the objective"),
  s('source', 'plan: catalogue or proposer'),
  s('backend', 'plan: the performance-interface backend that predicted it'),
  s('why', 'plan: how the prediction was made or why it failed; no-plan: why no plan was kept'),
  b('ok', "proposer: true when the external proposer's output was usable"),
  i('plans', 'proposer: plans it proposed'),
  s('message', "proposer: what went wrong with its output, or ''"),
  f('arrives', 's', 'request: when it reaches the recipient'),
  f('until', 's', 'commitment: when it expires (may lie beyond the horizon)'),
];

export const NEGOTIATION_COLUMNS: readonly ColumnSpec[] = [
  { name: 't', type: 'float64', nullable: false, unit: 's', doc: 'simulated time of the record' },
  { name: 'type', type: 'utf8', nullable: false, unit: '', doc: `record type: ${RECORD_TYPES.join(', ')}` },
  ...FIELD_COLUMNS,
];

/** The column each record field goes to (interval: two columns). */
const COLUMN_OF: Readonly<Record<Exclude<FieldName, 'interval'>, string>> = Object.fromEntries(
  (Object.keys(FIELD_KINDS) as FieldName[]).filter((k) => k !== 'interval').map((k) => [k, k]),
) as Record<Exclude<FieldName, 'interval'>, string>;

type Cell = string | number | boolean | null;

/** The row of `r` as column name -> value (absent columns are null). */
function cellsOf(r: LogRecord): Map<string, Cell> {
  const out = new Map<string, Cell>();
  const rec = r as unknown as Record<string, unknown>;
  for (const k of RECORD_FIELDS[r.type] as readonly FieldName[]) {
    const v = rec[k];
    if (k === 'interval') {
      const iv = v as readonly (number | null)[] | null;
      out.set('interval_lower', iv?.[0] ?? null);
      out.set('interval_upper', iv?.[1] ?? null);
    } else out.set(COLUMN_OF[k], v as Cell);
  }
  return out;
}

/** negotiation.arrow's table for `log` (as negotiation.json holds it: see normalisedLog). */
export function negotiationTable(results: Results, log: NegotiationLog): Table {
  const rows = log.records.map(cellsOf);
  const values: ColumnValues[] = NEGOTIATION_COLUMNS.map((c) => {
    if (c.name === 't') return Float64Array.from(log.records, (r) => r.t);
    if (c.name === 'type') return log.records.map((r) => r.type);
    const cells = rows.map((row) => row.get(c.name) ?? null);
    switch (c.type) {
      case 'float64': return Float64Array.from(cells, (x) => (typeof x === 'number' ? x : NaN));
      case 'int32': return { values: Int32Array.from(cells, (x) => (typeof x === 'number' ? x : 0)), valid: Uint8Array.from(cells, (x) => (x === null ? 0 : 1)) };
      case 'bool': return { values: Uint8Array.from(cells, (x) => (x === true ? 1 : 0)), valid: Uint8Array.from(cells, (x) => (x === null ? 0 : 1)) };
      case 'utf8': return { values: cells.map((x) => (typeof x === 'string' ? x : '')), valid: Uint8Array.from(cells, (x) => (x === null ? 0 : 1)) };
    }
  });
  return tableOf(NEGOTIATION_COLUMNS, values, provenance(NEGOTIATION_SCHEMA, results, {
    'apmsim.format': log.format,
    'apmsim.replication': String(log.replication),
    'apmsim.coordination': String(log.coordination),
  }));
}

/** The log back from negotiation.arrow: the records negotiation.json holds, fields in its order. */
export function logFromTable(table: Table, what: string): NegotiationLog {
  const meta = table.schema.metadata;
  const t = readFloat64(table, NEGOTIATION_COLUMNS[0]!, what);
  const types = readUtf8(table, NEGOTIATION_COLUMNS[1]!, what);
  const columns = new Map(FIELD_COLUMNS.map((c) => [c.name, c.type === 'float64'
    ? Array.from(readFloat64(table, c, what), (x) => (Number.isNaN(x) ? null : x))
    : readNullable(table, c, what)]));
  const records = types.map((type, row) => {
    if (!Object.hasOwn(RECORD_FIELDS, type)) throw new ReportInputError(`${what}: row ${row}: type ${JSON.stringify(type)} should be one of ${RECORD_TYPES.join(', ')}`);
    const rec: Record<string, unknown> = { t: t[row]!, type };
    for (const k of RECORD_FIELDS[type as RecordType] as readonly FieldName[]) {
      if (k === 'interval') {
        const lo = columns.get('interval_lower')![row]!, hi = columns.get('interval_upper')![row]!;
        rec[k] = lo === null && hi === null ? null : [lo, hi];
      } else rec[k] = columns.get(COLUMN_OF[k])![row]!;
    }
    return rec as unknown as LogRecord;
  });
  return {
    format: 'apmsim-negotiation/1', scenario: meta.get('apmsim.scenario') ?? '', seed: Number(meta.get('apmsim.seed')),
    replication: Number(meta.get('apmsim.replication')), coordination: meta.get('apmsim.coordination') === 'true', records,
  };
}
