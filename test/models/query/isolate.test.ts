// One agent's own model: the agent alone with a Poisson input at the rate the traffic equations
// send it (less its own loop back to itself), or at a rate given; the others become zero-time routers.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { analyseNetwork } from '../../../models/analytic/network.js';
import { inputRate, isolateAgent, resolveInput } from '../../../models/query/isolate.js';
import { QueryError } from '../../../models/query/errors.js';
import { scenarioFromText } from '../../helpers/run.js';
import { mmcReference, relativeClose } from '../analytic/reference.js';

const test = suite('query: isolated agents');

const LOOP = scenarioFromText(`
name: loop
horizon: 100s
workload:
  chat: { arrivals: { process: poisson, rate: 1.2/s }, entry: worker }
agents:
  worker:
    servers: 3
    service: { dist: exponential, mean: 1s }
    next: [{ to: worker, p: 0.2 }, { to: checker, p: 0.8 }]
  checker:
    servers: 2
    service: { dist: exponential, mean: 400ms }
    next: [{ to: worker, p: 0.25 }, { to: exit, p: 0.75 }]
`);

test("the default input is everything reaching the agent except its own loop", () => {
  // Worker visits: v = 1 + 0.2 v + 0.25 * 0.8 v, so v = 1/0.6; its input excludes the 0.2 self-loop.
  const visits = 1 / 0.6;
  assert.ok(relativeClose(inputRate(LOOP, 0)!, 1.2 * visits * 0.8, 1e-12));
  assert.ok(relativeClose(inputRate(LOOP, 1)!, 1.2 * visits * 0.8, 1e-12));
  assert.ok(relativeClose(resolveInput(LOOP, 'checker', undefined), 1.2 * visits * 0.8, 1e-12));
  assert.is(resolveInput(LOOP, 'checker', 2), 2);
});

test('the isolated agent keeps its policies and self-loop; the others route straight to exit', () => {
  const s = isolateAgent(LOOP, 'worker', 1.5);
  assert.is(s.network.classes.length, 1);
  assert.equal(s.network.classes[0]!.arrivals, { process: 'poisson', rate: 1.5 });
  assert.is(s.network.agents[1]!.kind, 'router');
  const a = analyseNetwork(s.network);
  assert.is(a.kind, 'ok');
  if (a.kind !== 'ok') return;
  // With its self-loop the worker sees 1.5/0.8 per second: an M/M/3 at that rate, exactly.
  const w = a.agents.get('worker')!.wait;
  assert.is(w.kind, 'exact');
  if (w.kind === 'exact') assert.ok(relativeClose(w.value, mmcReference(1.5 / 0.8, 1, 3).wait, 1e-9));
  const out = a.agents.get('worker')!.out.get('checker')!;
  assert.ok(out.kind === 'exact' && relativeClose(out.value, 1.5, 1e-12), 'its effect on the checker is its input, after the loop');
});

test('unknown agents and impossible inputs are clear errors', () => {
  assert.throws(() => resolveInput(LOOP, 'wrker', undefined), (e: unknown) => e instanceof QueryError && /--agent wrker: no such agent; expected one of worker, checker/.test(e.message));
  assert.throws(() => resolveInput(LOOP, 'worker', 0), (e: unknown) => e instanceof QueryError && /expected a rate > 0/.test(e.message));
});

test.run();
