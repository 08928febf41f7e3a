import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDiagnostic } from '../../../models/scenario/index.js';
import { MINIMAL, diagnosticsOf, edit, diagnosticCases, type DiagnosticCase } from './fixtures.js';

const trace = (text: string) => ({ readFile: () => text });
const checker = ['  checker:', '    service: { dist: exponential, mean: 1s }']; // lines 16-17
const arrivals = (text: string) => edit({ 9: `    arrivals: ${text}` });
const service = (text: string) => edit({ 14: `    service: ${text}` });
const traceArrivals = arrivals('{ process: trace, file: t.csv }');

const cases: readonly DiagnosticCase[] = [
  { name: 'YAML syntax error (bad indentation)', text: edit({ 10: '   entry: worker' }), path: '', line: 10, fragment: 'same column', count: 1 },
  { name: 'YAML syntax error (nested compact map)', text: edit({ 13: '    servers: 4: 5' }), path: '', line: 13, fragment: 'valid YAML' },
  { name: 'duplicate key', text: edit({ 3: 'name: again' }), path: 'name', line: 3, fragment: "expected each key once in a map, found 'name' again (first at line 1)", count: 1 },
  { name: 'duplicate key in a class', text: edit({ 10: '    entry: worker\n    entry: worker' }), path: 'workload.requests.entry', line: 11, fragment: "'entry' again (first at line 10)", count: 1 },
  { name: 'duplicate key in a list item', text: edit({ 15: '    next: [{ to: exit, p: 1, p: 0.5 }]' }), path: 'agents.worker.next[0].p', line: 15, fragment: "'p' again (first at line 15)", count: 1 },
  { name: 'missing horizon', text: edit({ 4: '#' }), path: 'horizon', line: 1, fragment: 'missing', count: 1 },
  { name: 'unknown top-level field with suggestion', text: edit({ 6: 'replicatons: 10' }), path: 'replicatons', line: 6, fragment: "did you mean 'replications'", count: 1 },
  { name: 'unknown agent field with suggestion', text: edit({ 13: '    server: 4' }), path: 'agents.worker.server', line: 13, fragment: "did you mean 'servers'", count: 1 },
  { name: 'unknown agent in next', text: edit({ 15: '    next: chekcer' }, checker), path: 'agents.worker.next', line: 15, fragment: "unknown agent 'chekcer' (did you mean 'checker'?)", count: 1 },
  { name: 'probabilities not summing to 1', text: edit({ 15: '    next: [{ to: checker, p: 0.5 }, { to: exit, p: 0.4 }]' }, checker), path: 'agents.worker.next', line: 15, fragment: 'a sum of 0.9', count: 1 },
  { name: 'probability above 1', text: edit({ 15: '    next: [{ to: checker, p: 1.2 }]' }, checker), path: 'agents.worker.next[0].p', line: 15, fragment: 'probability between 0 and 1', count: 1 },
  { name: 'duplicate target', text: edit({ 15: '    next: [{ to: exit, p: 0.5 }, { to: exit, p: 0.5 }]' }), path: 'agents.worker.next[1].to', line: 15, fragment: 'listed again', count: 1 },
  { name: 'negative rate', text: arrivals('{ process: poisson, rate: -3/s }'), path: 'workload.requests.arrivals.rate', line: 9, fragment: 'negative', count: 1 },
  { name: 'missing rate', text: arrivals('{ process: poisson }'), path: 'workload.requests.arrivals.rate', line: 9, fragment: 'missing', count: 1 },
  { name: 'unknown arrival process', text: arrivals('{ process: bursty, rate: 1/s }'), path: 'workload.requests.arrivals.process', line: 9, fragment: "'poisson', 'deterministic', 'gamma', 'lognormal', 'weibull', 'trace' or 'sessions'", count: 1 },
  { name: 'weibull arrivals with a cv out of range', text: arrivals('{ process: weibull, rate: 2/s, cv: 500 }'), path: 'workload.requests.arrivals.cv', line: 9, fragment: 'a coefficient of variation from 0.01 to 100, found 500', count: 1 },
  { name: 'lognormal arrivals with a negative cv', text: arrivals('{ process: lognormal, rate: 2/s, cv: -1 }'), path: 'workload.requests.arrivals.cv', line: 9, fragment: 'a number greater than 0, found -1', count: 1 },
  { name: 'weibull service with a cv out of range', text: service('{ dist: weibull, mean: 1s, cv: 0.001 }'), path: 'agents.worker.service.cv', line: 14, fragment: 'from 0.01 to 100, or 0, found 0.001', count: 1 },
  { name: 'gamma arrivals with a cv of 0', text: arrivals('{ process: gamma, rate: 2/s, cv: 0 }'), path: 'workload.requests.arrivals.cv', line: 9, fragment: 'a number greater than 0, found 0', count: 1 },
  { name: 'a misspelt required field: said once, as the misspelling', text: service('{ dist: gamma, mean: 1s, scv: 2 }'), path: 'agents.worker.service.scv', line: 14, fragment: "unknown field 'scv' (did you mean 'cv'?)", count: 1 },
  { name: 'gamma arrivals without a cv', text: arrivals('{ process: gamma, rate: 2/s }'), path: 'workload.requests.arrivals.cv', line: 9, fragment: "a field 'cv'", count: 1 },
  { name: 'unknown unit', text: edit({ 4: 'horizon: 5 parsecs' }), path: 'horizon', line: 4, fragment: "unknown unit 'parsecs'", count: 1 },
  { name: 'rate with time dimension', text: arrivals('{ process: poisson, rate: 5s }'), path: 'workload.requests.arrivals.rate', line: 9, fragment: 'is a duration', count: 1 },
  { name: 'duration with rate dimension', text: service('{ dist: exponential, mean: 2/s }'), path: 'agents.worker.service.mean', line: 14, fragment: 'is a rate', count: 1 },
  { name: 'bad expression syntax', text: arrivals('{ process: poisson, rate: "10 + * t" }'), path: 'workload.requests.arrivals.rate', line: 9, fragment: 'syntax error', count: 1 },
  { name: 'expression using import', text: arrivals(`{ process: poisson, rate: 'import("fs", {})' }`), path: 'workload.requests.arrivals.rate', line: 9, fragment: "a call of 'import'" },
  { name: 'expression using evaluate', text: arrivals(`{ process: poisson, rate: 'evaluate("1")' }`), path: 'workload.requests.arrivals.rate', line: 9, fragment: "a call of 'evaluate'" },
  { name: 'expression using createUnit', text: arrivals(`{ process: poisson, rate: 'createUnit("x")' }`), path: 'workload.requests.arrivals.rate', line: 9, fragment: "a call of 'createUnit'" },
  { name: 'expression negative somewhere on the horizon', text: arrivals('{ process: poisson, rate: "sin(t)" }'), path: 'workload.requests.arrivals.rate', line: 9, fragment: 'at least 0 at every t' },
  { name: 'rate_max below the expression', text: arrivals('{ process: poisson, rate: "2 + t/20000", rate_max: 2.5/s }'), path: 'workload.requests.arrivals.rate_max', line: 9, fragment: 'at least the largest rate' },
  { name: 'unreadable trace', text: traceArrivals, path: 'workload.requests.arrivals.file', line: 9, fragment: "ENOENT: no such file or directory, open 't.csv'", count: 1 },
  { name: 'empty trace', text: traceArrivals, options: trace('timestamp,tokens\n'), path: 'workload.requests.arrivals.file', line: 9, fragment: 'at least one request', count: 1 },
  { name: 'trace missing its time column', text: traceArrivals, options: trace('time,tokens\n1,2\n'), path: 'workload.requests.arrivals.file', line: 9, fragment: "a column named 'timestamp'", count: 1 },
  { name: 'trace with a bad row', text: traceArrivals, options: trace('timestamp\n1\nsoon\n'), path: 'workload.requests.arrivals.file', line: 9, fragment: "row 2 of 't.csv'", count: 1 },
  { name: 'trace format not given by the extension', text: arrivals('{ process: trace, file: t.txt }'), path: 'workload.requests.arrivals.file', line: 9, fragment: '.csv or .jsonl', count: 1 },
  { name: 'servers 0', text: edit({ 13: '    servers: 0' }), path: 'agents.worker.servers', line: 13, fragment: 'at least 1', count: 1 },
  { name: 'servers 2.5', text: edit({ 13: '    servers: 2.5' }), path: 'agents.worker.servers', line: 13, fragment: '2.5', count: 1 },
  { name: 'capacity below servers', text: edit({ 15: '    capacity: 2' }), path: 'agents.worker.capacity', line: 15, fragment: 'at least servers (4)', count: 1 },
  { name: 'unknown dist', text: service('{ dist: exponentail, mean: 1s }'), path: 'agents.worker.service.dist', line: 14, fragment: "'exponentail' (did you mean 'exponential'?)", count: 1 },
  { name: 'dist that is not a string', text: service('{ dist: [a], mean: 1s }'), path: 'agents.worker.service.dist', line: 14, fragment: 'a list', count: 1 },
  { name: 'missing service', text: edit({ 14: '#' }), path: 'agents.worker.service', line: 13, fragment: 'missing', count: 1 },
  { name: 'hyperexponential scv below 1', text: service('{ dist: hyperexponential, mean: 1s, scv: 0.5 }'), path: 'agents.worker.service.scv', line: 14, fragment: 'at least 1', count: 1 },
  { name: 'mean of 0', text: service('{ dist: exponential, mean: 0s }'), path: 'agents.worker.service.mean', line: 14, fragment: 'greater than 0', count: 1 },
  { name: 'uniform with min above max', text: service('{ dist: uniform, min: 2s, max: 1s }'), path: 'agents.worker.service.max', line: 14, fragment: 'min at most max', count: 1 },
  { name: 'erlang k not an integer', text: service('{ dist: erlang, k: 1.5, mean: 1s }'), path: 'agents.worker.service.k', line: 14, fragment: 'integer', count: 1 },
  { name: 'parameter of another distribution', text: service('{ dist: exponential, mean: 1s, cv: 2 }'), path: 'agents.worker.service.cv', line: 14, fragment: 'unknown field', count: 1 },
  {
    name: 'mixture weights not summing to 1',
    text: service('{ dist: mixture, components: [{ weight: 0.5, dist: exponential, mean: 1s }, { weight: 0.3, dist: deterministic, value: 2s }] }'),
    path: 'agents.worker.service.components', line: 14, fragment: 'a sum of 0.8', count: 1,
  },
  { name: 'empirical sample negative', text: service('{ dist: empirical, samples: [1s, -2s] }'), path: 'agents.worker.service.samples[1]', line: 14, fragment: 'negative', count: 1 },
  { name: 'empirical sample file with a negative value', text: service('{ dist: empirical, file: s.txt }'), options: trace('1\n-2\n'), path: 'agents.worker.service.file', line: 14, fragment: "'s.txt': value 2 is -2", count: 1 },
  { name: 'unknown entry agent', text: edit({ 10: '    entry: wroker' }), path: 'workload.requests.entry', line: 10, fragment: "did you mean 'worker'", count: 1 },
  { name: 'unknown fork branch', text: edit({ 15: '    next: { fork: [checker, chekr] }' }, checker), path: 'agents.worker.next.fork[1]', line: 15, fragment: "unknown agent 'chekr'", count: 1 },
  { name: 'exit as a fork branch', text: edit({ 15: '    next: { fork: [exit] }' }), path: 'agents.worker.next.fork[0]', line: 15, fragment: 'cannot be exit', count: 1 },
  { name: 'replications 1', text: edit({ 6: 'replications: 1' }), path: 'replications', line: 6, fragment: 'at least 2', count: 1 },
  { name: 'confidence 1.5', text: edit({}, ['confidence: 1.5']), path: 'confidence', line: 16, fragment: 'strictly between 0 and 1', count: 1 },
  { name: 'sketch accuracy 0.7', text: edit({}, ['metrics: { accuracy: 0.7 }']), path: 'metrics.accuracy', line: 16, fragment: 'between 0 and 0.5', count: 1 },
  { name: 'negative seed', text: edit({ 3: 'seed: -1' }), path: 'seed', line: 3, fragment: 'non-negative integer', count: 1 },
  { name: 'warmup equal to horizon', text: edit({ 5: 'warmup: 20000s' }), path: 'warmup', line: 5, fragment: 'shorter than the horizon', count: 1 },
  { name: 'agent named exit', text: edit({}, ['  exit:', '    service: { dist: exponential, mean: 1s }']), path: 'agents.exit', line: 16, fragment: "other than 'exit'", count: 1 },
  { name: 'agent name with a space', text: edit({}, ['  "two words":', '    service: { dist: exponential, mean: 1s }']), path: 'agents.two words', line: 16, fragment: 'letters, digits', count: 1 },
  { name: 'no agents', text: edit({ 12: '#', 13: '#', 14: '#', 11: 'agents: {}' }), path: 'agents', line: 11, fragment: 'at least one agent', count: 1 },
  {
    name: 'routes override naming an unknown agent',
    text: edit({ 8: '  requests: { arrivals: { process: poisson, rate: 1/s }, entry: worker, routes: { wrker: exit } }', 9: '#', 10: '#' }),
    path: 'workload.requests.routes.wrker', line: 8, fragment: "unknown agent 'wrker'", count: 1,
  },
  { name: 'a routing cycle with no way out', text: edit({ 15: '    next: checker' }, [...checker, '    next: worker']), path: 'agents.worker.next', line: 15, fragment: 'can never exit', count: 2 },
  { name: 'bad --set path', text: MINIMAL, options: { overrides: ['agents.wrker.servers=8'] }, path: 'agents.wrker.servers', line: 12, fragment: '--set agents.wrker.servers: no such path', count: 1 },
  { name: '--set with a value that is not YAML', text: MINIMAL, options: { overrides: ['seed=[1'] }, path: 'seed', line: 3, fragment: 'Flow sequence must end with a ]', count: 1 },
  { name: '--set through a scalar', text: MINIMAL, options: { overrides: ['seed.value=8'] }, path: 'seed.value', line: 3, fragment: "no such path ('seed' is a single value)", count: 1 },
  { name: 'wrong type for a map', text: edit({ 7: 'workload: 5', 8: '#', 9: '#', 10: '#' }), path: 'workload', line: 7, fragment: 'a map of class name', count: 1 },
  { name: 'agents not a map, without cascading into entry', text: edit({ 11: 'agents: 5', 12: '#', 13: '#', 14: '#' }), path: 'agents', line: 11, fragment: 'a map of agent name', count: 1 },
  { name: 'empty document', text: '# nothing here\n', path: '', line: 0, fragment: 'a map of scenario fields', count: 1 },
];

const table = suite('loadScenario diagnostics');

diagnosticCases(table, cases);

table('every problem in one file is reported, in file order', () => {
  const text = edit({ 4: 'horizon: 5 parsecs', 6: 'replications: 1', 13: '    servers: 0' });
  const diagnostics = diagnosticsOf(text);
  assert.equal(diagnostics.map((d) => d.path), ['horizon', 'replications', 'agents.worker.servers']);
});

table('found values are quoted and cut short', () => {
  const long = 'x'.repeat(200);
  const [d] = diagnosticsOf(edit({ 10: `    entry: ${long}` }));
  assert.ok(d!.found.includes(`'${'x'.repeat(60)}…'`), d!.found);
  assert.ok(d!.found.length < 120, d!.found);
});

table('formatDiagnostic prints file:line:column, path, expected and found', () => {
  const [d] = diagnosticsOf(edit({ 13: '    servers: 0' }));
  assert.is(formatDiagnostic(d!), 'test.yaml:13:14: agents.worker.servers: expected an integer of at least 1, found 0');
});

table.run();
