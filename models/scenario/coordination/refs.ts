// What timelines and actions refer to in the network, resolved with the checks that make an
// event or an effect possible: a class whose rate can be scaled (generated arrivals), a class whose
// own rate limit can change (in no shared quota), a GPU pool or station whose replicas can change
// (a capacity spec); and names of the coordination sections themselves (objectives, participants,
// actions) and what each section's reading tells the others. With a broken network, references are
// not checked (its own diagnostics stand alone).

import { isMap, isScalar } from 'yaml';
import type { CapacityTarget, Objective, ObjectiveMetric, Participant } from '../../coordination/types.js';
import type { NetworkSpec } from '../../../sim/network/spec.js';
import { hasScalableRate } from '../../../sim/network/arrival-process.js';
import { childPath, describeSlot, itemPath, peekField, plainValue, readNumber, readRate, report, reportType } from '../core/fields.js';
import { suggest } from '../../suggest.js';
import type { Fields, LoadContext, Slot } from '../core/fields.js';
import { msg } from '../core/messages.js';
import type { Message } from '../core/messages.js';
import { EXPECTED_COORD, coordMsg } from './messages.js';
import { EXPECTED_SERVING, servingMsg } from '../serving/messages.js';
import { EXPECTED_FLOW, flowMsg } from '../workflows/messages.js';
import { NAME_PATTERN, nameSet } from '../core/names.js';
import type { NameSet } from '../core/names.js';
import { readPositiveDuration } from '../workflows/reliability.js';

/** The network as coordination sees it; every set incomplete when the network is broken. */
export interface NetworkRefs {
  readonly network: NetworkSpec | undefined;
  readonly classes: NameSet;
  readonly pools: NameSet;
  readonly agents: NameSet;
  readonly models: NameSet;
  /** Scenario horizon in seconds; undefined when itself invalid. */
  readonly horizon: number | undefined;
}

export function networkRefs(network: NetworkSpec | undefined, horizon: number | undefined): NetworkRefs {
  const complete = network !== undefined;
  return {
    network,
    classes: nameSet(network?.classes.map((c) => c.name) ?? [], complete),
    pools: nameSet(network?.pools.map((p) => p.name) ?? [], complete),
    agents: nameSet(network?.agents.map((a) => a.name) ?? [], complete),
    models: nameSet(network?.models.map((m) => m.name) ?? [], complete),
    horizon,
  };
}

/** A name of a coordination entry (objective, participant, action): an identifier. */
export function readName(ctx: LoadContext, slot: Slot, expected: string = EXPECTED_COORD.name): string | undefined {
  const value = plainValue(slot);
  if (typeof value === 'string' && NAME_PATTERN.test(value)) return value;
  report(ctx, slot.at, slot.path, msg.wrongType(expected, describeSlot(slot)));
  return undefined;
}

/** The id of the name written at `slot` in `set`; an unknown name is reported when the set is complete. */
export function resolveIn(
  ctx: LoadContext, slot: Slot, set: NameSet, expected: string,
  unknown: (name: string, known: readonly string[], suggestion: string | undefined) => Message,
): number | undefined {
  const name = plainValue(slot);
  if (typeof name !== 'string') {
    reportType(ctx, slot, expected);
    return undefined;
  }
  const id = set.ids.get(name);
  if (id === undefined && set.complete) report(ctx, slot.at, slot.path, unknown(name, set.names, suggest(name, set.names)));
  return id;
}

/** What a class reference is for: scaling its arrival rate, or changing its own token bucket's rate. */
export type ClassUse = 'scale' | 'limit';

/** A class id, refused when the use is impossible for it (given arrival times; a shared quota). */
export function readClassRef(ctx: LoadContext, slot: Slot, refs: NetworkRefs, use: ClassUse | undefined): number | undefined {
  const id = resolveIn(ctx, slot, refs.classes, EXPECTED_FLOW.classRef, flowMsg.unknownClass);
  const network = refs.network;
  if (id === undefined || network === undefined) return id;
  const spec = network.classes[id]!;
  if (use === 'scale' && !hasScalableRate(spec.arrivals)) {
    report(ctx, slot.at, slot.path, coordMsg.fixedArrivals(spec.name, spec.arrivals.process));
    return undefined;
  }
  const quota = use === 'limit' ? network.quotas?.find((q) => q.classes.includes(id)) : undefined;
  if (quota !== undefined) {
    report(ctx, slot.at, slot.path, coordMsg.sharedQuota(spec.name, quota.name));
    return undefined;
  }
  return id;
}

