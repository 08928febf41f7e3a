// `npm run bench -- --only optimize`: apmsim optimize on support-desk (tickets at 30/s, p95 <= 10 s) over three
// knobs, 100 grid points, against the exhaustive sweep of the same grid: the same cheapest
// feasible point?, and the replication-seconds each simulated (the issue asks for at most 15 %).

import type { Emit } from './emit.js';
import { optimizeVersusSweep } from '../helpers/optimize-check.js';

export async function benchOptimize(emit: Emit): Promise<void> {
  const started = performance.now();
  const c = await optimizeVersusSweep('support-desk', ['workload.tickets.arrivals.rate=30/s'],
    ['gpus.small-pool.replicas=1..5', 'gpus.large-pool.replicas=1..4', 'agents.checker.servers=2..6'],
    ['class.tickets.e2e.p95 <= 10s'], 'cost.gpu');
  const ratio = c.optimizeSeconds / c.sweepSeconds;
  const confirmed = c.result.points.filter((p) => p.stage === 'confirmed').length;
  emit(
    { group: 'optimize', points: c.points, same: c.sweepChoice === c.optimizeChoice, sweepChoice: c.sweepChoice ?? -1, optimizeChoice: c.optimizeChoice ?? -1, ratio, confirmed, screen: c.result.simulated.screen, confirm: c.result.simulated.confirm, sweep: c.sweepSeconds },
    `optimize  support-desk at 30/s, ${c.points} points: sweep chose point ${c.sweepChoice}, optimize point ${c.optimizeChoice} (${c.sweepChoice === c.optimizeChoice ? 'same' : 'DIFFERENT'}); `
      + `replication-seconds ${c.optimizeSeconds} (screen ${c.result.simulated.screen}, confirm ${c.result.simulated.confirm}, ${confirmed} points confirmed) vs sweep ${c.sweepSeconds}: ${(100 * ratio).toFixed(1)}% `
      + `(${((performance.now() - started) / 1000).toFixed(0)} s wall)`,
  );
}
