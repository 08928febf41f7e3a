// Workload classes -> ClassSpec: arrivals, entry agent, per-agent routing overrides, the
// attributes drawn for each arrival (those a trace does not carry), and traffic control
// (priority, rate limit, max steps: workflows/traffic.ts).

import type { ClassSpec, RouteSpec } from '../../../sim/network/spec.js';
import { checkName } from '../agents/agents.js';
import { readArrivals } from './arrivals.js';
import { readGeneratedAttributes, traceAttributeNames } from './attributes.js';
import { entriesOf, fieldsOf, report } from '../core/fields.js';
import type { Entry, LoadContext, Slot } from '../core/fields.js';
import { EXPECTED, msg } from '../core/messages.js';
import { readNext, resolveAgent, resolveTarget } from '../agents/routes.js';
import type { RouteNames } from '../agents/routes.js';
import { readClassTraffic } from '../workflows/traffic.js';
import { CLASS } from '../format/workload.js';
import { fieldNames } from '../format/read.js';

export const CLASS_FIELDS = fieldNames(CLASS);

export interface ClassDraft {
  readonly spec: ClassSpec;
  /** Where each routing override was written, by agent id. */
  readonly routeAt: readonly (Slot | undefined)[];
}

/** Undefined when any class is unusable (its diagnostics are already reported). */
export function readWorkload(ctx: LoadContext, slot: Slot, names: RouteNames, horizon: number | undefined): ClassDraft[] | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.workloadMap);
  if (entries === undefined) return undefined;
  if (entries.length === 0) {
    report(ctx, slot.at, slot.path, msg.emptyMap('class'));
    return undefined;
  }
  const drafts = entries.map((entry) => {
    checkName(ctx, entry, 'class');
    return readClass(ctx, entry, names, horizon);
  });
  return drafts.every((d): d is ClassDraft => d !== undefined) ? drafts : undefined;
}

function readClass(ctx: LoadContext, entry: Entry, names: RouteNames, horizon: number | undefined): ClassDraft | undefined {
  const f = fieldsOf(ctx, entry.slot, CLASS_FIELDS, EXPECTED.workloadMap);
  if (f === undefined) return undefined;
  const arrivalsSlot = f.require('arrivals', EXPECTED.arrivals);
  const arrivals = arrivalsSlot === undefined ? undefined : readArrivals(ctx, arrivalsSlot, horizon);
  const entrySlot = f.require('entry', EXPECTED.entry);
  const entryId = entrySlot === undefined ? undefined : resolveTarget(ctx, entrySlot, names.agents, false, EXPECTED.entry);
  const routesSlot = f.get('routes');
  const routes = routesSlot === undefined ? { routes: names.agents.names.map(() => undefined), routeAt: [] } : readRoutes(ctx, routesSlot, names);
  const attributes = readGeneratedAttributes(ctx, f.get('attributes'), names.attributes, traceAttributeNames(ctx, arrivalsSlot));
  const traffic = readClassTraffic(ctx, f);
  if (arrivals === undefined || entryId === undefined || routes === undefined || attributes === undefined || traffic === undefined) return undefined;
  return { spec: { name: entry.key, arrivals, entry: entryId, routes: routes.routes, attributes, ...traffic }, routeAt: routes.routeAt };
}

function readRoutes(ctx: LoadContext, slot: Slot, names: RouteNames): { routes: (RouteSpec | undefined)[]; routeAt: (Slot | undefined)[] } | undefined {
  const entries = entriesOf(ctx, slot, EXPECTED.routesMap);
  if (entries === undefined) return undefined;
  const routes: (RouteSpec | undefined)[] = names.agents.names.map(() => undefined);
  const routeAt: (Slot | undefined)[] = [];
  let ok = true;
  for (const entry of entries) {
    const id = resolveAgent(ctx, { node: null, at: entry.keyAt, path: entry.slot.path }, entry.key, names.agents, false);
    const route = readNext(ctx, entry.slot, names);
    if (id === undefined || route === undefined) ok = false;
    else {
      routes[id] = route;
      routeAt[id] = entry.slot;
    }
  }
  return ok ? { routes, routeAt } : undefined;
}
