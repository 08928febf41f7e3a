// `npm test` after the build: every dist/test/**/*.test.js, in uvu processes side by side, one per
// core. Run one after another, the suite keeps 1.3 of two cores busy, because many tests wait on
// the CLI processes they start; side by side, the two lanes end in about three quarters of the time.
//
// The files go in groups, each run by one uvu process: the long files each alone, started first,
// longest first, so that the lanes end together; the other files of a folder together, so that
// they load the modules they share once. A lane takes the next group when it is free. Each group's
// output is printed whole when it ends, with its wall time; then the totals of all. The exit code
// is 1 when a group failed (uvu's own exit code, or a crash), else 0. A subset runs as before:
// `npx uvu dist/test <pattern>`.

import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TESTS = join(ROOT, 'dist', 'test');
const UVU = join(ROOT, 'node_modules', 'uvu', 'bin.js');

/** The longest files, longest first (about 100 to 10 s each on two cores, the suite side by side). */
const LONG = [
  'docs/examples.test.js',
  'browser/reports.test.js',
  'models/telemetry/round-trip.test.js',
  'golden.test.js',
  'cli/coordination.test.js',
  'cli/conventions.test.js',
  'reports/coordination.test.js',
  'robust/outputs.test.js',
  'api/installed.test.js',
  'reports/cli-inputs.test.js',
  'cli/cli.test.js',
  'models/coordination/negotiation.test.js',
  'reports/cli.test.js',
  'theory/coverage.test.js',
];

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return e.name.endsWith('.test.js') ? [relative(TESTS, path).split('\\').join('/')] : [];
  });
}

function groups(files) {
  const long = LONG.filter((f) => files.includes(f)).map((f) => [f]);
  const byFolder = new Map();
  for (const f of files.filter((x) => !LONG.includes(x)).sort()) {
    const folder = dirname(f);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }
  return [...long, ...byFolder.values()];
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const plain = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runGroup(files) {
  const pattern = `^(${files.map(escape).join('|')})$`;
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [UVU, TESTS, pattern], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { output += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { output += d; });
    child.on('close', (code, signal) => resolve({ files, code: code ?? 1, signal, output, seconds: (performance.now() - t0) / 1000 }));
  });
}

function count(output, label) {
  const m = new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm').exec(plain(output));
  return m === null ? 0 : Number(m[1]);
}

const started = performance.now();
const queue = groups(testFiles(TESTS));
const lanes = Math.max(1, Math.min(availableParallelism(), queue.length));
const results = [];
await Promise.all(Array.from({ length: lanes }, async () => {
  for (let g = queue.shift(); g !== undefined; g = queue.shift()) {
    const r = await runGroup(g);
    process.stdout.write(`${r.output}  (${r.seconds.toFixed(1)} s: ${r.files.length === 1 ? r.files[0] : `${dirname(r.files[0])}/, ${r.files.length} files`})\n`);
    results.push(r);
  }
}));

const failed = results.filter((r) => r.code !== 0);
const total = results.reduce((n, r) => n + count(r.output, 'Total'), 0);
const passed = results.reduce((n, r) => n + count(r.output, 'Passed'), 0);
const skipped = results.reduce((n, r) => n + count(r.output, 'Skipped'), 0);
process.stdout.write(`\nAll the test files: ${results.length} uvu processes, ${lanes} at a time\n`);
process.stdout.write(`  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
for (const r of failed) process.stdout.write(`  FAILED (exit ${r.signal ?? r.code}): ${r.files.join(', ')}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;
