// Declared Arrow schemas: each data file lists its columns (name, type, nullability, unit, meaning)
// up front; the Schema is built from that list with explicit Fields, the unit and meaning ride in
// each field's metadata, and reading checks the declared columns are there with their types.

import { Bool, Field, Float64, Int32, Precision, RecordBatch, Schema, Struct, Table, Type, Utf8, makeData, makeVector, tableFromIPC, tableToIPC, type DataType, type Float, type Int, type Vector } from 'apache-arrow';
import { ReportInputError } from '../errors.js';

export type ColumnType = 'float64' | 'int32' | 'utf8' | 'bool';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** 's', '1/s', '' for counts and fractions, '$'... */
  readonly unit: string;
  readonly doc: string;
}

/**
 * Column values: float64 as Float64Array (NaN is null when nullable), bool as 0/1 bytes. Nullable
 * int32, bool and utf8 columns take their values with a validity mask (0 where the value is null).
 */
export type ColumnValues = Float64Array | Int32Array | Uint8Array | readonly string[] | WithNulls;

export interface WithNulls {
  readonly values: Int32Array | Uint8Array | readonly string[];
  /** 1 where the value is present, 0 where it is null. */
  readonly valid: Uint8Array;
}

const isWithNulls = (v: ColumnValues): v is WithNulls => !ArrayBuffer.isView(v) && !Array.isArray(v);

function arrowType(t: ColumnType): DataType {
  switch (t) {
    case 'float64': return new Float64();
    case 'int32': return new Int32();
    case 'utf8': return new Utf8();
    case 'bool': return new Bool();
  }
}

export function schemaOf(columns: readonly ColumnSpec[], metadata: Readonly<Record<string, string>>): Schema {
  const fields = columns.map((c) => new Field(c.name, arrowType(c.type), c.nullable, new Map([['unit', c.unit], ['description', c.doc]])));
  return new Schema(fields, new Map(Object.entries(metadata)));
}

/** Validity bitmap (LSB first) with a 0 bit where the value is NaN. */
function nullBitmap(values: Float64Array): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

function packBits(values: Uint8Array): Uint8Array {
  const bits = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/** UTF-8 bytes and offsets, encoding each distinct string once. */
function utf8Data(values: readonly string[]): { offsets: Int32Array; bytes: Uint8Array } {
  const encoder = new TextEncoder();
  const cache = new Map<string, Uint8Array>();
  const parts = values.map((v) => {
    let b = cache.get(v);
    if (b === undefined) { b = encoder.encode(v); cache.set(v, b); }
    return b;
  });
  const offsets = new Int32Array(values.length + 1);
  parts.forEach((b, i) => { offsets[i + 1] = offsets[i]! + b.length; });
  const bytes = new Uint8Array(offsets[values.length]!);
  parts.forEach((b, i) => bytes.set(b, offsets[i]!));
  return { offsets, bytes };
}

function vectorOf(spec: ColumnSpec, column: ColumnValues): Vector {
  if (isWithNulls(column)) {
    if (!spec.nullable || spec.type === 'float64') throw new Error(`column ${spec.name}: a validity mask is for nullable int32, bool and utf8 columns`);
    if (column.valid.length !== column.values.length) throw new Error(`column ${spec.name}: ${column.valid.length} validity flags for ${column.values.length} values`);
    const length = column.values.length;
    const nullCount = column.valid.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    const nullBitmap = nullCount > 0 ? packBits(column.valid) : null;
    const v = column.values;
    switch (spec.type) {
      case 'int32':
        if (!(v instanceof Int32Array)) throw new Error(`column ${spec.name}: expected Int32Array`);
        return makeVector(makeData({ type: new Int32(), length, nullCount, nullBitmap, data: v }));
      case 'bool':
        if (!(v instanceof Uint8Array)) throw new Error(`column ${spec.name}: expected Uint8Array of 0/1`);
        return makeVector(makeData({ type: new Bool(), length, nullCount, nullBitmap, data: packBits(v) }));
      case 'utf8': {
        if (!Array.isArray(v)) throw new Error(`column ${spec.name}: expected strings`);
        const { offsets, bytes } = utf8Data(v as readonly string[]);
        return makeVector(makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes }));
      }
    }
  }
  const values = column;
  const length = values.length;
  switch (spec.type) {
    case 'float64': {
      if (!(values instanceof Float64Array)) throw new Error(`column ${spec.name}: expected Float64Array`);
      if (!spec.nullable) {
        if (values.some((v) => Number.isNaN(v))) throw new Error(`column ${spec.name} is not nullable but holds NaN`);
        return makeVector(makeData({ type: new Float64(), length, nullCount: 0, data: values }));
      }
      const { bitmap, nulls } = nullBitmap(values);
      return makeVector(makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data: values }));
    }
    case 'int32':
      if (!(values instanceof Int32Array)) throw new Error(`column ${spec.name}: expected Int32Array`);
      return makeVector(makeData({ type: new Int32(), length, nullCount: 0, data: values }));
    case 'bool':
      if (!(values instanceof Uint8Array)) throw new Error(`column ${spec.name}: expected Uint8Array of 0/1`);
      return makeVector(makeData({ type: new Bool(), length, nullCount: 0, data: packBits(values) }));
    case 'utf8': {
      if (!Array.isArray(values)) throw new Error(`column ${spec.name}: expected strings`);
      const { offsets, bytes } = utf8Data(values as readonly string[]);
      return makeVector(makeData({ type: new Utf8(), length, nullCount: 0, valueOffsets: offsets, data: bytes }));
    }
  }
}

