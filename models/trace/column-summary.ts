// The largest value and the total of a trace's attribute column, read in one pass and remembered
// by column: the load-time checks ask for both, of the same columns, and a pass over a long trace
// is a loop that V8 compiles in every short command that reads it (once here, not once per asker).

export interface ColumnSummary {
  /** The largest value, or 0 for an empty column (attribute values are at least 0). */
  readonly max: number;
  /** The values added left to right, as reduce would. */
  readonly total: number;
}

const summaries = new WeakMap<Float64Array, ColumnSummary>();

export function columnSummary(column: Float64Array): ColumnSummary {
  let summary = summaries.get(column);
  if (summary === undefined) {
    summary = summarise(column);
    summaries.set(column, summary);
  }
  return summary;
}

function summarise(column: Float64Array): ColumnSummary {
  let max = 0;
  let total = 0;
  for (let i = 0; i < column.length; i++) {
    const value = column[i]!;
    if (value > max) max = value;
    total += value;
  }
  return { max, total };
}
