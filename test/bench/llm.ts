// LLM serving speed: one replication replaying the full Azure LLM 2023 conversation trace (19,366
// requests, about an hour) on a GPU pool, best of three runs (the first includes JIT warm-up).

import { fileURLToPath } from 'node:url';
import { Replication } from '../../sim/network/engine.js';
import { replicationOptions } from '../../models/run/replicate.js';
import { readScenario } from '../../api/read-scenario.js';
import type { Emit } from './emit.js';

const SCENARIO = fileURLToPath(new URL('../../../scenarios/azure-gpu-replay.yaml', import.meta.url));

export function benchLlm(emit: Emit): void {
  const scenario = readScenario(SCENARIO, []);
  let best = Infinity;
  let events = 0;
  let completed = 0;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const rep = new Replication(scenario.network, replicationOptions(scenario, run, 0));
    rep.advance(Infinity, Infinity);
    const wall = (performance.now() - t0) / 1000;
    const stats = rep.snapshot();
    if (wall < best) { best = wall; events = stats.events; completed = stats.classes[0]!.completed; }
  }
  emit(
    { name: 'azure-gpu-replay', wall_s: Number(best.toFixed(4)), events, events_per_s: Math.round(events / best), requests: completed, goal_wall_s: 2 },
    `azure-gpu-replay  one replication of the full Azure conversation trace (${completed} requests) in ${best.toFixed(3)} s (goal < 2 s), ${events.toLocaleString('en-US')} events, ${Math.round(events / best).toLocaleString('en-US')} events/s`,
  );
}