/** A rate factor: finite and greater than 0. */
export function readFactor(ctx: LoadContext, slot: Slot): number | undefined {
  return readNumber(ctx, slot, EXPECTED_COORD.factor, (n) => n > 0);
}

/**
 * `pool: <GPU pool>` or `agent: <station>` among the fields of `f`: exactly one, naming a target
 * with a capacity spec (the engine scales only replica sets, which only those have).
 */
export function readCapacityTarget(ctx: LoadContext, f: Fields, refs: NetworkRefs): CapacityTarget | undefined {
  const poolSlot = f.get('pool');
  const agentSlot = f.get('agent');
  if (poolSlot !== undefined && agentSlot !== undefined) {
    report(ctx, agentSlot.at, agentSlot.path, coordMsg.twoTargets());
    return undefined;
  }
  if (poolSlot !== undefined) {
    const index = resolveIn(ctx, poolSlot, refs.pools, EXPECTED_SERVING.poolRef, (name, known, s) => servingMsg.unknownName('GPU pool', name, known, s));
    const pool = index === undefined ? undefined : refs.network?.pools[index];
    if (index === undefined || pool === undefined) return undefined;
    if (pool.capacitySpec === undefined) {
      report(ctx, poolSlot.at, poolSlot.path, coordMsg.fixedPool(pool.name));
      return undefined;
    }
    return { kind: 'pool', index, name: pool.name };
  }
  if (agentSlot !== undefined) {
    const index = resolveIn(ctx, agentSlot, refs.agents, EXPECTED_COORD.stationRef, (name, known, s) => msg.unknownAgent(name, known, s, false));
    const agent = index === undefined ? undefined : refs.network?.agents[index];
    if (index === undefined || agent === undefined) return undefined;
    if (agent.kind !== 'station') {
      const pool = agent.kind === 'llm' ? refs.network?.pools[agent.pool]?.name : undefined;
      report(ctx, agentSlot.at, agentSlot.path, coordMsg.notStation(agent.name, agent.kind, pool));
      return undefined;
    }
    if (agent.capacitySpec === undefined) {
      report(ctx, agentSlot.at, agentSlot.path, coordMsg.fixedStation(agent.name));
      return undefined;
    }
    return { kind: 'agent', index, name: agent.name };
  }
  report(ctx, f.slot.at, childPath(f.slot.path, 'pool'), coordMsg.noTarget());
  return undefined;
}

/**
 * `agent: <cache>` naming a cache agent with policy probability: the only kind whose hit
 * probability can be set (a keyed cache's hits come from its keys).
 */
export function readCacheRef(ctx: LoadContext, slot: Slot, refs: NetworkRefs): number | undefined {
  const index = resolveIn(ctx, slot, refs.agents, EXPECTED_COORD.cacheRef, (name, known, s) => msg.unknownAgent(name, known, s, false));
  const agent = index === undefined ? undefined : refs.network?.agents[index];
  if (index === undefined || agent === undefined) return index;
  if (agent.kind !== 'cache' || agent.policy.kind !== 'probability') {
    report(ctx, slot.at, slot.path, coordMsg.notProbabilityCache(agent.name, agent.kind === 'cache' ? 'keyed cache' : agent.kind));
    return undefined;
  }
  return index;
}

/** A cache's hit probability: a number in [0, 1]. */
export function readHit(ctx: LoadContext, slot: Slot): number | undefined {
  return readNumber(ctx, slot, EXPECTED_COORD.hit, (n) => n >= 0 && n <= 1);
}

