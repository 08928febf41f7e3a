// The GitHub Actions examples are real: the sweep workflow's matrix covers every shard its command
// names, and its sweep and merge commands, run as written, give the files of one unsharded run
// byte for byte (a missing shard is refused); the gate workflow calls compare with options it has.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli workflows');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

interface Step { readonly run?: string; readonly uses?: string; readonly with?: Record<string, unknown> }
interface Workflow { readonly jobs: Record<string, { readonly strategy?: { matrix: Record<string, unknown[]> }; readonly steps: Step[] }> }

const workflow = (name: string) => parse(readFileSync(join(ROOT, '.github/workflows', name), 'utf8')) as Workflow;
const apmsimLines = (steps: Step[]) => steps.flatMap((s) => (s.run ?? '').split('\n')).filter((l) => l.trim().startsWith('npx apmsim '));

/** Runs an `npx apmsim ...` line as the shell would split it (no quotes in these lines). */
function runLine(line: string, cwd: string): { code: number | null; stderr: string } {
  const args = line.trim().replace(/^npx apmsim /, '').split(/\s+/);
  const r = spawnSync(process.execPath, [MAIN, ...args, '--quiet'], { cwd, encoding: 'utf8', shell: false });
  return { code: r.status, stderr: r.stderr };
}

test('the sweep matrix: every shard of the command, run as written, then merged', () => {
  const wf = workflow('apmsim-sweep.yml');
  const shards = wf.jobs['shard']!.strategy!.matrix['shard']!;
  const [sweepLine] = apmsimLines(wf.jobs['shard']!.steps);
  const [mergeLine] = apmsimLines(wf.jobs['merge']!.steps);
  assert.ok(sweepLine !== undefined && mergeLine !== undefined, 'a sweep and a merge command');
  const count = Number(/--shard \$\{\{ matrix\.shard \}\}\/(\d+)/.exec(sweepLine!)?.[1]);
  assert.equal(shards, Array.from({ length: count }, (_, i) => i + 1), 'the matrix lists every shard 1..n');
  const download = wf.jobs['merge']!.steps.find((s) => s.uses?.startsWith('actions/download-artifact'));
  assert.is(download?.with?.['pattern'], 'shard-*');

  const work = scratchDir('apmsim-workflow-');
  symlinkSync(join(ROOT, 'scenarios'), join(work, 'scenarios'));
  for (const shard of shards) {
    const r = runLine(sweepLine!.replace(/\$\{\{ matrix\.shard \}\}/g, String(shard)), work);
    assert.is(r.code, 0, r.stderr);
    // What upload-artifact then download-artifact (pattern, one folder per artifact) do.
    cpSync(join(work, `shard-${String(shard)}`), join(work, 'shards', `shard-${String(shard)}`), { recursive: true });
  }
  const dirs = shards.map((s) => `shards/shard-${String(s)}`);
  const merged = runLine(mergeLine!.replace('shards/*', dirs.join(' ')), work);
  assert.is(merged.code, 0, merged.stderr);
  const doc = JSON.parse(readFileSync(join(work, 'sweep', 'sweep.json'), 'utf8'));
  assert.is(doc.size, 8);
  assert.is(doc.points.length, doc.size);

  // The merged files are those of one unsharded run, byte for byte.
  const whole = runLine(sweepLine!.replace(/--shard \$\{\{ matrix\.shard \}\}\/\d+/, '').replace(/--out shard-\$\{\{ matrix\.shard \}\}/, '--out whole'), work);
  assert.is(whole.code, 0, whole.stderr);
  for (const f of ['sweep.json', 'sweep.arrow']) {
    assert.ok(readFileSync(join(work, 'sweep', f)).equals(readFileSync(join(work, 'whole', f))), f);
  }
  const incomplete = runLine(mergeLine!.replace('shards/*', dirs.slice(0, 2).join(' ')).replace('--out sweep', '--out partial'), work);
  assert.is(incomplete.code, 2);
  assert.match(incomplete.stderr, /expected all 3 shards, found no shard 3\/3/);
});

test('the gate workflow calls compare with options compare has', () => {
  // Continuation lines joined, as the shell reads them.
  const run = workflow('apmsim-gate.yml').jobs['gate']!.steps.map((s) => s.run ?? '').join('\n').replace(/\\\n\s*/g, ' ');
  const options = [...run.matchAll(/npx apmsim compare [^\n]*/g)].flatMap((m) => [...m[0].matchAll(/--([a-z-]+)/g)].map((o) => o[1]!));
  assert.ok(options.length >= 3, 'compare is called with options');
  const help = spawnSync(process.execPath, [MAIN, 'compare', '--help'], { encoding: 'utf8' }).stdout;
  for (const option of options) assert.match(help, new RegExp(`--${option}\\b`), option);
});

test.run();
