// The warning a run gives when its replications are short against the busiest queue's relaxation
// time, so that its p95 and p99 intervals cover less than they claim.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enoughRelaxations, MEASURED_COVERAGE, measuredCoverage, replicationLengthWarning } from '../../../models/run/replication-length-warning.js';
import { MM1_FROM_EMPTY as MM1, runText, scenarioFromText } from '../../helpers/run.js';

const test = suite('run: the short-replications warning');

const warning = (overrides: readonly string[]) => {
  const s = scenarioFromText(MM1, overrides);
  return replicationLengthWarning(s, s.warmup.mode === 'fixed' ? s.warmup.seconds : 0);
};

test('the lengths that are enough come from the measured rows: every longer row within the band', () => {
  assert.is(enoughRelaxations('p95'), 50);
  assert.is(enoughRelaxations('p99'), 200);
  for (const r of MEASURED_COVERAGE) assert.is(measuredCoverage('p95', r.kept), r.p95);
  const between = measuredCoverage('p99', Math.sqrt(20 * 50));
  assert.ok(Math.abs(between - (0.74 + 0.855) / 2) < 1e-12, 'halfway in the logarithm, halfway between the rows');
  assert.is(measuredCoverage('p95', 0.5), MEASURED_COVERAGE[0]!.p95, 'shorter than every row: the shortest row, a bound');
});

test('M/M/1 at 0.95, an hour: both percentiles warned, with the agent, how short, and the horizons that are enough', () => {
  const w = warning([]);
  assert.ok(w !== undefined);
  assert.match(w, /^e2e\.p95 and e2e\.p99 intervals likely cover less than they claim: each replication keeps 3600 s, 4\.7 times the relaxation time of agent 'server' \(utilisation 0\.95: about 760 s\)/);
  assert.match(w, /cover about 74% of the time for the p95 and 61% for the p99/);
  assert.match(w, /keep at least 50 relaxation times for the p95 \(horizon: 38000s\) and 200 for the p99 \(horizon: 160000s\)/);
});

test('long enough for the p95 but not the p99: only the p99; long enough for both: nothing', () => {
  const w = warning(['warmup=2000s', 'horizon=40000s']);
  assert.match(w ?? '', /^e2e\.p99 intervals likely cover less than they claim: each replication keeps 38000 s, 50 times/);
  assert.is(warning(['horizon=160000s']), undefined);
  assert.is(warning(['agents.server.service.mean=0.5s']), undefined, 'utilisation 0.475: a relaxation time of 3.6 s');
});

test('outside the analytic scope nothing is said; a run says it among its warnings', () => {
  const withTimeout = MM1.replace('service: { dist: exponential, mean: 1s } }', 'service: { dist: exponential, mean: 1s }, timeout: 300s }');
  const s = scenarioFromText(withTimeout);
  assert.is(replicationLengthWarning(s, 0), undefined);
  const r = runText(MM1, ['seed=3', 'replications=3']);
  assert.ok(r.warnings.some((x) => x.startsWith('e2e.p95 and e2e.p99 intervals likely cover less')));
});

test.run();
