// `npm run fuzz`: the long profile of the fuzz suite. Prints its figures and exits 1 when any
// mutant broke the contract (its text is printed). FUZZ_VALIDATIONS, FUZZ_RUNS and FUZZ_SEED
// override the defaults (10,000, 500, 18).

import { campaign } from './campaign.js';

const validations = Number(process.env.FUZZ_VALIDATIONS ?? 10_000);
const runs = Number(process.env.FUZZ_RUNS ?? 500);
const seed = Number(process.env.FUZZ_SEED ?? 18);
const t0 = performance.now();
const f = await campaign({
  validations, runs, seed,
  onRun: (done, r) => { if (done % 25 === 0 || r.why !== undefined) process.stderr.write(`run ${done}/${runs}: exit ${r.code ?? r.signal}, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${(r.ms / 1000).toFixed(1)} s wall, ${(r.rssBytes / 2 ** 20).toFixed(0)} MiB${r.why === undefined ? '' : ` — ${r.why}`}\n`); },
});
const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;
process.stdout.write([
  `seed ${f.seed}`,
  `validate: ${f.validations} mutated scenarios, ${f.loaded} loaded, ${f.rejected} rejected (exit 2), slowest ${f.slowestValidateMs.toFixed(0)} ms`,
  `run: ${f.runs} of the loaded ones, exits ${JSON.stringify(f.exits)}, slowest ${(f.slowestRunMs / 1000).toFixed(1)} s of CPU, largest resident memory ${gib(f.largestRunRss)}`,
  `contract broken: ${f.failures.length}`,
  `wall time ${((performance.now() - t0) / 60_000).toFixed(1)} min`,
  ...f.failures.slice(0, 20).map((x) => `--- ${x.why}\n${x.text.slice(0, 3000)}`),
  '',
].join('\n'));
process.exitCode = f.failures.length === 0 ? 0 : 1;
