// What `apmsim report` accepts, recognised by content: a run (its folder or results.json), a
// comparison (the file `apmsim compare --json FILE` writes) or a sweep (its folder or sweep.json).
// Anything else is refused with a message saying what was expected.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompareDocument } from '../models/compare/report.js';
import type { SweepDocument } from '../models/sweep/document.js';
import { comparePart } from './compare-report.js';
import { checkComparison, checkSweep, looksLikeComparison, looksLikeSweep } from './documents.js';
import { ReportInputError } from './errors.js';
import { checkResults, parseJson, readInput, runBeside } from './load-run.js';
import type { PartDraft } from './page.js';
import type { RunData } from './run-data.js';
import { runPart } from './run-report.js';
import { sweepPart } from './sweep-report.js';

export type ReportInput =
  | { readonly kind: 'run'; readonly data: RunData }
  | { readonly kind: 'compare'; readonly doc: CompareDocument }
  | { readonly kind: 'sweep'; readonly doc: SweepDocument };

export interface LoadedInput {
  readonly input: ReportInput;
  /** Files that were skipped, and why. */
  readonly warnings: readonly string[];
}

const EXPECTED = 'a run (its folder or results.json, from apmsim run --out), a comparison (the file of apmsim compare --json FILE) or a sweep (its folder or sweep.json, from apmsim sweep --out)';

/** The input file a folder stands for: its results.json or its sweep.json. */
function folderFile(dir: string): string {
  const results = join(dir, 'results.json');
  const sweep = join(dir, 'sweep.json');
  const [hasResults, hasSweep] = [existsSync(results), existsSync(sweep)];
  if (hasResults && hasSweep) throw new ReportInputError(`${dir}: holds both results.json and sweep.json; name the file to report on`);
  if (hasResults) return results;
  if (hasSweep) return sweep;
  throw new ReportInputError(`${dir}: expected ${EXPECTED}; this folder holds neither results.json nor sweep.json`);
}

function described(doc: unknown): string {
  if (Array.isArray(doc)) return 'a list';
  if (doc === null || typeof doc !== 'object') return `${doc === null ? 'null' : typeof doc}`;
  const keys = Object.keys(doc);
  return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

/** Reads one input of `apmsim report`, recognising its kind by its content. */
export function loadInput(path: string): LoadedInput {
  const file = existsSync(path) && statSync(path).isDirectory() ? folderFile(path) : path;
  const doc = parseJson(readInput(file), file);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ReportInputError(`${file}: expected ${EXPECTED}, found ${described(doc)}`);
  const d = doc as Record<string, unknown>;
  if (looksLikeSweep(d)) return { input: { kind: 'sweep', doc: checkSweep(d, file) }, warnings: [] };
  if (looksLikeComparison(d)) return { input: { kind: 'compare', doc: checkComparison(d, file) }, warnings: [] };
  if (!('metrics' in d)) throw new ReportInputError(`${file}: expected ${EXPECTED}, found ${described(doc)}`);
  const run = runBeside(file, checkResults(d, file));
  return { input: { kind: 'run', data: run.data }, warnings: run.warnings };
}

/** The page part of an input. */
export function partOf(input: ReportInput): PartDraft {
  switch (input.kind) {
    case 'run': return runPart(input.data);
    case 'compare': return comparePart(input.doc);
    case 'sweep': return sweepPart(input.doc);
  }
}
