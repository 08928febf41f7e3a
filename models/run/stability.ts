// Warnings for scenarios that run but whose results are not steady-state: agents offered more
// work than they can serve (with all the replicas their capacity spec can have), and classes whose
// routing never lets a request leave (unless a step limit ends their loops).

import { evaluateCurve } from '../../sim/network/resources/gpu-pool.js';
import type { CountSource, NetworkSpec } from '../../sim/network/spec.js';
import { replicaSlots } from '../../sim/network/capacity/replica-state.js';
import { createSampler } from '../../sim/random/distributions.js';
import { agentArrivalRates } from '../analytic/traffic.js';
import { meanArrivalRate } from '../../sim/network/arrival-process.js';
import { columnSummary } from '../trace/column-summary.js';

export function stabilityWarnings(spec: NetworkSpec): string[] {
  const { rates, unknown, ...traffic } = agentArrivalRates(spec);
  // A class with max_steps ends a runaway loop with a cognitive error: its load is bounded.
  const unbounded = traffic.unbounded.filter((name) => spec.classes.find((c) => c.name === name)?.maxSteps === undefined);
  // Without every class's visits the offered load is unknown; a simulation has to tell.
  if (unknown.length > 0) return unbounded.map(loopWarning);
  const warnings = unbounded.map(loopWarning);
  spec.agents.forEach((a, i) => {
    if (a.kind !== 'station' || Number.isFinite(a.capacity)) return; // a full agent rejects instead of growing its queue
    // Replicas behind a balancer: the most the capacity spec can ever run (autoscaler maximum, spot).
    const rho = (rates[i]! * createSampler(a.service).mean) / (a.servers * replicaSlots(a.capacitySpec, 1));
    if (rho >= 1) {
      warnings.push(
        `agent '${a.name}': offered utilisation ${rho.toFixed(3)} >= 1, so the system is unstable and results are not steady-state`,
      );
    }
  });
  spec.pools.forEach((pool, pi) => {
    const busy = spec.agents.reduce((sum, a, i) => (a.kind === 'llm' && a.pool === pi ? sum + rates[i]! * leastReplicaSeconds(spec, pi, a.inputTokens, a.outputTokens) : sum), 0);
    const most = replicaSlots(pool.capacitySpec, pool.replicas);
    if (busy >= most) {
      warnings.push(
        `gpus.${pool.name}: its calls need at least ${busy.toFixed(2)} replica-seconds per second (prefill, and decoding in full batches) but it has ${most} replicas, so the system is unstable and results are not steady-state`,
      );
    }
  });
  return warnings;
}

/**
 * A lower bound on the replica time one call takes: its prefill, and its output tokens decoded in
 * full batches (the most efficient iterations). Offered load above the replicas is surely too much.
 */
function leastReplicaSeconds(spec: NetworkSpec, pool: number, input: CountSource, output: CountSource): number {
  const p = spec.pools[pool]!;
  const profile = spec.models[p.model]!.profile;
  const perToken = (profile.fixed + evaluateCurve(profile.decode, p.maxBatch)) / p.maxBatch;
  return evaluateCurve(profile.prefill, meanCount(spec, input)) + meanCount(spec, output) * perToken;
}

/** Mean of a token count: its distribution's, or the attribute's over the classes providing it, by rate. */
function meanCount(spec: NetworkSpec, source: CountSource): number {
  if (source.kind === 'dist') return createSampler(source.dist).mean;
  const name = spec.attributes[source.attribute]!;
  let weighted = 0, weight = 0;
  for (const c of spec.classes) {
    const rate = meanArrivalRate(c.arrivals);
    const generated = c.attributes.find((g) => g.attribute === source.attribute);
    const column = c.arrivals.process === 'trace' ? c.arrivals.trace.attributes[name] : undefined;
    const mean = generated !== undefined ? createSampler(generated.dist).mean
      : column !== undefined && column.length > 0 ? columnSummary(column).total / column.length : undefined;
    if (mean !== undefined) { weighted += rate * mean; weight += rate; }
  }
  return weight > 0 ? weighted / weight : 0;
}

function loopWarning(c: string): string {
  return `class '${c}': its routing never lets requests leave, so load grows without bound; results are not steady-state`;
}
