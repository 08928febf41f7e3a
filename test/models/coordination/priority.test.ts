// A `priority` action end to end: one M/M/1 help desk serving by priority, where the vip class
// starts below bulk. vip-agent's p95 objective is threatened; it asks its peer bulk-agent to put
// vip first (bulk-agent validates that its own, looser objective still holds, and accepts); the
// engine serves vip on top until the commitment expires, then at its written priority again. A
// set_priority timeline event does the same through the same mechanism.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readProposals } from '../../../models/coordination/proposals.js';
import { ControlState } from '../../../models/coordination/state.js';
import type { ActionEffect } from '../../../models/coordination/types.js';
import type { Actuators } from '../../../sim/network/control.js';
import { loadScenario } from '../../../models/scenario/index.js';
import type { Scenario } from '../../../models/scenario/core/types.js';
import { OUTCOME_COMPLETED } from '../../../sim/network/record/recorders.js';
import { metric, recordsOf, replicate } from '../../helpers/coordination.js';

const test = suite('coordination: priority actions');

// Non-preemptive M/M/1, mean service 1 s, rho = 0.85 (vip 0.3, bulk 0.55). vip below bulk: vip
// waits R / ((1 - rho_bulk)(1 - rho)) = 12.6 s on average; vip on top: R / (1 - rho_vip) = 1.2 s
// (R = rho * 1 s, the mean residual work of exponential service).
const DESK = `
name: help-desk
seed: 5
horizon: 45min
warmup: 0s
replications: 2
workload:
  vip:
    arrivals: { process: poisson, rate: 0.3/s }
    entry: desk
    priority: 2
  bulk:
    arrivals: { process: poisson, rate: 0.55/s }
    entry: desk
    priority: 1
agents:
  desk: { servers: 1, service: { dist: exponential, mean: 1s }, discipline: priority }
timeline:
  - { at: 12min, set_objective: { objective: vip-p95, threshold: 1000s } }
objectives:
  - { name: vip-p95, agent: vip-agent, metric: p95, class: vip, threshold: 15s, window: 5min }
  - { name: bulk-p95, agent: bulk-agent, metric: p95, class: bulk, threshold: 2min, window: 5min }
coordination:
  period: 5min
  validation: { horizon: 20min, warmup: 2min, replications: 4 }
participants:
  - { name: vip-agent, peers: [bulk-agent] }
  - { name: bulk-agent }
actions:
  - { name: vip-first, owner: bulk-agent, priority: { class: vip, priority: 0 }, duration: 15min }
`;

const load = (text: string, overrides: readonly string[] = []): Scenario =>
  loadScenario('desk.yaml', text, { readFile: () => { throw new Error('no files'); }, overrides });

const VIP = 0, BULK = 1;

test('the loader resolves a priority action', () => {
  const s = load(DESK);
  assert.equal(s.coordination!.actions[0]!.effect, { kind: 'priority', cls: VIP, priority: 0 });
});

test('a peer accepts a priority action; vip is served first while it holds, and at its written priority after it expires', async () => {
  const s = load(DESK);
  const out = await replicate(s, { requests: true });
  const requests = recordsOf(out, 'request');
  assert.ok(requests.some((r) => r.action === 'vip-first' && r.from === 'vip-agent' && r.to === 'bulk-agent' && r.direction === 'peer'), 'vip-agent asks its peer');
  const answer = recordsOf(out, 'answer').find((a) => a.action === 'vip-first');
  assert.ok(answer !== undefined && answer.answer === 'accept', `bulk-agent accepts (${JSON.stringify(answer)})`);
  assert.match(answer!.detail, /its objectives hold: bulk-p95 predicted/);
  const plan = recordsOf(out, 'plan').find((p) => p.action === 'vip-first');
  assert.ok(plan !== undefined && plan.kept, 'the plan is kept at validation');
  const commitments = recordsOf(out, 'commitment');
  assert.is(commitments.length, 1, 'one commitment; the objective is relaxed before it expires');
  const c = commitments[0]!;
  const expired = recordsOf(out, 'expired').find((e) => e.action === 'vip-first');
  assert.ok(expired !== undefined && Math.abs(expired.t - c.until) < 1e-9 && Math.abs(c.until - c.t - 900) < 1e-9, 'expires after its 15 min');
  assert.is(metric(out, 'coordination.peer.accepted'), 1);

  // Mean wait at the desk of each class's completed requests by arrival time: before the
  // commitment (after the first minute), while it holds (after its first minute: vip requests that
  // were waiting at the commitment keep their level) and after its expiry.
  const rows = out.requests!;
  const wait = (cls: number, from: number, to: number) => {
    let sum = 0, n = 0;
    for (let i = 0; i < rows.count; i++) {
      if (rows.cls[i] !== cls || rows.outcome[i] !== OUTCOME_COMPLETED || rows.arrival[i]! < from || rows.arrival[i]! >= to) continue;
      sum += rows.wait[i]!;
      n++;
    }
    return sum / n;
  };
  const before = [60, c.t] as const, during = [c.t + 60, c.until] as const, after = [c.until + 60, s.horizon - 300] as const;
  const vip = { before: wait(VIP, ...before), during: wait(VIP, ...during), after: wait(VIP, ...after) };
  const bulk = { before: wait(BULK, ...before), during: wait(BULK, ...during), after: wait(BULK, ...after) };
  const what = `vip ${JSON.stringify(vip)}, bulk ${JSON.stringify(bulk)}`;
  assert.ok(vip.before > bulk.before && vip.after > bulk.after, `vip waits longer than bulk before and after: ${what}`);
  assert.ok(vip.during < bulk.during, `vip waits less than bulk while committed: ${what}`);
  assert.ok(vip.during < 0.4 * vip.before && vip.during < 0.4 * vip.after, `vip's wait drops while committed and comes back after: ${what}`);
});

