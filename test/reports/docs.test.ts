// docs/outputs.md documents every column each Arrow file declares, under that file's heading.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { LATENCY_COLUMNS } from '../../reports/arrow/latency.js';
import { METRICS_COLUMNS } from '../../reports/arrow/metrics.js';
import { NEGOTIATION_COLUMNS } from '../../reports/arrow/negotiation.js';
import { REQUESTS_FIXED_COLUMNS } from '../../reports/arrow/requests.js';
import { TIMESERIES_COLUMNS } from '../../reports/arrow/timeseries.js';
import type { ColumnSpec } from '../../reports/arrow/columns.js';

const test = suite('outputs documentation');
const doc = readFileSync(new URL('../../../docs/outputs.md', import.meta.url), 'utf8');

/** The part of the document under `### <file>` up to the next heading of that level. */
function sectionOf(file: string): string {
  const start = doc.indexOf(`### ${file}`);
  assert.ok(start >= 0, `docs/outputs.md has a section for ${file}`);
  const end = doc.indexOf('\n### ', start + 4);
  return doc.slice(start, end < 0 ? undefined : end);
}

for (const [file, columns] of [['metrics.arrow', METRICS_COLUMNS], ['timeseries.arrow', TIMESERIES_COLUMNS], ['latency.arrow', LATENCY_COLUMNS], ['requests.arrow', REQUESTS_FIXED_COLUMNS], ['negotiation.arrow', NEGOTIATION_COLUMNS]] as const) {
  test(`${file}: every declared column is documented with its type and nullability`, () => {
    const text = sectionOf(file);
    for (const c of columns as readonly ColumnSpec[]) {
      const row = text.split('\n').find((line) => line.startsWith(`| \`${c.name}\` |`));
      assert.ok(row !== undefined, `${file}: column ${c.name} is documented`);
      assert.ok(row!.includes(`| ${c.type}${c.nullable ? ', nullable' : ''} |`), `${file}: ${c.name} is documented as ${c.type}${c.nullable ? ', nullable' : ''}: ${row}`);
    }
  });
}

test.run();
