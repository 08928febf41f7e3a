// A trace column's largest value and total: as a loop and reduce give them, for each column, once.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { columnSummary } from '../../../models/trace/column-summary.js';

test('the largest value (0 for an empty column) and the total added left to right, as reduce adds', () => {
  const column = Float64Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 1009) / 7);
  const summary = columnSummary(column);
  assert.is(summary.max, Math.max(...column));
  assert.is(summary.total, column.reduce((sum, x) => sum + x, 0));
  assert.equal(columnSummary(new Float64Array(0)), { max: 0, total: 0 });
});

test('each column is read once: the same summary object for the same column, a new one for another', () => {
  const column = Float64Array.of(3, 1, 2);
  assert.is(columnSummary(column), columnSummary(column));
  assert.is.not(columnSummary(Float64Array.of(3, 1, 2)), columnSummary(column));
});

test.run();
