// Overrides: relative forms resolve against the file (units converted) or an earlier override,
// absolute ones pass through (the loader does both, for every command), and numbers are read back
// at paths.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { numbersAt } from '../../../models/query/overrides.js';
import { loadScenario, ScenarioError } from '../../../models/scenario/index.js';

const test = suite('query: overrides');

const resolveOverrides = (text: string, overrides: readonly string[]): readonly string[] =>
  loadScenario('t.yaml', text, { readFile: () => '', overrides }).overrides;

const TEXT = `
name: t
horizon: 100s
workload:
  chat: { arrivals: { process: poisson, rate: 1200/min }, entry: my-agent }
agents:
  my-agent:
    servers: 3
    service: { dist: lognormal, mean: 250ms, cv: 1 }
`;

test('relative overrides scale rates and durations in base units and add to counts', () => {
  assert.equal(resolveOverrides(TEXT, ['workload.chat.arrivals.rate*=1.5', 'agents.my-agent.servers+=2', 'agents.my-agent.service.mean-=50ms']), [
    'workload.chat.arrivals.rate=30', 'agents.my-agent.servers=5', 'agents.my-agent.service.mean=0.2',
  ]);
});

test('a relative override sees an earlier override of the same path; absolute ones pass through', () => {
  assert.equal(resolveOverrides(TEXT, ['agents.my-agent.servers=4', 'agents.my-agent.servers*=2', 'seed=3']), [
    'agents.my-agent.servers=4', 'agents.my-agent.servers=8', 'seed=3',
  ]);
});

test('relative overrides of something that is not a number say what they found', () => {
  assert.throws(() => resolveOverrides(TEXT, ['agents.my-agent.service*=2']), (e: unknown) => e instanceof ScenarioError && /t\.yaml:9:14: agents\.my-agent\.service: expected a number, rate or duration .* found --set .*: '\(a map or list\)'/.test(e.message));
  assert.throws(() => resolveOverrides(TEXT, ['agents.my-agent.capacity+=2']), (e: unknown) => e instanceof ScenarioError && /nothing there/.test(e.message));
  assert.throws(() => resolveOverrides(TEXT, ['agents.my-agent.servers*=lots']), (e: unknown) => e instanceof ScenarioError && /expected a number after '\*=', found --set 'agents.my-agent.servers\*=lots': 'lots'/.test(e.message));
  assert.throws(() => resolveOverrides(TEXT, ['agents.nobody.servers*=2']), (e: unknown) => e instanceof ScenarioError && /no such path/.test(e.message));
});

test('a relative override that makes a value invalid is reported like an absolute one, naming the --set', () => {
  assert.throws(() => resolveOverrides(TEXT, ['agents.my-agent.servers-=5']), (e: unknown) => e instanceof ScenarioError && /t\.yaml:8:14: agents\.my-agent\.servers: expected an integer of at least 1, found -2 \(from the override agents\.my-agent\.servers-=5\)/.test(e.message));
});

test('numbers are read from the last override of a path, else from the file', () => {
  assert.equal(numbersAt(TEXT, ['agents.my-agent.servers=4', 'agents.my-agent.servers=6'], ['agents.my-agent.servers', 'workload.chat.arrivals.rate', 'agents.my-agent.capacity']), [6, 20, undefined]);
});

test.run();
