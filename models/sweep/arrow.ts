// `sweep.arrow`: one row per grid point x metric with the estimate and its interval, as an Arrow
// IPC file (Feather V2) for pandas, polars, R or DuckDB. The schema is declared with explicit
// fields; an axis whose values are all plain numbers is a Float64 column, otherwise Utf8.

import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, vectorFromArray, type DataType } from 'apache-arrow';
import type { SweepDocument } from './document.js';
import { intervalEnds } from '../run/results.js';

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Bumped when columns change, so readers can tell. */
export const SWEEP_TABLE_VERSION = '1';

interface Column {
  readonly field: Field;
  readonly values: readonly (number | string | null)[];
}

export function sweepTable(doc: SweepDocument): Table {
  const point: number[] = [];
  const metric: string[] = [];
  const unit: string[] = [];
  const estimate: (number | null)[] = [];
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  const n: number[] = [];
  const axisValues: string[][] = doc.grid.map(() => []);
  for (const p of doc.points) {
    for (const [name, m] of Object.entries(p.results.metrics)) {
      point.push(p.index);
      doc.grid.forEach((a, i) => axisValues[i]!.push(p.values[a.path] ?? ''));
      metric.push(name);
      unit.push(m.unit);
      estimate.push(m.estimate);
      lower.push(intervalEnds(m)[0]);
      upper.push(intervalEnds(m)[1]);
      n.push(m.values.filter((v) => v !== null).length);
    }
  }
  const axes = doc.grid.map((a, i): Column => {
    const numeric = a.values.every((v) => PLAIN_NUMBER.test(v));
    const values = axisValues[i]!;
    return numeric
      ? { field: new Field(a.path, new Float64(), false), values: values.map(Number) }
      : { field: new Field(a.path, new Utf8(), false), values };
  });
  const columns: Column[] = [
    { field: new Field('point', new Int32(), false), values: point },
    ...axes,
    { field: new Field('metric', new Utf8(), false), values: metric },
    { field: new Field('unit', new Utf8(), false), values: unit },
    { field: new Field('estimate', new Float64(), true), values: estimate },
    { field: new Field('lower', new Float64(), true), values: lower },
    { field: new Field('upper', new Float64(), true), values: upper },
    { field: new Field('n', new Int32(), false), values: n },
  ];
  const metadata = new Map<string, string>([
    ['apmsim', doc.apmsim], ['table', `sweep/${SWEEP_TABLE_VERSION}`], ['scenario', doc.scenario], ['fingerprint', doc.fingerprint],
    ['seed', String(doc.seed)], ['replications', String(doc.replications)], ['confidence', String(doc.confidence)],
    ['grid', JSON.stringify(doc.grid)],
  ]);
  const fields = columns.map((c) => c.field);
  const schema = new Schema(fields, metadata);
  const children = columns.map((c) => vectorFromArray(c.values as unknown[], c.field.type as DataType).data[0]!);
  const data = makeData({ type: new Struct(fields), length: point.length, nullCount: 0, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

/** The Arrow IPC file bytes (uncompressed: the widest reader support). */
export function sweepArrowBytes(doc: SweepDocument): Uint8Array {
  return tableToIPC(sweepTable(doc), 'file');
}
