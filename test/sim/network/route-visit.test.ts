// The route-kind visitor: the case of each kind is called with its route, nested routes are folded
// depth first (a route before those nested in it), and targets come out in that order, exits as -1.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT_TARGET, foldRoute, ownTargets, routeTargets, subRoutes, visitRoute } from '../../../sim/network/route-visit.js';
import type { RouteSpec } from '../../../sim/network/spec.js';

const test = suite('route visitor');

const exit: RouteSpec = { kind: 'exit' };
const to = (a: number): RouteSpec => ({ kind: 'agent', to: a, escalate: false });
const nested: RouteSpec = {
  kind: 'condition',
  rules: [{ condition: { attribute: 0, op: '<', value: 1 }, then: { kind: 'fork', branches: [1, 2], need: 1, then: to(3) } }],
  otherwise: { kind: 'speculate', main: 4, guess: 5, hit: 0.5, then: { kind: 'random', to: [6, -1], p: [0.5, 0.5], escalate: [true, false] } },
};

test('each kind reaches its own case', () => {
  const kindOf = (r: RouteSpec) => visitRoute<string>(r, {
    exit: (x) => x.kind, agent: (x) => `${x.kind} ${x.to}`, random: (x) => `${x.kind} ${x.to.length}`,
    fork: (x) => `${x.kind} ${x.branches.length}`, speculate: (x) => `${x.kind} ${x.guess}`, condition: (x) => `${x.kind} ${x.rules.length}`,
  });
  assert.equal(foldRoute<string[]>(nested, [], (acc, r) => [...acc, kindOf(r)]), ['condition 1', 'fork 2', 'agent 3', 'speculate 5', 'random 2']);
});

test('nested routes, own targets and every target, depth first', () => {
  assert.equal(subRoutes(nested).map((r) => r.kind), ['fork', 'speculate']);
  assert.equal(subRoutes(exit), []);
  assert.equal(ownTargets(exit), [EXIT_TARGET]);
  assert.equal(ownTargets(nested), []);
  assert.equal(routeTargets(nested), [1, 2, 3, 4, 5, 6, EXIT_TARGET]);
});

test.run();
