// `npm run coverage:short`: how the coverage of run's 95% intervals grows with the replications'
// length, counted in relaxation times of the queue (models/analytic/start-bias.ts), on M/M/c queues
// whose replications start close to steady state. The measurements behind `run`'s warning about
// short replications (models/run/replication-length-warning.ts, docs/outputs.md "Short
// replications"): a few minutes of CPU, so kept out of `npm test`, which checks one row
// (test/theory/short-replications.test.ts).

import { countArgument } from './arguments.js';
import { covered, steadyStateQueue } from './cases.js';

const SEEDS = countArgument(0, 'SEEDS', 200, 1, 'usage: npm run coverage:short -- [SEEDS]');
const ROWS: readonly (readonly [servers: number, rho: number, kept: number, replications: number])[] = [
  ...[2, 5, 10, 20, 50, 100, 200].map((kept) => [1, 0.9, kept, 10] as const),
  // The same length at another load and with more servers (heavy-traffic scaling), and with more replications.
  [1, 0.8, 20, 10],
  [4, 0.9, 20, 10],
  [4, 0.9, 100, 10],
  [1, 0.9, 20, 40],
];

console.log(`coverage of run's nominal 95% intervals over ${SEEDS} seeds, replications from steady state`);
for (const [servers, rho, kept, replications] of ROWS) {
  const start = performance.now();
  const { relaxation, cases } = steadyStateQueue(servers, rho, kept, replications);
  const shares = cases.map((c) => {
    const t = covered(c, SEEDS);
    return `${c.metric.slice(4)} ${(100 * t.covered / SEEDS).toFixed(1).padStart(5)} % (above ${t.above})`;
  });
  console.log(`  M/M/${servers} rho ${rho}, ${String(replications).padStart(2)} x ${String(kept).padStart(3)} relaxation times (${relaxation.toFixed(0)} s): ${shares.join('  ')}  ${((performance.now() - start) / 1000).toFixed(0)} s`);
}
