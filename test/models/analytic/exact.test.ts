// The analytic model against exact queueing values to a relative 1e-9, each computed independently
// (60-digit direct summation, closed forms solved by bisection, Little's law over the network).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseNetwork, type AgentFigures, type NetworkAnalysis } from '../../../models/analytic/network.js';
import type { Figure } from '../../../models/analytic/figures.js';
import { mh21Sojourn } from '../../../models/analytic/phase-type.js';
import { scenarioFromText } from '../../helpers/run.js';
import { bisectQuantile, hypoexponentialSurvival, mmckReference, mmcReference, mmcSojournSurvival, relativeClose } from './reference.js';

const test = suite('analytic: exact values');
const TOL = 1e-9;

function station(lambda: number, c: number, service: string, capacity?: number): string {
  return `
name: exact
horizon: 1000s
workload:
  requests: { arrivals: { process: poisson, rate: ${lambda} }, entry: station }
agents:
  station:
    servers: ${c}
    ${capacity === undefined ? '' : `capacity: ${capacity}`}
    service: ${service}
`;
}

function analyse(text: string): Extract<NetworkAnalysis, { kind: 'ok' }> {
  const a = analyseNetwork(scenarioFromText(text).network);
  if (a.kind !== 'ok') throw new Error(`expected an analysis, got ${a.kind}: ${a.reasons.join('; ')}`);
  return a;
}

function exactValue(f: Figure, what: string): number {
  assert.is(f.kind, 'exact', `${what} should be exact (${f.kind === 'none' || f.kind === 'rough' ? f.why : ''})`);
  return f.kind === 'exact' ? f.value : NaN;
}

function close(f: Figure, expected: number, what: string): void {
  const x = exactValue(f, what);
  assert.ok(relativeClose(x, expected, TOL), `${what}: ${x} vs exact ${expected} (relative ${Math.abs(x - expected) / expected})`);
}

const agent = (a: Extract<NetworkAnalysis, { kind: 'ok' }>, name: string): AgentFigures => a.agents.get(name)!;

test('M/M/c for c = 1..512 at utilisation 0.1-0.99: wait, probability of waiting (Erlang C), sojourn, queue, e2e mean and percentiles', () => {
  for (const c of [1, 2, 3, 8, 32, 128, 512]) {
    for (const rho of [0.1, 0.5, 0.8, 0.9, 0.99]) {
      const lambda = rho * c; // mu = 1
      const a = analyse(station(lambda, c, '{ dist: exponential, mean: 1s }'));
      const ref = mmcReference(lambda, 1, c);
      const what = `M/M/${c} rho ${rho}`;
      const st = agent(a, 'station');
      close(st.wait, ref.wait, `${what} wait`);
      close(st.waitProbability, ref.waitProbability, `${what} wait.probability`);
      close(st.sojourn, ref.wait + 1, `${what} sojourn`);
      close(st.queue, lambda * ref.wait, `${what} queue`);
      close(st.utilization, rho, `${what} utilization`);
      close(a.overall.mean, ref.wait + 1, `${what} e2e.mean`);
      const survival = mmcSojournSurvival(1, c - lambda, ref.waitProbability);
      for (const [label, p] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
        close(a.overall.percentiles.get(label)!, bisectQuantile(survival, p, 1), `${what} e2e.${label}`);
      }
      close(st.sojournP95, bisectQuantile(survival, 0.95, 1), `${what} sojourn.p95`);
    }
  }
});

test('M/M/1 p95 is ln(20)/(mu - lambda)', () => {
  const a = analyse(station(0.8, 1, '{ dist: exponential, mean: 1s }'));
  close(a.overall.percentiles.get('p95')!, Math.log(20) / 0.2, 'p95');
});

test('M/M/c stays finite and exact for c = 1000', () => {
  const a = analyse(station(990, 1000, '{ dist: exponential, mean: 1s }'));
  close(agent(a, 'station').wait, mmcReference(990, 1, 1000).wait, 'M/M/1000 wait');
});

test('M/M/c/K: blocking, wait, probability of waiting, queue and utilisation, including overload and c = 200', () => {
  for (const [lambda, c, K] of [[3, 3, 6], [0.9, 1, 5], [1.5, 1, 10], [8, 10, 10], [12, 10, 40], [190, 200, 260], [260, 200, 220]] as const) {
    const a = analyse(station(lambda, c, '{ dist: exponential, mean: 1s }', K));
    const ref = mmckReference(lambda, 1, c, K);
    const what = `M/M/${c}/${K} lambda ${lambda}`;
    const st = agent(a, 'station');
    close(st.blocking, ref.blocking, `${what} blocking`);
    close(st.wait, ref.wait, `${what} wait`);
    if (c < K) close(st.waitProbability, ref.waitProbability, `${what} wait.probability`);
    else assert.equal(st.waitProbability, { kind: 'exact', value: 0 }, `${what} wait.probability (no line: nobody waits)`);
    close(st.queue, ref.queue, `${what} queue`);
    close(st.utilization, ref.utilization, `${what} utilization`);
    close(a.overall.throughput, lambda * (1 - ref.blocking), `${what} throughput`);
    close(a.overall.rejectedFraction, ref.blocking, `${what} rejected.fraction`);
    close(a.overall.mean, ref.wait + 1, `${what} e2e.mean (of accepted requests)`);
  }
});

