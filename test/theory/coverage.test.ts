// Calibration: over 100 independent seeds, the nominal 95% interval of e2e.mean of an M/M/4
// queue must cover the exact Erlang C value in 90-99% of runs (binomial(100, 0.95) lies in that
// band with probability > 0.99).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mmc } from '../../models/analytic/queues.js';
import { metric, runText } from '../helpers/run.js';

const test = suite('theory: interval coverage');

test('95% intervals of M/M/4 e2e.mean cover the exact value in 90-99 of 100 seeds', () => {
  const exact = mmc(3.2, 1, 4).sojourn;
  const text = `
name: mm4-coverage
horizon: 10000s
warmup: 1000s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 3.2/s }, entry: worker }
agents:
  worker: { servers: 4, service: { dist: exponential, mean: 1s } }
`;
  let covered = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const [lo, hi] = metric(runText(text, [`seed=${seed}`]), 'e2e.mean').interval!;
    if (lo <= exact && exact <= hi) covered++;
  }
  console.log(`  coverage of the nominal 95% interval over 100 seeds: ${covered}%`);
  assert.ok(covered >= 90 && covered <= 99, `coverage ${covered}% outside 90-99%`);
});

test.run();
