// A comparison side records its requests for the latency distribution only when the report can use
// them and the rows of the replications run at once fit the recording budget; otherwise it says why.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SideSamples, type Side } from '../../api/compare-sides.js';
import { REQUEST_ROWS_BUDGET } from '../../models/run/footprint.js';
import { bytesPerRequestRow } from '../../models/run/footprint.js';
import { scenarioText } from '../reports/recorded-run.js';

const test = suite('compare sides: latency recording');

const mm1 = (rate: string, horizon: string) => scenarioText(`name: mm1
seed: 1
horizon: ${horizon}
workload:
  requests:
    arrivals: { process: poisson, rate: ${rate} }
    entry: server
agents:
  server:
    servers: 1
    service: { dist: exponential, mean: 1ms }
`);
const side = (rate: string, horizon: string): Side => ({ kind: 'scenario', file: 'mm1.yaml', scenario: mm1(rate, horizon), explicitSeed: false });

test('without --json or --report nothing is recorded', async () => {
  const s = new SideSamples(side('1/s', '100s'));
  assert.equal(s.jobsUpTo(2, 'b').map((j) => j.recording), [undefined, undefined]);
  assert.is(await s.latency(2), 'the comparison was run without --json or --report');
});

test('recorded when the block fits the budget; refused, saying how much, when it does not', async () => {
  const small = new SideSamples(side('1/s', '100s'), { heldAtOnce: 40 });
  assert.equal(small.jobsUpTo(1, 'b')[0]!.recording, { timeseriesWindow: 0, traceRequests: true });
  // 500 requests/s for 10^4 s is 5·10^6 rows per replication: 40 of them at once exceed the budget.
  const perRow = bytesPerRequestRow(mm1('500/s', '10000s').network);
  assert.ok(5e6 * perRow * 40 > REQUEST_ROWS_BUDGET && 5e6 * perRow <= REQUEST_ROWS_BUDGET, 'one replication alone would fit');
  const big = new SideSamples(side('500/s', '10000s'), { heldAtOnce: 40 });
  assert.equal(big.jobsUpTo(1, 'b')[0]!.recording, undefined);
  assert.match(await big.latency(1) as string, /^mm1\.yaml: about 5,000,000 requests per replication, whose rows for the 40 replications run at once would take about [\d,]+ MB \(recording budget 200 MB\)$/);
});

test.run();
