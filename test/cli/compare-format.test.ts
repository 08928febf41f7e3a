// How compare's table writes a change: two decimals, or as many as show a narrow interval's
// half-width to its first digit, so that a real interval never prints as '[+0.00pp, +0.00pp]'.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCompareText } from '../../cli/compare-format.js';
import { formatCompareJunit } from '../../cli/compare-junit.js';
import { gatesSection } from '../../reports/sections/compare-gates.js';
import { decimalsFor } from '../../reports/format.js';
import type { GateRow } from '../../models/compare/report.js';
import { compareFixture } from '../reports/compare-fixture.js';

const test = suite('compare: the table\'s decimals');

const gate = (metric: string, scale: GateRow['scale'], change: number, interval: [number, number]): GateRow => ({
  metric, unit: '', worse: 'higher', scale, tolerance: scale === 'relative' ? 0.02 : 0.005, n: 20, baseline: 0.0074, candidate: 0.0074,
  change, interval, correlation: 0.99, verdict: 'equivalent', note: null,
});

test('a narrow interval gets the decimals its half-width needs; a usual one keeps two: in the table, the JUnit file and the report', () => {
  const doc = compareFixture({
    gates: [gate('error.rate', 'absolute', -3.3e-6, [-7.3e-6, 7e-7]), gate('e2e.mean', 'relative', 0.0123, [0.004, 0.0206]), gate('throughput', 'relative', 0.00044, [-0.00006, 0.00094])],
    slos: [],
  });
  const text = formatCompareText(doc);
  assert.match(text, /^error\.rate\s+higher\s+0\.0074\s+0\.0074\s+-0\.0003pp\s+\[-0\.0007pp, \+0\.0001pp\]/m);
  assert.match(text, /^e2e\.mean\s+higher\s+0\.0074\s+0\.0074\s+\+1\.23%\s+\[\+0\.40%, \+2\.06%\]/m);
  assert.match(text, /^throughput\s+higher\s+0\.0074\s+0\.0074\s+\+0\.04%\s+\[-0\.01%, \+0\.09%\]/m);
  assert.match(formatCompareJunit(doc, false), /change -0\.0003pp \[-0\.0007pp, \+0\.0001pp\]/);
  assert.match(JSON.stringify(gatesSection(doc)), /"-0\.0003pp","\[-0\.0007pp,\\u00a0\+0\.0001pp\]"|"-0\.0003pp","\[-0\.0007pp,\u00a0\+0\.0001pp\]"/);
});

test('the decimals chosen never print an interval\'s two ends alike, and add none a wider one does not need', () => {
  for (let e = -5; e <= 1; e += 0.05) {
    const half = 10 ** e;
    for (const centre of [0, 0.123456, 1.5, 47.25]) {
      const d = decimalsFor(half, 1);
      assert.is.not((centre - half).toFixed(d), (centre + half).toFixed(d), `half-width ${half} at ${centre}: ${d} decimals`);
      // One decimal fewer would step by more than the half-width: the last digit shown is its first.
      if (d > 1) assert.ok(10 ** -(d - 1) > half * (1 - 1e-9), `half-width ${half}: ${d} decimals where ${d - 1} would do`);
    }
  }
});

test.run();
