import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MINIMAL, diagnosticsOf, edit, load, station } from './fixtures.js';
import { compileRate } from '../../../models/scenario/workload/rate-expression.js';

const minimal = suite('loadScenario');

minimal('the minimal M/M/4 scenario normalizes to exact values', () => {
  const s = load(MINIMAL);
  assert.equal(s, {
    file: 'test.yaml',
    overrides: [],
    name: 'mm4',
    description: 'One M/M/4 station, to check against Erlang C',
    seed: 7,
    horizon: 20000,
    warmup: { mode: 'fixed', seconds: 2000 },
    replications: 10,
    confidence: 0.95,
    percentiles: 'sketch',
    sketchAccuracy: 0.01,
    network: {
      agents: [{
        kind: 'station', name: 'worker', servers: 4, capacity: Infinity, service: { dist: 'exponential', mean: 1 }, next: { kind: 'exit' },
        failure: 0, onFailure: undefined, costPerCall: 0,
      }],
      classes: [{ name: 'requests', arrivals: { process: 'poisson', rate: 3.2 }, entry: 0, routes: [undefined], attributes: [] }],
      attributes: [],
      models: [],
      pools: [],
    },
  });
});

minimal('omitted optional fields take their documented defaults', () => {
  const s = load(edit({ 2: '#', 3: '#', 5: '#', 6: '#' }));
  assert.is(s.description, '');
  assert.is(s.seed, 1);
  assert.equal(s.warmup, { mode: 'fixed', seconds: 0 });
  assert.is(s.replications, 10);
  assert.is(station(s.network.agents[0]).capacity, Infinity);
});

minimal('warmup auto, metrics and confidence are read', () => {
  const s = load(edit({ 5: 'warmup: auto' }, ['confidence: 0.9', 'metrics: { percentiles: exact, accuracy: 0.02 }']));
  assert.equal(s.warmup, { mode: 'auto' });
  assert.is(s.confidence, 0.9);
  assert.is(s.percentiles, 'exact');
  assert.is(s.sketchAccuracy, 0.02);
});

minimal('next specs: a name, a probabilistic list, a single certain entry and a fork', () => {
  const s = load(edit({ 15: '    next: [{ to: checker, p: 0.8 }, { to: exit, p: 0.2 }]' }, [
    '  checker:',
    '    service: { dist: deterministic, value: 250ms }',
    '    next: [{ to: fan, p: 1 }]',
    '  fan:',
    '    capacity: 10',
    '    service: { dist: uniform, min: 0, max: 2s }',
    '    next: { fork: [a, b], then: exit }',
    '  a: { service: { dist: erlang, k: 2, mean: 1s }, next: exit }',
    '  b: { service: { dist: lognormal, mean: 1s, cv: 0.5 } }',
  ]));
  const [worker, checker, fan, a] = s.network.agents;
  assert.equal(worker!.next, { kind: 'random', to: [1, -1], p: [0.8, 0.2], escalate: [false, false] });
  assert.equal(checker!.next, { kind: 'agent', to: 2, escalate: false });
  assert.equal(station(checker).service, { dist: 'deterministic', value: 0.25 });
  assert.equal(fan!.next, { kind: 'fork', branches: [3, 4], then: { kind: 'exit' } });
  assert.is(station(fan).capacity, 10);
  assert.is(station(fan).servers, 1);
  assert.equal(station(a).service, { dist: 'erlang', k: 2, mean: 1 });
});

minimal('per-class routes override the agent default for that class only', () => {
  const s = load(edit({ 8: '  requests: { arrivals: { process: poisson, rate: 1/s }, entry: worker, routes: { worker: checker } }', 9: '#', 10: '#' }, [
    '  checker: { service: { dist: gamma, mean: 2s, cv: 1.5 } }',
  ]));
  assert.equal(s.network.classes[0]!.routes, [{ kind: 'agent', to: 1, escalate: false }, undefined]);
  assert.equal(s.network.agents[0]!.next, { kind: 'exit' });
});

minimal('distributions in every form convert durations to seconds', () => {
  const dist = (text: string) => station(load(edit({ 14: `    service: ${text}` })).network.agents[0]).service;
  assert.equal(dist('{ dist: normal, mean: 500ms, sd: 100ms }'), { dist: 'normal', mean: 0.5, sd: 0.1 });
  assert.equal(dist('{ dist: hyperexponential, mean: 2min, scv: 4 }'), { dist: 'hyperexponential', mean: 120, scv: 4 });
  assert.equal(dist('{ dist: empirical, samples: [1s, 250ms, 2] }'), { dist: 'empirical', samples: [1, 0.25, 2] });
  assert.equal(
    dist('{ dist: mixture, components: [{ weight: 0.25, dist: exponential, mean: 1s }, { weight: 0.75, dist: deterministic, value: 1h }] }'),
    { dist: 'mixture', components: [{ weight: 0.25, of: { dist: 'exponential', mean: 1 } }, { weight: 0.75, of: { dist: 'deterministic', value: 3600 } }] },
  );
});

