// Reads a scenario file and the files it names (traces, samples), relative to the scenario's
// folder, and hands the text to the pure loader.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadScenario } from '../models/scenario/index.js';
import type { Scenario } from '../models/scenario/types.js';
import { UsageError } from './errors.js';

export function readScenario(file: string, overrides: readonly string[]): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const dir = dirname(resolve(file));
  return loadScenario(file, text, {
    readFile: (path) => readFileSync(resolve(dir, path), 'utf8'),
    overrides,
  });
}
