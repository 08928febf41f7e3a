// The sweep document (`sweep.json`): what was swept (scenario fingerprint, seed, replications,
// grid) and per point its values and full results. A shard holds a slice of the points; merging
// every shard gives the very document one unsharded run writes, byte for byte.

import type { Results, RunProvenance } from '../run/results.js';
import { InputError } from '../compare/errors.js';
import { gridSize, type Axis, type Shard } from './grid.js';

export const SWEEP_KIND = 'apmsim-sweep';

/**
 * Everything shards of one sweep must share. Its provenance is the sweep's: the fingerprint and
 * overrides are the scenario's before the grid's (each point's results add its own), and the command
 * line is without --shard (a shard's document says which it is).
 */
export interface SweepHeader extends RunProvenance {
  readonly kind: typeof SWEEP_KIND;
  readonly grid: readonly Axis[];
  /** Points in the whole grid (a shard holds fewer). */
  readonly size: number;
}

export interface SweepPoint {
  readonly index: number;
  /** Axis path -> value as written. */
  readonly values: Readonly<Record<string, string>>;
  /** The point's results.json document (also usable as a baseline for apmsim compare). */
  readonly results: Results;
}

export interface SweepDocument extends SweepHeader {
  /** Present in a shard's output only. */
  readonly shard?: Shard;
  readonly points: readonly SweepPoint[];
}

/** Builds the document with its keys in one fixed order, whoever builds it. */
export function sweepDocument(header: SweepHeader, points: readonly SweepPoint[], shard: Shard | undefined): SweepDocument {
  const h: SweepHeader = {
    apmsim: header.apmsim, kind: SWEEP_KIND, scenario: header.scenario, fingerprint: header.fingerprint,
    scenarioFile: header.scenarioFile, overrides: header.overrides, command: header.command, seed: header.seed,
    replications: header.replications, confidence: header.confidence, grid: header.grid.map((a) => ({ path: a.path, values: [...a.values] })), size: header.size,
  };
  const sorted = [...points].sort((a, b) => a.index - b.index).map((p) => ({ index: p.index, values: p.values, results: p.results }));
  return shard === undefined ? { ...h, points: sorted } : { ...h, shard: { index: shard.index, count: shard.count }, points: sorted };
}

export function serializeSweep(doc: SweepDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const headerKey = (d: SweepHeader): string => JSON.stringify([d.apmsim, d.scenario, d.fingerprint, d.seed, d.replications, d.confidence, d.grid, d.size]);

/**
 * Combines the shards of one sweep into the whole document. Every shard 1..n must be given once,
 * all from the same sweep (same apmsim, scenario, seed, replications, grid).
 */
export function mergeSweeps(docs: readonly { file: string; doc: SweepDocument }[]): SweepDocument {
  const first = docs[0];
  if (first === undefined) throw new InputError('merge: expected at least one shard directory');
  const count = first.doc.shard?.count;
  const byIndex = new Map<number, string>();
  for (const { file, doc } of docs) {
    if (doc.shard === undefined) throw new InputError(`${file}: expected the output of a sweep run with --shard i/n, found a complete sweep (nothing to merge)`);
    if (headerKey(doc) !== headerKey(first.doc)) {
      throw new InputError(`${file}: expected a shard of the same sweep as ${first.file} (same apmsim version, scenario, seed, replications and grid), found ${describeDifference(doc, first.doc)}`);
    }
    if (doc.shard.count !== count) throw new InputError(`${file}: expected shard i/${count} like ${first.file}, found ${doc.shard.index}/${doc.shard.count}`);
    const seen = byIndex.get(doc.shard.index);
    if (seen !== undefined) throw new InputError(`${file}: shard ${doc.shard.index}/${count} was already given (${seen})`);
    byIndex.set(doc.shard.index, file);
  }
  const missing = Array.from({ length: count! }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new InputError(`merge: expected all ${count} shards, found no shard ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  const points = docs.flatMap(({ doc }) => doc.points);
  const covered = new Set(points.map((p) => p.index));
  if (covered.size !== points.length || covered.size !== first.doc.size) {
    throw new InputError(`merge: expected each of the ${first.doc.size} grid points exactly once, found ${points.length} points covering ${covered.size}`);
  }
  return sweepDocument(first.doc, points, undefined);
}

function describeDifference(a: SweepHeader, b: SweepHeader): string {
  const fields: (keyof SweepHeader)[] = ['apmsim', 'scenario', 'fingerprint', 'seed', 'replications', 'confidence', 'grid', 'size'];
  const diffs = fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((f) => `${f} ${JSON.stringify(a[f])} instead of ${JSON.stringify(b[f])}`);
  return diffs.join(', ');
}

/** Parses a sweep.json, checking the shape merge relies on. */
export function parseSweep(file: string, text: string): SweepDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: expected a sweep.json document, found invalid JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<SweepDocument> | null;
  if (typeof d !== 'object' || d === null || d.kind !== SWEEP_KIND) throw new InputError(`${file}: expected a sweep.json written by apmsim sweep, found ${d === null || typeof d !== 'object' ? 'no object' : `kind ${JSON.stringify(d.kind)}`}`);
  if (!Array.isArray(d.grid) || !Array.isArray(d.points) || typeof d.size !== 'number' || d.size !== gridSize(d.grid)) {
    throw new InputError(`${file}: expected grid, size and points consistent with each other, found a damaged document`);
  }
  return d as SweepDocument;
}
