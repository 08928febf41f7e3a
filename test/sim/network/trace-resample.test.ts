// The trace's block bootstrap: each replication replays consecutive blocks, each a stretch of the
// trace starting at a random time (wrapping around the end), its requests at their offsets.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resampleTrace } from '../../../sim/network/flow/trace-resample.js';
import { Stream } from '../../../sim/random/stream.js';
import { metric, runText } from '../../helpers/run.js';

const test = suite('trace block bootstrap');

// A trace with structure: a burst of 50 arrivals in [100, 105) among 1 arrival per second over 1000 s.
const quiet = Array.from({ length: 1000 }, (_, i) => i + 0.5);
const burst = Array.from({ length: 50 }, (_, i) => 100 + i * 0.1);
const TIMES = Float64Array.from([...quiet, ...burst].sort((a, b) => a - b));

test('arrivals ascending, within the trace span, each a real row; blocks keep offsets', () => {
  const r = resampleTrace(TIMES, 60, new Stream('resample-test'));
  assert.is(r.rows.length, r.times.length);
  const period = ((TIMES[TIMES.length - 1]! - TIMES[0]!) * TIMES.length) / (TIMES.length - 1);
  for (let i = 0; i < r.times.length; i++) {
    assert.ok(r.rows[i]! >= 0 && r.rows[i]! < TIMES.length);
    assert.ok(r.times[i]! >= TIMES[0]! && r.times[i]! < TIMES[0]! + period + 1e-9, `time ${r.times[i]}`);
    if (i > 0) assert.ok(r.times[i]! >= r.times[i - 1]!, 'ascending');
    // Within a block, gaps are the trace's own gaps between the rows copied.
    const k = Math.floor((r.times[i]! - TIMES[0]!) / 60);
    if (i > 0 && Math.floor((r.times[i - 1]! - TIMES[0]!) / 60) === k && r.rows[i]! === r.rows[i - 1]! + 1) {
      assert.ok(Math.abs((r.times[i]! - r.times[i - 1]!) - (TIMES[r.rows[i]!]! - TIMES[r.rows[i - 1]!]!)) < 1e-9, 'gap kept');
    }
  }
  // About as many arrivals as the trace (each block has ~60 of the 1,050 over ~1,000 s, plus or minus a burst).
  assert.ok(r.rows.length > 900 && r.rows.length < 1150, `${r.rows.length} arrivals`);
});

test('the same stream gives the same replay; another stream another one', () => {
  const a = resampleTrace(TIMES, 60, new Stream('s1'));
  assert.equal(resampleTrace(TIMES, 60, new Stream('s1')), a);
  const b = resampleTrace(TIMES, 60, new Stream('s2'));
  assert.not.equal(Array.from(b.rows), Array.from(a.rows));
});

test('a block as long as the trace: the whole trace, rotated', () => {
  const r = resampleTrace(TIMES, 10_000, new Stream('rotate'));
  assert.is(r.rows.length, TIMES.length);
  assert.equal(new Set(r.rows).size, TIMES.length);
});

test('in a run: replications of a resampled trace differ (intervals), the same seed repeats', () => {
  const text = (resample: string) => `
name: resampled
horizon: 1000s
replications: 3
workload:
  requests:
    arrivals: { process: trace, file: trace.csv${resample} }
    entry: worker
agents:
  worker: { servers: 1, service: { dist: deterministic, value: 0.5s } }
`;
  const csv = `timestamp\n${Array.from(TIMES).join('\n')}\n`;
  const files = { 'trace.csv': csv };
  const replay = runText(text(''), [], files);
  assert.is(metric(replay, 'e2e.mean').interval, null, 'a plain replay is identical each time');
  const boot = runText(text(', resample: { block: 60s }'), [], files);
  const m = metric(boot, 'e2e.mean');
  assert.ok(m.interval !== null && m.interval[1] > m.interval[0], `interval ${m.interval}`);
  assert.equal(runText(text(', resample: { block: 60s }'), [], files), boot);
});

test.run();
