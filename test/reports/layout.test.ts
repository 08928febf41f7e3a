// Layout rules the browser test relies on, checked on the specs and markup: fractions' intervals
// cut to [0, 1], cost axes from 0, phone-width charts, long tables collapsed.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { intervalDotsSpec } from '../../reports/charts/interval-dots.js';
import { narrowSpec, PHONE } from '../../reports/charts/narrow.js';
import { overTimeSpec } from '../../reports/charts/over-time.js';
import { pageHtml } from '../../reports/html.js';

type Json = Record<string, any>;

test('interval dots cut a fraction\'s interval to its [0, 1] domain and start a cost axis at 0', () => {
  const rows = [{ item: 'a', series: 's', estimate: 0.98, lower: 0.9, upper: 1.06 }, { item: 'b', series: 's', estimate: 0.01, lower: -0.02, upper: 0.04 }];
  const spec = intervalDotsSpec(rows, { description: 'd', xTitle: 'x', itemTitle: 'i', seriesTitle: 's', domain: [0, 1] }) as Json;
  assert.equal(spec['data'].values.map((v: Json) => [v.lower, v.upper]), [[0.9, 1], [0, 0.04]]);
  const cost = intervalDotsSpec([{ item: 'a', series: 's', estimate: 0.0005, lower: 0.0004, upper: 0.0006 }], { description: 'd', xTitle: 'USD', itemTitle: 'i', seriesTitle: 's', zero: true }) as Json;
  assert.is(cost['layer'][1].encoding.x.scale.zero, true);
  const plain = intervalDotsSpec(rows, { description: 'd', xTitle: 'x', itemTitle: 'i', seriesTitle: 's' }) as Json;
  assert.is(plain['layer'][1].encoding.x.scale.zero, false);
});

test('a phone-width chart: narrower, one column of panels, data labels left out, fixed labels cut short', () => {
  const points = [{ series: 'a', t: 1, estimate: 1, lower: 0, upper: 2 }];
  const base = { description: 'd', yTitle: 'y', seriesTitle: 's', seriesOrder: ['a'], warmup: 0, horizon: 10, events: [{ t: 5, label: 'a long event label that would run off a phone' }] };
  const wide = narrowSpec(overTimeSpec(points, { ...base, facet: false })) as Json;
  assert.is(wide['width'], PHONE);
  const texts = wide['layer'].filter((l: Json) => l.mark?.type === 'text');
  assert.ok(texts.length > 0 && texts.every((l: Json) => l.mark.limit <= 120), 'event labels cut');
  const facet = narrowSpec(overTimeSpec(points, { ...base, facet: true })) as Json;
  assert.is(facet['columns'], 1);
  const labelled = narrowSpec({ width: 640, layer: [
    { mark: 'point' },
    { mark: { type: 'text' }, encoding: { x: { field: 't' }, text: { field: 'label' } } },
    { mark: { type: 'text' }, encoding: { x: { value: 'width' }, text: { field: 'verdict' } } },
  ] } as never) as Json;
  assert.equal(labelled['layer'].map((l: Json) => l.encoding?.text?.field), [undefined, 'verdict'], 'labels at data points left out, a row\'s verdict at the edge kept');
  const slanted = narrowSpec({ width: 640, mark: 'line', encoding: { x: { field: 'k', type: 'ordinal', axis: { labelAngle: -30, labelLimit: 240 } } } } as never) as Json;
  assert.equal(slanted['encoding'].x.axis, { labelAngle: -90, labelLimit: 110 });
  assert.is(narrowSpec({ width: PHONE, mark: 'point' } as never), undefined, 'already narrow: no second chart');
});

test('tables longer than 24 rows are collapsed in a <details>; short ones are not', () => {
  const table = (n: number) => ({ caption: `t${n}`, columns: [{ label: 'c', numeric: false }], rows: Array.from({ length: n }, (_, i) => [String(i)]) });
  const html = pageHtml('t', 's', [{ id: 'p', heading: undefined, sections: [{ id: 's', title: 'S', blocks: [{ kind: 'table', table: table(24) }, { kind: 'table', table: table(25) }] }] }], 'f');
  assert.is((html.match(/<details class="long">/g) ?? []).length, 1);
  assert.match(html, /<summary>Table: t25 \(25 rows\)<\/summary>/);
});

test.run();
