// `apmsim run --otlp` and `apmsim calibrate telemetry` as users call them: files written, the
// summary printed, bad telemetry refused with exit 2 and a message without a stack trace.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli: calibrate telemetry, run --otlp');
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));
const TANDEM = fileURLToPath(new URL('../../../scenarios/tandem.yaml', import.meta.url));

function apmsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('run --otlp writes traces; calibrate telemetry fits them, writes a valid scenario and its report, prints the held-out check', () => {
  const dir = scratchDir('apmsim-calibrate-');
  const otlp = join(dir, 'tandem.otlp.jsonl');
  const run = apmsim('run', TANDEM, '--replications', '2', '--horizon', '600s', '--warmup', '60s', '--otlp', otlp);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /wrote .*tandem\.otlp\.jsonl: \d+ traces, \d+ spans/);
  const lines = readFileSync(otlp, 'utf8').trim().split('\n');
  assert.ok(lines.length > 100);
  const out = join(dir, 'calibrated.yaml');
  const cal = apmsim('calibrate', 'telemetry', otlp, '--out', out, '--report');
  assert.is(cal.code, 0, cal.stderr);
  assert.match(cal.stdout, /held-out check, e2e latency of \d+ held-out traces/);
  assert.match(cal.stdout, /p95\s+observed/);
  assert.ok(existsSync(join(dir, 'calibrated.report.md')));
  const validate = apmsim('validate', out);
  assert.is(validate.code, 0, validate.stderr);
  // A folder stands for its telemetry files (in name order), and nothing else in it.
  const folder = join(dir, 'traces');
  mkdirSync(folder);
  const [first, second] = [lines.slice(0, 60), lines.slice(60)];
  writeFileSync(join(folder, 'b.jsonl'), `${second.join('\n')}\n`);
  writeFileSync(join(folder, 'a.jsonl'), `${first.join('\n')}\n`);
  writeFileSync(join(folder, 'notes.txt'), 'not telemetry');
  const both = apmsim('calibrate', 'telemetry', folder, '--out', join(dir, 'folder.yaml'));
  assert.is(both.code, 0, both.stderr);
  const read = /^read .*$/m;
  assert.is(both.stdout.match(read)![0], cal.stdout.match(read)![0].replace('from 1 file(s)', 'from 2 file(s)'));
  mkdirSync(join(dir, 'empty'));
  copyFileSync(join(folder, 'notes.txt'), join(dir, 'empty', 'notes.txt'));
  const none = apmsim('calibrate', 'telemetry', join(dir, 'empty'), '--out', join(dir, 'none.yaml'));
  assert.is(none.code, 2);
  assert.match(none.stderr, /empty: expected telemetry files \(\*\.json, \*\.jsonl, \*\.ndjson\) in the folder, found none/);
});

test('bad telemetry: exit 2, the file and line named, no stack trace', () => {
  const dir = scratchDir('apmsim-calibrate-');
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"resourceSpans": []}\n{"resourceSpans": [\n');
  const r = apmsim('calibrate', 'telemetry', bad, '--out', join(dir, 'x.yaml'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.jsonl:2: expected a JSON document on each line/);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.not.ok(existsSync(join(dir, 'x.yaml')), 'nothing written');
  const missing = apmsim('calibrate', 'telemetry', join(dir, 'none.jsonl'), '--out', join(dir, 'x.yaml'));
  assert.is(missing.code, 2);
  assert.match(missing.stderr, /none\.jsonl: cannot read the telemetry file: no such file or folder \(ENOENT\)/);
});

test.run();
