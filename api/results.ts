// Reading stored results for a program: a results.json written by `apmsim run --out`, checked
// to be one (the same check `apmsim compare` applies to a stored side).

import { parseStoredResults } from '../models/compare/stored.js';
import type { Results } from '../models/run/results.js';
import { readText } from './read-text.js';

export function readResults(file: string): Results {
  return parseStoredResults(file, readText(file, 'the results file'));
}
