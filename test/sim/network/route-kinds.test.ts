// The route-kind visitor: one case per kind, nested routes, the fold and the targets a route names.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT_TARGET, foldRoute, ownTargets, routeTargets, subRoutes, visitRoute } from '../../../sim/network/route-kinds.js';
import type { RouteSpec } from '../../../sim/network/spec.js';

const test = suite('route kinds');

const exit: RouteSpec = { kind: 'exit' };
const to = (a: number): RouteSpec => ({ kind: 'agent', to: a, escalate: false });
const nested: RouteSpec = {
  kind: 'fork', branches: [1, 2], need: 1,
  then: {
    kind: 'condition',
    rules: [{ condition: { attribute: 0, op: '<', value: 3 }, then: { kind: 'speculate', main: 3, guess: 4, hit: 0.5, then: exit } }],
    otherwise: { kind: 'random', to: [5, -1], p: [0.5, 0.5], escalate: [true, false] },
  },
};

test('visitRoute calls the case of the route kind', () => {
  const name = (r: RouteSpec) => visitRoute(r, {
    exit: () => 'exit', agent: (x) => `agent ${x.to}`, random: (x) => `random ${x.to.length}`,
    fork: (x) => `fork ${x.branches.length}`, speculate: (x) => `speculate ${x.main}`, condition: (x) => `condition ${x.rules.length}`,
  });
  assert.equal([exit, to(7), nested].map(name), ['exit', 'agent 7', 'fork 2']);
  assert.throws(() => name({ kind: 'teleport' } as unknown as RouteSpec), /unknown route kind 'teleport'/);
});

test('subRoutes and ownTargets see one level; routeTargets and foldRoute the whole tree', () => {
  assert.equal(subRoutes(nested).length, 1);
  assert.equal(ownTargets(nested), [1, 2]);
  assert.equal(ownTargets(exit), [EXIT_TARGET]);
  assert.equal(routeTargets(nested), [1, 2, 3, 4, EXIT_TARGET, 5, EXIT_TARGET]);
  assert.equal(foldRoute(nested, [] as string[], (acc, r) => [...acc, r.kind]), ['fork', 'condition', 'speculate', 'exit', 'random']);
});

test.run();
