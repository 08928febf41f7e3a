// The repros of issue 18 that the loader and the run's estimate must reject, each with a message
// naming the YAML path, in well under a second and without exhausting the stack or the heap.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { readScenario } from '../../api/read-scenario.js';
import { checkRunFits } from '../../cli/run-limits.js';
import { estimateFootprint, expectedRequests } from '../../models/run/footprint.js';
import { ScenarioError, type Diagnostic } from '../../models/scenario/index.js';
import { recordingPlan } from '../../reports/recording-plan.js';
import { ApmsimError } from '../../sim/errors.js';
import { scenarioFromText } from '../helpers/run.js';

const test = suite('limits');
const scenario = (name: string): string => fileURLToPath(new URL(`../../../scenarios/${name}.yaml`, import.meta.url));

/** The diagnostics of a bundled scenario with `--set` overrides; fails when it loads. */
function rejected(name: string, ...overrides: string[]): readonly Diagnostic[] {
  const t0 = performance.now();
  try {
    readScenario(scenario(name), overrides);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    assert.ok(performance.now() - t0 < 5000, `${overrides.join(' ')}: rejected, but only after ${performance.now() - t0} ms`);
    return e.diagnostics;
  }
  throw new Error(`${name} ${overrides.join(' ')} loaded`);
}

function rejectedAt(name: string, path: string, fragment: RegExp, ...overrides: string[]): void {
  const found = rejected(name, ...overrides);
  const d = found.find((x) => x.path === path);
  assert.ok(d !== undefined, `${overrides.join(' ')}: no diagnostic at ${path}; got ${found.map((x) => `${x.path}: ${x.found}`).join('; ')}`);
  assert.match(`${d.expected} | ${d.found}`, fragment);
}

const RATE = 'workload.questions.arrivals.rate';
test('defect 1: rate expressions with arguments their functions do not take are rejected at load', () => {
  for (const [expr, why] of [
    ['min()', /min\(\) with 0 arguments \(it takes at least 1\)/], ['sin(t,t)', /sin\(\) with 2 arguments \(it takes 1\)/],
    ['pow(t)', /pow\(\) with 1 argument \(it takes 2\)/], ['mod(t)', /mod\(\) with 1 argument/], ['abs()', /abs\(\) with 0/],
    ['sign()', /sign\(\) with 0/], ['round()', /round\(\) with 0 arguments \(it takes 1 or 2\)/],
    ['round(t,-1)', /round\(\) with decimals -1/], ['ceil(t,-5)', /ceil\(\) with decimals -5/], ['floor(t, t)', /floor\(\) with decimals t/],
  ] as const) {
    rejectedAt('fanout', RATE, why, `${RATE}=${expr}`);
  }
  // What they may take still loads.
  for (const expr of ['round(t / 3600, 2) + 1', 'log(t + 1, 10) + 1', 'max(1, t)', 'floor(t / 60) + 1']) readScenario(scenario('fanout'), [`${RATE}=${expr}`]);
});

test('defect 2: long and deep expressions are rejected by size before parsing, never with a stack overflow', () => {
  rejectedAt('fanout', RATE, /of 4999 characters \(at most 1000\)/, `${RATE}=${Array(2500).fill('t').join('+')}`);
  rejectedAt('fanout', RATE, /characters \(at most 1000\)/, `${RATE}=max(${Array(200_000).fill('t').join(',')})`);
  rejectedAt('fanout', RATE, /nest at most 64 deep/, `${RATE}=${Array(400).fill('t').join('+')}`);
  rejectedAt('fanout', RATE, /brackets nested 400 deep/, `${RATE}=${'('.repeat(400)}t${')'.repeat(400)}`);
  rejectedAt('fanout', RATE, /nest at most 64 deep/, `${RATE}=${'-'.repeat(900)}t`);
});

