// The declared metric catalogue against the engine: for every bundled scenario, the golden fixtures
// and hand-built networks that reach the families no bundled scenario has (replica failures, spot,
// scale-to-zero, preemption, quorums, speculation, rate limits, quotas, deferring budgets), the
// names and units declared from the spec alone are exactly those a run reports, in the same order,
// and each parses back to its family and entity; a coordinated run adds its objective and
// negotiation families as declared; every family of the catalogue is reached by some case.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { declaredMetrics, parseMetricName } from '../../../models/run/declared-metrics.js';
import { METRIC_CATALOGUE } from '../../../models/run/metric-catalogue.js';
import { replicationMetrics } from '../../../models/run/metrics.js';
import { replicationOptions } from '../../../models/run/replicate.js';
import { loadScenario } from '../../../models/scenario/index.js';
import { Replication } from '../../../sim/network/engine.js';
import type { BudgetSpec, NetworkSpec } from '../../../sim/network/spec.js';
import { DIRECTIONS } from '../../../models/coordination/negotiation.js';
import { replicate, spike } from '../../helpers/coordination.js';
import { capacity, det, EXIT, exp, gpuPool, linearProfile, llm, model, network, poissonClass, scenarioOf, station, to } from '../../helpers/specs.js';

const test = suite('metric catalogue');
const root = fileURLToPath(new URL('../../../../', import.meta.url));

const yamlFiles = [
  ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f)),
  ...readdirSync(join(root, 'test/golden')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'test/golden', f)),
].sort();

function loaded(path: string): NetworkSpec {
  return loadScenario(path, readFileSync(path, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'), overrides: [] }).network;
}

/** Names and units a short replication of the network reports (names do not depend on the horizon). */
function reported(net: NetworkSpec): string[] {
  const rep = new Replication(net, replicationOptions(scenarioOf(net, { horizon: 5 }), 0, 0));
  rep.advance(Infinity, Infinity);
  return replicationMetrics(net, rep.snapshot()).map((m) => `${m.name} [${m.unit}]`);
}

const budget = (b: Partial<BudgetSpec> & Pick<BudgetSpec, 'name' | 'scope' | 'limit'>): BudgetSpec =>
  ({ resource: 'cost', burst: 0, period: 1, classes: [0], onExhaustion: { kind: 'stop' }, ...b });

const failing = { failures: { timeToFailure: exp(60), repair: exp(10) }, spot: { replicas: 1, timeToReclaim: exp(40), notice: 2, checkpoint: 0, replacement: det(5) } };

/** Networks reaching the metric families that no bundled scenario reports. */
const built: Record<string, NetworkSpec> = {
  'station replicas that fail, are reclaimed and scale to zero; a preemptive station': network({
    agents: [
      station('s', 1, exp(0.5), to(1), { capacitySpec: capacity(2, { ...failing, pricePerHour: 1 }) }),
      station('z', 1, exp(0.5), to(2), { capacitySpec: capacity(1, { scaleToZero: { idle: 5, coldStart: det(1) } }) }),
      station('p', 1, exp(0.5), EXIT, { discipline: 'preemptive' }),
    ],
    classes: [poissonClass('gold', 1, 0, [], { priority: 0 }), poissonClass('bronze', 1, 0, [], { priority: 1 })],
  }),
  'GPU pools whose replicas fail, are reclaimed and scale to zero': network({
    agents: [llm('a', 0, 100, 50, { kind: 'agent', to: 1, escalate: false }), llm('b', 1, 100, 50)],
    classes: [poissonClass('q', 2, 0)],
    models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0), [1e-6, 2e-6])],
    pools: [
      gpuPool('g', 0, 2, 5000, { capacitySpec: capacity(2, failing) }),
      gpuPool('h', 0, 1, 5000, { capacitySpec: capacity(1, { scaleToZero: { idle: 5, coldStart: det(1) } }) }),
    ],
  }),
  'a quorum fork, a speculation, a rate limit and a quota': network({
    agents: [
      station('fan', 1, exp(0.1), { kind: 'fork', branches: [1, 2], need: 1, then: { kind: 'speculate', main: 1, guess: 2, hit: 0.5, then: EXIT } }),
      station('x', 1, exp(0.1)),
      station('y', 1, exp(0.1)),
    ],
    classes: [
      poissonClass('limited', 1, 0, [], { rateLimit: { rate: 0.5, burst: 1, action: 'queue' } }),
      poissonClass('tenant', 1, 0),
      poissonClass('free', 1, 0),
    ],
    quotas: [{ name: 'tenant', rate: 0.5, burst: 1, action: 'reject', classes: [1] }],
  }),
  'budgets that stop, degrade and defer, of cost and of tokens': network({
    agents: [llm('big', 0, 100, 50), llm('small', 0, 10, 5)],
    classes: [poissonClass('q', 1, 0)],
    models: [model('m', linearProfile(0.005, 20e-6, 50e-6, 0), [1e-6, 2e-6])],
    pools: [gpuPool('g', 0, 1, 5000)],
    budgets: [
      budget({ name: 'stop', scope: 'task', limit: 1 }),
      budget({ name: 'degrade', scope: 'task', limit: 1, onExhaustion: { kind: 'degrade', to: 1 } }),
      budget({ name: 'defer', scope: 'period', limit: 1000, period: 10, resource: 'tokens', onExhaustion: { kind: 'defer' } }),
    ],
  }),
};

