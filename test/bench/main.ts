// `npm run bench [-- --json] [-- --only NAME,...]`: every benchmark group, one after another.
// Figures are printed, never asserted: benchmarks are not tests. Add a group by exporting a
// function from its own file and listing it here.

import { createEmit, type Emit } from './emit.js';
import { benchEngine } from './engine.js';
import { benchQuery } from './query.js';
import { benchGates } from './gates.js';
import { benchReports } from './reports.js';
import { benchLlm } from './llm.js';
import { benchOptimize } from './optimize.js';
import { benchStartup } from './startup.js';
import { benchTrace } from './trace.js';
import { benchYaml } from './yaml.js';

const GROUPS: readonly [string, (emit: Emit) => void | Promise<void>][] = [
  ['engine', benchEngine],
  ['query', benchQuery],
  ['gates', benchGates],
  ['reports', benchReports],
  ['llm', benchLlm],
  ['optimize', benchOptimize],
  ['startup', benchStartup],
  ['trace', benchTrace],
  ['yaml', benchYaml],
];

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;
const emit = createEmit(args.includes('--json'));
for (const [name, run] of GROUPS) {
  if (only === undefined || only.has(name)) await run(emit);
}
