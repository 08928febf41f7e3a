// One contract, every backend: the same M/M/4 questions (a value, a paired difference, an unstable
// what-if) asked of analytic, sampled, learned and auto, and the same promises checked on each
// answer: the fields, an interval around the estimate that contains the exact Erlang C value, and
// never an estimate for an unstable system.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mmc } from '../../../models/analytic/queues.js';
import {
  answerQuery, inProcessExecutor, loadModel, parseVary, prepareQuery, QueryError, trainModel,
  type Answer, type BackendChoice, type LearnedModel, type QueryRequest, type ScenarioSource,
} from '../../../models/query/index.js';

const test = suite('query: backend contract');
const MM4 = fileURLToPath(new URL('../../../../scenarios/mm4.yaml', import.meta.url));
const source: ScenarioSource = { file: MM4, text: readFileSync(MM4, 'utf8'), readFile: (p) => readFileSync(p, 'utf8') };
/** Shorter runs than the file's: the contract is about answers, not about precision. */
const QUICK = ['horizon=4000s', 'warmup=400s'];
const clock = () => performance.now();
const CONFIDENCE = 0.9;

let model: LearnedModel | undefined;
async function trained(): Promise<LearnedModel> {
  model ??= loadModel('mm4-model.json', JSON.stringify(await trainModel(source, {
    knobs: [parseVary('workload.requests.arrivals.rate=2.4..3.6'), parseVary('agents.worker.servers=4..5')], samples: 200, replications: 2,
    set: ['horizon=1500s', 'warmup=150s'], metrics: ['e2e.mean', 'agent.worker.wait.mean'], version: 'test',
  }, inProcessExecutor)));
  return model;
}

async function ask(backend: BackendChoice, request: QueryRequest): Promise<Answer[]> {
  const q = prepareQuery(source, { confidence: CONFIDENCE, ...request, set: [...QUICK, ...(request.set ?? [])] });
  return answerQuery(q, { backend, executor: inProcessExecutor, clock, model: { model: await trained(), file: 'mm4-model.json' } });
}

function checkFields(a: Answer, backend: BackendChoice, metric: string, of: 'value' | 'difference'): void {
  assert.is(a.metric, metric);
  assert.is(a.unit, 's');
  assert.is(a.of, of);
  assert.is(a.confidence, CONFIDENCE);
  if (backend !== 'auto') assert.is(a.backend, backend);
  assert.ok(Number.isFinite(a.elapsedMs) && a.elapsedMs >= 0, `elapsedMs ${a.elapsedMs}`);
  assert.ok(a.reason.length > 0, 'a reason is always given');
  if (a.kind !== 'estimate') return;
  const [lo, hi] = a.interval;
  assert.ok(lo <= a.estimate && a.estimate <= hi, `${backend} ${metric}: estimate ${a.estimate} outside [${lo}, ${hi}]`);
  assert.ok(a.precision >= 0, 'precision is a relative half-width');
  if (a.exact) assert.is(lo, hi, 'an exact answer is a point');
}

function contains(a: Answer, truth: number, what: string): void {
  assert.is(a.kind, 'estimate', `${what}: ${a.kind} (${a.reason})`);
  if (a.kind !== 'estimate') return;
  const slack = a.exact ? 1e-9 * Math.abs(truth) : 0;
  assert.ok(a.interval[0] - slack <= truth && truth <= a.interval[1] + slack, `${what}: exact ${truth} outside [${a.interval[0]}, ${a.interval[1]}] (${a.backend}: ${a.reason})`);
}

const exact = mmc(3.2, 1, 4);
const exact5 = mmc(3.2, 1, 5);

for (const backend of ['analytic', 'sampled', 'learned', 'auto'] as const) {
  test(`${backend}: values carry the contract fields and their intervals contain the exact values`, async () => {
    const metrics = ['e2e.mean', 'agent.worker.wait.mean'];
    const answers = await ask(backend, { metrics });
    assert.is(answers.length, 2);
    answers.forEach((a, i) => checkFields(a, backend, metrics[i]!, 'value'));
    contains(answers[0]!, exact.sojourn, `${backend} e2e.mean`);
    contains(answers[1]!, exact.wait, `${backend} agent.worker.wait.mean`);
  });

  test(`${backend}: a paired difference (5 servers vs 4) contains the exact difference`, async () => {
    const [a] = await ask(backend, { metrics: ['agent.worker.wait.mean'], versus: ['agents.worker.servers=5'] });
    checkFields(a!, backend, 'agent.worker.wait.mean', 'difference');
    contains(a!, exact5.wait - exact.wait, `${backend} difference`);
  });

  test(`${backend}: utilisation >= 1 never gets an estimate`, async () => {
    const [a] = await ask(backend, { metrics: ['e2e.mean'], set: ['workload.requests.arrivals.rate=4.4/s'] });
    checkFields(a!, backend, 'e2e.mean', 'value');
    assert.is.not(a!.kind, 'estimate');
    // The learned model declines: 4.4/s is outside the region it was trained on.
    assert.is(a!.kind, backend === 'learned' ? 'declined' : 'unstable', a!.reason);
  });
}

for (const backend of ['analytic', 'sampled', 'learned', 'auto'] as const) {
  test(`${backend}: one agent's own model (--agent) and its effects`, async () => {
    const answers = await ask(backend, { metrics: ['agent.worker.wait.mean', 'agent.worker.to.exit'], agent: { name: 'worker', input: 2.4 } });
    answers.forEach((a, i) => {
      assert.is(a.metric, ['agent.worker.wait.mean', 'agent.worker.to.exit'][i]);
      assert.ok(a.reason.length > 0);
    });
    if (backend === 'learned') {
      // The model was trained on the whole scenario, not on an agent fed a chosen input.
      for (const a of answers) assert.match(a.reason, /trained on the whole network, not on agent 'worker' alone/);
      return;
    }
    checkFields(answers[0]!, backend, 'agent.worker.wait.mean', 'value');
    contains(answers[0]!, mmc(2.4, 1, 4).wait, `${backend} isolated wait`);
    contains(answers[1]!, 2.4, `${backend} effect worker -> exit`);
  });
}

test('every backend is reached through the same validation: an unknown metric is a QueryError', () => {
  assert.throws(() => prepareQuery(source, { metrics: ['e2e.p96'] }), (e: unknown) => e instanceof QueryError && /unknown metric 'e2e.p96' \(did you mean 'e2e.p95'\?\)/.test(e.message));
});

test.run();
