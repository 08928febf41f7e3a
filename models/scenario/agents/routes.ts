// Next specs (where a request goes after an agent) -> RouteSpec with agent names resolved to ids:
// a name or exit, { to, escalate }, a probabilistic list of { to, p, escalate }, a fork (with a
// quorum `need`, and `{ to, count }` for copies of one agent) with a continuation, speculative
// execution of a likely next step, or a switch on request attributes.

import { isMap, isScalar, isSeq } from 'yaml';
import { LIMITS } from '../format/limits.js';
import type { RouteSpec } from '../../../sim/network/spec.js';
import { resolveAttribute } from '../workload/attributes.js';
import { Fields, entriesOf, fieldsOf, itemsOf, peekField, plainValue, readInteger, readNumber, report, reportType } from '../core/fields.js';
import { suggest } from '../../suggest.js';
import type { LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';
import { EXPECTED_FLOW, flowMsg } from '../workflows/messages.js';
import type { NameSet } from '../core/names.js';
import { readCondition } from './conditions.js';
import { FORK_FORM, SPECULATE_FORM } from '../format/agents.js';
import { fieldNames } from '../format/read.js';

export const EXIT = 'exit';
const PROBABILITY_TOLERANCE = 1e-9;
/** Fields of the map forms, for "did you mean" hints when a map is none of them. */
/**
 * The fields of every map form of `next`, in the order an unknown field's message lists them (a test
 * checks they are the declared forms' fields).
 */
export const MAP_FIELDS: readonly string[] = ['to', 'escalate', 'fork', 'need', 'speculate', 'then', 'switch', 'otherwise'];
export const FORK_FIELDS = fieldNames(FORK_FORM);
export const FORK_COUNT_FIELDS = fieldNames(FORK_FORM.fields.fork.options[1]);
export const SPECULATE_FIELDS = fieldNames(SPECULATE_FORM);
export const SPECULATION_FIELDS = fieldNames(SPECULATE_FORM.fields.speculate);

/** Agent names in declaration order; ids are indexes. */
export type AgentNames = NameSet;

/** What routing may refer to: agents, and request attributes in conditions. */
export interface RouteNames {
  readonly agents: AgentNames;
  readonly attributes: NameSet;
}

/** An omitted next spec means exit. */
export function readNext(ctx: LoadContext, slot: Slot | undefined, names: RouteNames): RouteSpec | undefined {
  if (slot === undefined || slot.node === null) return { kind: 'exit' };
  if (isScalar(slot.node)) {
    const to = resolveTarget(ctx, slot, names.agents, true, EXPECTED_SERVING.nextSpec);
    if (to === undefined) return undefined;
    return to < 0 ? { kind: 'exit' } : { kind: 'agent', to, escalate: false };
  }
  if (isSeq(slot.node)) return readRandom(ctx, slot, names);
  if (isMap(slot.node)) {
    if (peekField(ctx, slot, 'switch') !== undefined) return readSwitch(ctx, slot, names);
    if (peekField(ctx, slot, 'fork') !== undefined) return readFork(ctx, slot, names);
    if (peekField(ctx, slot, 'speculate') !== undefined) return readSpeculate(ctx, slot, names);
    if (peekField(ctx, slot, 'to') !== undefined) return readTo(ctx, slot, names);
    const entries = entriesOf(ctx, slot, EXPECTED_SERVING.nextSpec) ?? [];
    new Fields(ctx, slot, entries, MAP_FIELDS);
    // Unknown fields were just reported; a map of only known fields lacks the one that says its form.
    if (entries.every((e) => MAP_FIELDS.includes(e.key))) report(ctx, slot.at, slot.path, servingMsg.nextMapForm());
    return undefined;
  }
  reportType(ctx, slot, EXPECTED_SERVING.nextSpec);
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

function readRandom(ctx: LoadContext, slot: Slot, names: RouteNames): RouteSpec | undefined {
  const items = itemsOf(ctx, slot, EXPECTED_SERVING.nextSpec) ?? [];
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('{ to, p } entry'));
    return undefined;
  }
  const to: number[] = [];
  const p: number[] = [];
  const escalate: boolean[] = [];
  const seen = new Set<string>();
  let complete = true;
  for (const item of items) {
    const f = fieldsOf(ctx, item, ['to', 'p', 'escalate'], EXPECTED.randomEntry);
    const toSlot = f?.require('to', EXPECTED.target);
    const pSlot = f?.require('p', EXPECTED.probability);
    const target = toSlot === undefined ? undefined : resolveTarget(ctx, toSlot, names.agents, true, EXPECTED.target);
    const probability = pSlot === undefined ? undefined : readNumber(ctx, pSlot, EXPECTED.probability, (n) => n >= 0 && n <= 1);
    const escalates = readEscalate(ctx, f?.get('escalate'), target);
    const name = toSlot === undefined ? undefined : plainValue(toSlot);
    if (toSlot !== undefined && typeof name === 'string') {
      if (seen.has(name)) report(ctx, toSlot.at, toSlot.path, msg.duplicateTarget(name));
      seen.add(name);
    }
    if (target === undefined || probability === undefined || escalates === undefined) complete = false;
    else {
      to.push(target);
      p.push(probability);
      escalate.push(escalates);
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
  if (to.length === 1) return only < 0 ? { kind: 'exit' } : { kind: 'agent', to: only, escalate: escalate[0]! };
  return { kind: 'random', to, p, escalate };
}

/** `{ to: X, escalate: true }`; `{ to: X }` is the same as naming X. */
function readTo(ctx: LoadContext, slot: Slot, names: RouteNames): RouteSpec | undefined {
  const f = fieldsOf(ctx, slot, ['to', 'escalate'], EXPECTED_SERVING.nextMap);
  const toSlot = f?.require('to', EXPECTED.target);
  const to = toSlot === undefined ? undefined : resolveTarget(ctx, toSlot, names.agents, true, EXPECTED.target);
  const escalate = readEscalate(ctx, f?.get('escalate'), to);
  if (to === undefined || escalate === undefined) return undefined;
  return to < 0 ? { kind: 'exit' } : { kind: 'agent', to, escalate };
}

/** Marks an edge as an escalation (small model -> large model) for metrics; only towards an agent. */
function readEscalate(ctx: LoadContext, slot: Slot | undefined, target: number | undefined): boolean | undefined {
  if (slot === undefined) return false;
  const value = plainValue(slot);
  if (typeof value !== 'boolean') {
    reportType(ctx, slot, EXPECTED_SERVING.escalate);
    return undefined;
  }
  if (value && target !== undefined && target < 0) {
    report(ctx, slot.at, slot.path, servingMsg.escalateToExit());
    return undefined;
  }
  return value;
}

/** `{ switch: [{ when, then }, ...], otherwise }`: the first rule whose condition holds decides. */
function readSwitch(ctx: LoadContext, slot: Slot, names: RouteNames): RouteSpec | undefined {
  const f = fieldsOf(ctx, slot, ['switch', 'otherwise'], EXPECTED_SERVING.nextMap);
  const switchSlot = f?.require('switch', EXPECTED_SERVING.switchRules);
  if (f === undefined || switchSlot === undefined) return undefined;
  const items = itemsOf(ctx, switchSlot, EXPECTED_SERVING.switchRules);
  const otherwise = readNext(ctx, f.get('otherwise'), names);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, switchSlot.at, switchSlot.path, msg.emptyList('rule'));
    return undefined;
  }
  const rules = items.map((item) => {
    const r = fieldsOf(ctx, item, ['when', 'then'], EXPECTED_SERVING.rule);
    const whenSlot = r?.require('when', EXPECTED_SERVING.condition);
    const thenSlot = r?.require('then', EXPECTED_SERVING.nextSpec);
    const condition = whenSlot === undefined ? undefined : readCondition(ctx, whenSlot, (at, name) => resolveAttribute(ctx, at, name, names.attributes));
    const then = thenSlot === undefined ? undefined : readNext(ctx, thenSlot, names);
    return condition === undefined || then === undefined ? undefined : { condition, then };
  });
  if (otherwise === undefined || !rules.every((rule) => rule !== undefined)) return undefined;
  return { kind: 'condition', rules, otherwise };
}

