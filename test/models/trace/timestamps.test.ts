// The ISO date-time reader against Date.parse on whole seconds, and its precision on fractions.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseIsoDateTime } from '../../../models/trace/timestamps.js';

test('whole seconds agree with Date.parse over a spread of dates', () => {
  // A fixed pseudo-random walk so a failure is reproducible.
  let state = 12345;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 2000; k++) {
    // Whole seconds across years 0100-9600, where toISOString still writes four-digit years.
    const ms = Math.floor(next() * 3e11 - 5.9e10) * 1000;
    const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
    const parsed = parseIsoDateTime(iso);
    if (parsed === undefined || parsed.seconds !== ms / 1000) assert.unreachable(`${iso}: ${JSON.stringify(parsed)}`);
  }
});

test('separators, offsets, fractions', () => {
  assert.equal(parseIsoDateTime('1970-01-01T00:00:00Z'), { seconds: 0, fraction: 0 });
  assert.equal(parseIsoDateTime('1970-01-01 01:00:00+01:00'), { seconds: 0, fraction: 0 });
  assert.equal(parseIsoDateTime('1969-12-31t19:00:00.5-05:00'), { seconds: 0, fraction: 0.5 });
  assert.equal(parseIsoDateTime(' 2024-02-29 12:00:00.123456789 '), { seconds: Date.parse('2024-02-29T12:00:00Z') / 1000, fraction: 0.123456789 });
  assert.equal(parseIsoDateTime('0001-01-01T00:00:00Z')?.seconds, Date.parse('0001-01-01T00:00:00Z') / 1000);
  assert.equal(parseIsoDateTime('2000-03-01T00:00:00Z')?.seconds, Date.parse('2000-03-01T00:00:00Z') / 1000);
});

test('rejects malformed or impossible date-times', () => {
  for (const bad of ['', 'abc', '2024-01-01', '2024-1-01 00:00:00', '2024-01-01X00:00:00', '2024-02-30 00:00:00',
    '2100-02-29 00:00:00', '2024-01-01 00:60:00', '2024-01-01 00:00:60', '2024-01-01 00:00:00.', '2024-01-01 00:00:00.5.5',
    '2024-01-01 00:00:00Zx', '2024-01-01 00:00:00+1:00', '2024-01-01 00:00:00+24:00', '2024-01-01 00:00:00 +01:00']) {
    assert.is(parseIsoDateTime(bad), undefined, bad);
  }
});

test.run();