const cases: [string, () => NetworkSpec][] = [
  ...yamlFiles.map((path): [string, () => NetworkSpec] => [path.slice(root.length), () => loaded(path)]),
  ...Object.entries(built).map(([what, net]): [string, () => NetworkSpec] => [what, () => net]),
];

const reached = new Set<string>();
for (const [what, net] of cases) {
  test(`${what}: the declared names and units are those a run reports, in order`, () => {
    const spec = net();
    const declared = declaredMetrics(spec);
    for (const m of declared) reached.add(m.pattern);
    assert.equal(declared.map((m) => `${m.name} [${m.unit}]`), reported(spec));
    for (const m of declared) assert.equal(parseMetricName(m.name), { pattern: m.pattern, over: m.over, entity: m.entity }, m.name);
  });
}

test('a run replaying coordination adds the declared objective and negotiation families, in order', async () => {
  const s = spike(['horizon=30min']);
  const c = s.coordination!;
  const declared = declaredMetrics(s.network, { objectives: c.objectives.map((o) => o.name), directions: c.actions.length > 0 ? DIRECTIONS : [] });
  for (const m of declared) reached.add(m.pattern);
  assert.equal(declared.map((m) => `${m.name} [${m.unit}]`), (await replicate(s)).metrics.map((m) => `${m.name} [${m.unit}]`));
});

test('every family of the catalogue is reached by some case above; patterns are unique', () => {
  const patterns = METRIC_CATALOGUE.flatMap((s) => s.families.map((f) => f.pattern as string));
  assert.is(new Set(patterns).size, patterns.length);
  assert.equal(patterns.filter((p) => !reached.has(p)), []);
});

test('names the catalogue does not declare parse to undefined', () => {
  for (const name of ['agent.a.to.b', 'agent.a.b.wait.mean', 'objective.o.violations', 'coordination.peer.asked', 'e2e.p42', 'cost']) assert.is(parseMetricName(name), undefined, name);
});

test('a name holding `$` patterns is substituted literally', () => {
  const net = network({ agents: [station('a$&b', 1, exp(1))], classes: [poissonClass('c$1', 1, 0)] });
  const names = declaredMetrics(net).map((m) => m.name);
  assert.ok(names.includes('agent.a$&b.wait.mean') && names.includes('class.c$1.e2e.p95'), names.join(', '));
  assert.equal(names, reported(net).map((n) => n.replace(/ \[.*\]$/, '')));
});

test.run();