/** The table of `columns` (declared order) holding `values[i]` for column i; all of one length. */
export function tableOf(
  columns: readonly ColumnSpec[], values: readonly ColumnValues[], metadata: Readonly<Record<string, string>>,
): Table {
  const lengthOf = (v: ColumnValues): number => (isWithNulls(v) ? v.values.length : v.length);
  const rows = values[0] === undefined ? 0 : lengthOf(values[0]);
  const children = columns.map((c, i) => {
    const v = values[i]!;
    if (lengthOf(v) !== rows) throw new Error(`column ${c.name} has ${lengthOf(v)} values, expected ${rows}`);
    return vectorOf(c, v).data[0]!;
  });
  // One record batch built against the declared schema (the Table constructor taking vectors
  // infers fields, and rejects an empty non-nullable column as a schema mismatch).
  const schema = schemaOf(columns, metadata);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children }));
  return new Table(schema, [batch]);
}

/** The Arrow IPC file format (random access, with footer): `.arrow`, Feather V2. */
export function arrowFileBytes(table: Table): Uint8Array {
  return tableToIPC(table, 'file');
}

export function readArrow(bytes: Uint8Array, what: string): Table {
  try {
    return tableFromIPC(bytes);
  } catch (e) {
    throw new ReportInputError(`${what}: not an Arrow IPC file (${(e as Error).message})`);
  }
}

const TYPE_CHECKS: Readonly<Record<ColumnType, (t: DataType) => boolean>> = {
  float64: (t) => t.typeId === Type.Float && (t as Float).precision === Precision.DOUBLE,
  int32: (t) => t.typeId === Type.Int && (t as Int).bitWidth === 32 && (t as Int).isSigned,
  utf8: (t) => t.typeId === Type.Utf8,
  bool: (t) => t.typeId === Type.Bool,
};

/** The column declared by `spec`, or an error naming the file, column and what was found. */
function columnOf(table: Table, spec: ColumnSpec, what: string): Vector {
  const field = table.schema.fields.find((f) => f.name === spec.name);
  const v = table.getChild(spec.name);
  if (field === undefined || v === null) throw new ReportInputError(`${what}: no column ${spec.name}`);
  if (!TYPE_CHECKS[spec.type](field.type)) throw new ReportInputError(`${what}: column ${spec.name} is ${String(field.type)}, expected ${spec.type}`);
  return v;
}

export function readFloat64(table: Table, spec: ColumnSpec, what: string): Float64Array {
  const v = columnOf(table, spec, what);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v.get(i) as number | null;
    out[i] = x === null ? NaN : x;
  }
  return out;
}

export function readInt32(table: Table, spec: ColumnSpec, what: string): Int32Array {
  const v = columnOf(table, spec, what);
  return Int32Array.from({ length: v.length }, (_, i) => (v.get(i) as number | null) ?? 0);
}

export function readUtf8(table: Table, spec: ColumnSpec, what: string): string[] {
  const v = columnOf(table, spec, what);
  return Array.from({ length: v.length }, (_, i) => (v.get(i) as string | null) ?? '');
}

export function readBool(table: Table, spec: ColumnSpec, what: string): Uint8Array {
  const v = columnOf(table, spec, what);
  return Uint8Array.from({ length: v.length }, (_, i) => (v.get(i) === true ? 1 : 0));
}

/** A nullable column's values, null where the file holds null (int32, bool or utf8). */
export function readNullable(table: Table, spec: ColumnSpec, what: string): (number | boolean | string | null)[] {
  const v = columnOf(table, spec, what);
  return Array.from({ length: v.length }, (_, i) => (v.get(i) as number | boolean | string | null) ?? null);
}

export function metadataOf(table: Table): Map<string, string> {
  return table.schema.metadata;
}