/** `{ fork: [a, b] or { to, count }, then, need }`: copies to the branches; `need` of them must finish. */
function readFork(ctx: LoadContext, slot: Slot, names: RouteNames): RouteSpec | undefined {
  const f = fieldsOf(ctx, slot, FORK_FIELDS, EXPECTED_SERVING.nextMap);
  const forkSlot = f?.require('fork', EXPECTED.branches);
  if (f === undefined || forkSlot === undefined) return undefined;
  const branches = isMap(forkSlot.node) ? readForkCount(ctx, forkSlot, names) : readBranchList(ctx, forkSlot, names);
  const then = readNext(ctx, f.get('then'), names);
  const needSlot = f.get('need');
  let need = needSlot === undefined ? undefined : readInteger(ctx, needSlot, 1, EXPECTED_FLOW.need);
  if (need !== undefined && needSlot !== undefined && branches !== undefined && need > branches.length) {
    report(ctx, needSlot.at, needSlot.path, flowMsg.needRange(need, branches.length));
    need = undefined;
  }
  if (branches === undefined || then === undefined || (needSlot !== undefined && need === undefined)) return undefined;
  return { kind: 'fork', branches, then, ...(need === undefined ? {} : { need }) };
}

function readBranchList(ctx: LoadContext, slot: Slot, names: RouteNames): number[] | undefined {
  const items = itemsOf(ctx, slot, EXPECTED.branches);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyList('branch'));
    return undefined;
  }
  const branches = items.map((item) => resolveTarget(ctx, item, names.agents, false, EXPECTED.branch));
  return branches.every((b): b is number => b !== undefined) ? branches : undefined;
}

