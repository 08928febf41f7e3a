// Sample files (a distribution given by measured values): one number per line, or one column of a CSV.

import { CsvReader } from './csv.js';
import { TraceFormatError, nameList, quote } from './errors.js';
import { Lines } from './lines.js';
import { parseDecimal, parseDecimalIn } from './numbers.js';

/** A file of numbers: one per line (blank lines and lines starting with # skipped), or, with `column`, that column of a CSV with a header. */
export function parseSamples(text: string, column: string | undefined): number[] {
  return column === undefined ? readLineSamples(text) : readCsvSamples(text, column);
}

function readLineSamples(text: string): number[] {
  const samples: number[] = [];
  const lines = new Lines(text);
  while (lines.next()) {
    const trimmed = lines.line().trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const value = parseDecimal(trimmed);
    if (Number.isNaN(value)) throw new TraceFormatError(lines.number, 'a number (one per line)', quote(trimmed), 'line');
    samples.push(value);
  }
  if (samples.length === 0) {
    throw new TraceFormatError(0, 'at least one number', text.trim() === '' ? 'an empty file' : 'only blank and comment lines');
  }
  return samples;
}

function readCsvSamples(text: string, column: string): number[] {
  const csv = new CsvReader(text);
  try {
    return readCsvColumn(csv, column);
  } catch (error) {
    // A broken record anywhere in the file is reported before a missing column or a bad value.
    if (error !== csv.failure) csv.checkRest();
    throw error;
  }
}

function readCsvColumn(csv: CsvReader, column: string): number[] {
  if (csv.header.length === 0) throw new TraceFormatError(0, 'at least one number', 'an empty file');
  const j = csv.header.indexOf(column);
  if (j < 0) throw new TraceFormatError(0, `a column named '${column}'`, nameList('columns', csv.header));
  const samples: number[] = [];
  while (csv.next()) {
    const value = parseDecimalIn(csv.sources[j]!, csv.bounds[2 * j]!, csv.bounds[2 * j + 1]!);
    if (Number.isNaN(value)) throw new TraceFormatError(csv.row, `a number in column '${column}'`, quote(csv.value(j)));
    samples.push(value);
  }
  if (samples.length === 0) throw new TraceFormatError(0, 'at least one number', 'only a header row');
  return samples;
}
