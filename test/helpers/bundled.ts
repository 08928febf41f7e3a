// A bundled scenario (scenarios/NAME) as the query API takes it, includes read from disk.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScenarioSource } from '../../models/query/index.js';

export function bundledSource(name: string): ScenarioSource {
  const file = fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));
  return { file, text: readFileSync(file, 'utf8'), readFile: (p) => readFileSync(p, 'utf8') };
}
