// Open (Jackson) networks against their product-form results: a tandem of three agents, and a
// worker/checker loop with 20% feedback. Little's law gives the mean end-to-end time.

import { suite } from 'uvu';
import { mmc } from '../../models/analytic/queues.js';
import { inInterval, inIntervalAt } from '../helpers/assert.js';
import { metric, runText } from '../helpers/run.js';

const test = suite('theory: networks');

test('3-agent tandem: e2e.mean is the sum of the M/M/c sojourn times', () => {
  const r = runText(`
name: tandem
seed: 1
horizon: 100000s
warmup: 10000s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 2/s }, entry: router }
agents:
  router:  { servers: 1, service: { dist: exponential, mean: 0.3s }, next: planner }
  planner: { servers: 4, service: { dist: exponential, mean: 1.6s }, next: answerer }
  answerer: { servers: 2, service: { dist: exponential, mean: 0.8s } }
`);
  const exact = mmc(2, 1 / 0.3, 1).sojourn + mmc(2, 1 / 1.6, 4).sojourn + mmc(2, 1 / 0.8, 2).sojourn;
  inInterval(metric(r, 'e2e.mean'), exact, 'e2e.mean');
  inIntervalAt(metric(r, 'agent.planner.sojourn.mean'), mmc(2, 1 / 1.6, 4).sojourn, 0.999, 'planner sojourn');
});

test('worker/checker loop with 20% feedback: traffic equations and Little\'s law', () => {
  const r = runText(`
name: loop
seed: 1
horizon: 100000s
warmup: 10000s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 1.5/s }, entry: worker }
agents:
  worker:  { servers: 3, service: { dist: exponential, mean: 1s }, next: checker }
  checker: { servers: 1, service: { dist: exponential, mean: 0.4s }, next: [{ to: worker, p: 0.2 }, { to: exit, p: 0.8 }] }
`);
  const lambda = 1.5 / 0.8; // each agent is visited 1/(1-0.2) times per request
  const worker = mmc(lambda, 1, 3);
  const checker = mmc(lambda, 1 / 0.4, 1);
  const exact = (worker.sojourn + checker.sojourn) / 0.8;
  inInterval(metric(r, 'e2e.mean'), exact, 'e2e.mean');
  inIntervalAt(metric(r, 'agent.worker.throughput'), lambda, 0.999, 'worker throughput');
  inIntervalAt(metric(r, 'agent.checker.utilization'), checker.utilization, 0.999, 'checker utilization');
});

test.run();
