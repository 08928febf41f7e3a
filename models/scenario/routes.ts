// Next specs (where a request goes after an agent) -> RouteSpec with agent names resolved to ids:
// a name or exit, a probabilistic list of { to, p }, or a fork with a continuation.

import { isMap, isScalar, isSeq } from 'yaml';
import type { RouteSpec } from '../../sim/network/spec.js';
import { fieldsOf, itemsOf, plainValue, readNumber, report, reportType, suggest } from './fields.js';
import type { LoadContext, Slot } from './fields.js';
import { EXPECTED, msg } from './messages.js';

export const EXIT = 'exit';
const PROBABILITY_TOLERANCE = 1e-9;

/** Agent names in declaration order; ids are indexes. */
export interface AgentNames {
  readonly ids: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  /** False when the agents section itself is broken: references are then not checked (no cascade). */
  readonly complete: boolean;
}

/** An omitted next spec means exit. */
export function readNext(ctx: LoadContext, slot: Slot | undefined, agents: AgentNames): RouteSpec | undefined {
  if (slot === undefined || slot.node === null) return { kind: 'exit' };
  if (isScalar(slot.node)) {
    const to = resolveTarget(ctx, slot, agents, true, EXPECTED.nextSpec);
    if (to === undefined) return undefined;
    return to < 0 ? { kind: 'exit' } : { kind: 'agent', to, escalate: false };
  }
  if (isSeq(slot.node)) return readRandom(ctx, slot, agents);
  if (isMap(slot.node)) return readFork(ctx, slot, agents);
  reportType(ctx, slot, EXPECTED.nextSpec);
  return undefined;
}

/** An agent id, -1 for exit (when allowed), undefined after a diagnostic. */
export function resolveTarget(ctx: LoadContext, slot: Slot, agents: AgentNames, allowExit: boolean, expected: string): number | undefined {
  const name = plainValue(slot);
  if (typeof name !== 'string') {
    reportType(ctx, slot, expected);
    return undefined;
  }
  if (name === EXIT) {
    if (allowExit) return -1;
    reportType(ctx, slot, expected);
    return undefined;
  }
  return resolveAgent(ctx, slot, name, agents, allowExit);
}

/** Looks a name up among the agents; `at` may be a key node (routes) as well as a value. */
export function resolveAgent(ctx: LoadContext, slot: Slot, name: string, agents: AgentNames, exitAllowed: boolean): number | undefined {
  const id = agents.ids.get(name);
  if (id === undefined && agents.complete) {
    report(ctx, slot.at, slot.path, msg.unknownAgent(name, agents.names, suggest(name, agents.names), exitAllowed));
  }
  return id;
}

function readRandom(ctx: LoadContext, slot: Slot, agents: AgentNames): RouteSpec | undefined {
  const items = itemsOf(ctx, slot, EXPECTED.nextSpec) ?? [];
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('{ to, p } entry'));
    return undefined;
  }
  const to: number[] = [];
  const p: number[] = [];
  const seen = new Set<string>();
  let complete = true;
  for (const item of items) {
    const f = fieldsOf(ctx, item, ['to', 'p'], EXPECTED.randomEntry);
    const toSlot = f?.require('to', EXPECTED.target);
    const pSlot = f?.require('p', EXPECTED.probability);
    const target = toSlot === undefined ? undefined : resolveTarget(ctx, toSlot, agents, true, EXPECTED.target);
    const probability = pSlot === undefined ? undefined : readNumber(ctx, pSlot, EXPECTED.probability, (n) => n >= 0 && n <= 1);
    const name = toSlot === undefined ? undefined : plainValue(toSlot);
    if (toSlot !== undefined && typeof name === 'string') {
      if (seen.has(name)) report(ctx, toSlot.at, toSlot.path, msg.duplicateTarget(name));
      seen.add(name);
    }
    if (target === undefined || probability === undefined) complete = false;
    else {
      to.push(target);
      p.push(probability);
    }
  }
  // A sum is only meaningful when every probability was read.
  if (!complete || seen.size < items.length) return undefined;
  const sum = p.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
    report(ctx, slot.at, slot.path, msg.probabilitySum(sum));
    return undefined;
  }
  const only = to[0]!;
  if (to.length === 1) return only < 0 ? { kind: 'exit' } : { kind: 'agent', to: only, escalate: false };
  return { kind: 'random', to, p, escalate: to.map(() => false) };
}

function readFork(ctx: LoadContext, slot: Slot, agents: AgentNames): RouteSpec | undefined {
  const f = fieldsOf(ctx, slot, ['fork', 'then'], EXPECTED.nextSpec);
  const forkSlot = f?.require('fork', EXPECTED.branches);
  if (f === undefined || forkSlot === undefined) return undefined;
  const items = itemsOf(ctx, forkSlot, EXPECTED.branches);
  const then = readNext(ctx, f.get('then'), agents);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, forkSlot.at, forkSlot.path, msg.emptyList('branch'));
    return undefined;
  }
  const branches = items.map((item) => resolveTarget(ctx, item, agents, false, EXPECTED.branch));
  if (then === undefined || !branches.every((b): b is number => b !== undefined)) return undefined;
  return { kind: 'fork', branches, then };
}