/** A threshold in the metric's unit: seconds for latencies, per second for throughput, a fraction for rejected. */
export function readThreshold(ctx: LoadContext, slot: Slot, metric: ObjectiveMetric): number | undefined {
  switch (metric) {
    case 'p95': case 'p99': case 'mean': return readPositiveDuration(ctx, slot, EXPECTED_COORD.latencyThreshold);
    case 'throughput': return readRate(ctx, slot);
    case 'rejected': {
      const value = plainValue(slot);
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1) return value;
      report(ctx, slot.at, slot.path, coordMsg.fraction(describeSlot(slot)));
      return undefined;
    }
  }
}

/** The names of a list section's entries (`objectives`, `participants`, `actions`), numbered by position. */
export interface Declared {
  /** Each entry's name; undefined where unreadable or already taken (reported here). */
  readonly names: readonly (string | undefined)[];
  /** Name -> position of the entry that declares it; incomplete when some entry has no usable name. */
  readonly set: NameSet;
}

export type CoordinationKind = 'objective' | 'participant' | 'action';

/**
 * Names first, so that entries can refer to entries written after them. A missing name is left for
 * the entry's own reading to report; a repeated one is reported here, naming the first. Either
 * makes the set incomplete: references to names it lacks are then not reported (no cascade).
 */
export function declareNames(ctx: LoadContext, items: readonly Slot[], kind: CoordinationKind, section: string): Declared {
  const ids = new Map<string, number>();
  const names: (string | undefined)[] = [];
  let complete = true;
  items.forEach((item, i) => {
    const slot = peekField(ctx, item, 'name');
    const name = slot === undefined ? undefined : readName(ctx, slot);
    const first = name === undefined ? undefined : ids.get(name);
    if (name === undefined) complete = false;
    else if (first !== undefined) {
      report(ctx, slot!.at, slot!.path, coordMsg.duplicateName(kind, name, itemPath(section, first)));
      // The repeat was probably meant to be another name, which references may use.
      complete = false;
    } else ids.set(name, i);
    names.push(first === undefined ? name : undefined);
  });
  return { names, set: { ids, names: [...ids.keys()], complete } };
}

/** An entry's name slot is required; its value was read (and checked) by declareNames. */
export function requireName(f: Fields): void {
  f.require('name', EXPECTED_COORD.name);
}

/** A reference to a coordination entry by name: its position, or undefined (reported when the set is complete). */
export function resolveEntry(ctx: LoadContext, slot: Slot, set: NameSet, kind: CoordinationKind, expected: string): number | undefined {
  return resolveIn(ctx, slot, set, expected, (name, known, s) => coordMsg.unknownName(kind, name, known, s));
}

export interface ParticipantsRead {
  /** Whether the section is written (objectives' agents are then participants). */
  readonly present: boolean;
  readonly names: NameSet;
  /** Every participant read, by name (for the relations that `needs` must follow). */
  readonly byName: ReadonlyMap<string, Participant>;
  /** Undefined when any is unusable. */
  readonly specs: Participant[] | undefined;
}

/**
 * Whether a map has a key outside `known`: such a key was reported as unknown (with a suggestion),
 * so a missing choice among the known keys (an event, an effect) is not reported once more.
 */
export function hasUnknownKey(slot: Slot, known: readonly string[]): boolean {
  return isMap(slot.node) && slot.node.items.some((pair) => !known.includes(String(isScalar(pair.key) ? pair.key.value : pair.key)));
}

/** The keys of `f` among `choices`, in the order they are written (the second is the one reported). */
export function writtenAmong<K extends string>(f: Fields, choices: readonly K[]): K[] {
  const offset = (k: K): number => f.get(k)?.at?.range?.[0] ?? 0;
  return choices.filter((k) => f.has(k)).sort((a, b) => offset(a) - offset(b));
}

export interface ObjectivesRead {
  /** Entries written; undefined when the section is not a list. */
  readonly count: number | undefined;
  readonly names: NameSet;
  /** Each entry's metric where it was readable (set_objective's threshold is read in it). */
  readonly metrics: readonly (ObjectiveMetric | undefined)[];
  readonly specs: Objective[] | undefined;
}
