// Gamma renewal arrivals against the exact GI/M/1 queue: with exponential service of rate mu, the
// wait is sigma / (mu (1 - sigma)), where sigma in (0, 1) solves sigma = A*(mu (1 - sigma)) and A*
// is the Laplace-Stieltjes transform of the inter-arrival time — for a gamma law of shape k = 1/cv^2
// and mean 1/lambda, A*(s) = (1 + s / (k lambda))^-k. Exact for every cv: Erlang (cv < 1) and
// bursty (cv > 1) arrivals alike. Also: the loader reads the process, and the analytic backend
// takes cv^2 as the arrivals' squared coefficient of variation.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseFlows } from '../../models/analytic/flows.js';
import { metric, runText, scenarioFromText } from '../helpers/run.js';
import { intervalEnds } from '../../models/run/results.js';

const test = suite('theory: gamma renewal arrivals (GI/M/1)');
function scenario(lambda: number, cv: number, horizon: number): string {
  return `
name: gi-m-1
seed: 1
horizon: ${horizon}s
warmup: ${horizon / 10}s
replications: 10
workload:
  requests:
    arrivals: { process: gamma, rate: ${lambda}/s, cv: ${cv} }
    entry: station
agents:
  station:
    servers: 1
    service: { dist: exponential, mean: 1s }
`;
}

/** sigma of GI/M/1 with gamma inter-arrival times (mean 1/lambda, coefficient of variation cv), mu = 1. */
function sigma(lambda: number, cv: number): number {
  const k = 1 / (cv * cv);
  const lst = (s: number): number => (1 + s / (k * lambda)) ** -k;
  let x = lambda; // the fixed point iteration converges from below to the root in (0, 1) when lambda < 1
  for (let i = 0; i < 100_000; i++) {
    const next = lst(1 - x);
    if (Math.abs(next - x) < 1e-15) return next;
    x = next;
  }
  throw new Error('sigma did not converge');
}

/**
 * Over SEEDS seeds, how many 95% intervals of the wait contain the exact value: a miss at one seed is
 * a 5% event, so the check is on the count. At least 15 of 20 fails by chance with probability
 * 0.003 (binomial); a biased engine (a wrong gap law) misses nearly every time.
 */
const SEEDS = 20;

for (const cv of [Math.SQRT1_2, 2]) {
  test(`Gamma(cv ${cv.toFixed(3)})/M/1 at utilisation 0.8: the wait intervals cover the exact GI/M/1 value (>= 15 of ${SEEDS} seeds)`, () => {
    const lambda = 0.8;
    const s = sigma(lambda, cv);
    const wait = s / (1 - s);
    // Burstier arrivals relax more slowly: more customers for cv 2.
    const customers = cv > 1 ? 80_000 : 20_000;
    const estimates: number[] = [];
    let covered = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const m = metric(runText(scenario(lambda, cv, Math.round(customers / lambda)), [`seed=${seed}`]), 'agent.station.wait.mean');
      if (intervalEnds(m)[0]! <= wait && wait <= intervalEnds(m)[1]!) covered++;
      estimates.push(m.estimate!);
    }
    console.log(`  Gamma(cv ${cv.toFixed(3)})/M/1: exact wait ${wait.toFixed(4)} s, mean estimate ${(estimates.reduce((a, b) => a + b, 0) / SEEDS).toFixed(4)} s, covered ${covered}/${SEEDS}`);
    assert.ok(covered >= 15, `covered ${covered} of ${SEEDS}`);
    // Poisson arrivals (cv 1) would wait 4 s here: the check tells the processes apart.
    assert.ok(cv < 1 ? wait < 3.5 : wait > 8, `exact wait ${wait}`);
  });
}

test('the loader reads a gamma process; the analytic backend takes cv^2 as the arrival SCV', () => {
  const s = scenarioFromText(scenario(2, 1.5, 1000));
  assert.equal(s.network.classes[0]!.arrivals, { process: 'gamma', rate: 2, cv: 1.5 });
  const flows = analyseFlows(s.network);
  if (flows.kind !== 'ok') return assert.unreachable(flows.kind);
  assert.equal([flows.flows.classRates[0], flows.flows.classScv[0], flows.flows.classPoisson[0]], [2, 2.25, false]);
});

test.run();
