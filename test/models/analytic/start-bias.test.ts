// The start-from-empty bias of a run's mean waits (models/analytic/start-bias.ts): the closed forms
// of reflected Brownian motion's mean from 0 against their definitions, and the heavy-traffic
// estimate against the bias that replications of an M/M/1 queue at utilisation 0.95 show.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { metricStartBias, rbmShortfall, rbmShortfallIntegral, relaxationTime, startShortfall } from '../../../models/analytic/start-bias.js';
import { meanModel } from '../../../models/analytic/mean-model.js';
import { studentTQuantile } from '../../../models/analysis/interval.js';
import { erfc } from '../../../sim/random/special-functions.js';
import { metric, MM1_FROM_EMPTY, runText, scenarioFromText } from '../../helpers/run.js';

const test = suite('analytic: bias of runs that start empty');

/** Midpoint rule over [a, b] in `steps` slices. */
const integrate = (f: (x: number) => number, a: number, b: number, steps: number): number => {
  const h = (b - a) / steps;
  let s = 0;
  for (let i = 0; i < steps; i++) s += f(a + (i + 0.5) * h);
  return s * h;
};

test("1 − H1 is canonical RBM's shortfall from its steady-state mean 1/2 (reflection principle)", () => {
  // Started at 0, R(t) is distributed as max over s ≤ t of B(s) − s: P(R(t) > y) = Φc((y + t)/√t) + e^(−2y) Φc((y − t)/√t).
  const upper = (x: number) => 0.5 * erfc(x / Math.SQRT2);
  for (const t of [0.01, 0.3, 1, 4, 10]) {
    const mean = integrate((y) => upper((y + t) / Math.sqrt(t)) + Math.exp(-2 * y) * upper((y - t) / Math.sqrt(t)), 0, 40, 400_000);
    assert.ok(Math.abs(rbmShortfall(t) - (1 - 2 * mean)) < 1e-7, `t ${t}: ${rbmShortfall(t)} against ${1 - 2 * mean}`);
  }
  assert.is(rbmShortfall(0), 1);
});

test('G is the integral of the shortfall from u on, G(0) = 1/2 (the mean of H1)', () => {
  assert.ok(Math.abs(rbmShortfallIntegral(0) - 0.5) < 1e-15);
  for (const u of [0.2, 1, 3, 8]) {
    const numeric = integrate(rbmShortfall, u, 60, 600_000);
    assert.ok(Math.abs(rbmShortfallIntegral(u) - numeric) < 1e-8, `u ${u}: ${rbmShortfallIntegral(u)} against ${numeric}`);
  }
  // Decreasing, never negative where its two terms cancel.
  let last = Infinity;
  for (let u = 0; u <= 60; u += 0.5) {
    const g = rbmShortfallIntegral(u);
    assert.ok(g >= 0 && g <= last, `G(${u}) = ${g}`);
    last = g;
  }
});

test('relaxation time: ρ (c_a² + c_s²) E[S] / (c (1 − ρ)²)', () => {
  const mm1 = { agent: 0, servers: 1, rate: 0.95, arrivalScv: 1, serviceMean: 1, serviceScv: 1, visitsPerRequest: 1, visits: [1] };
  assert.ok(Math.abs(relaxationTime(mm1) - 760) < 1e-9);
  assert.ok(Math.abs(relaxationTime({ ...mm1, servers: 4, rate: 3.2 }) - 10) < 1e-9);
  assert.is(relaxationTime({ ...mm1, rate: 1 }), Infinity);
  assert.is(startShortfall(760, 0, 3600) > 0.1, true);
  assert.ok(startShortfall(760, 40 * 760, 60 * 760) < 1e-9, 'negligible after 40 relaxation times');
});

test("a request's time lacks each station's wait shortfall as often as it visits it", () => {
  // A tandem whose second station is visited twice on average (half the requests come back once).
  const spec = scenarioFromText(`
name: tandem
horizon: 1000s
workload:
  chat: { arrivals: { process: poisson, rate: 0.4/s }, entry: a }
agents:
  a: { servers: 1, service: { dist: exponential, mean: 1s }, next: b }
  b: { servers: 1, service: { dist: exponential, mean: 0.9s }, next: [{ to: b, p: 0.5 }, { to: exit, p: 0.5 }] }
`).network;
  const model = meanModel(spec)!;
  const at = (m: string) => metricStartBias(model, spec, m)!(0, 1000);
  const [a, b] = [at('agent.a.wait.mean'), at('agent.b.wait.mean')];
  assert.equal(at('agent.b.sojourn.mean'), b);
  assert.ok(b.seconds > a.seconds && a.seconds > 0, 'b is at 0.72, a at 0.4');
  assert.ok(Math.abs(at('e2e.mean').seconds - (a.seconds + 2 * b.seconds)) < 1e-12);
  assert.equal(at('class.chat.e2e.mean'), at('e2e.mean'));
  assert.equal(at('e2e.mean').stations.map((s) => spec.agents[s.agent]!.name), ['b', 'a'], 'the most first');
  assert.is(metricStartBias(model, spec, 'e2e.p95'), undefined);
  assert.is(metricStartBias(model, spec, 'agent.nobody.wait.mean'), undefined);
});

test('the estimate lies in the 95% interval of the bias that 400 replications of M/M/1 at 0.95 show', () => {
  // 3600 s from empty with no warm-up; the exact mean wait is ρ/(1 − ρ) = 19 s.
  const r = runText(MM1_FROM_EMPTY, ['seed=77', 'replications=400']);
  const values = metric(r, 'agent.server.wait.mean').values.map(Number);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b) / n;
  const sd = Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  const simulated = 19 - mean;
  const estimated = 19 * startShortfall(760, 0, 3600);
  console.log(`  M/M/1 at 0.95, 3600 s from empty: mean wait short by ${simulated.toFixed(2)} ± ${half.toFixed(2)} s; estimated ${estimated.toFixed(2)} s`);
  assert.ok(Math.abs(simulated - estimated) <= half, `simulated ${simulated} ± ${half}, estimated ${estimated}`);
  assert.ok(simulated - half > 0, 'the bias is real: the run reads significantly low');
});

test.run();
