// `npm run coverage`: 200 seeds of every coverage case (test/coverage/cases.ts), each seed a full
// `run` of 10 replications; prints the share of 95% intervals that cover the exact value and fails
// (exit 1) when one lies outside 93-97 %. Minutes of CPU: kept out of `npm test`, which runs a
// quick version (test/theory/heavy-tails.test.ts).

import { countArgument } from './arguments.js';
import { COVERAGE_CASES, covered } from './cases.js';

const SEEDS = countArgument(0, 'SEEDS', 200, 1, 'usage: npm run coverage -- [SEEDS]');
let failed = 0;
console.log(`coverage of run's nominal 95% intervals over ${SEEDS} seeds (band 93-97 %)`);
for (const c of COVERAGE_CASES) {
  const start = performance.now();
  const { covered: n, above, below } = covered(c, SEEDS);
  const share = (100 * n) / SEEDS;
  const ok = share >= 93 && share <= 97;
  if (!ok) failed++;
  console.log(`  ${c.name.padEnd(42)} ${String(n).padStart(4)}/${SEEDS} = ${share.toFixed(1).padStart(5)} %  ${ok ? 'ok' : 'OUTSIDE 93-97 %'}  (missed above ${above}, below ${below}; exact ${c.exact.toPrecision(6)}, ${((performance.now() - start) / 1000).toFixed(0)} s)`);
}
process.exitCode = failed > 0 ? 1 : 0;
