// The normalized scenario: every default applied, every unit converted (seconds, per second),
// every name resolved to an integer id. This is what the rest of apmsim consumes.

import type { CoordinationSpec } from '../../coordination/types.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';
import { ApmsimError, type ExitName } from '../../../sim/errors.js';

export type Warmup =
  | { readonly mode: 'fixed'; readonly seconds: number }
  /** Chosen by MSER-5 on a pilot replication, then applied to every replication. */
  | { readonly mode: 'auto' };

export interface Scenario {
  /** Path of the scenario file as given by the user (for messages and provenance). */
  readonly file: string;
  /** The `--set` overrides applied to the file, in order, relative ones resolved (`path=value`). */
  readonly overrides: readonly string[];
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Simulated time per replication, seconds. */
  readonly horizon: number;
  readonly warmup: Warmup;
  readonly replications: number;
  readonly confidence: number;
  /** 'sketch': fixed-memory quantiles within `sketchAccuracy` relative error; 'exact': keep all. */
  readonly percentiles: 'sketch' | 'exact';
  readonly sketchAccuracy: number;
  readonly network: NetworkSpec;
  /** Absolute gates that `apmsim compare` checks on the candidate (none when absent). */
  readonly slos?: readonly SloSpec[];
  /** Timeline, objectives, coordination settings, participants and actions; absent when none is written. */
  readonly coordination?: CoordinationSpec;
}

/** One bound of a service-level gate: the metric must stay at or below `max` / at or above `min`. */
export interface SloSpec {
  readonly metric: string;
  readonly bound: 'max' | 'min';
  /** In the metric's unit: seconds, per second, or a plain number. */
  readonly limit: number;
  /** How the limit was written, so a duration cannot silently gate a rate. */
  readonly written: 'duration' | 'rate' | 'number';
  /** The limit as written, for messages. */
  readonly text: string;
  /** Where the metric name and the bound were written, for diagnostics raised when the gate is evaluated. */
  readonly at: SloLocation;
  readonly boundAt: SloLocation;
}

export interface SloLocation {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** One problem found in a scenario file, located for the user. */
export interface Diagnostic {
  readonly file: string;
  /** Dotted YAML path, e.g. `agents.worker.next[1].p`; '' for the document itself. */
  readonly path: string;
  /** 1-based line and column; 0 when unknown. */
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
}

/** Thrown when a scenario cannot be used; the CLI prints every diagnostic and exits 2. */
export class ScenarioError extends ApmsimError {
  static override readonly exit: ExitName = 'bad-input';
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.diagnostics = diagnostics;
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path === '' ? '(document)' : d.path;
  return `${where}: ${path}: expected ${d.expected}, found ${d.found}`;
}
