// What `apmsim report` accepts, recognised by content: a run (its folder or results.json), a
// comparison (the file `apmsim compare --json FILE` writes) or a sweep (its folder or sweep.json).
// Anything else is refused with a message saying what was expected.

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompareDocument } from '../models/compare/report.js';
import type { CalibrationDocument } from '../models/llm/serving/outputs.js';
import type { SweepDocument } from '../models/sweep/document.js';
import { comparePart } from './compare-report.js';
import { calibrationPart } from './calibration-report.js';
import { checkCalibration, checkComparison, checkSweep, looksLikeCalibration, looksLikeComparison, looksLikeSweep } from './documents.js';
import { ReportInputError } from './errors.js';
import { checkResults, parseJson, readInput, runBeside } from './load-run.js';
import type { PartDraft } from './page.js';
import type { RunData } from './run-data.js';
import { runPart } from './run-report.js';
import { runsOverviewSection, type LabelledRun } from './sections/runs-overview.js';
import { sweepPart } from './sweep-report.js';

export type ReportInput =
  | { readonly kind: 'run'; readonly data: RunData }
  | { readonly kind: 'compare'; readonly doc: CompareDocument }
  | { readonly kind: 'sweep'; readonly doc: SweepDocument }
  | { readonly kind: 'calibration'; readonly doc: CalibrationDocument };

export interface LoadedInput {
  readonly input: ReportInput;
  /** Files that were skipped, and why. */
  readonly warnings: readonly string[];
}

const EXPECTED = 'a run (its folder or results.json, from apmsim run --out), a comparison (the file of apmsim compare --json FILE), a fidelity check (the output of apmsim calibrate serving --json) or a sweep (its folder or sweep.json, from apmsim sweep --out)';

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
  if (looksLikeCalibration(d)) return { input: { kind: 'calibration', doc: checkCalibration(d, file) }, warnings: [] };
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
    case 'calibration': return calibrationPart(input.doc);
  }
}

/** An input as given on the command line, and what it was read as. */
export interface GivenInput {
  readonly path: string;
  readonly input: ReportInput;
}

export interface ReportParts {
  readonly parts: readonly PartDraft[];
  /** Inputs merged into an earlier identical one, said on the page and to the user. */
  readonly merged: readonly string[];
}

/** What makes two inputs the same: a run's results document (its fingerprint), a comparison's or sweep's whole document. */
function identity(input: ReportInput): string {
  const doc = input.kind === 'run' ? input.data.results : input.doc;
  return `${input.kind}:${createHash('sha256').update(JSON.stringify(doc)).digest('hex')}`;
}

const samePath = (a: string, b: string): boolean => a === b || resolve(a) === resolve(b);

/**
 * The parts of a page of several inputs, in the order given: identical inputs merged into the first
 * (with a note), and when there are several runs, an overview first that overlays them on shared
 * charts against a baseline (the first run, or the input `baseline` names), each run's own part
 * after it.
 */
export function reportParts(inputs: readonly GivenInput[], baseline?: string): ReportParts {
  const seen = new Map<string, string>();
  const kept: GivenInput[] = [];
  const merged: string[] = [];
  for (const g of inputs) {
    const id = identity(g.input);
    const first = seen.get(id);
    if (first !== undefined) {
      merged.push(`${g.path} is the same ${g.input.kind === 'compare' ? 'comparison' : g.input.kind === 'calibration' ? 'fidelity check' : g.input.kind} as ${first} (identical ${g.input.kind === 'run' ? 'results' : 'document'}): shown once`);
      continue;
    }
    seen.set(id, g.path);
    kept.push(g);
  }
  const runs = kept.filter((g): g is GivenInput & { input: { kind: 'run' } } => g.input.kind === 'run');
  let base = runs[0];
  if (baseline !== undefined) {
    // The run named, or the one it was merged into.
    const named = inputs.find((g) => g.input.kind === 'run' && samePath(g.path, baseline));
    base = named === undefined ? undefined : runs.find((k) => identity(k.input) === identity(named.input));
    if (base === undefined) throw new ReportInputError(`--baseline ${baseline}: expected one of the runs given (${runs.map((g) => g.path).join(', ') || 'none'})`);
  }
  if (runs.length < 2) return { parts: kept.map((g) => partOf(g.input)), merged };
  const label = new Map(runs.map((g, i) => [g, `#${i + 1} ${g.input.data.results.scenario}`]));
  const labelled = (g: GivenInput & { input: { kind: 'run' } }): LabelledRun => ({ data: g.input.data, label: label.get(g)!, source: g.path });
  // The baseline leads the overview's charts; the parts below keep the order given.
  const ordered = [base!, ...runs.filter((g) => g !== base)].map(labelled);
  const overview: PartDraft = {
    kind: 'runs', sections: [runsOverviewSection(ordered, ordered[0]!, merged)], name: `${runs.length} runs`,
    heading: `${runs.length} runs overlaid, baseline ${label.get(base!)!}`, title: `apmsim runs: ${runs.map((g) => g.input.data.results.scenario).join(', ')}`,
    subtitle: `${runs.length} runs`, version: [...new Set(runs.map((g) => g.input.data.results.apmsim))].join(', '),
  };
  // Each run below keeps its summary (banner, key figures, provenance): its charts are on the
  // overview, overlaid with the others, and in its own report; stacking every run's charts would
  // repeat them and make the page several megabytes.
  const parts = kept.map((g): PartDraft => {
    const part = partOf(g.input);
    if (g.input.kind !== 'run') return part;
    const r = g.input.data.results;
    const summary = part.sections.filter((x) => x.id === 'summary').map((x) => ({
      ...x, blocks: [...x.blocks, { kind: 'paragraph' as const, text: `This run's own charts (over time, agents, latency by class…) are in its report: apmsim report ${g.path} --out FILE.` }],
    }));
    return { ...part, sections: summary, heading: `${label.get(g as GivenInput & { input: { kind: 'run' } })!} (seed ${r.seed})${g === base ? ', baseline' : ''}` };
  });
  return { parts: [overview, ...parts], merged };
}
