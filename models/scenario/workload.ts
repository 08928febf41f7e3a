// Workload classes -> ClassSpec: arrivals, entry agent and per-agent routing overrides, plus the
// names of the trace attributes each class carries.

import type { ClassSpec, RouteSpec } from '../../sim/network/spec.js';
import { checkName } from './agents.js';
import { readArrivals } from './arrivals.js';
import { entriesOf, fieldsOf, report } from './fields.js';
import type { Entry, LoadContext, Slot } from './fields.js';
import { EXPECTED, msg } from './messages.js';
import { readNext, resolveAgent, resolveTarget } from './routes.js';
import type { AgentNames } from './routes.js';

export const CLASS_FIELDS: readonly string[] = ['arrivals', 'entry', 'routes'];

export interface ClassDraft {
  readonly spec: ClassSpec;
  /** Where each routing override was written, by agent id. */
  readonly routeAt: readonly (Slot | undefined)[];
}

/** Undefined when any class is unusable (its diagnostics are already reported). */
export function readWorkload(ctx: LoadContext, slot: Slot, agents: AgentNames, horizon: number | undefined): ClassDraft[] | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.workloadMap);
  if (entries === undefined) return undefined;
  if (entries.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyMap('class'));
    return undefined;
  }
  const drafts = entries.map((entry) => {
    checkName(ctx, entry, 'class');
    return readClass(ctx, entry, agents, horizon);
  });
  return drafts.every((d): d is ClassDraft => d !== undefined) ? drafts : undefined;
}

function readClass(ctx: LoadContext, entry: Entry, agents: AgentNames, horizon: number | undefined): ClassDraft | undefined {
  const f = fieldsOf(ctx, entry.slot, CLASS_FIELDS, EXPECTED.workloadMap);
  if (f === undefined) return undefined;
  const arrivalsSlot = f.require('arrivals', EXPECTED.arrivals);
  const arrivals = arrivalsSlot === undefined ? undefined : readArrivals(ctx, arrivalsSlot, horizon);
  const entrySlot = f.require('entry', EXPECTED.entry);
  const entryId = entrySlot === undefined ? undefined : resolveTarget(ctx, entrySlot, agents, false, EXPECTED.entry);
  const routesSlot = f.get('routes');
  const routes = routesSlot === undefined ? { routes: agents.names.map(() => undefined), routeAt: [] } : readRoutes(ctx, routesSlot, agents);
  if (arrivals === undefined || entryId === undefined || routes === undefined) return undefined;
  return { spec: { name: entry.key, arrivals, entry: entryId, routes: routes.routes, attributes: [] }, routeAt: routes.routeAt };
}

function readRoutes(ctx: LoadContext, slot: Slot, agents: AgentNames): { routes: (RouteSpec | undefined)[]; routeAt: (Slot | undefined)[] } | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.routesMap);
  if (entries === undefined) return undefined;
  const routes: (RouteSpec | undefined)[] = agents.names.map(() => undefined);
  const routeAt: (Slot | undefined)[] = [];
  let ok = true;
  for (const entry of entries) {
    const id = resolveAgent(ctx, { node: null, at: entry.keyAt, path: entry.slot.path }, entry.key, agents, false);
    const route = readNext(ctx, entry.slot, agents);
    if (id === undefined || route === undefined) ok = false;
    else {
      routes[id] = route;
      routeAt[id] = entry.slot;
    }
  }
  return ok ? { routes, routeAt } : undefined;
}