test('coordination off: nobody asks, vip stays below bulk all along', async () => {
  const out = await replicate(load(DESK), { enabled: false });
  assert.is(recordsOf(out, 'commitment').length, 0);
  assert.ok(metric(out, 'objective.vip-p95.violated_share') > 0);
});

test('the priority commitment is validated on the scenario as it stands: without it nothing meets the objective', async () => {
  const out = await replicate(load(DESK));
  const plans = recordsOf(out, 'plan');
  const nothing = plans.find((p) => p.action === '(nothing)')!;
  const first = plans.find((p) => p.action === 'vip-first')!;
  assert.not.ok(nothing.kept);
  assert.ok(first.kept && first.interval !== null && nothing.interval !== null && first.interval[1] < nothing.interval[0], `${JSON.stringify(first.interval)} vs ${JSON.stringify(nothing.interval)}`);
});

test('a proposer may change the priority of a plan only to one the run has a level for', () => {
  const s = load(DESK);
  const eligible = s.coordination!.actions;
  const ok = readProposals({ plans: [{ action: 'vip-first', priority: 1 }] }, eligible, [0, 1, 2]);
  assert.equal(ok.problems, []);
  assert.equal(ok.actions[0]!.effect, { kind: 'priority', cls: VIP, priority: 1 });
  const bad = readProposals({ plans: [{ action: 'vip-first', priority: 3 }, { action: 'vip-first', factor: 2 }] }, eligible, [0, 1, 2]);
  assert.equal(bad.actions, []);
  assert.match(bad.problems[0]!, /"priority" must be one of 0, 1, 2 .* found 3/);
  assert.match(bad.problems[1]!, /"factor" does not apply to a priority action; expected priority or duration/);
});

test('a set_priority event puts vip first from its time on, coordination off', async () => {
  const T = 20 * 60;
  const s = load(DESK, [`timeline=[{ at: ${T}s, set_priority: { class: vip, priority: 0 } }]`]);
  assert.equal(s.coordination!.timeline, [{ kind: 'set_priority', at: T, cls: VIP, priority: 0 }]);
  const out = await replicate(s, { enabled: false, requests: true });
  assert.ok(out.log.records.some((r) => r.type === 'timeline' && r.t === T && r.event === 'class vip served at priority 0'));
  const rows = out.requests!;
  const wait = (cls: number, from: number, to: number) => {
    let sum = 0, n = 0;
    for (let i = 0; i < rows.count; i++) {
      if (rows.cls[i] !== cls || rows.outcome[i] !== OUTCOME_COMPLETED || rows.arrival[i]! < from || rows.arrival[i]! >= to) continue;
      sum += rows.wait[i]!;
      n++;
    }
    return sum / n;
  };
  const before = { vip: wait(VIP, 60, T), bulk: wait(BULK, 60, T) }, after = { vip: wait(VIP, T + 60, s.horizon - 300), bulk: wait(BULK, T + 60, s.horizon - 300) };
  const what = `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`;
  assert.ok(before.vip > before.bulk && after.vip < after.bulk && after.vip < 0.4 * before.vip, what);
});

test('the effective priority: the latest active commitment, else the timeline\'s, else the written one', () => {
  const pushed: [number, number][] = [];
  const act: Actuators = {
    scaleArrivals: () => true, setRateLimit: () => true, setReplicas: () => true,
    setPriority: (c: number, p: number) => { pushed.push([c, p]); return true; },
  } as unknown as Actuators;
  const state = new ControlState([{ priority: 2 }, {}]);
  const first: ActionEffect = { kind: 'priority', cls: 0, priority: 0 };
  const second: ActionEffect = { kind: 'priority', cls: 0, priority: 1 };
  assert.equal([state.priorityOf(0), state.priorityOf(1)], [2, 0]);
  assert.is(state.priorityOf(0, [second]), 1, 'a candidate effect counts for validation');
  state.commit(first);
  state.commit(second);
  assert.is(state.priorityOf(0), 1, 'the latest commitment wins');
  state.setPriority(0, 3);
  assert.is(state.priorityOf(0), 1, 'a timeline event does not override a commitment');
  state.release(second);
  assert.is(state.priorityOf(0), 0, 'the earlier commitment still holds');
  state.release(first);
  state.apply(0, act);
  assert.equal(pushed, [[0, 3]], 'the timeline\'s priority comes back, and is pushed to the engine');
});

test.run();
