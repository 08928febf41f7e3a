// sweep.json and sweep.arrow: merging shards gives the unsharded document byte for byte, shards that
// do not belong together are refused, and the Arrow file reads back with its declared columns.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tableFromIPC } from 'apache-arrow';
import { Experiment } from '../../../models/run/experiment.js';
import { scenarioFingerprint } from '../../../models/scenario/core/fingerprint.js';
import { sweepArrowBytes } from '../../../models/sweep/arrow.js';
import { mergeSweeps, parseSweep, serializeSweep, sweepDocument, type SweepHeader, type SweepPoint } from '../../../models/sweep/document.js';
import { gridSize, parseAxis, pointOverrides, pointValues, shardPoints, type Shard } from '../../../models/sweep/grid.js';
import { scenarioFromText } from '../../helpers/run.js';
import { throwsInputError } from '../../helpers/assert.js';

const test = suite('sweep: document and arrow');
const TEXT = 'name: s\nhorizon: 300s\nwarmup: 30s\nreplications: 2\nworkload:\n  r:\n    arrivals: { process: poisson, rate: 1/s }\n    entry: a\nagents:\n  a:\n    servers: 2\n    service: { dist: exponential, mean: 1s }\n';
const axes = [parseAxis('agents.a.servers=2,3'), parseAxis('workload.r.arrivals.rate=1/s,1.5/s')];
const base = scenarioFromText(TEXT);
const header: SweepHeader = {
  apmsim: 'test', kind: 'apmsim-sweep', scenario: 's', fingerprint: scenarioFingerprint(base),
  scenarioFile: base.file, overrides: base.overrides, command: null, seed: base.seed,
  replications: base.replications, confidence: base.confidence, grid: axes, size: gridSize(axes),
};
const points: SweepPoint[] = Array.from({ length: gridSize(axes) }, (_, index) => ({
  index,
  values: Object.fromEntries(axes.map((a, k) => [a.path, pointValues(axes, index)[k]!])),
  results: new Experiment(scenarioFromText(TEXT, pointOverrides(axes, index)), 'test').runToEnd(),
}));
const whole = sweepDocument(header, points, undefined);
const shardDoc = (shard: Shard) => {
  const keep = new Set(shardPoints(header.size, shard));
  // Through JSON, as merge reads shards from files.
  return parseSweep(`shard-${shard.index}`, serializeSweep(sweepDocument(header, points.filter((p) => keep.has(p.index)), shard)));
};

test('merging 3 shards, in any order, gives the unsharded sweep.json and sweep.arrow byte for byte', () => {
  const shards = [3, 1, 2].map((index) => ({ file: `shard-${index}`, doc: shardDoc({ index, count: 3 }) }));
  const merged = mergeSweeps(shards);
  assert.is(serializeSweep(merged), serializeSweep(whole));
  assert.equal(Buffer.from(sweepArrowBytes(merged)), Buffer.from(sweepArrowBytes(whole)));
  assert.is(merged.shard, undefined);
});

test('a missing, repeated or foreign shard is refused; so is a complete sweep', () => {
  const s = (index: number, count = 3) => ({ file: `d${index}/sweep.json`, doc: shardDoc({ index, count }) });
  throwsInputError(() => mergeSweeps([s(1), s(2)]), /expected all 3 shards, found no shard 3\/3/);
  throwsInputError(() => mergeSweeps([s(1), s(1), s(2)]), /shard 1\/3 was already given/);
  throwsInputError(() => mergeSweeps([s(1), s(2, 2)]), /expected shard i\/3/);
  const foreign = { file: 'other/sweep.json', doc: { ...shardDoc({ index: 3, count: 3 }), seed: 99 } };
  throwsInputError(() => mergeSweeps([s(1), s(2), foreign]), /same sweep .* found seed 99 instead of 1/);
  throwsInputError(() => mergeSweeps([{ file: 'all/sweep.json', doc: whole }]), /found a complete sweep/);
  throwsInputError(() => parseSweep('x.json', '{"kind":"other"}'), /expected a sweep\.json written by apmsim sweep/);
});

test('sweep.arrow: one row per point x metric, declared types, metadata, identical bytes on every write', () => {
  const bytes = sweepArrowBytes(whole);
  assert.equal(Buffer.from(bytes), Buffer.from(sweepArrowBytes(whole)));
  const table = tableFromIPC(bytes);
  const metricsPerPoint = Object.keys(points[0]!.results.metrics).length;
  assert.is(table.numRows, points.length * metricsPerPoint);
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
  assert.equal(types, {
    point: 'Int32', 'agents.a.servers': 'Float64', 'workload.r.arrivals.rate': 'Utf8', metric: 'Utf8', unit: 'Utf8',
    estimate: 'Float64', lower: 'Float64', upper: 'Float64', n: 'Int32',
  });
  assert.is(table.schema.metadata.get('fingerprint'), header.fingerprint);
  const row = table.get(metricsPerPoint * 3)!.toJSON() as Record<string, unknown>;
  const p95 = points[3]!.results.metrics[String(row['metric'])]!;
  assert.equal([row['point'], row['agents.a.servers'], row['workload.r.arrivals.rate'], row['estimate'], row['n']], [3, 3, '1.5/s', p95.estimate, 2]);
});

test.run();
