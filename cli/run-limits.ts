// The memory and events a run may take, checked before it starts (models/run/footprint.ts
// estimates them): a run that would not fit is refused with its figures and the limit, and the
// flag that raises it, instead of growing until the machine gives out.

import { totalmem } from 'node:os';
import type { Argv } from 'yargs';
import { estimateFootprint } from '../models/run/footprint.js';
import { parseBytes, type Scenario } from '../models/scenario/index.js';
import { formatNumber } from '../reports/format.js';
import { UsageError } from '../api/errors.js';

/** Half the machine's memory, at most 8 GiB: room for the rest of the machine and for Node itself. */
export const DEFAULT_MAX_MEMORY = Math.min(totalmem() / 2, 8 * 2 ** 30);
/** About half an hour of one core at the engine's 5-10 million events per second. */
export const DEFAULT_MAX_EVENTS = 1e10;

export interface LimitFlags {
  maxMemory: string | undefined;
  maxEvents: number | undefined;
}

export function withLimitFlags<T>(y: Argv<T>) {
  return y
    .option('max-memory', { type: 'string', describe: `refuse a run estimated to need more memory than this (e.g. 16GB; default half the machine's memory, at most 8 GiB: ${formatGiB(DEFAULT_MAX_MEMORY)})` })
    .option('max-events', { type: 'number', describe: `refuse a run estimated to process more events than this (default ${DEFAULT_MAX_EVENTS.toExponential()}, about half an hour)` });
}

function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/**
 * Throws a UsageError naming the estimate and the limit when the run would not fit. `rows`: request
 * rows are recorded; `concurrent`: replications run at once.
 */
export function checkRunFits(s: Scenario, rows: boolean, concurrent: number, flags: LimitFlags): void {
  const maxBytes = flags.maxMemory === undefined ? DEFAULT_MAX_MEMORY : parsedBytes(flags.maxMemory);
  const maxEvents = flags.maxEvents ?? DEFAULT_MAX_EVENTS;
  if (!(maxEvents > 0)) throw new UsageError(`--max-events: expected a number above 0, found ${flags.maxEvents}`);
  const f = estimateFootprint(s, rows, concurrent);
  if (f.bytes > maxBytes) {
    throw new UsageError(
      `${s.file}: this run would need about ${formatGiB(f.bytes)} of memory (replica and batch slots, cache keys, sessions, recorded rows and the requests an overloaded station piles up), more than the limit of ${formatGiB(maxBytes)}; make the scenario smaller (replicas, max_batch, capacity, population, horizon, replications) or raise the limit with --max-memory`,
    );
  }
  if (f.events > maxEvents) {
    throw new UsageError(
      `${s.file}: this run would process about ${formatNumber(f.events)} events (${formatNumber(f.requests)} requests over ${s.replications} replications of ${formatNumber(s.horizon)} s), more than the limit of ${formatNumber(maxEvents)}; shorten the horizon or the replications, or raise the limit with --max-events (--budget stops a long run early with partial results)`,
    );
  }
}

function parsedBytes(text: string): number {
  const q = parseBytes(text);
  if (!q.ok) throw new UsageError(`--max-memory: expected ${q.message.expected}, found ${q.message.found}`);
  return q.value;
}
