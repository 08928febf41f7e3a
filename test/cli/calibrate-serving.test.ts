// `apmsim calibrate serving` on the command line: the fidelity table, its JSON, the files it writes,
// and bad input (a run or a profile folder with a flaw) ending with exit 2 and a message that
// names the file, the line and the field.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import { calibrateServingCommand } from '../../cli/commands/calibrate-serving.js';
import { ApmsimError } from '../../sim/errors.js';

const test = suite('calibrate serving');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const DATA = fileURLToPath(new URL('../../../../shared/data/serving/llmservingsim/', import.meta.url));
const RUN = join(DATA, 'runs/RTXPRO6000_Llama-3.1-8B');
const PROFILE = join(DATA, 'perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16');

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the Llama run cut to its first 20 requests, and of its tp1 profile, in a scratch folder. */
function copies(): { run: string; profile: string } {
  const dir = scratchDir('apmsim-calibrate-');
  const run = join(dir, 'run'), profile = join(dir, 'profile');
  mkdirSync(run);
  for (const f of ['meta.json', 'config.json', 'timeseries.csv']) cpSync(join(RUN, f), join(run, f));
  writeFileSync(join(run, 'requests.jsonl'), readFileSync(join(RUN, 'requests.jsonl'), 'utf8').split('\n').slice(0, 20).join('\n') + '\n');
  mkdirSync(join(profile, 'tp1'), { recursive: true });
  cpSync(join(PROFILE, 'meta.yaml'), join(profile, 'meta.yaml'));
  for (const f of ['dense.csv', 'attention.csv', 'per_sequence.csv']) cpSync(join(PROFILE, 'tp1', f), join(profile, 'tp1', f));
  return { run, profile };
}

/** Replaces line `n` (1-based) of a file. */
function setLine(file: string, n: number, text: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[n - 1] = text;
  writeFileSync(file, lines.join('\n'));
}

function editJson(file: string, edit: (o: Record<string, unknown>) => void): void {
  const o = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(o);
  writeFileSync(file, JSON.stringify(o, null, 2));
}

function requestLine(run: string, n: number): Record<string, unknown> {
  return JSON.parse(readFileSync(join(run, 'requests.jsonl'), 'utf8').split('\n')[n - 1]!) as Record<string, unknown>;
}

test('prints the fidelity table; --json gives its rows; --out and --timeseries write the profile and the queue over time', () => {
  const { run, profile } = copies();
  const text = apmsim('calibrate', 'serving', '--profile', profile, '--run', run);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, /ttft\s+mean\s+[\d.]+\s+[\d.]+\s+[+-][\d.]+%/);
  assert.match(text.stdout, /\(defaults\)/);
  const out = join(run, '..', 'out');
  const j = apmsim('calibrate', 'serving', '--profile', profile, '--run', run, '--json', '--out', join(out, 'p.yaml'), '--timeseries', join(out, 'ts.csv'));
  assert.is(j.code, 0, j.stderr);
  const data = JSON.parse(j.stdout) as { rows: { metric: string; stat: string; measured: number; predicted: number; error: number }[] };
  assert.is(data.rows.length, 12);
  for (const r of data.rows) assert.ok(Math.abs(r.error - (r.predicted / r.measured - 1)) < 1e-12);
  assert.equal(data.rows.map((r) => `${r.metric}.${r.stat}`).slice(0, 4), ['ttft.mean', 'ttft.p50', 'ttft.p90', 'ttft.p99']);
  assert.match(readFileSync(join(out, 'p.yaml'), 'utf8'), /per_step: 0\.001/);
  const ts = readFileSync(join(out, 'ts.csv'), 'utf8').split('\n');
  assert.is(ts[0], 't,measured_running,measured_waiting,predicted_running,predicted_waiting');
  assert.match(ts[1]!, /^1,9,0,\d+,\d+$/);
});

