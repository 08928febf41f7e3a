// Reads a measured profile folder and a benchmark run folder for `apmsim calibrate serving`: a
// missing file is bad input naming it; parsing is models/llm/serving's.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileErrorReason } from '../../sim/errors.js';
import { parseRunFolder, readProfileFolder, ServingDataError, type BenchmarkRun, type MeasuredProfile } from '../../models/llm/serving/index.js';

function file(path: string, what: string): { path: string; text: string } {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new ServingDataError(path, 0, '(file)', what, `it cannot be read: ${fileErrorReason(e)}`);
  }
}

function optional(path: string): { path: string; text: string } | undefined {
  return existsSync(path) ? file(path, 'a readable file') : undefined;
}

export function readProfile(dir: string, tp: number): MeasuredProfile {
  return readProfileFolder(dir, tp, (path) => readFileSync(path, 'utf8'));
}

export function readRun(dir: string): BenchmarkRun {
  const timeseries = optional(join(dir, 'timeseries.csv'));
  return parseRunFolder({
    dir,
    requests: file(join(dir, 'requests.jsonl'), 'the requests of the run (one JSON object per line)'),
    meta: file(join(dir, 'meta.json'), "the run's engine settings"),
    config: file(join(dir, 'config.json'), "the run's hardware description"),
    ...(timeseries ? { timeseries } : {}),
  });
}
