// The table `apmsim run` prints: a metric without an interval says why at the end of its line, so
// the reason never widens the interval column that every other row is read in.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatResults } from '../../cli/format-table.js';
import type { MetricSummary, Results } from '../../models/run/results.js';

const metric = (m: Partial<MetricSummary>): MetricSummary => ({ estimate: 1, interval: null, unit: 's', values: [1, 1], ...m });

test('a reason for no interval goes after the unit, and the interval column stays as wide as its intervals', () => {
  const results = {
    scenario: 't', replications: 2, horizon: 100, warmup: { mode: 'fixed', seconds: 0 }, seed: 1, partial: false, confidence: 0.95,
    metrics: {
      'agent.a.wait.mean': metric({ estimate: 0.5, interval: [0.25, 0.75] }),
      'agent.a.rejected': metric({ estimate: 0, note: 'no sampling variability: the same in every replication', unit: '' }),
    },
  } as unknown as Results;
  const lines = formatResults(results).split('\n');
  const header = lines.find((l) => l.startsWith('metric'))!;
  const withNote = lines.find((l) => l.startsWith('agent.a.rejected'))!;
  assert.is(header, 'metric             estimate  95% interval  unit');
  assert.is(lines.find((l) => l.startsWith('agent.a.wait.mean')), 'agent.a.wait.mean       0.5  [0.25, 0.75]  s');
  assert.is(withNote.indexOf('('), header.length + 2, 'the reason starts after the unit column');
  assert.match(withNote, /^agent\.a\.rejected\s+0\s+—\s+\(no sampling variability: the same in every replication\)$/);
});

test.run();
