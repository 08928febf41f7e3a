// Optimize against the exhaustive sweep of the same grid: every point simulated as `apmsim sweep`
// does (the scenario's replications in full, summarised as results.json), the cheapest point whose
// objective intervals meet their bounds chosen by the same rule (ties: grid order), and the
// replication-seconds each spent.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gridPoints, optimize, parseKnob, parseObjective, type OptimizeResult } from '../../models/advisor/optimize.js';
import { inProcessExecutor, type ReplicationExecutor } from '../../models/query/index.js';
import { Experiment } from '../../models/run/experiment.js';
import { decisionBounds } from '../../models/run/results.js';
import { loadScenario } from '../../models/scenario/index.js';

export interface CheckOutcome {
  readonly sweepChoice: number | undefined;
  readonly optimizeChoice: number | undefined;
  readonly result: OptimizeResult;
  readonly sweepSeconds: number;
  readonly optimizeSeconds: number;
  readonly points: number;
}

export async function optimizeVersusSweep(
  scenarioName: string, set: readonly string[], knobTexts: readonly string[], objectiveTexts: readonly string[], minimize: string,
  executor: ReplicationExecutor = inProcessExecutor,
): Promise<CheckOutcome> {
  const file = fileURLToPath(new URL(`../../../scenarios/${scenarioName}.yaml`, import.meta.url));
  const source = { file, text: readFileSync(file, 'utf8'), readFile: () => { throw new Error('no files'); } };
  const load = (extra: readonly string[]) => loadScenario(file, source.text, { readFile: source.readFile, overrides: [...set, ...extra] });
  const base = load([]);
  const knobs = knobTexts.map(parseKnob);
  const objectives = objectiveTexts.map((o) => parseObjective(o, base));
  const result = await optimize({ source, set, knobs, objectives, minimize, executor, clock: () => performance.now(), stop: () => false, version: 'test' });

  let sweepSeconds = 0;
  let best: { index: number; cost: number } | undefined;
  for (const p of gridPoints(knobs)) {
    const s = load(p.set);
    const r = new Experiment(s, 'test').runToEnd();
    sweepSeconds += s.horizon * s.replications;
    const meets = objectives.every((o) => {
      const bounds = decisionBounds(r.metrics[o.metric]!);
      if (bounds === null) return false;
      const [lo, hi] = bounds;
      return o.op === '<=' ? hi <= o.bound : o.op === '<' ? hi < o.bound : o.op === '>=' ? lo >= o.bound : lo > o.bound;
    });
    const cost = r.metrics[minimize]!.estimate!;
    if (meets && (best === undefined || cost < best.cost)) best = { index: p.index, cost };
  }
  const s = result.simulated;
  return {
    sweepChoice: best?.index,
    optimizeChoice: result.outcome === 'optimal' ? result.chosen?.point.index : undefined,
    result, sweepSeconds, optimizeSeconds: s.analytic + s.screen + s.confirm, points: gridPoints(knobs).length,
  };
}
