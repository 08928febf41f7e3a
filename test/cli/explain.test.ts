// `apmsim explain` as users and CI call it: attribution JSON whose shares add up, a markdown note,
// stored results explained from their agent metrics, errors with exit 2; compare's probable cause.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli: explain');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const FIVE = fileURLToPath(new URL('../../../scenarios/five-agents.yaml', import.meta.url));
const QUICK = ['--horizon', '600s', '--warmup', '100s', '--replications', '3'];

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('explain --json --no-recommend: per class, agents by tail share, shares adding up; --markdown writes the note', () => {
  const dir = scratchDir('explain');
  const note = join(dir, 'cause.md');
  const r = apmsim('explain', FIVE, ...QUICK, '--set', 'agents.retriever.servers=1', '--set', 'agents.retriever.service.mean=520ms', '--class', 'chat', '--no-recommend', '--json', '--markdown', note);
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.is(d.source, 'simulated');
  assert.is(d.classes.length, 1);
  const chat = d.classes[0];
  assert.is(chat.cls, 'chat');
  assert.is(chat.agents[0].agent, 'retriever');
  const total = chat.agents.reduce((t: number, a: { share: { estimate: number } }) => t + a.share.estimate, 0) + chat.outside.estimate;
  assert.ok(Math.abs(total - 1) < 1e-9, `shares add up to ${total}`);
  assert.match(d.verdict, /bottleneck of chat: retriever/);
  const md = readFileSync(note, 'utf8');
  assert.match(md, /### apmsim explain: five-agents/);
  assert.match(md, /\| retriever \|/);
});

test('explain on a results directory: stored agent metrics, and critical paths re-simulated from the recorded scenario', () => {
  const dir = scratchDir('explain-stored');
  const run = apmsim('run', FIVE, ...QUICK, '--set', 'agents.retriever.servers=1', '--out', dir);
  assert.is(run.code, 0, run.stderr);
  const r = apmsim('explain', dir, '--json', '--no-recommend');
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.is(d.source, 'stored');
  assert.ok(d.stored.length === 5, `${d.stored.length} agents`);
  assert.is(d.classes.length, 2, 'per-class attribution from the recorded scenario');
  assert.match(d.note, /re-simulated from .*five-agents.yaml with the recorded overrides/);
  // Results whose scenario is gone are explained from their metrics alone.
  const doc = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const moved = join(scratchDir('explain-moved'), 'results.json');
  writeFileSync(moved, JSON.stringify({ ...doc, scenarioFile: 'nowhere/five-agents.yaml' }));
  const m = apmsim('explain', moved, '--json');
  assert.is(m.code, 0, m.stderr);
  const e = JSON.parse(m.stdout);
  assert.is(e.classes, undefined);
  assert.match(e.note, /stored agent metrics only: the scenario file they record, nowhere\/five-agents.yaml, is not there/);
  assert.is(e.stored[0].agent, 'answerer');
});

test('explain on a partial run re-simulates the replications it finished, not the scenario\'s count', () => {
  const dir = scratchDir('explain-partial');
  const run = apmsim('run', FIVE, ...QUICK, '--out', dir);
  assert.is(run.code, 0, run.stderr);
  // What a run stopped after its first 2 of 3 replications writes.
  const doc = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  const metrics = Object.fromEntries(Object.entries(doc.metrics as Record<string, { values: unknown[] }>).map(([k, m]) => [k, { ...m, values: m.values.slice(0, 2) }]));
  const partial = join(dir, 'partial.json');
  writeFileSync(partial, JSON.stringify({ ...doc, partial: true, replications: 2, metrics }));
  const r = apmsim('explain', partial, '--json', '--no-recommend');
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.is(d.replications, 2);
  assert.match(d.note, /; the 2 replications the partial run finished$/);
  const two = JSON.parse(apmsim('explain', FIVE, '--horizon', '600s', '--warmup', '100s', '--replications', '2', '--json', '--no-recommend').stdout);
  assert.equal(d.classes, two.classes, 'the same replications as a run of 2');
});

test('explain: bad input exits 2 with the accepted forms', () => {
  const r = apmsim('explain', FIVE, ...QUICK, '--class', 'nope', '--no-recommend');
  assert.is(r.code, 2);
  assert.match(r.stderr, /--class: no class 'nope'; expected one of chat, research/);
  const dir = scratchDir('explain-empty');
  const e = apmsim('explain', dir);
  assert.is(e.code, 2);
  assert.match(e.stderr, /expected a results directory with results.json/);
});

test('compare: a regression with one fewer retriever server names the retriever first in its probable cause', () => {
  const md = join(scratchDir('explain-compare'), 'gate.md');
  const r = apmsim('compare', FIVE, FIVE, '--candidate-set', 'agents.retriever.servers=1', '--horizon', '1000s', '--warmup', '100s', '--replications', '5', '--max-replications', '10', '--metric', 'e2e.mean', '--json=-', '--markdown', md, '--workers', '1');
  assert.is(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout);
  assert.is(d.probableCause.agents[0].agent, 'retriever');
  assert.ok(d.probableCause.agents[0].contribution > 0.5);
  const note = readFileSync(md, 'utf8');
  assert.match(note, /\*\*Probable cause: mean latency \+/);
  assert.match(note, /\| agent \| wait \| service \| total \| interval \| share of change \|\n\| --- \| --- \| --- \| --- \| --- \| --- \|\n\| retriever \|/);
});

const DESK = fileURLToPath(new URL('../../../scenarios/support-desk.yaml', import.meta.url));
const SMALL = ['--horizon', '200s', '--warmup', '40s', '--replications', '2', '--workers', '1'];

test('optimize: malformed --knob and --objective exit 2 with the accepted forms', () => {
  const k = apmsim('optimize', DESK, ...SMALL, '--knob', 'gpus.small-pool.replicas=1-3', '--objective', 'e2e.p95 <= 7s');
  assert.is(k.code, 2);
  assert.match(k.stderr, /--knob: expected PATH=LO\.\.HI or PATH=LO\.\.HI:STEP/);
  const o = apmsim('optimize', DESK, ...SMALL, '--knob', 'gpus.small-pool.replicas=1..3', '--objective', 'e2e.p95 ~ 7s');
  assert.is(o.code, 2);
  assert.match(o.stderr, /--objective: expected 'METRIC <= VALUE'/);
});

test('optimize: infeasible objectives exit 3 with the closest point; a feasible one exits 0 with a --set line and writes --out', () => {
  const bad = apmsim('optimize', DESK, ...SMALL, '--knob', 'gpus.large-pool.replicas=1..2', '--objective', 'class.tickets.e2e.p95 <= 0.5s', '--minimize', 'cost.gpu');
  assert.is(bad.code, 3, bad.stderr);
  assert.match(bad.stdout, /INFEASIBLE: no point meets every objective; the closest: point \d/);
  const dir = scratchDir('optimize');
  const ok = apmsim('optimize', DESK, ...SMALL, '--knob', 'gpus.large-pool.replicas=1..2', '--objective', 'class.tickets.e2e.p95 <= 60s', '--minimize', 'cost.gpu', '--json', '--out', dir);
  assert.is(ok.code, 0, ok.stderr);
  const d = JSON.parse(ok.stdout);
  assert.is(d.outcome, 'optimal');
  assert.is(d.chosen.set, '--set gpus.large-pool.replicas=1');
  assert.equal(d.chosen.diff, [{ path: 'gpus.large-pool.replicas', from: 1, to: '1' }]);
  assert.ok(d.simulated.total > 0);
  assert.equal(JSON.parse(readFileSync(join(dir, 'optimize.json'), 'utf8')), d);
  assert.is(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).scenario, 'support-desk');
});

test.run();
