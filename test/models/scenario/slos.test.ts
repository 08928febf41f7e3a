// The `slos` field: gates with durations, rates or plain numbers, converted to seconds and per
// second and located for later messages; malformed gates are diagnostics like any other field.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diagnosticsOf, edit, load } from './fixtures.js';

const test = suite('scenario slos');
const withSlos = (...lines: string[]) => edit({}, ['slos:', ...lines]);

test('absent: no gates; present: one gate per bound, in the metric unit, with locations', () => {
  assert.is(load(edit({})).slos, undefined);
  const s = load(withSlos('  - { metric: e2e.p95, max: 2500ms }', '  - { metric: throughput, min: 180/min, max: 5 }', '  - { metric: rejected.fraction, max: 0.01 }'));
  const gates = (s.slos ?? []).map((g) => [g.metric, g.bound, g.limit, g.written]);
  assert.equal(gates, [['e2e.p95', 'max', 2.5, 'duration'], ['throughput', 'max', 5, 'number'], ['throughput', 'min', 3, 'rate'], ['rejected.fraction', 'max', 0.01, 'number']]);
  assert.equal(s.slos?.[0]?.at, { path: 'slos[0].metric', line: 17, column: 15 });
});

test('malformed gates are reported at their line', () => {
  const cases: [string, string, RegExp][] = [
    ['  - { metric: e2e.p95 }', 'slos[0]', /'max' or 'min'/],
    ['  - { max: 2s }', 'slos[0].metric', /missing/],
    ['  - { metric: e2e.p95, max: 2 parsecs }', 'slos[0].max', /a duration such as 2s, a rate such as 10\/s, or a plain number/],
    ['  - { metric: "e2e p95", max: 2s }', 'slos[0].metric', /a metric name/],
    ['  - { metric: throughput, min: 5/s, max: 2/s }', 'slos[0]', /min 5\/s > max 2\/s/],
    ['  - { metric: e2e.p95, maks: 2s }', 'slos[0].maks', /did you mean 'max'/],
  ];
  for (const [line, path, pattern] of cases) {
    const d = diagnosticsOf(withSlos(line)).find((x) => x.path === path);
    assert.ok(d !== undefined, `${line}: no diagnostic at ${path}`);
    assert.is(d!.line, 17, line);
    assert.match(`${d!.expected} / ${d!.found}`, pattern);
  }
  assert.ok(diagnosticsOf(edit({}, ['slos: { metric: e2e.p95 }'])).some((d) => d.path === 'slos' && /a list of gates/.test(d.expected)));
});

test.run();
