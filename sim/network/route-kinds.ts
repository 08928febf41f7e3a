// The one place that knows the kinds of RouteSpec (spec.ts): a visitor with a case per kind, the
// routes nested in a route, a fold over a route and everything nested in it, and the agents a route
// names. Code that needs "what does this route do" asks here instead of switching over `kind`, so a
// new route kind is added in spec.ts and here, and the compiler flags every visitor that lacks it.

import type { RouteSpec } from './spec.js';

/** RouteSpec narrowed to one kind. */
export type RouteOf<K extends RouteSpec['kind']> = Extract<RouteSpec, { readonly kind: K }>;

/** One case per route kind; `visitRoute` calls the case of the route's kind. */
export type RouteVisitor<T> = { readonly [K in RouteSpec['kind']]: (route: RouteOf<K>) => T };

/** Exit target in `routeTargets` (as in a random route's `to`). */
export const EXIT_TARGET = -1;

export function visitRoute<T>(route: RouteSpec, visitor: RouteVisitor<T>): T {
  switch (route.kind) {
    case 'exit': return visitor.exit(route);
    case 'agent': return visitor.agent(route);
    case 'random': return visitor.random(route);
    case 'fork': return visitor.fork(route);
    case 'speculate': return visitor.speculate(route);
    case 'condition': return visitor.condition(route);
    default: {
      // A route kind added to the spec must get a case here, never be silently skipped.
      const unknown: never = route;
      throw new Error(`unknown route kind '${(unknown as { kind: string }).kind}'`);
    }
  }
}

const NONE: readonly RouteSpec[] = [];

/** The routes nested directly in `route`: a fork's or speculation's `then`, a condition's rules' `then` and its `otherwise`. */
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

/**
 * The targets named by `route` itself, not by routes nested in it: agent ids, EXIT_TARGET for an
 * exit (a random route's exit included). A fork's branches, a speculation's main agent then its guess.
 */
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

/** Folds `step` over `route` and every route nested in it, depth first, a route before its nested ones. */
export function foldRoute<T>(route: RouteSpec, init: T, step: (acc: T, route: RouteSpec) => T): T {
  let acc = step(init, route);
  for (const sub of subRoutes(route)) acc = foldRoute(sub, acc, step);
  return acc;
}

/**
 * Every target named anywhere in `route` (nested routes included), in depth-first order, repeats
 * kept: agent ids, EXIT_TARGET where the route can exit.
 */
export function routeTargets(route: RouteSpec): number[] {
  return foldRoute<number[]>(route, [], (acc, r) => { acc.push(...ownTargets(r)); return acc; });
}
