// The kinds of RouteSpec (spec.ts) behind one visitor: a case per kind, the routes nested in a route,
// a fold over a route and everything nested in it, and the targets a route can send to. Code that
// asks "what does this route do" goes through here instead of switching over `kind`, so a new kind
// is added in spec.ts and here, and the compiler names every visitor that lacks its case.
// (The names match the engine branch's sim/network/route-kinds.ts, which is to replace this file.)

import type { RouteSpec } from './spec.js';

/** RouteSpec narrowed to one kind. */
export type RouteOf<K extends RouteSpec['kind']> = Extract<RouteSpec, { readonly kind: K }>;

/** One case per route kind. */
export type RouteVisitor<T> = { readonly [K in RouteSpec['kind']]: (route: RouteOf<K>) => T };

/** The target that stands for leaving the network (as in a random route's `to`). */
export const EXIT_TARGET = -1;

/** Calls the visitor's case for the route's kind. */
export function visitRoute<T>(route: RouteSpec, visitor: RouteVisitor<T>): T {
  // Each case is typed for its own kind; the union cannot index a mapped type of functions directly.
  return (visitor[route.kind] as (r: RouteSpec) => T)(route);
}

const NONE: readonly RouteSpec[] = [];

/** The routes nested directly in `route`: a fork's or speculation's `then`; a condition's rules' `then`, then its `otherwise`. */
export function subRoutes(route: RouteSpec): readonly RouteSpec[] {
  return visitRoute<readonly RouteSpec[]>(route, {
    exit: () => NONE,
    agent: () => NONE,
    random: () => NONE,
    fork: (r) => [r.then],
    speculate: (r) => [r.then],
    condition: (r) => [...r.rules.map((rule) => rule.then), r.otherwise],
  });
}

/** The targets `route` itself names (not those of routes nested in it): agent ids, EXIT_TARGET for an exit. */
export function ownTargets(route: RouteSpec): readonly number[] {
  return visitRoute<readonly number[]>(route, {
    exit: () => [EXIT_TARGET],
    agent: (r) => [r.to],
    random: (r) => r.to,
    fork: (r) => r.branches,
    speculate: (r) => [r.main, r.guess],
    condition: () => [],
  });
}

/** Folds `step` over `route` and every route nested in it, depth first, each route before those nested in it. */
export function foldRoute<T>(route: RouteSpec, init: T, step: (acc: T, route: RouteSpec) => T): T {
  let acc = step(init, route);
  for (const sub of subRoutes(route)) acc = foldRoute(sub, acc, step);
  return acc;
}

/** Every target named anywhere in `route`, nested routes included, depth first, repeats kept. */
export function routeTargets(route: RouteSpec): number[] {
  return foldRoute<number[]>(route, [], (acc, r) => { acc.push(...ownTargets(r)); return acc; });
}