test('the --json document makes the fidelity report: apmsim report draws it, and a profile --out is a scenario\'s measured profile', () => {
  const { run, profile } = copies();
  const j = apmsim('calibrate', 'serving', '--profile', profile, '--run', run, '--json', '--out', join(run, '..', 'p.yaml'));
  assert.is(j.code, 0, j.stderr);
  const file = join(run, '..', 'cal.json');
  writeFileSync(file, j.stdout);
  const html = join(run, '..', 'fidelity.html');
  const r = apmsim('report', file, '--out', html);
  assert.is(r.code, 0, r.stderr);
  const page = readFileSync(html, 'utf8');
  for (const text of ['Measured against predicted', 'Time to first token', 'End-to-end latency', 'Requests running and waiting over time']) assert.ok(page.includes(text), text);
  // The profile file pasted under a model's profile (its folder made absolute) loads as a scenario.
  const pasted = readFileSync(join(run, '..', 'p.yaml'), 'utf8').replace(/^measured: .*$/m, `measured: ${profile}`).split('\n').map((l) => `      ${l}`).join('\n');
  const scenario = join(run, '..', 's.yaml');
  writeFileSync(scenario, `name: pasted\nhorizon: 60s\nmodels:\n  m:\n    profile:\n${pasted}\ngpus:\n  g: { model: m, max_batch: 128, max_num_batched_tokens: 2048 }\nworkload:\n  q: { arrivals: { process: poisson, rate: 1/s }, entry: a }\nagents:\n  a: { kind: llm, gpu: g, input_tokens: 500, output_tokens: 100 }\n`);
  const v = apmsim('validate', scenario);
  assert.is(v.code, 0, v.stderr + v.stdout);
});

test('--fit on the scored run is refused', async () => {
  const { run, profile } = copies();
  try {
    await calibrateServingCommand.handler({ profile, run, fit: [run], out: undefined, timeseries: undefined, json: false });
    assert.unreachable('accepted');
  } catch (e) {
    assert.ok(e instanceof ApmsimError && e.exitCode === 2, String(e));
    assert.match((e as Error).message, /the scored run \(--run\) cannot be fitted on/);
  }
});

type Folders = { run: string; profile: string };
type Case = [name: string, flaw: (c: Folders) => void, file: string, line: number | ((c: Folders) => number), field: string];

/** The line of a file holding `text` first (1-based). */
const lineWith = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

/** The command's handler in this process (the exit code is the error's class's: main.ts maps it; spawned cases below check it end to end). */
async function calibrateError(c: Folders): Promise<ApmsimError> {
  try {
    await calibrateServingCommand.handler({ profile: c.profile, run: c.run, fit: undefined, out: undefined, timeseries: undefined, json: false });
  } catch (e) {
    assert.ok(e instanceof ApmsimError, String(e));
    return e as ApmsimError;
  }
  throw new Error('expected bad input');
}

