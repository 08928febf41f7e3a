// Loading a scenario for a program: from a YAML file (and the traces and samples it names, read
// relative to its folder), or from the scenario as data, which is loaded exactly like a file.

import { resolve } from 'node:path';
import type { Scenario } from '../models/scenario/index.js';
import { UsageError } from './errors.js';
import { loadSource, readScenario, readSourceText } from './read-scenario.js';

export interface LoadScenarioOptions {
  /** Overrides applied in order, as `apmsim run --set` takes them: `path=value`, or `path*=x`, `path+=x`, `path-=x`. */
  readonly overrides?: readonly string[] | undefined;
  /** For a scenario given as data: the name used in messages and in results (default `<object>`). */
  readonly name?: string | undefined;
  /** For a scenario given as data: the folder the files it names are read from (default: the working folder). */
  readonly baseDir?: string | undefined;
}

/** The scenario as data: what its YAML file parses to. */
export type ScenarioDocument = Readonly<Record<string, unknown>>;

/**
 * Loads and validates a scenario: `source` is a YAML file's path, or the scenario as data. A bad
 * scenario throws a ScenarioError naming the file, the YAML path and the line (for data, the line
 * of the scenario printed as JSON).
 */
export function loadScenario(source: string | ScenarioDocument, options: LoadScenarioOptions = {}): Scenario {
  const overrides = options.overrides ?? [];
  if (typeof source === 'string') return readScenario(source, overrides);
  if (source === null || typeof source !== 'object' || Array.isArray(source)) {
    throw new UsageError(`loadScenario: expected a file path or the scenario as an object, found ${Array.isArray(source) ? 'an array' : String(source)}`);
  }
  // JSON is YAML: the object goes through the same loader, checks and messages as a file.
  const text = JSON.stringify(source, null, 2);
  return loadSource(readSourceText(options.name ?? '<object>', text, resolve(options.baseDir ?? '.')), overrides);
}

/** Loads a scenario from YAML text; `name` is used in messages, named files are read from `baseDir`. */
export function parseScenario(text: string, options: LoadScenarioOptions = {}): Scenario {
  return loadSource(readSourceText(options.name ?? '<text>', text, resolve(options.baseDir ?? '.')), options.overrides ?? []);
}
