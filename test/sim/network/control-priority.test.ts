// The priority actuator a controller uses between segments (Actuators.setPriority): a class given
// another priority is served at it from then on — Cobham's wait for the class on top, before and
// after the switch — requests already waiting keep the level they joined with, priorities must be
// provisioned (NetworkSpec.priorityValues), and provisioning alone changes nothing.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { replicationInterval } from '../../../models/analysis/interval.js';
import { replicationMetrics } from '../../../models/run/metrics.js';
import { replicationOptions } from '../../../models/run/replicate.js';
import { SimulationError } from '../../../sim/errors.js';
import { Replication } from '../../../sim/network/engine.js';
import { OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import type { NetworkSpec, StationAgent } from '../../../sim/network/spec.js';
import { exp, network, poissonClass, scenarioOf, station } from '../../helpers/specs.js';

const test = suite('control: priority actuator');

function replication(net: NetworkSpec, horizon: number, index = 0): Replication {
  return new Replication(net, replicationOptions(scenarioOf(net, { horizon }), index, 0, { timeseriesWindow: 0, traceRequests: true }));
}

// One M/M/1 station (mean service S) offered 1.2 erlangs: gold (priority 1) and bronze (priority 2);
// priority 0 is provisioned for a controller. The server is never idle once the backlog forms, so
// the class on top waits the residual service (S, memoryless) plus the work of its own class ahead:
// W = S / (1 - rho_top) (Cobham, non-preemptive, with the other class always waiting).
const S = 1, LG = 0.5, LB = 0.7;
const GOLD = 0, BRONZE = 1;
const overloaded = (discipline: StationAgent['discipline'] = 'priority', priorityValues: readonly number[] = [0]) => network({
  agents: [station('s', 1, exp(S), undefined, { discipline })],
  classes: [poissonClass('gold', LG, 0, [], { priority: 1 }), poissonClass('bronze', LB, 0, [], { priority: 2 })],
  ...(priorityValues.length === 0 ? {} : { priorityValues }),
});
const cobham = (rho: number) => S / (1 - rho);

/** Mean wait at the station of class c's completed requests that arrived in [from, to). */
function meanWait(rep: Replication, c: number, from: number, to: number): { mean: number; n: number } {
  const rows = rep.snapshot().requests!;
  let sum = 0, n = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.cls[i] !== c || rows.outcome[i] !== OUTCOME_COMPLETED || rows.arrival[i]! < from || rows.arrival[i]! >= to) continue;
    sum += rows.wait[i]!;
    n++;
  }
  return { mean: n > 0 ? sum / n : NaN, n };
}

test('after setPriority the class that was bronze is served like gold: Cobham\'s wait for the class on top, before and after', () => {
  // Before T the gold class is on top; at T bronze gets priority 0 and is on top. Requests arriving
  // in the first 200 s of each phase are left out (the backlog forms, the new top line fills).
  const T = 4000, H = 8000, settle = 200, R = 8;
  const goldBefore: number[] = [], bronzeBefore: number[] = [], bronzeAfter: number[] = [], goldAfter: number[] = [];
  for (let i = 0; i < R; i++) {
    const rep = replication(overloaded(), H, i);
    rep.advanceTo(T);
    assert.ok(rep.setPriority(BRONZE, 0));
    rep.advanceTo(H);
    goldBefore.push(meanWait(rep, GOLD, settle, T).mean);
    bronzeBefore.push(meanWait(rep, BRONZE, settle, T).mean);
    // Requests arriving up to 300 s before the horizon: the top class's waits are a few seconds.
    bronzeAfter.push(meanWait(rep, BRONZE, T + settle, H - 300).mean);
    goldAfter.push(meanWait(rep, GOLD, T + settle, H - 300).mean);
  }
  const inside = (values: number[], exact: number, what: string) => {
    const [lo, hi] = replicationInterval(values, 0.999).interval;
    assert.ok(lo <= exact && exact <= hi, `${what}: Cobham ${exact} outside [${lo}, ${hi}]`);
  };
  inside(goldBefore, cobham(LG * S), 'gold wait before the switch');
  inside(bronzeAfter, cobham(LB * S), 'bronze wait after the switch');
  for (let i = 0; i < R; i++) {
    assert.ok(bronzeBefore[i]! > 10 * goldBefore[i]!, `replication ${i}: before, bronze waits ${bronzeBefore[i]} vs gold ${goldBefore[i]}`);
    // Gold completes only when the bronze line is empty, so few gold requests complete at all.
    assert.ok(!(goldAfter[i]! < 10 * bronzeAfter[i]!), `replication ${i}: after, gold waits ${goldAfter[i]} vs bronze ${bronzeAfter[i]}`);
  }
});