test('M/M/1/K blocking equals (1-rho) rho^K / (1 - rho^(K+1))', () => {
  const rho = 0.9;
  const K = 7;
  const a = analyse(station(rho, 1, '{ dist: exponential, mean: 1s }', K));
  close(agent(a, 'station').blocking, ((1 - rho) * rho ** K) / (1 - rho ** (K + 1)), 'blocking');
});

test('M/D/1 and M/G/1 (lognormal, hyperexponential, gamma) match Pollaczek-Khinchine from E[S^2]; an arrival waits with probability rho', () => {
  const cases: [string, number, number][] = [
    // [service, E[S], E[S^2]] with E[S^2] from the distribution's own definition.
    ['{ dist: deterministic, value: 1s }', 1, 1],
    ['{ dist: lognormal, mean: 1s, cv: 2 }', 1, 1 + 4],
    ['{ dist: lognormal, mean: 400ms, cv: 0.5 }', 0.4, 0.16 * 1.25],
    ['{ dist: hyperexponential, mean: 1s, scv: 4 }', 1, 1 + 4],
    ['{ dist: hyperexponential, mean: 2s, scv: 10 }', 2, 4 * 11],
    ['{ dist: gamma, mean: 1s, cv: 0.5 }', 1, 1.25],
  ];
  for (const [service, m, m2] of cases) {
    for (const rho of [0.3, 0.7, 0.95]) {
      const lambda = rho / m;
      const a = analyse(station(lambda, 1, service));
      const wait = (lambda * m2) / (2 * (1 - rho));
      close(agent(a, 'station').wait, wait, `${service} rho ${rho} wait`);
      close(agent(a, 'station').waitProbability, rho, `${service} rho ${rho} wait.probability`);
      close(a.overall.mean, wait + m, `${service} rho ${rho} e2e.mean`);
    }
  }
});

test('M/H2/1: e2e percentiles and sojourn p95 of the sojourn time, a mixture of two exponentials, against 40-digit values', () => {
  // mpmath at 40 digits: the roots of the cubic s^3 + ... of the transform's denominator by polyroots, each
  // quantile by bisection on the survival function; the mixture's mean equals Pollaczek-Khinchine's.
  const cases: [number, string, Record<'p50' | 'p95' | 'p99', number>][] = [
    [0.8, '{ dist: hyperexponential, mean: 1s, scv: 4 }', { p50: 6.0021224692302506, p95: 38.494105625866975, p99: 61.210321136371679 }],
    [0.35, '{ dist: hyperexponential, mean: 2s, scv: 10 }', { p50: 7.6410077605327605, p95: 113.41810654562573, p99: 187.57305635027486 }],
    [1, '{ dist: hyperexponential, mean: 500ms, scv: 2 }', { p50: 0.6411446181280995, p95: 4.5398249437738466, p99: 7.5059154857854199 }],
    [0.99, '{ dist: hyperexponential, mean: 1s, scv: 4 }', { p50: 171.29449827068392, p95: 750.40843676379926, p99: 1155.1917088633812 }],
  ];
  for (const [lambda, service, expected] of cases) {
    const a = analyse(station(lambda, 1, service));
    for (const label of ['p50', 'p95', 'p99'] as const) close(a.overall.percentiles.get(label)!, expected[label], `${service} at ${lambda}/s: e2e.${label}`);
    close(agent(a, 'station').sojournP95, expected.p95, `${service} at ${lambda}/s: sojourn.p95`);
  }
});

test('M/H2/1 sojourn time over SCV 1.0001-1000, utilisation 0.001-0.99: a true mixture whose mean is Pollaczek-Khinchine', () => {
  for (const scv of [1.0001, 1.1, 2, 4, 9, 50, 1000]) {
    for (const rho of [0.001, 0.3, 0.8, 0.95, 0.99]) {
      for (const mean of [0.001, 1, 300]) {
        const d = mh21Sojourn(rho / mean, mean, scv);
        const what = `SCV ${scv}, utilisation ${rho}, mean ${mean} s`;
        assert.ok(d.alpha.every((w) => w > 0) && relativeClose(d.alpha[0]! + d.alpha[1]!, 1, TOL), `${what}: weights ${d.alpha}`);
        const pk = mean + (rho * mean * (1 + scv)) / (2 * (1 - rho));
        assert.ok(relativeClose(d.alpha[0]! / d.rates[0]! + d.alpha[1]! / d.rates[1]!, pk, TOL), `${what}: mean against ${pk}`);
      }
    }
  }
});

