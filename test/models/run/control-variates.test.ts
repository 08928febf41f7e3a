// Control variates of mean waits and times (models/run/control-variates.ts): coefficients that are
// the analytic model's gradient, checked against Pollaczek-Khinchine's derivatives in closed form;
// none where the model does not describe the network; the correction's algebra; and a run's
// results: the corrected estimate and interval with a note, the replications' own values kept.
// Their coverage is in test/theory/heavy-tails.test.ts and `npm run coverage`.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { edgeworthInterval, replicationInterval } from '../../../models/analysis/interval.js';
import { controlsOf, corrected, observedIn, type Control } from '../../../models/run/control-variates.js';
import { metric, runText, scenarioFromText } from '../../helpers/run.js';

const test = suite('run: control variates');

const MG1 = (service: string, extra = '') => `
name: mg1
horizon: 20000s
warmup: 2000s
replications: 10
workload:
  requests: { arrivals: { process: poisson, rate: 0.8/s }, entry: server }
agents:
  server: { servers: 1, service: ${service} }
${extra}`;

const coefficient = (controls: readonly Control[] | undefined, kind: Control['quantity']['kind']) => {
  const c = controls?.find((x) => x.quantity.kind === kind);
  assert.ok(c !== undefined, `a control on the ${kind}`);
  return c;
};

test('M/G/1: the coefficients are Pollaczek-Khinchine\'s derivatives, W = λE[S²] / (2(1 − λE[S]))', () => {
  const controls = controlsOf(scenarioFromText(MG1('{ dist: hyperexponential, mean: 1s, scv: 4 }')));
  const [lambda, m1, m2] = [0.8, 1, 5];
  const rho = lambda * m1;
  const close = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) <= 1e-6 * Math.abs(want), `${what}: ${got} vs ${want}`);
  for (const [name, plusService] of [['agent.server.wait.mean', 0], ['agent.server.sojourn.mean', 1], ['e2e.mean', 1], ['class.requests.e2e.mean', 1]] as const) {
    const c = controls.get(name);
    close(coefficient(c, 'service second moment').coefficient, lambda / (2 * (1 - rho)), `${name}, E[S²]`);
    close(coefficient(c, 'service mean').coefficient, plusService + (lambda * lambda * m2) / (2 * (1 - rho) ** 2), `${name}, E[S]`);
    close(coefficient(c, 'arrival rate').coefficient, m2 / (2 * (1 - rho) ** 2), `${name}, λ`);
    close(coefficient(c, 'service second moment').declared, m2, 'declared E[S²]');
    close(coefficient(c, 'arrival rate').declared, lambda, 'declared λ');
  }
  assert.not.ok(controls.has('agent.server.service.mean'), 'a declared quantity is not corrected by itself');
  assert.not.ok(controls.has('e2e.p95'), 'percentiles keep their own interval');
});

test('none where the analytic model does not describe the network', () => {
  for (const [what, text] of [
    ['a finite capacity', MG1('{ dist: exponential, mean: 1s }, capacity: 5')],
    ['failures', MG1('{ dist: exponential, mean: 1s }, failure: 0.1')],
    ['utilisation 1 or more', MG1('{ dist: exponential, mean: 1.25s }')],
    ['a timeout', MG1('{ dist: exponential, mean: 1s }, timeout: 5s')],
  ] as const) {
    assert.equal(controlsOf(scenarioFromText(text)).size, 0, what);
  }
});

test('a station that takes no time has no controls of its own and leaves the others theirs', () => {
  const controls = controlsOf(scenarioFromText(`
name: pass-through
horizon: 1000s
workload:
  requests: { arrivals: { process: poisson, rate: 0.8/s }, entry: gate }
agents:
  gate: { servers: 1, service: { dist: deterministic, value: 0s }, next: server }
  server: { servers: 1, service: { dist: exponential, mean: 1s } }
`));
  assert.ok(controls.has('agent.server.wait.mean') && controls.has('e2e.mean'));
  assert.not.ok(controls.has('agent.gate.wait.mean'));
  assert.not.ok(controls.get('e2e.mean')!.some((c) => c.quantity.kind !== 'arrival rate' && c.quantity.agent === 'gate'));
});

