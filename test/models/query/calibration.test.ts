// Calibration of the sampled backend: over 200 seeds of an M/M/4 queue, the nominal 95% interval
// that the two-stage (until-precision) sampler returns must cover the exact Erlang C value in
// 92-98% of queries. Binomial(200, 0.95) lies in that band with probability about 0.95; the
// stopping rule is Stein's, whose sample size depends on the first stage only, so stopping on the
// data does not bias coverage (stopping as soon as the running interval is narrow enough would:
// it stops early on runs of draws that happen to agree).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mmc } from '../../../models/analytic/queues.js';
import { answerQuery, inProcessExecutor, prepareQuery } from '../../../models/query/index.js';

const test = suite('query: sampled calibration');

const TEXT = `
name: mm4-calibration
horizon: 1000s
warmup: 100s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 2/s }, entry: worker }
agents:
  worker: { servers: 4, service: { dist: exponential, mean: 1s } }
`;

test('95% intervals of M/M/4 e2e.mean at 2% precision cover the exact value in 92-98% of 200 seeds', async () => {
  const exact = mmc(2, 1, 4).sojourn;
  const source = { file: 'mm4-calibration.yaml', text: TEXT, readFile: () => '' };
  let covered = 0;
  let replications = 0;
  let secondStage = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const q = prepareQuery(source, { metrics: ['e2e.mean'], set: [`seed=${seed}`], precision: 0.02 });
    const a = (await answerQuery(q, { backend: 'sampled', executor: inProcessExecutor, clock: () => 0 }))[0]!;
    assert.is(a.kind, 'estimate');
    if (a.kind !== 'estimate') continue;
    if (a.interval[0] <= exact && exact <= a.interval[1]) covered++;
    replications += a.replications!;
    if (a.replications! > 10) secondStage++;
  }
  const coverage = covered / 200;
  console.log(`  coverage of the nominal 95% interval over 200 seeds: ${(100 * coverage).toFixed(1)}% (${(replications / 200).toFixed(1)} replications on average; ${secondStage} queries needed a second stage)`);
  assert.ok(secondStage >= 100, 'the sequential stage is what is being calibrated');
  assert.ok(coverage >= 0.92 && coverage <= 0.98, `coverage ${coverage} outside 92-98%`);
});

test.run();
