// Scenario YAML: the plain-YAML reader (models/scenario/core/plain-yaml.ts) against yaml's
// parseDocument, warm (best of several reads in this process), on the bundled scenarios and on
// generated scenarios of 15,000 and 60,000 lines: the growth from the one to the other says whether
// reading stays linear in the text's length (about 4x for 4x the lines; a quadratic search gives 16x
// and more: 60,000 lines once took 9.9 s).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { readPlainYaml } from '../../models/scenario/core/plain-yaml.js';
import type { Emit } from './emit.js';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const RUNS = 5;

/** A scenario-shaped text: a long list of quoted items and a long map, with no comment. */
function generated(lines: number): string {
  const half = lines / 2;
  return ['name: big', 'items:', ...Array.from({ length: half }, (_, i) => `  - "item ${i}"`),
    'more:', ...Array.from({ length: half }, (_, i) => `  key${i}: value ${i}`)].join('\n') + '\n';
}

function best(read: () => unknown, runs = RUNS): number {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    read();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

export function benchYaml(emit: Emit): void {
  const bundled = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(SCENARIOS, f), 'utf8'));
  const cases: readonly [string, readonly string[]][] = [
    [`${bundled.length} bundled scenarios`, bundled],
    ['generated, 15,000 lines', [generated(15_000)]],
    ['generated, 60,000 lines', [generated(60_000)]],
  ];
  const plainMs: number[] = [];
  for (const [name, texts] of cases) {
    if (texts.some((t) => readPlainYaml(t) === undefined)) throw new Error(`bench yaml: ${name} is not read by the fast path`);
    const plain = best(() => texts.forEach((t) => readPlainYaml(t)));
    // yaml takes seconds on the generated texts (it grows faster than linearly): read once there.
    const yamlRuns = texts === bundled ? RUNS : 1;
    const yaml = best(() => texts.forEach((t) => parseDocument(t)), yamlRuns);
    plainMs.push(plain);
    const kb = texts.reduce((sum, t) => sum + t.length, 0) / 1024;
    emit(
      { group: 'yaml', name, kb: Math.round(kb), plainMs: Number(plain.toFixed(2)), yamlMs: Number(yaml.toFixed(2)) },
      `yaml     ${name.padEnd(26)} ${kb.toFixed(0).padStart(5)} kB: plain-yaml ${plain.toFixed(2)} ms (best of ${RUNS}), yaml ${yaml.toFixed(2)} ms (${yamlRuns === 1 ? 'one read' : `best of ${yamlRuns}`}), warm`,
    );
  }
  const growth = plainMs[2]! / plainMs[1]!;
  emit(
    { group: 'yaml', name: 'growth', ratio: Number(growth.toFixed(2)) },
    `yaml     4x the lines took ${growth.toFixed(2)}x the time (linear: about 4; quadratic: 16)`,
  );
}
