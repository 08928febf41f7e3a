// Command-line flags that change a scenario: each becomes a `--set` override on the YAML
// document, so it is validated and reported exactly like a value written in the file.

import type { Argv } from 'yargs';
import { UsageError } from '../api/errors.js';

export interface ScenarioFlags {
  set: string[] | undefined;
  seed: number | undefined;
  replications: number | undefined;
  horizon: string | undefined;
  warmup: string | undefined;
  confidence: number | undefined;
}

export function withScenarioFlags<T>(y: Argv<T>) {
  return y
    .option('set', { type: 'string', array: true, describe: 'override a scenario value by its YAML path: path=value, or path*=x, path+=x, path-=x to change a number, rate or duration (repeatable)' })
    .option('seed', { type: 'number', describe: 'base random seed (scenario: seed)' })
    .option('replications', { type: 'number', describe: 'independent replications (scenario: replications)' })
    .option('horizon', { type: 'string', describe: 'simulated time per replication, e.g. 3600s (scenario: horizon)' })
    .option('warmup', { type: 'string', describe: "warm-up deleted from each replication, or 'auto' (scenario: warmup)" })
    .option('confidence', { type: 'number', describe: 'confidence level of the intervals (scenario: confidence)' });
}

export function scenarioOverrides(f: ScenarioFlags): string[] {
  const out = [...(f.set ?? [])];
  if (f.seed !== undefined) out.push(`seed=${f.seed}`);
  if (f.replications !== undefined) out.push(`replications=${f.replications}`);
  if (f.horizon !== undefined) out.push(`horizon=${f.horizon}`);
  if (f.warmup !== undefined) out.push(`warmup=${f.warmup}`);
  if (f.confidence !== undefined) out.push(`confidence=${f.confidence}`);
  return out;
}

const WALL_UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

/** A wall-time flag (`--budget` by default) in milliseconds (Infinity when absent). */
export function parseWallBudget(text: string | undefined, flag = '--budget'): number {
  if (text === undefined) return Infinity;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h)?\s*$/.exec(text);
  if (m === null || !(Number(m[1]) > 0)) throw new UsageError(`${flag}: expected a duration above 0 such as 30s or 5min, found '${text}'`);
  return Number(m[1]) * WALL_UNITS[m[2] ?? 's']!;
}
