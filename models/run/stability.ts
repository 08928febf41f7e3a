// Warnings for scenarios that run but whose results are not steady-state: agents offered more
// work than they can serve, and classes whose routing never lets a request leave.

import type { NetworkSpec } from '../../sim/network/spec.js';
import { createSampler } from '../../sim/random/distributions.js';
import { agentArrivalRates } from '../analytic/traffic.js';

export function stabilityWarnings(spec: NetworkSpec): string[] {
  const { rates, unbounded } = agentArrivalRates(spec);
  const warnings = unbounded.map(
    (c) => `class '${c}': its routing never lets requests leave, so load grows without bound; results are not steady-state`,
  );
  spec.agents.forEach((a, i) => {
    if (a.kind !== 'station' || Number.isFinite(a.capacity)) return; // a full agent rejects instead of growing its queue
    const rho = (rates[i]! * createSampler(a.service).mean) / a.servers;
    if (rho >= 1) {
      warnings.push(
        `agent '${a.name}': offered utilisation ${rho.toFixed(3)} >= 1, so the system is unstable and results are not steady-state`,
      );
    }
  });
  return warnings;
}
