// Reads a scenario file and the files it names (traces, samples), relative to the scenario's
// folder, and hands the text to the pure loader.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ScenarioSource } from '../models/query/index.js';
import { loadScenario, type Scenario } from '../models/scenario/index.js';
import { readText } from './read-text.js';

/** A scenario file's text, and a reader for the files it names (each read once, however often it is loaded). */
export function readSource(file: string): ScenarioSource {
  const text = readText(file, 'the scenario file');
  const dir = dirname(resolve(file));
  const cache = new Map<string, string>();
  const readFile = (path: string): string => {
    const full = resolve(dir, path);
    let content = cache.get(full);
    if (content === undefined) { content = readFileSync(full, 'utf8'); cache.set(full, content); }
    return content;
  };
  return { file, text, readFile };
}

export function readScenario(file: string, overrides: readonly string[]): Scenario {
  const { text, readFile } = readSource(file);
  return loadScenario(file, text, { readFile, overrides });
}
