// `apmsim run` on a scenario with a timeline, objectives or coordination: replications in this
// thread (each is a run of segments with validation between them), the negotiation log of the
// first replication, and with `--coordination compare` both policies over the same replications.

import { join } from 'node:path';
import { comparePolicies, runCoordinatedExperiment, type CoordinatedRun, type PolicyComparison, type PolicyFigure } from '../models/coordination/experiment.js';
import { noIntervalReason } from '../models/run/metric-interval.js';
import { summariseLog } from '../models/coordination/log.js';
import type { Proposer } from '../models/coordination/proposals.js';
import type { Recording } from '../models/run/replicate.js';
import type { Scenario } from '../models/scenario/index.js';
import { writeFileAtomic } from '../reports/write-atomic.js';
import { formatNumber, table } from './format-table.js';
import type { Progress } from './progress.js';
import { VERSION } from '../api/version.js';

export type CoordinationMode = 'off' | 'on' | 'compare';

export interface CoordinatedRunArgs {
  readonly mode: CoordinationMode;
  readonly proposer: Proposer | undefined;
  readonly recording: Recording;
  readonly progress: Progress;
  readonly stopped: () => boolean;
}

export interface CoordinatedOutcome {
  /** The run whose results are printed and written (coordination on, unless the mode is off). */
  readonly main: CoordinatedRun;
  readonly off: CoordinatedRun | undefined;
  readonly comparison: PolicyComparison | undefined;
}

export async function runCoordinated(s: Scenario, a: CoordinatedRunArgs): Promise<CoordinatedOutcome> {
  const total = a.mode === 'compare' ? 2 * s.replications : s.replications;
  const run = (enabled: boolean, before: number) => runCoordinatedExperiment(s, VERSION, {
    enabled, recording: a.recording, stopped: a.stopped,
    onProgress: (done) => a.progress.update(before + done, total),
    ...(a.proposer === undefined || !enabled ? {} : { proposer: a.proposer }),
  });
  if (a.mode !== 'compare') return { main: await run(a.mode === 'on', 0), off: undefined, comparison: undefined };
  const off = await run(false, 0);
  const on = await run(true, s.replications);
  return { main: on, off, comparison: comparePolicies(s, off.results, on.results) };
}

/** The off/on table: each side with its interval, and the paired difference. */
export function formatComparison(c: PolicyComparison): string {
  const pct = Math.round(c.confidence * 100);
  const iv = (x: PolicyFigure) =>
    `${formatNumber(x.estimate)} ${x.interval === null ? `(${noIntervalReason(x.note)})` : `[${formatNumber(x.interval[0])}, ${formatNumber(x.interval[1])}]`}`;
  const rows = c.metrics.map((m) => [m.metric, iv(m.off), iv(m.on), iv(m.difference)]);
  return [
    `coordination off vs on: ${c.replications} replications each${c.partial ? ' [PARTIAL]' : ''}, ${pct}% intervals; ${c.pairing}`,
    table([['metric', 'off', 'on', 'on - off (paired)'], ...rows]),
  ].join('\n');
}

/** The first replication's negotiation, readable. */
export function formatNegotiation(run: CoordinatedRun): string {
  const first = run.outputs[0];
  if (first === undefined || !first.log.coordination) return '';
  const lines = summariseLog(first.log);
  return `negotiation, replication 0 (${first.log.records.length} records; all of them in negotiation.json with --out):\n${lines.length === 0 ? '  (nothing detected)' : lines.join('\n')}`;
}

export function writeComparison(dir: string, c: PolicyComparison): string {
  const file = join(dir, 'comparison.json');
  writeFileAtomic(file, `${JSON.stringify(c, null, 2)}\n`);
  return file;
}
