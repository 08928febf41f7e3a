// The warning a run gives when its e2e.mean likely reads low because replications start empty and
// are short against the busiest queue's relaxation time, and the warm-up it suggests.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { coverageWithBias } from '../../../models/run/start-bias-warning.js';
import { MM1_FROM_EMPTY as MM1, runText } from '../../helpers/run.js';

const test = suite('run: the start-from-empty warning');


const startWarning = (warnings: readonly string[]) => warnings.find((w) => w.startsWith('e2e.mean likely reads low'));

test('coverage of an interval whose estimate is off centre', () => {
  assert.ok(Math.abs(coverageWithBias(0, 1, 0.95) - 0.95) < 1e-12);
  // Off by the whole half-width: Φ(0) − Φ(−2z) = 0.5 − 0.0000435.
  assert.ok(Math.abs(coverageWithBias(1, 1, 0.95) - (0.5 - 4.35e-5)) < 1e-6);
  assert.ok(coverageWithBias(0.3, 1, 0.95) < coverageWithBias(0.1, 1, 0.95));
});

test('M/M/1 at 0.95 for an hour from empty: warned, with the agent, the bias and a warm-up; that warm-up is not warned', () => {
  const w = startWarning(runText(MM1, ['seed=3']).warnings);
  assert.ok(w !== undefined, 'warned');
  assert.match(w, /agent 'server' \(utilisation 0\.95\) takes about 760 s/);
  assert.match(w, /over the 3600 s kept after a 0 s warm-up its mean wait lacks about 10%/);
  const [, warmup, horizon] = /warmup: (\d+)s, horizon: (\d+)s/.exec(w)!;
  assert.is(Number(horizon) - Number(warmup), 3600, 'as many seconds kept');
  assert.is(startWarning(runText(MM1, ['seed=3', `warmup=${warmup}s`, `horizon=${horizon}s`]).warnings), undefined);
});

test('a queue whose warm-up is many relaxation times long is not warned; nor is one outside the analytic scope', () => {
  assert.is(startWarning(runText(MM1, ['seed=3', 'horizon=36000s', 'warmup=3600s']).warnings), undefined);
  assert.is(startWarning(runText(MM1, ['seed=3', 'agents.server.service.mean=0.5s']).warnings), undefined, 'utilisation 0.475');
  const withTimeout = MM1.replace('service: { dist: exponential, mean: 1s } }', 'service: { dist: exponential, mean: 1s }, timeout: 300s }');
  assert.is(startWarning(runText(withTimeout, ['seed=3']).warnings), undefined, 'a timeout: outside the analytic scope');
});

test.run();
