// summariseWindows: per window the mean over replications and its t interval, cut where the
// quantity ends (0 for every one, 1 for a fraction), and no band without two replications.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { replicationInterval } from '../../models/analysis/interval.js';
import type { RecordedSeries, ReplicationSeries } from '../../reports/run-data.js';
import { summariseWindows } from '../../reports/series-summary.js';

const test = suite('series summary');

/** Two windows over three replications; the quantity of replication r in window w is VALUES[w][r]. */
const VALUES = [[0.001, 0.006, 0.002], [0.99, 0.9, 0.999]];
const series = (replications: number): RecordedSeries =>
  ({ window: 60, windows: 2, agents: [], classes: [], replications: Array.from({ length: replications }, (_, r) => ({ r }) as unknown as ReplicationSeries) });
const valueOf = (rs: ReplicationSeries, w: number): number => VALUES[w]![(rs as unknown as { r: number }).r]!;

test('a band reaching below 0 is cut at 0, one above 1 at 1 for a fraction; the mean stays', () => {
  const [low, high] = [replicationInterval(VALUES[0]!, 0.95), replicationInterval(VALUES[1]!, 0.95)];
  assert.ok(low.interval[0] < 0 && high.interval[1] > 1, 'the t intervals cross the limits');
  const plain = summariseWindows(series(3), 0.95, valueOf);
  assert.equal(plain.map((p) => [p.start, p.end]), [[0, 60], [60, 120]]);
  assert.equal([plain[0]!.estimate, plain[0]!.lower, plain[0]!.upper], [low.estimate, 0, low.interval[1]]);
  assert.equal([plain[1]!.lower, plain[1]!.upper], [high.interval[0], high.interval[1]], 'not a fraction: no cut at 1');
  const fraction = summariseWindows(series(3), 0.95, valueOf, 1);
  assert.equal([fraction[1]!.estimate, fraction[1]!.lower, fraction[1]!.upper], [high.estimate, high.interval[0], 1]);
});

test('one replication: the mean, and no band', () => {
  const one = summariseWindows(series(1), 0.95, valueOf, 1);
  assert.equal(one.map((p) => [p.estimate, p.lower, p.upper]), [[0.001, null, null], [0.99, null, null]]);
});

test.run();