/** `{ to: worker, count: 4 }`: four branches at the same agent. */
function readForkCount(ctx: LoadContext, slot: Slot, names: RouteNames): number[] | undefined {
  const f = fieldsOf(ctx, slot, FORK_COUNT_FIELDS, EXPECTED_FLOW.forkCount);
  const toSlot = f?.require('to', EXPECTED.branch);
  const countSlot = f?.require('count', EXPECTED_SERVING.atLeastOne);
  const to = toSlot === undefined ? undefined : resolveTarget(ctx, toSlot, names.agents, false, EXPECTED.branch);
  const count = countSlot === undefined ? undefined : readInteger(ctx, countSlot, 1, EXPECTED_SERVING.atLeastOne, LIMITS.forkCount);
  return to === undefined || count === undefined ? undefined : new Array<number>(count).fill(to);
}

/** `{ speculate: { main, guess, hit }, then }`: `guess` runs alongside `main`; right with probability `hit`. */
function readSpeculate(ctx: LoadContext, slot: Slot, names: RouteNames): RouteSpec | undefined {
  const f = fieldsOf(ctx, slot, SPECULATE_FIELDS, EXPECTED_SERVING.nextMap);
  const specSlot = f?.require('speculate', EXPECTED_FLOW.speculate);
  if (f === undefined || specSlot === undefined) return undefined;
  const then = readNext(ctx, f.get('then'), names);
  const s = fieldsOf(ctx, specSlot, SPECULATION_FIELDS, EXPECTED_FLOW.speculate);
  const mainSlot = s?.require('main', EXPECTED.branch);
  const guessSlot = s?.require('guess', EXPECTED.branch);
  const hitSlot = s?.require('hit', EXPECTED.probability);
  const main = mainSlot === undefined ? undefined : resolveTarget(ctx, mainSlot, names.agents, false, EXPECTED.branch);
  const guess = guessSlot === undefined ? undefined : resolveTarget(ctx, guessSlot, names.agents, false, EXPECTED.branch);
  const hit = hitSlot === undefined ? undefined : readNumber(ctx, hitSlot, EXPECTED.probability, (n) => n >= 0 && n <= 1);
  if (main === undefined || guess === undefined || hit === undefined || then === undefined) return undefined;
  return { kind: 'speculate', main, guess, hit, then };
}
