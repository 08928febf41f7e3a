// Reads a scenario file and the files it names (traces, samples), relative to the scenario's
// folder, and hands the text to the pure loader. `-` is the scenario on stdin (the files it names
// are then relative to the working folder), named `<stdin>` in messages.

import { dirname, resolve } from 'node:path';
import type { ScenarioSource } from '../models/query/index.js';
import { loadScenario, type Scenario } from '../models/scenario/index.js';
import { readFileSync } from 'node:fs';
import { UsageError } from './errors.js';
import { fileErrorReason } from '../sim/errors.js';
import { readRegularFile, readText } from './read-text.js';
import { STDIN_ARGUMENT } from './stdin-argument.js';

/** A scenario file's text, and a reader for the files it names (each read once, however often it is loaded). */
export function readSource(file: string): ScenarioSource {
  if (file === STDIN_ARGUMENT) return readSourceText('<stdin>', readStdin(), process.cwd());
  return readSourceText(file, readText(file, 'the scenario file'), dirname(resolve(file)));
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new UsageError(`-: cannot read the scenario from stdin: ${fileErrorReason(e)}`);
  }
}

export function readSourceText(file: string, text: string, dir: string): ScenarioSource {
  const cache = new Map<string, string>();
  const readFile = (path: string): string => {
    const full = resolve(dir, path);
    let content = cache.get(full);
    if (content === undefined) { content = readRegularFile(full); cache.set(full, content); }
    return content;
  };
  return { file, text, readFile };
}

export function readScenario(file: string, overrides: readonly string[]): Scenario {
  return loadSource(readSource(file), overrides);
}

export function loadSource(source: ScenarioSource, overrides: readonly string[]): Scenario {
  return loadScenario(source.file, source.text, { readFile: source.readFile, overrides });
}
