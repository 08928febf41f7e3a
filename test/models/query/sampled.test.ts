// The sampled backend: Stein's sample-size rule, answers that do not depend on how an executor
// schedules replications, common random numbers that make paired differences sharper, and the
// anytime behaviour under a wall-clock budget.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { answerQuery, inProcessExecutor, prepareQuery, type Answer, type ReplicationExecutor, type ScenarioSource } from '../../../models/query/index.js';
import { firstStage, requiredReplications } from '../../../models/query/sampled/stein.js';
import { MM1_FROM_EMPTY } from '../../helpers/run.js';

const test = suite('query: sampled backend');
const MM4 = fileURLToPath(new URL('../../../../scenarios/mm4.yaml', import.meta.url));
const source: ScenarioSource = { file: MM4, text: readFileSync(MM4, 'utf8'), readFile: (p) => readFileSync(p, 'utf8') };
const QUICK = ['horizon=3000s', 'warmup=300s'];

function estimate(a: Answer | undefined): Extract<Answer, { kind: 'estimate' }> {
  if (a?.kind !== 'estimate') throw new Error(`expected an estimate, got ${a?.kind}: ${a?.reason}`);
  return a;
}

test("Stein's rule: n = max(n0, ceil((t s / h)^2)) with the first stage's t and s", () => {
  const stage = firstStage([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.is(stage.n, 10);
  assert.ok(Math.abs(stage.sd - Math.sqrt(55 / 6)) < 1e-12);
  const t = 2.262157162740992; // t_{0.975, 9} from the table
  assert.is(requiredReplications(stage, 0.95, 1, 10_000), Math.ceil(((t * stage.sd) / 1) ** 2));
  assert.is(requiredReplications(stage, 0.95, 100, 10_000), 10, 'never fewer than the first stage');
  assert.is(requiredReplications(stage, 0.95, 1e-9, 500), 500, 'capped');
  assert.is(requiredReplications(firstStage([3, 3, 3]), 0.95, 0.1, 100), 3, 'no variance, no more replications');
});

test('a metric the same in every replication says so instead of claiming a precision reached', async () => {
  const run = (metrics: string[], versus?: string[]) => answerQuery(prepareQuery(source, { metrics, set: QUICK, ...(versus === undefined ? {} : { versus }) }), { backend: 'sampled', executor: inProcessExecutor, clock: () => performance.now() });
  // Nothing is ever rejected at an M/M/4 with no capacity limit.
  const [zero, mean] = (await run(['rejected.fraction', 'e2e.mean'])).map(estimate);
  assert.equal([zero!.estimate, zero!.sameInEveryReplication], [0, true]);
  assert.match(zero!.reason, /^no sampling variability: the same value in every replication; /);
  assert.is(mean!.sameInEveryReplication, undefined);
  const [diff, throughput] = (await run(['rejected.fraction', 'throughput'], ['agents.worker.servers=5'])).map(estimate);
  assert.match(diff!.reason, /^no sampling variability: the same difference in every replication; /);
  assert.is(throughput!.sameInEveryReplication, undefined, 'a throughput moves with the departures inside the horizon');
});

test('a mean that likely reads low because replications start empty near saturation says so, and by how much', async () => {
  // M/M/1 at 0.95 for an hour from empty, and at 0.9 as the scenario of a what-if. Exact: 20 s and 10 s.
  const src: ScenarioSource = { file: 'mm1.yaml', text: MM1_FROM_EMPTY, readFile: (p) => readFileSync(p, 'utf8') };
  const ask = async (set: string[], versus?: string[]) =>
    estimate((await answerQuery(prepareQuery(src, { metrics: ['e2e.mean'], set, ...(versus === undefined ? {} : { versus }) }), { backend: 'sampled', executor: inProcessExecutor, clock: () => 0 }))[0]);
  const value = await ask([]);
  assert.match(value.reason, /likely reads low by about (\d\.\d) s .*agent 'server' \(utilisation 0\.95\) takes about 760 s .*a warm-up of (\d+) s makes that bias negligible/);
  const [, lacks, warmup] = /by about (\d\.\d) s .*a warm-up of (\d+) s/.exec(value.reason)!;
  assert.ok(value.interval[1] < 20 && value.interval[1] + Number(lacks) > 20, `${value.interval} and ${lacks} s lacking, for an exact 20 s`);
  const warmed = await ask([`warmup=${warmup}s`, `horizon=${3600 + Number(warmup)}s`]);
  assert.not.match(warmed.reason, /likely reads/);
  const difference = await ask(['workload.requests.arrivals.rate=0.9/s'], ['workload.requests.arrivals.rate=0.95/s']);
  assert.match(difference.reason, /likely reads low by about \d\.\d s .*replications start empty on both sides/);
});

test('answers do not depend on how the executor schedules replications', async () => {
  const q = prepareQuery(source, { metrics: ['e2e.mean', 'e2e.p95'], set: QUICK, precision: 0.02 });
  const reversed: ReplicationExecutor = async (jobs, stop) => (await inProcessExecutor([...jobs].reverse(), stop)).reverse();
  const a = await answerQuery(q, { backend: 'sampled', executor: inProcessExecutor, clock: () => 0 });
  const b = await answerQuery(q, { backend: 'sampled', executor: reversed, clock: () => 0 });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.ok(estimate(a[0]).replications! > q.scenario.replications, 'the precision asked needed a second stage');
  assert.ok(estimate(a[0]).precision <= 0.02 * 1.2, `precision ${estimate(a[0]).precision} near the 0.02 asked`);
});

test('common random numbers: the paired difference is much sharper than one from independent streams', async () => {
  const ask = async (versus: string[]) => estimate((await answerQuery(
    prepareQuery(source, { metrics: ['e2e.mean'], set: QUICK, versus, precision: 1 }),
    { backend: 'sampled', executor: inProcessExecutor, clock: () => 0 },
  ))[0]);
  // A 5% faster worker: both sides are equally noisy, so sharing their random numbers cancels most noise.
  const paired = await ask(['agents.worker.service.mean=0.95s']);
  const independent = await ask(['agents.worker.service.mean=0.95s', 'seed=1000']);
  const width = (a: ReturnType<typeof estimate>) => a.interval[1] - a.interval[0];
  assert.is(paired.of, 'difference');
  assert.match(paired.reason, /common random numbers/);
  assert.ok(width(paired) * 2 < width(independent), `paired width ${width(paired)} vs independent ${width(independent)}`);
  assert.ok(paired.interval[1] < 0, 'a faster worker shortens e2e latency');
});

test('anytime: a budget that runs out returns the best interval so far and says so', async () => {
  // A fake clock that advances 10 ms per replication: the budget allows about 25.
  let now = 0;
  const slow: ReplicationExecutor = (jobs, stop) => inProcessExecutor(jobs, () => { const s = stop(); now += 10; return s; });
  const q = prepareQuery(source, { metrics: ['e2e.mean'], set: QUICK, precision: 0.001, budgetMs: 250 });
  const a = estimate((await answerQuery(q, { backend: 'sampled', executor: slow, clock: () => now }))[0]);
  assert.ok(a.replications! >= q.scenario.replications && a.replications! <= 26, `${a.replications} replications`);
  assert.match(a.reason, /budget ran out after \d+ of \d+ replications/);
  assert.ok(a.precision > 0.001, 'the precision reached is reported, not the one asked');
  const early = prepareQuery(source, { metrics: ['e2e.mean'], set: QUICK, budgetMs: 45 });
  const b = estimate((await answerQuery(early, { backend: 'sampled', executor: slow, clock: () => { return now; } }))[0]);
  assert.ok(b.replications! < early.scenario.replications, 'stopped within the first stage');
  assert.match(b.reason, /Student t over \d+ replications/);
});

test.run();