const CASES: Case[] = [
  ['a request without output_toks', (c) => { const o = requestLine(c.run, 3); delete o.output_toks; setLine(join(c.run, 'requests.jsonl'), 3, JSON.stringify(o)); }, 'requests.jsonl', 3, 'output_toks'],
  ['a malformed JSON line', (c) => setLine(join(c.run, 'requests.jsonl'), 5, '{"input_toks": 12,'), 'requests.jsonl', 5, '(line)'],
  ['a fractional input_toks', (c) => setLine(join(c.run, 'requests.jsonl'), 2, JSON.stringify({ ...requestLine(c.run, 2), input_toks: 12.5 })), 'requests.jsonl', 2, 'input_toks'],
  ['a request longer than the model\'s context', (c) => setLine(join(c.run, 'requests.jsonl'), 4, JSON.stringify({ ...requestLine(c.run, 4), input_toks: 131000 })), 'requests.jsonl', 4, 'input_toks'],
  ['arrivals out of order', (c) => setLine(join(c.run, 'requests.jsonl'), 6, JSON.stringify({ ...requestLine(c.run, 6), arrival_time: 1 })), 'requests.jsonl', 6, 'arrival_time'],
  ['a first token before the request was queued', (c) => { const o = requestLine(c.run, 7); setLine(join(c.run, 'requests.jsonl'), 7, JSON.stringify({ ...o, first_token_ts: (o.queued_ts as number) - 1 })); }, 'requests.jsonl', 7, 'first_token_ts'],
  ['a run of another model than the profile\'s', (c) => editJson(join(c.run, 'meta.json'), (o) => { (o.engine_kwargs as Record<string, unknown>).model = 'Qwen/Qwen3-32B'; }), 'meta.json', 6, 'engine_kwargs.model'],
  ['a TP size the profile was not measured at', (c) => editJson(join(c.run, 'meta.json'), (o) => { (o.engine_kwargs as Record<string, unknown>).tensor_parallel_size = 4; }), 'meta.yaml', 11, 'tp_degrees'],
  ['max_num_seqs 0', (c) => editJson(join(c.run, 'meta.json'), (o) => { (o.engine_kwargs as Record<string, unknown>).max_num_seqs = 0; }), 'meta.json', 10, 'engine_kwargs.max_num_seqs'],
  ['meta.json that is not JSON', (c) => writeFileSync(join(c.run, 'meta.json'), '{\n  "schema_version": 1,\n  "model": oops\n}'), 'meta.json', 3, '(document)'],
  ['config.json without link_bw', (c) => editJson(join(c.run, 'config.json'), (o) => { delete o.link_bw; }), 'config.json', 1, 'link_bw'],  // absent: the message points at the top of the file
  ['a run on other hardware than the profile\'s', (c) => editJson(join(c.run, 'config.json'), (o) => { ((o.nodes as { instances: Record<string, unknown>[] }[])[0]!.instances[0]!).hardware = 'H100'; }), 'config.json', (c) => lineWith(join(c.run, 'config.json'), '"hardware"'), 'nodes[0].instances[0].hardware'],
  ['timeseries.csv without a waiting column', (c) => writeFileSync(join(c.run, 'timeseries.csv'), 't,running\n1,2\n'), 'timeseries.csv', 1, 'waiting'],
  ['timeseries.csv with a word for a count', (c) => setLine(join(c.run, 'timeseries.csv'), 3, '2.0,10012.0,488.0,nineteen,1,0.0'), 'timeseries.csv', 3, 'running'],
  ['dense.csv without its time_us column', (c) => setLine(join(c.profile, 'tp1', 'dense.csv'), 1, 'layer,tokens,time'), 'dense.csv', 1, 'time_us'],
  ['dense.csv with a negative time', (c) => setLine(join(c.profile, 'tp1', 'dense.csv'), 9, 'act_fn,8,-3'), 'dense.csv', 9, 'time_us'],
  ['attention.csv with a row of four values', (c) => setLine(join(c.profile, 'tp1', 'attention.csv'), 10, '0,0,1,16'), 'attention.csv', 10, 'time_us'],
  ['per_sequence.csv with a blank count', (c) => setLine(join(c.profile, 'tp1', 'per_sequence.csv'), 4, 'lm_head,,700'), 'per_sequence.csv', 4, 'sequences'],
  ['meta.yaml naming a model apmsim has no shape for', (c) => writeFileSync(join(c.profile, 'meta.yaml'), readFileSync(join(c.profile, 'meta.yaml'), 'utf8').replace('model: meta-llama/Llama-3.1-8B', 'model: acme/Unknown-7B')), 'meta.yaml', 9, 'model'],
  ['meta.yaml that is not YAML', (c) => writeFileSync(join(c.profile, 'meta.yaml'), 'model: [unclosed\ntp_degrees: [1]\n'), 'meta.yaml', 2, '(document)'],
];

for (const [name, flaw, file, line, field] of CASES) {
  const at = typeof line === 'number' ? String(line) : 'its line';
  test(`bad input: ${name} -> exit 2 naming ${file}:${at} and '${field}'`, async () => {
    const c = copies();
    flaw(c);
    const e = await calibrateError(c);
    assert.is(e.exitCode, 2, e.message);
    const n = typeof line === 'number' ? line : line(c);
    assert.ok(e.message.includes(`${file}:${n}: field '${field}'`), e.message);
  });
}

// End to end for three of them: the process exits 2 with the message and no stack trace.
for (const i of [1, 6, 14]) {
  const [name, flaw, file, line, field] = CASES[i]!;
  test(`bad input on the command line: ${name} -> exit 2`, () => {
    const c = copies();
    flaw(c);
    const r = apmsim('calibrate', 'serving', '--profile', c.profile, '--run', c.run);
    assert.is(r.code, 2, r.stderr + r.stdout);
    assert.ok(r.stderr.includes(`${file}:${line as number}: field '${field}'`), r.stderr);
    assert.not.match(r.stderr, /\n\s+at /);
  });
}

test('bad input: a missing requests.jsonl is named', async () => {
  const c = copies();
  rmSync(join(c.run, 'requests.jsonl'));
  const e = await calibrateError(c);
  assert.is(e.exitCode, 2);
  assert.match(e.message, /requests\.jsonl: field '\(file\)'.*ENOENT/);
});

test.run();