test('the correction: the value less each coefficient times (measured − declared); NaN when a control is not measured', () => {
  const controls: Control[] = [
    { quantity: { kind: 'service mean', agent: 'a' }, declared: 1, coefficient: 2 },
    { quantity: { kind: 'service second moment', agent: 'a' }, declared: 5, coefficient: 3 },
    { quantity: { kind: 'arrival rate', class: 'c' }, declared: 0.8, coefficient: 10 },
  ];
  const metrics: Record<string, number> = { 'agent.a.service.mean': 1.1, 'agent.a.service.scv': 4, 'class.c.arrival_rate': 0.75 };
  const observed = observedIn((name) => metrics[name] ?? NaN);
  assert.ok(Math.abs(observed({ kind: 'service second moment', agent: 'a' }) - 1.1 * 1.1 * 5) < 1e-12, 'E[S²] from the mean and the SCV');
  const want = 20 - 2 * (1.1 - 1) - 3 * (1.1 * 1.1 * 5 - 5) - 10 * (0.75 - 0.8);
  assert.ok(Math.abs(corrected(20, controls, observed) - want) < 1e-12);
  assert.ok(Number.isNaN(corrected(20, controls, observedIn(() => NaN))));
});

test('a run: the corrected estimate and interval, a note naming the controls, the replications\' own values', () => {
  const r = runText(MG1('{ dist: hyperexponential, mean: 1s, scv: 4 }'), ['horizon=4000s', 'warmup=400s']);
  const e2e = metric(r, 'e2e.mean');
  assert.match(e2e.note!, /^control variates: .*arrivals of requests; service at server/);
  const values = e2e.values as number[];
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(e2e.estimate !== mean, 'the estimate is the corrected mean');
  assert.ok(e2e.interval![0] <= e2e.estimate! && e2e.estimate! <= e2e.interval![1]);
  // The same correction, by hand, from the run's own metrics.
  const controls = controlsOf(scenarioFromText(MG1('{ dist: hyperexponential, mean: 1s, scv: 4 }'))).get('e2e.mean')!;
  const byHand = values.map((v, i) => corrected(v, controls, observedIn((name) => metric(r, name).values[i] as number)));
  assert.ok(Math.abs(byHand.reduce((s, v) => s + v, 0) / byHand.length - e2e.estimate!) < 1e-9);
  // Its interval: the t interval of the corrected values, widened for their skewness and kurtosis.
  const widened = edgeworthInterval(byHand, 0.95);
  assert.ok(Math.abs(widened.interval[0] - e2e.interval![0]) < 1e-9 && Math.abs(widened.interval[1] - e2e.interval![1]) < 1e-9, `${e2e.interval} against ${widened.interval}`);
  assert.ok(widened.halfWidth >= replicationInterval(byHand, 0.95).halfWidth);
  assert.is(metric(r, 'agent.server.service.mean').note, undefined, 'a control itself keeps the plain interval');
  assert.not.match(metric(r, 'e2e.p95').note ?? '', /control variates/);
});

test('the measured controls: a constant service has SCV 0 (to rounding), an exponential one about 1; the arrival rate is the declared one', () => {
  const d = runText(MG1('{ dist: deterministic, value: 1s }'), ['horizon=4000s', 'warmup=400s']);
  assert.ok((metric(d, 'agent.server.service.scv').values as number[]).every((v) => v >= 0 && v < 1e-12));
  const e = runText(MG1('{ dist: exponential, mean: 1s }'), ['horizon=4000s', 'warmup=400s']);
  const [lo, hi] = metric(e, 'agent.server.service.scv').interval!;
  assert.ok(lo <= 1 && 1 <= hi, `SCV of exponential service in [${lo}, ${hi}]`);
  const [alo, ahi] = metric(e, 'class.requests.arrival_rate').interval!;
  assert.ok(alo <= 0.8 && 0.8 <= ahi, `arrival rate in [${alo}, ${ahi}]`);
});

test.run();