minimal('empirical samples can come from a file, one number a line or a CSV column', () => {
  const files: Record<string, string> = { 'one.txt': '0.5\n1.5\n\n2\n', 'table.csv': 'id,latency\n1,0.25\n2,0.75\n' };
  const readFile = (p: string): string => files[p] ?? '';
  const dist = (text: string) => station(load(edit({ 14: `    service: ${text}` }), { readFile }).network.agents[0]).service;
  assert.equal(dist('{ dist: empirical, file: one.txt }'), { dist: 'empirical', samples: [0.5, 1.5, 2] });
  assert.equal(dist('{ dist: empirical, file: table.csv, column: latency }'), { dist: 'empirical', samples: [0.25, 0.75] });
});

minimal('deterministic arrivals by rate or by interval', () => {
  const arrivals = (text: string) => load(edit({ 9: `    arrivals: ${text}` })).network.classes[0]!.arrivals;
  assert.equal(arrivals('{ process: deterministic, rate: 120/min }'), { process: 'deterministic', rate: 2 });
  assert.equal(arrivals('{ process: deterministic, interval: 250ms }'), { process: 'deterministic', rate: 4 });
});

minimal('a time-varying rate expression becomes a varying arrival process', () => {
  const s = load(edit({ 4: 'horizon: 1 day', 9: '    arrivals: { process: poisson, rate: "10 + 5*sin(2*pi*t/86400)" }' }));
  const a = s.network.classes[0]!.arrivals;
  if (a.process !== 'varying') throw new Error(`expected varying, got ${a.process}`);
  assert.is(a.expression, '10 + 5*sin(2*pi*t/86400)');
  const rate = compileRate(a.expression);
  assert.ok(Math.abs(rate(21600) - 15) < 1e-12);
  assert.ok(Math.abs(rate(64800) - 5) < 1e-12);
  assert.ok(Math.abs(a.maxRate - 15 * 1.05) < 1e-9, `maxRate ${a.maxRate}`);
  assert.ok(Math.abs(a.meanRate - 10) < 1e-3, `meanRate ${a.meanRate}`);
});

minimal('rate_max, when given, is the thinning bound', () => {
  const s = load(edit({ 9: '    arrivals: { process: poisson, rate: "2 + (t > 100 ? 1 : 0)", rate_max: 4/s }' }));
  const a = s.network.classes[0]!.arrivals;
  assert.ok(a.process === 'varying' && a.maxRate === 4);
});

const overrides = suite('loadScenario --set');

overrides('--set agents.worker.servers=8 and a rate with units take effect', () => {
  const s = load(MINIMAL, { overrides: ['agents.worker.servers=8', 'workload.requests.arrivals.rate=40/s'] });
  assert.is(station(s.network.agents[0]).servers, 8);
  assert.equal(s.network.classes[0]!.arrivals, { process: 'poisson', rate: 40 });
});

overrides('list items, flow values and new keys can be set', () => {
  const text = edit({ 15: '    next: [{ to: exit, p: 0.5 }, { to: worker, p: 0.5 }]' });
  const s = load(text, { overrides: ['agents.worker.next[0].p=0.7', 'agents.worker.next[1].p=0.3', 'agents.worker.capacity=20', 'seed=99'] });
  assert.equal(s.network.agents[0]!.next, { kind: 'random', to: [-1, 0], p: [0.7, 0.3], escalate: [false, false] });
  assert.is(station(s.network.agents[0]).capacity, 20);
  assert.is(s.seed, 99);
  const forked = load(MINIMAL, { overrides: ['agents.worker.next={ fork: [worker2] }', 'agents.worker2={ service: { dist: exponential, mean: 1s } }'] });
  assert.equal(forked.network.agents[0]!.next, { kind: 'fork', branches: [1], then: { kind: 'exit' } });
});

overrides('a bad value from --set is reported at the line it replaced and says it came from the override', () => {
  const [d, ...rest] = diagnosticsOf(MINIMAL, { overrides: ['agents.worker.servers=0'] });
  assert.is(rest.length, 0);
  assert.is(d!.path, 'agents.worker.servers');
  assert.is(d!.line, 13);
  assert.ok(d!.found.includes('from the override agents.worker.servers=0'), d!.found);
});

overrides('a new key added by --set is located at its parent map', () => {
  const [d] = diagnosticsOf(MINIMAL, { overrides: ['agents.worker.srvers=3'] });
  assert.is(d!.path, 'agents.worker.srvers');
  assert.is(d!.line, 13);
  assert.ok(d!.found.includes("did you mean 'servers'") && d!.found.includes('from the override agents.worker.srvers=3'), d!.found);
});

overrides('a malformed --set is a diagnostic', () => {
  const [d] = diagnosticsOf(MINIMAL, { overrides: ['agents.worker.servers'] });
  assert.ok(d!.found.includes("no '='"), d!.found);
  const [e] = diagnosticsOf(MINIMAL, { overrides: ['agents..servers=3'] });
  assert.ok(e!.expected.includes('dotted path'), e!.expected);
});

minimal.run();
overrides.run();
