// Sweeps for the report tests, simulated in process the way `apmsim sweep` does: every grid point
// is the scenario with the point's overrides, its results summarised, the document assembled by
// models/sweep (and passed through JSON, as a report reads it from sweep.json).

import { sweepDocument, type SweepDocument } from '../../models/sweep/document.js';
import { gridSize, pointOverrides, pointValues, type Axis } from '../../models/sweep/grid.js';
import { scenarioFingerprint } from '../../models/scenario/core/fingerprint.js';
import { recordedRun, scenarioFile } from './recorded-run.js';

export function simulatedSweep(file: string, grid: readonly Axis[], common: readonly string[]): SweepDocument {
  const base = scenarioFile(file, common);
  const points = Array.from({ length: gridSize(grid) }, (_, index) => {
    const values = pointValues(grid, index);
    const run = recordedRun(scenarioFile(file, [...common, ...pointOverrides(grid, index)]), false);
    return { index, values: Object.fromEntries(grid.map((a, k) => [a.path, values[k]!])), results: run.results };
  });
  const doc = sweepDocument({
    apmsim: 'test', kind: 'apmsim-sweep', scenario: base.name, fingerprint: scenarioFingerprint(base),
    scenarioFile: base.file, overrides: base.overrides, command: null, seed: base.seed,
    replications: base.replications, confidence: base.confidence, grid, size: gridSize(grid),
  }, points, undefined);
  return JSON.parse(JSON.stringify(doc)) as SweepDocument;
}

/** The support desk's cascade threshold against the small model's GPU replicas: quality, cost and latency move. */
export const DESK_GRID: readonly Axis[] = [
  { path: 'agents.retriever.next.switch[0].when', values: ['"difficulty > 0.5"', '"difficulty > 0.8"', '"difficulty > 0.95"'] },
  { path: 'gpus.small-pool.replicas', values: ['1', '2'] },
];

export const deskSweep = (): SweepDocument => simulatedSweep('support-desk.yaml', DESK_GRID, ['replications=3', 'horizon=400s', 'warmup=40s']);
