// Agents -> AgentSpec: names checked and numbered in declaration order, then servers, capacity,
// service distribution and default routing read for each.

import type { AgentSpec } from '../../sim/network/spec.js';
import { readDist } from './distribution.js';
import { entriesOf, fieldsOf, readInteger, report } from './fields.js';
import type { Entry, LoadContext, Slot } from './fields.js';
import { EXPECTED, msg } from './messages.js';
import { EXIT, readNext } from './routes.js';
import type { AgentNames } from './routes.js';

export const AGENT_FIELDS: readonly string[] = ['servers', 'capacity', 'service', 'next'];
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An agent with where its routing was written, for diagnostics found later (validate.ts). */
export interface AgentDraft {
  readonly spec: AgentSpec;
  readonly nextAt: Slot;
}

export interface AgentSection {
  readonly names: AgentNames;
  readonly entries: readonly Entry[];
}

/** Names first, so that routing anywhere can refer to agents declared after it. */
export function collectAgentNames(ctx: LoadContext, slot: Slot | undefined): AgentSection {
  const entries = slot === undefined ? undefined : entriesOf(ctx, slot, EXPECTED.agentsMap);
  if (entries === undefined || slot === undefined) return { names: { ids: new Map(), names: [], complete: false }, entries: [] };
  if (entries.length === 0) report(ctx, slot.at, slot.path, msg.emptyMap('agent'));
  for (const entry of entries) checkName(ctx, entry, 'agent');
  const names = entries.map((entry) => entry.key);
  const ids = new Map(names.map((name, id) => [name, id]));
  return { names: { ids, names, complete: entries.length > 0 }, entries };
}

/** Undefined when any agent is unusable (its diagnostics are already reported). */
export function readAgents(ctx: LoadContext, section: AgentSection): AgentDraft[] | undefined {
  const drafts = section.entries.map((entry) => readAgent(ctx, entry, section.names));
  return drafts.every((d): d is AgentDraft => d !== undefined) ? drafts : undefined;
}

function readAgent(ctx: LoadContext, entry: Entry, names: AgentNames): AgentDraft | undefined {
  const f = fieldsOf(ctx, entry.slot, AGENT_FIELDS, EXPECTED.agentsMap);
  if (f === undefined) return undefined;
  const serversSlot = f.get('servers');
  const capacitySlot = f.get('capacity');
  const servers = serversSlot === undefined ? 1 : readInteger(ctx, serversSlot, 1, EXPECTED.servers);
  const capacity = capacitySlot === undefined ? Infinity : readInteger(ctx, capacitySlot, 1, EXPECTED.capacity);
  if (servers !== undefined && capacity !== undefined && capacity < servers && capacitySlot !== undefined) {
    report(ctx, capacitySlot.at, capacitySlot.path, msg.capacityBelowServers(capacity, servers));
  }
  const serviceSlot = f.require('service', EXPECTED.distribution);
  const service = serviceSlot === undefined ? undefined : readDist(ctx, serviceSlot);
  const nextSlot = f.get('next');
  const next = readNext(ctx, nextSlot, names);
  if (servers === undefined || capacity === undefined || capacity < servers || service === undefined || next === undefined) return undefined;
  return {
    spec: { kind: 'station', name: entry.key, servers, capacity, service, next, failure: 0, onFailure: undefined, costPerCall: 0 },
    nextAt: nextSlot ?? entry.slot,
  };
}

/** Agent and class names: identifiers, and never `exit`, which routing reserves. */
export function checkName(ctx: LoadContext, entry: Entry, kind: 'agent' | 'class'): void {
  if (entry.key === EXIT) report(ctx, entry.keyAt, entry.slot.path, msg.reservedExit(kind));
  else if (!NAME_PATTERN.test(entry.key)) report(ctx, entry.keyAt, entry.slot.path, msg.badName(kind, entry.key));
}
