// Reads a measured profile folder and a benchmark run folder for `apmsim calibrate serving`: a
// missing file is bad input naming it; parsing is models/llm/serving's.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfileFolder, parseProfileMeta, parseRunFolder, ServingDataError, type BenchmarkRun, type MeasuredProfile } from '../../models/llm/serving/index.js';

function file(path: string, what: string): { path: string; text: string } {
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new ServingDataError(path, 0, '(file)', what, `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function optional(path: string): { path: string; text: string } | undefined {
  return existsSync(path) ? file(path, 'a readable file') : undefined;
}

export function readProfile(dir: string, tp: number): MeasuredProfile {
  const t = join(dir, `tp${tp}`);
  const meta = file(join(dir, 'meta.yaml'), 'the profile description (meta.yaml)');
  // A profile of another TP size is said so before its files are looked for.
  parseProfileMeta(meta, tp);
  const moe = optional(join(t, 'moe.csv'));
  return parseProfileFolder({
    dir,
    tp,
    meta,
    dense: file(join(t, 'dense.csv'), `the per-layer profile at TP ${tp}`),
    attention: file(join(t, 'attention.csv'), `the attention profile at TP ${tp}`),
    perSequence: file(join(t, 'per_sequence.csv'), `the per-sequence profile at TP ${tp}`),
    ...(moe ? { moe } : {}),
  });
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
