// Calibration from telemetry, as one pure function of the files' texts: read the spans, build the
// traces (counting those left out), split off the held-out share, infer the structure, fit, write
// the scenario, load it back (so it is known valid) and check it against the held-out traces.

import { loadScenario, type Scenario } from '../scenario/index.js';
import { calibrate, type CalibratedModel, type GivenArrivals } from './calibrate.js';
import { holdoutCheck, type HoldoutCheck } from './holdout.js';
import { readTelemetry, type TelemetryFormat } from './read.js';
import { TelemetryFormatError, type TelemetrySpan } from './spans.js';
import { pathOf, type RequestPath } from './structure.js';
import { buildTraces, type Traces } from './traces.js';
import { scenarioYaml, type ScenarioText } from './scenario-yaml.js';

export { exportOtlp } from './otlp-export.js';
export { TelemetryFormatError } from './spans.js';
export type { GivenArrivals } from './calibrate.js';

export interface TelemetryInput {
  readonly files: readonly { readonly name: string; readonly text: string }[];
  readonly arrivals: GivenArrivals | undefined;
  /** Share of traces kept out of the fit for the check, in [0, 1). */
  readonly holdout: number;
  readonly seed: number;
  /** The scenario's file name (for its own diagnostics) and name. */
  readonly scenarioFile: string;
  readonly name: string;
  readonly version: string;
}

export interface TelemetryCalibration {
  readonly formats: ReadonlyMap<string, TelemetryFormat>;
  readonly spans: number;
  readonly traces: Traces;
  readonly fitted: readonly RequestPath[];
  readonly heldOut: readonly RequestPath[];
  readonly model: CalibratedModel;
  readonly scenario: ScenarioText;
  readonly loaded: Scenario;
  readonly check: HoldoutCheck | undefined;
}

export function calibrateTelemetry(input: TelemetryInput): TelemetryCalibration {
  if (!(input.holdout >= 0 && input.holdout < 1)) throw new TelemetryFormatError(`--holdout: expected a share of traces in [0, 1), such as 0.3, found ${input.holdout}`);
  const formats = new Map<string, TelemetryFormat>();
  const spans: TelemetrySpan[] = [];
  for (const f of input.files) {
    const read = readTelemetry(f.name, f.text);
    formats.set(f.name, read.format);
    spans.push(...read.spans);
  }
  const traces = buildTraces(spans);
  if (traces.trees.length === 0) {
    const why = [...traces.issues].map(([k, i]) => `${i.count} with ${k} (first: ${i.first})`).join('; ');
    throw new TelemetryFormatError(`${input.files.map((f) => f.name).join(', ')}: expected at least one complete trace (one root, every parent present), found none of ${traces.total}${why === '' ? '' : `: ${why}`}`);
  }
  const paths = traces.trees.map(pathOf);
  const heldOut = paths.filter((p) => unitHash(p.traceId) < input.holdout);
  const fitted = paths.filter((p) => unitHash(p.traceId) >= input.holdout);
  if (fitted.length === 0) throw new TelemetryFormatError(`--holdout ${input.holdout}: expected traces left to fit, found all ${paths.length} held out; lower --holdout`);
  const model = calibrate(fitted, paths, input.arrivals);
  const scenario = scenarioYaml(model, input.name, input.files.map((f) => f.name), input.seed);
  const loaded = loadScenario(input.scenarioFile, scenario.text, { overrides: [], readFile: (p) => { throw new Error(`internal: the calibrated scenario names a file (${p})`); } });
  const check = heldOut.length >= 2 ? holdoutCheck(loaded, heldOut.map((p) => p.e2e), input.version) : undefined;
  return { formats, spans: spans.length, traces, fitted, heldOut, model, scenario, loaded, check };
}

/** A trace id's place in [0, 1) (FNV-1a): which traces are held out does not depend on file order. */
export function unitHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  // murmur3's finaliser: ids that differ in their last digit (sequential ones) land far apart.
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
