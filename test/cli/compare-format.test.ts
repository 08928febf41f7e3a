// How compare's table writes a change: two decimals, or as many as show a narrow interval's
// half-width to two digits, so that a real interval never prints as '[+0.00pp, +0.00pp]'.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCompareText } from '../../cli/compare-format.js';
import { formatCompareJunit } from '../../cli/compare-junit.js';
import { gatesSection } from '../../reports/sections/compare-gates.js';
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
  assert.match(text, /^error\.rate\s+higher\s+0\.0074\s+0\.0074\s+-0\.00033pp\s+\[-0\.00073pp, \+0\.00007pp\]/m);
  assert.match(text, /^e2e\.mean\s+higher\s+0\.0074\s+0\.0074\s+\+1\.23%\s+\[\+0\.40%, \+2\.06%\]/m);
  assert.match(text, /^throughput\s+higher\s+0\.0074\s+0\.0074\s+\+0\.044%\s+\[-0\.006%, \+0\.094%\]/m);
  assert.match(formatCompareJunit(doc, false), /change -0\.00033pp \[-0\.00073pp, \+0\.00007pp\]/);
  assert.match(JSON.stringify(gatesSection(doc)), /"-0\.00033pp","\[-0\.00073pp,\\u00a0\+0\.00007pp\]"|"-0\.00033pp","\[-0\.00073pp,\u00a0\+0\.00007pp\]"/);
});

test.run();
