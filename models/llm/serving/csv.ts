// The profile folders' CSV files: a header and rows of plain comma-separated values (no quoting).
// Every problem names the file, the line and the column.

import { ServingDataError, shown } from './errors.js';

export interface CsvRows {
  readonly file: string;
  /** Per row: its 1-based line in the file, and its cells by column. */
  readonly lines: readonly number[];
  readonly cells: readonly (readonly string[])[];
  readonly columns: readonly string[];
}

export function parseCsv(file: string, text: string, required: readonly string[]): CsvRows {
  const all = text.split(/\r?\n/);
  const columns = (all[0] ?? '').split(',').map((c) => c.trim());
  for (const c of required) if (!columns.includes(c)) throw new ServingDataError(file, 1, c, `a header with column '${c}'`, `columns ${shown(columns.join(','))}`);
  const lines: number[] = [], cells: string[][] = [];
  for (let i = 1; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim() === '') continue;
    const row = line.split(',');
    if (row.length !== columns.length) throw new ServingDataError(file, i + 1, columns[Math.min(row.length, columns.length - 1)]!, `${columns.length} comma-separated values`, `${row.length}`);
    lines.push(i + 1);
    cells.push(row);
  }
  if (cells.length === 0) throw new ServingDataError(file, 2, columns[0] ?? '', 'at least one data row', 'none');
  return { file, lines, cells, columns };
}

/** Column `name` of data row `i` as a finite number, at least `min`. */
export function numberAt(rows: CsvRows, i: number, name: string, min = 0): number {
  const c = rows.columns.indexOf(name);
  const text = rows.cells[i]![c]!;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min) throw new ServingDataError(rows.file, rows.lines[i]!, name, `a number >= ${min}`, shown(text));
  return v;
}

export function textAt(rows: CsvRows, i: number, name: string): string {
  return rows.cells[i]![rows.columns.indexOf(name)]!.trim();
}
