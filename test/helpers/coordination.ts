// The bundled Monday-spike coordination scenario, loaded with overrides, and one coordinated
// replication of it: what the coordination tests share.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCoordinatedReplication, type CoordinatedOutput } from '../../models/coordination/driver.js';
import type { LogRecord } from '../../models/coordination/log.js';
import type { Proposer } from '../../models/coordination/proposals.js';
import { NO_RECORDING } from '../../models/run/replicate.js';
import { loadScenario } from '../../models/scenario/index.js';
import type { Scenario } from '../../models/scenario/core/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SPIKE = join(ROOT, 'scenarios/monday-spike-coordination.yaml');

export function spike(overrides: readonly string[] = []): Scenario {
  return loadScenario(SPIKE, readFileSync(SPIKE, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(SPIKE), p), 'utf8'), overrides });
}

/** One replication run to its end (nothing stops it). */
export async function replicate(s: Scenario, options: { enabled?: boolean; proposer?: Proposer; index?: number; requests?: boolean } = {}): Promise<CoordinatedOutput> {
  const warmup = s.warmup.mode === 'fixed' ? s.warmup.seconds : 0;
  return (await runCoordinatedReplication(s, options.index ?? 0, warmup, {
    enabled: options.enabled ?? true, recording: options.requests === true ? { timeseriesWindow: 0, traceRequests: true } : NO_RECORDING, ...(options.proposer === undefined ? {} : { proposer: options.proposer }),
  }))!;
}

/** Records of one type, typed. */
export function recordsOf<T extends LogRecord['type']>(out: CoordinatedOutput, type: T): Extract<LogRecord, { type: T }>[] {
  return out.log.records.filter((r): r is Extract<LogRecord, { type: T }> => r.type === type);
}

export function metric(out: CoordinatedOutput, name: string): number {
  const m = out.metrics.find((x) => x.name === name);
  if (m === undefined) throw new Error(`no metric ${name}`);
  return m.value;
}
