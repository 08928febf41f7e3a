// Where the closed forms are not exact: the Allen-Cunneen band must contain the simulated mean
// sojourn on a grid of G/G/c queues and networks, and the analysis must say approximate, decline
// with reasons, or mark exactly the nodes that product-form theory covers.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyseNetwork } from '../../../models/analytic/network.js';
import { replicationInterval } from '../../../models/analysis/interval.js';
import { metric, runText, scenarioFromText } from '../../helpers/run.js';

const test = suite('analytic: approximations and scope');

function station(arrivals: string, c: number, service: string): string {
  return `
name: approx
seed: 1
horizon: 30000s
warmup: 3000s
replications: 5
workload:
  requests: { arrivals: ${arrivals}, entry: s }
agents:
  s: { servers: ${c}, service: ${service} }
`;
}

const GRID: [string, string][] = [
  ['D/M/1 at 0.3', station('{ process: deterministic, rate: 0.3 }', 1, '{ dist: exponential, mean: 1s }')],
  ['D/M/1 at 0.8', station('{ process: deterministic, rate: 0.8 }', 1, '{ dist: exponential, mean: 1s }')],
  ['D/E4/2 at 0.9', station('{ process: deterministic, rate: 1.8 }', 2, '{ dist: erlang, k: 4, mean: 1s }')],
  ['M/LN(cv 2)/4 at 0.8', station('{ process: poisson, rate: 3.2 }', 4, '{ dist: lognormal, mean: 1s, cv: 2 }')],
  ['M/D/3 at 0.8', station('{ process: poisson, rate: 2.4 }', 3, '{ dist: deterministic, value: 1s }')],
  ['M/H2(scv 10)/8 at 0.9', station('{ process: poisson, rate: 7.2 }', 8, '{ dist: hyperexponential, mean: 1s, scv: 10 }')],
  ['M/U/16 at 0.95', station('{ process: poisson, rate: 15.2 }', 16, '{ dist: uniform, min: 0.5s, max: 1.5s }')],
  ['feedback loop with lognormal service', `
name: approx
seed: 1
horizon: 30000s
warmup: 3000s
replications: 5
workload:
  requests: { arrivals: { process: poisson, rate: 0.6 }, entry: a }
agents:
  a: { servers: 1, service: { dist: lognormal, mean: 1s, cv: 1.5 }, next: [{ to: a, p: 0.25 }, { to: exit, p: 0.75 }] }
`],
  ['H2 queue feeding an M/M/2', `
name: approx
seed: 1
horizon: 30000s
warmup: 3000s
replications: 5
workload:
  requests: { arrivals: { process: poisson, rate: 0.7 }, entry: a }
agents:
  a: { servers: 1, service: { dist: hyperexponential, mean: 1s, scv: 4 }, next: b }
  b: { servers: 2, service: { dist: exponential, mean: 2.4s } }
`],
];

test('the Allen-Cunneen band contains the simulated e2e.mean on every case of the grid', () => {
  for (const [name, text] of GRID) {
    const a = analyseNetwork(scenarioFromText(text).network);
    assert.is(a.kind, 'ok', name);
    if (a.kind !== 'ok') continue;
    const f = a.overall.mean;
    assert.is(f.kind, 'approximate', `${name}: not exact, so approximate`);
    if (f.kind !== 'approximate') continue;
    // At 99.9% per case (Bonferroni over nine cases) the simulated interval must meet the band.
    const values = metric(runText(text), 'e2e.mean').values.filter((v): v is number => v !== null);
    const [lo, hi] = replicationInterval(values, 0.999).interval;
    assert.ok(f.low <= hi && lo <= f.high, `${name}: band [${f.low}, ${f.high}] misses the simulation [${lo}, ${hi}]`);
    assert.ok(f.low < f.value && f.value < f.high, `${name}: the band is a real band`);
  }
});

test('five-agents: exactly the nodes product-form theory covers are exact, the rest approximate', () => {
  const path = fileURLToPath(new URL('../../../../scenarios/five-agents.yaml', import.meta.url));
  const a = analyseNetwork(scenarioFromText(readFileSync(path, 'utf8')).network);
  assert.is(a.kind, 'ok');
  if (a.kind !== 'ok') return;
  // The router has Poisson input and exponential service; everything downstream sees lognormal and gamma work.
  assert.is(a.agents.get('router')!.wait.kind, 'exact');
  for (const name of ['retriever', 'tool', 'answerer', 'checker']) assert.is(a.agents.get(name)!.wait.kind, 'approximate', name);
  // Rates come from the traffic equations, exact whatever the service times.
  for (const name of ['router', 'retriever', 'tool', 'answerer', 'checker']) assert.is(a.agents.get(name)!.utilization.kind, 'exact', name);
  assert.is(a.overall.percentiles.get('p95')!.kind, 'none', 'no exact percentile through forks and loops');
  assert.is(a.classes.get('research')!.mean.kind, 'rough', 'fork/join is only roughly estimated');
});

test('outside its assumptions the analysis declines, naming every reason', () => {
  const varying = `
name: v
horizon: 100s
workload:
  chat: { arrivals: { process: poisson, rate: "1 + sin(t)" }, entry: a }
agents:
  a: { servers: 1, service: { dist: exponential, mean: 100ms } }
`;
  const a = analyseNetwork(scenarioFromText(varying).network);
  assert.is(a.kind, 'unsupported');
  if (a.kind === 'unsupported') assert.match(a.reasons.join(), /class 'chat' has a time-varying arrival rate/);
});

test.run();