test('defect 3: huge fork counts are rejected with the limit, quickly', () => {
  for (const count of ['4294967296', '1e8', '1e9', '1e6']) {
    rejectedAt('coding-agent', 'agents.plan.next.fork.count', /at most 1,000 \(each copy is a request of its own/, `agents.plan.next.fork.count=${count}`);
  }
});

test('defects 6 and 7: sizes that crashed or ran away at run time are rejected at load with their maxima', () => {
  rejectedAt('coding-agent', 'gpus.coder-pool.max_batch', /at most 65,536/, 'gpus.coder-pool.max_batch=1e15');
  rejectedAt('mm4', 'agents.worker.service.cv', /from 1e-6 to 1e6/, 'agents.worker.service={dist: gamma, mean: 1s, cv: 1.8597561234387815e-267}');
  // Found by npm run fuzz (seed 18): an LRU of 8e9 prefix blocks per replica was a RangeError at run time.
  rejectedAt('coding-agent', 'gpus.coder-pool.prefix_cache', /at most 16,777,216/, 'gpus.coder-pool.prefix_cache=8e9');
  rejectedAt('coding-agent', 'gpus.coder-pool.replicas', /at most 100,000/, 'gpus.coder-pool.replicas=2147483648');
  rejectedAt('coding-agent', 'gpus.coder-pool.replicas', /at most 100,000/, 'gpus.coder-pool.replicas=1e7');
  rejectedAt('coding-agent', 'gpus.coder-pool.replicas', /at most 100,000/, 'gpus.coder-pool.replicas=1e6');
  rejectedAt('coding-agent', 'workload.developers.arrivals.population', /at most 1,000,000/, 'workload.developers.arrivals.population=1e8');
  rejectedAt('monday-spike', 'agents.retriever.autoscale.max', /at most 100,000/, 'agents.retriever.autoscale.max=1e15');
  rejectedAt('monday-spike', 'agents.retriever.autoscale.max', /at most 100,000/, 'agents.retriever.autoscale.max=1e9');
  rejectedAt('mm4', 'agents.worker.servers', /at most 1,000,000/, 'agents.worker.servers=1e9');
  rejectedAt('mm4', 'replications', /at most 100,000/, 'replications=1e9');
  const cache = (capacity: string, count: string) => [
    'name: c', 'horizon: 100s', 'replications: 2', 'workload:', '  r: { arrivals: { process: poisson, rate: 1/s }, entry: cache }', 'agents:',
    `  cache: { kind: cache, keys: { count: ${count}, zipf: 1 }, capacity: ${capacity}, lookup: { dist: deterministic, value: 1ms }, on_hit: exit, next: w }`,
    '  w: { service: { dist: exponential, mean: 0.1s } }',
  ].join('\n');
  const paths = (text: string) => { try { scenarioFromText(text); } catch (e) { if (e instanceof ScenarioError) return e.diagnostics.map((d) => `${d.path}: ${d.expected}`); throw e; } return []; };
  assert.match(paths(cache('1e12', '100')).join('\n'), /agents\.cache\.capacity: .*at most 16,777,216/);
  assert.match(paths(cache('100', '1e12')).join('\n'), /agents\.cache\.keys\.count: .*at most 16,777,216/);
  assert.equal(paths(cache('100', '1000')), []);
});

test('a run estimated not to fit is refused before it starts, with its figure and the limit', () => {
  // Each size within its maximum, together too much: 100,000 replicas of 65,536 batch slots.
  const s = readScenario(scenario('coding-agent'), ['gpus.coder-pool.replicas=100000', 'gpus.coder-pool.max_batch=65536']);
  assert.ok(estimateFootprint(s, false, 1).bytes > 50e9);
  const refusal = (() => { try { checkRunFits(s, false, 1, { maxMemory: undefined, maxEvents: undefined }); } catch (e) { return e; } return undefined; })();
  assert.instance(refusal, ApmsimError);
  assert.is((refusal as ApmsimError).exitCode, 2);
  assert.match((refusal as Error).message, /would need about \d+\.\d GiB of memory .* more than the limit of .* --max-memory/);
  // Events: a horizon of 10^9 s of M/M/4 is about 10^10 arrivals.
  const long = readScenario(scenario('mm4'), ['horizon=1e9s']);
  assert.throws(() => checkRunFits(long, false, 1, { maxMemory: undefined, maxEvents: undefined }), /would process about .* events .* --max-events/);
  checkRunFits(long, false, 1, { maxMemory: undefined, maxEvents: 1e12 });
  // Exact percentiles keep every latency until the summary: 8 bytes per request twice and per visit once.
  const mm4 = readScenario(scenario('mm4'), []);
  const exact = { ...mm4, percentiles: 'exact' as const };
  const requests = expectedRequests(mm4);
  const grown = estimateFootprint(exact, false, 1).bytes - estimateFootprint(mm4, false, 1).bytes;
  assert.ok(Math.abs(grown - 8 * 3 * requests) <= 1e-6 * grown, `exact percentiles add ${grown} bytes for ${requests} requests`);
  // The bundled scenarios fit.
  for (const name of ['mm4', 'coding-agent', 'fanout', 'monday-spike', 'support-desk']) {
    checkRunFits(readScenario(scenario(name), []), true, 2, { maxMemory: undefined, maxEvents: undefined });
  }
});

test('defect 11: a closed population has an estimate of the requests it sends, so its rows are recorded', () => {
  const s = readScenario(scenario('coding-agent'), []);
  const requests = expectedRequests(s);
  assert.ok(Number.isFinite(requests) && requests > 0, `estimate ${requests}`);
  // 40 developers, one turn per 60 s of thinking over 5 turns' 4 gaps... at most 40 / 50 s.
  assert.ok(requests <= (40 / 50) * 1800 * 5 + 1e-9);
  const plan = recordingPlan(s, false);
  assert.ok(plan.recording.traceRequests);
  assert.equal(plan.notes, []);
});

test.run();
