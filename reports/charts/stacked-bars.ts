// Parts of a whole per item as horizontal stacked bars (e.g. wait and service time per agent),
// the parts in two or more lightnesses of one hue so they stay apart in greyscale.

import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, WIDE } from './theme.js';

export interface StackRow {
  readonly item: string;
  readonly part: string;
  readonly value: number;
}

/** Dark to light blues: ordered by lightness, so the parts read without colour too. */
const LIGHTNESS = ['#08306b', '#6baed6', '#c6dbef', '#2171b5', '#deebf7'];

export function stackedBarsSpec(
  rows: readonly StackRow[], parts: readonly string[], o: { readonly description: string; readonly xTitle: string; readonly itemTitle: string },
): TopLevelSpec {
  const items = [...new Set(rows.map((r) => r.item))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: o.description,
    config: CONFIG,
    width: WIDE - 200,
    height: { step: 22 },
    data: { values: rows.map((r) => ({ ...r, order: parts.indexOf(r.part) })) },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      y: { field: 'item', type: 'nominal', title: o.itemTitle, sort: items },
      x: { field: 'value', type: 'quantitative', title: o.xTitle, stack: 'zero' },
      color: { field: 'part', type: 'nominal', title: null, sort: parts, scale: { domain: [...parts], range: LIGHTNESS.slice(0, parts.length) } },
      order: { field: 'order' },
    },
  } as TopLevelSpec;
}