test('requests already waiting keep the level they joined with; new ones take the new level', () => {
  // At T bronze has a backlog of hundreds at the bottom level. After the switch new bronze requests
  // go on top, gold (now overloaded itself) in the middle: the old backlog stays at the bottom and
  // is served only when the gold line happens to empty, which it soon stops doing. (Had the waiting
  // requests moved up with their class, the whole backlog would be served first.)
  const T = 3000, H = 4000;
  const rep = replication(overloaded(), H);
  rep.advanceTo(T);
  const backlog = rep.inFlight;
  assert.ok(backlog > 300, `a bronze backlog at the switch (${backlog} requests in the system)`);
  assert.ok(rep.setPriority(BRONZE, 0));
  rep.advanceTo(H);
  const rows = rep.snapshot().requests!;
  let servedLate = 0, fresh = 0, freshServed = 0;
  for (let i = 0; i < rows.count; i++) {
    if (rows.cls[i] !== BRONZE || rows.outcome[i] !== OUTCOME_COMPLETED) continue;
    if (rows.arrival[i]! < T && rows.finish[i]! > T + 200) servedLate++;
    if (rows.arrival[i]! >= T && rows.arrival[i]! < H - 300) freshServed++;
  }
  fresh = meanWait(rep, BRONZE, T, H - 300).n;
  assert.ok(servedLate < 0.05 * backlog, `${servedLate} bronze requests from before the switch served after T + 200 s, of a backlog of ${backlog}`);
  assert.ok(freshServed === fresh && fresh > 0.7 * LB * (H - 300 - T) * 0.9, `new bronze requests are served (${freshServed})`);
});

test('a priority without a level, or no station serving by priority: false, nothing changes; a class out of range throws', () => {
  const run = (net: NetworkSpec, set: (rep: Replication) => void) => {
    const rep = replication(net, 2000);
    rep.advanceTo(1000);
    set(rep);
    rep.advanceTo(2000);
    return replicationMetrics(net, rep.snapshot());
  };
  const untouched = run(overloaded(), () => {});
  // 3 is neither a class's priority nor provisioned.
  assert.equal(run(overloaded(), (rep) => assert.not.ok(rep.setPriority(BRONZE, 3))), untouched);
  // Without priorityValues only the classes' own priorities have levels: 1 and 2, not 0.
  assert.equal(run(overloaded('priority', []), (rep) => assert.not.ok(rep.setPriority(BRONZE, 0))), run(overloaded('priority', []), () => {}));
  // An FCFS station has no levels to change.
  const fcfs = overloaded('fcfs');
  assert.equal(run(fcfs, (rep) => assert.not.ok(rep.setPriority(BRONZE, 0))), run(fcfs, () => {}));
  const rep = replication(overloaded(), 10);
  assert.throws(() => rep.setPriority(2, 0), (e: unknown) => e instanceof SimulationError && /no class 2 \(there are 2\)/.test(e.message));
  // A class's own written priority is always provisioned: swapping the two needs no priorityValues.
  const swap = replication(overloaded('preemptive', []), 10);
  assert.ok(swap.setPriority(GOLD, 2) && swap.setPriority(BRONZE, 1));
});

test('provisioned priorities alone change nothing; setting a class back to its written priority restores it', () => {
  const H = 3000;
  const metricsOf = (net: NetworkSpec, set?: (rep: Replication) => void) => {
    const rep = replication(net, H);
    if (set !== undefined) set(rep);
    rep.advanceTo(H);
    return replicationMetrics(net, rep.snapshot());
  };
  for (const discipline of ['priority', 'preemptive'] as const) {
    const plain = metricsOf(overloaded(discipline, []));
    // Extra levels below, between and above the classes' own: the classes keep their order.
    assert.equal(metricsOf(overloaded(discipline, [0, 1, 5, 2])), plain, `${discipline}: provisioning alone`);
    // A switch and its undoing within one instant leave the run as it was.
    assert.equal(metricsOf(overloaded(discipline, [0]), (rep) => {
      rep.advanceTo(1000);
      assert.ok(rep.setPriority(BRONZE, 0));
      assert.ok(rep.setPriority(BRONZE, 2));
    }), plain, `${discipline}: a switch undone at once`);
  }
});

test.run();
