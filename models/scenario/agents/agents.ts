// Agents -> AgentSpec: names checked and numbered in declaration order, then each agent read by
// its kind (station by default, llm, router, cache) with the fields every kind shares: routing,
// failures, timeouts and retries, and a cost per call; a station's discipline and capacity.

import type { AgentSpec, RouteSpec } from '../../../sim/network/spec.js';
import { LIMITS } from '../format/limits.js';
import { readCapacity } from '../workflows/capacity.js';
import { readDist } from '../workload/distribution.js';
import { Fields, entriesOf, readEnum, readInteger, readNumber, report } from '../core/fields.js';
import type { Entry, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { EXPECTED_SERVING } from '../serving/messages.js';
import { NAME_PATTERN, nameSet } from '../core/names.js';
import type { NameSet } from '../core/names.js';
import { EXIT, readNext } from './routes.js';
import type { AgentNames, RouteNames } from './routes.js';
import { readReliability } from '../workflows/reliability.js';
import { readCacheFields, readLlmFields } from '../serving/agents.js';
import { AGENT, COST_PER_CALL, DISCIPLINES, FAILURE } from '../format/agents.js';
import { fieldsByForm, formOf } from '../format/read.js';
import { declaredDefault } from '../format/defaults.js';
import type { FormTag } from '../format/read.js';

export type AgentKind = FormTag<typeof AGENT, 'kind'>;

export { DISCIPLINES };

/** The fields each kind accepts; routers and caches take no time of their own and cannot fail (or time out). */
export const AGENT_KIND_FIELDS = fieldsByForm<AgentKind>(AGENT);
export const AGENT_KINDS = Object.keys(AGENT_KIND_FIELDS) as readonly AgentKind[];

/** What agents may refer to: other agents, request attributes, GPU pools; and the horizon (schedules). */
export interface AgentRefs extends RouteNames {
  readonly pools: NameSet;
  readonly horizon: number | undefined;
}

/** An agent with where its routing was written, for diagnostics found later (document/validate.ts). */
export interface AgentDraft {
  readonly spec: AgentSpec;
  readonly nextAt: Slot;
  /** Where the agent's own map is (for checks about the agent as a whole). */
  readonly at: Slot;
}

export interface AgentSection {
  readonly names: AgentNames;
  readonly entries: readonly Entry[];
}

/** Names first, so that routing anywhere can refer to agents declared after it. */
export function collectAgentNames(ctx: LoadContext, slot: Slot | undefined): AgentSection {
  const entries = slot === undefined ? undefined : entriesOf(ctx, slot, EXPECTED.agentsMap);
  if (entries === undefined || slot === undefined) return { names: nameSet([], false), entries: [] };
  if (entries.length === 0) report(ctx, slot.at, slot.path, msg.emptyMap('agent'));
  for (const entry of entries) checkName(ctx, entry, 'agent');
  return { names: nameSet(entries.map((entry) => entry.key), entries.length > 0), entries };
}

/** Undefined when any agent is unusable (its diagnostics are already reported). */
export function readAgents(ctx: LoadContext, section: AgentSection, refs: AgentRefs): AgentDraft[] | undefined {
  const drafts = section.entries.map((entry) => readAgent(ctx, entry, refs));
  return drafts.every((d): d is AgentDraft => d !== undefined) ? drafts : undefined;
}

function readAgent(ctx: LoadContext, entry: Entry, refs: AgentRefs): AgentDraft | undefined {
  const entries = entriesOf(ctx, entry.slot, EXPECTED_SERVING.agent);
  if (entries === undefined) return undefined;
  const kindEntry = entries.find((e) => e.key === 'kind');
  const kind = kindEntry === undefined ? 'station' : readEnum(ctx, kindEntry.slot, AGENT_KINDS);
  if (kind === undefined) return undefined;
  const f = new Fields(ctx, entry.slot, entries, AGENT_KIND_FIELDS[kind]);

  const nextSlot = f.get('next');
  const next = readNext(ctx, nextSlot, refs);
  const costSlot = f.get('cost_per_call');
  const costPerCall = costSlot === undefined ? declaredDefault(COST_PER_CALL) : readNumber(ctx, costSlot, EXPECTED_SERVING.dollars, (n) => n >= 0);
  const failureSlot = f.get('failure');
  const failure = failureSlot === undefined ? declaredDefault(FAILURE) : readNumber(ctx, failureSlot, EXPECTED_SERVING.failure, (n) => n >= 0 && n < 1);
  const onFailureSlot = f.get('on_failure');
  // An absent on_failure is not exit: the request ends there, counted as failed.
  const onFailure: RouteSpec | undefined | null = onFailureSlot === undefined ? undefined : readNext(ctx, onFailureSlot, refs) ?? null;
  const reliability = readReliability(ctx, f);
  const kindFields = readKindFields(ctx, kind, f, refs);
  if (
    next === undefined || costPerCall === undefined || failure === undefined || onFailure === null || reliability === undefined || kindFields === undefined
  ) return undefined;
  const common = { name: entry.key, next, failure, onFailure, costPerCall, ...reliability };
  return { spec: { ...common, ...kindFields }, nextAt: nextSlot ?? entry.slot, at: entry.slot };
}

/** What distinguishes the kinds, one member per kind (an Omit over each member of the union). */
type KindFields = AgentSpec extends infer A ? (A extends AgentSpec ? Omit<A, 'name' | 'next' | 'failure' | 'onFailure' | 'costPerCall' | 'timeout' | 'retry'> : never) : never;

function readKindFields(ctx: LoadContext, kind: AgentKind, f: Fields, refs: AgentRefs): KindFields | undefined {
  switch (kind) {
    case 'station': return readStationFields(ctx, f, refs.horizon);
    case 'llm': return readLlmFields(ctx, f, refs);
    case 'router': return { kind: 'router' };
    case 'cache': return readCacheFields(ctx, f, refs);
  }
}

function readStationFields(ctx: LoadContext, f: Fields, horizon: number | undefined): KindFields | undefined {
  const serversSlot = f.get('servers');
  const capacitySlot = f.get('capacity');
  const servers = serversSlot === undefined ? declaredDefault(formOf(AGENT, 'kind', 'station').fields.servers) : readInteger(ctx, serversSlot, 1, EXPECTED.servers, LIMITS.servers);
  const capacity = capacitySlot === undefined ? Infinity : readInteger(ctx, capacitySlot, 1, EXPECTED.capacity);
  if (servers !== undefined && capacity !== undefined && capacity < servers && capacitySlot !== undefined) {
    report(ctx, capacitySlot.at, capacitySlot.path, msg.capacityBelowServers(capacity, servers));
  }
  const serviceSlot = f.require('service', EXPECTED.distribution);
  const service = serviceSlot === undefined ? undefined : readDist(ctx, serviceSlot);
  const disciplineSlot = f.get('discipline');
  const discipline = disciplineSlot === undefined ? undefined : readEnum(ctx, disciplineSlot, DISCIPLINES);
  const capacityRead = readCapacity(ctx, f, 'station', horizon);
  if (
    servers === undefined || capacity === undefined || capacity < servers || service === undefined
    || (disciplineSlot !== undefined && discipline === undefined) || capacityRead === undefined
  ) return undefined;
  // Only what was written, so that scenarios without these fields give the same spec as before.
  return {
    kind: 'station', servers, capacity, service,
    ...(discipline === undefined ? {} : { discipline }), ...(capacityRead.spec === undefined ? {} : { capacitySpec: capacityRead.spec }),
  };
}

/** Agent and class names: identifiers, and never `exit`, which routing reserves. */
export function checkName(ctx: LoadContext, entry: Entry, kind: 'agent' | 'class'): void {
  if (entry.key === EXIT) report(ctx, entry.keyAt, entry.slot.path, msg.reservedExit(kind));
  else if (!NAME_PATTERN.test(entry.key)) report(ctx, entry.keyAt, entry.slot.path, msg.badName(kind, entry.key));
}