test('an M/H2/1 agent in a series: no exact e2e percentile (its sojourn time is not exponential)', () => {
  for (const [first, second] of [['exponential, mean: 500ms', 'hyperexponential, mean: 1s, scv: 4'], ['hyperexponential, mean: 1s, scv: 4', 'exponential, mean: 500ms']]) {
    const a = analyse(`
name: series
horizon: 1000s
workload:
  requests: { arrivals: { process: poisson, rate: 0.5/s }, entry: a }
agents:
  a: { servers: 1, service: { dist: ${first} }, next: b }
  b: { servers: 1, service: { dist: ${second} } }
`);
    assert.is(a.overall.percentiles.get('p95')!.kind, 'none', `${first} then ${second}`);
  }
});

test('Jackson network with feedback and two classes: e2e mean by Little over the whole network', () => {
  // chat: worker -> checker -> (0.2 back to worker | exit); batch reworks with 0.1 instead.
  const text = `
name: jackson
horizon: 1000s
workload:
  chat: { arrivals: { process: poisson, rate: 1.2/s }, entry: worker }
  batch:
    arrivals: { process: poisson, rate: 0.5/s }
    entry: worker
    routes: { checker: [{ to: worker, p: 0.1 }, { to: exit, p: 0.9 }] }
agents:
  worker: { servers: 3, service: { dist: exponential, mean: 1s }, next: checker }
  checker:
    servers: 2
    service: { dist: exponential, mean: 400ms }
    next: [{ to: worker, p: 0.2 }, { to: exit, p: 0.8 }]
`;
  const a = analyse(text);
  const lw = 1.2 / 0.8 + 0.5 / 0.9; // each node is visited 1/(1-p) times per request
  const worker = mmcReference(lw, 1, 3);
  const checker = mmcReference(lw, 2.5, 2);
  const L = lw * (worker.wait + 1) + lw * (checker.wait + 0.4);
  close(agent(a, 'worker').wait, worker.wait, 'worker wait');
  close(agent(a, 'checker').sojourn, checker.wait + 0.4, 'checker sojourn');
  close(a.overall.mean, L / 1.7, 'e2e.mean (Little: L / lambda)');
  close(a.classes.get('chat')!.mean, (worker.wait + 1 + checker.wait + 0.4) / 0.8, 'class chat e2e.mean');
  close(agent(a, 'checker').out.get('worker')!, (1.2 / 0.8) * 0.2 + (0.5 / 0.9) * 0.1, 'checker -> worker rate');
  close(agent(a, 'checker').out.get('exit')!, 1.7, 'checker -> exit rate');
  close(a.overall.throughput, 1.7, 'throughput');
  const p95 = a.overall.percentiles.get('p95')!;
  assert.is(p95.kind, 'none', 'no exact e2e percentile with feedback');
  close(agent(a, 'worker').sojournP95, bisectQuantile(mmcSojournSurvival(1, 3 - lw, worker.waitProbability), 0.95, 1), 'worker sojourn.p95 (arrival theorem)');
});

test('tandem of M/M/1 agents: e2e percentiles of a sum of independent exponentials (Reich)', () => {
  const text = `
name: tandem
horizon: 1000s
workload:
  requests: { arrivals: { process: poisson, rate: 2/s }, entry: a }
agents:
  a: { servers: 1, service: { dist: exponential, mean: 250ms }, next: b }
  b: { servers: 1, service: { dist: exponential, mean: 400ms }, next: c }
  c: { servers: 1, service: { dist: exponential, mean: 100ms } }
`;
  const a = analyse(text);
  const rates = [4 - 2, 2.5 - 2, 10 - 2];
  close(a.overall.mean, rates.reduce((s, r) => s + 1 / r, 0), 'e2e.mean');
  for (const [label, p] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const) {
    close(a.overall.percentiles.get(label)!, bisectQuantile(hypoexponentialSurvival(rates), p, 1), `e2e.${label}`);
  }
});

test('utilisation >= 1 at an unbounded agent answers unstable, naming the agent', () => {
  for (const [lambda, c] of [[1, 1], [1.01, 1], [512, 512], [600, 512]] as const) {
    const a = analyseNetwork(scenarioFromText(station(lambda, c, '{ dist: exponential, mean: 1s }')).network);
    assert.is(a.kind, 'unstable', `lambda ${lambda} c ${c}`);
    if (a.kind === 'unstable') assert.match(a.reasons.join(), /agent 'station'.*>= 1/);
  }
  assert.is(analyseNetwork(scenarioFromText(station(600, 512, '{ dist: exponential, mean: 1s }', 600)).network).kind, 'ok', 'finite capacity never grows');
});

test.run();
