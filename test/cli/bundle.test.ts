// The command line runs from its bundle (scripts/bundle-cli.mjs): a start-up reads a few files, not
// the hundreds of modules of yaml, yargs, @stdlib and mathjs (most of a short command's CPU before).
// What must hold for that, checked by what the process loaded rather than by a timing: validating
// scenarios with a rate expression, a unit and a trace, and a short run, require nothing from
// node_modules (mathjs's factories are the bundle's own copies, dist/bin/mathjs-*.cjs); mathjs
// itself is compiled only when a scenario has an expression or a unit only it knows; and the
// bundle's replication workers give the results one thread gives.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('command-line bundle');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/bin/apmsim.js');

/** The CommonJS modules the process required, as absolute paths. */
function required(args: readonly string[]): string[] {
  const dir = scratchDir('apmsim-bundle-');
  const list = join(dir, 'loaded.json');
  const hook = join(dir, 'hook.cjs');
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache))));`);
  const r = spawnSync(process.execPath, ['--require', hook, MAIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(list, 'utf8')) as string[];
}

/** The modules from node_modules the process required, as paths inside node_modules. */
function librariesLoaded(args: readonly string[]): string[] {
  return required(args).filter((p) => p.includes('node_modules')).map((p) => p.replace(/.*node_modules[\\/]/, ''));
}

/** The two mathjs instances' files: one for rate expressions, one for the unit table. */
const EXPRESSIONS = join(ROOT, 'dist/bin/mathjs-expressions.cjs');
const UNITS = join(ROOT, 'dist/bin/mathjs-units.cjs');

test('validating scenarios with expressions, units and a trace loads nothing from node_modules', () => {
  assert.equal(librariesLoaded(['validate', 'scenarios/fanout.yaml', 'scenarios/monday-spike.yaml', 'scenarios/azure-gpu-sample.yaml', 'scenarios/support-desk.yaml']), []);
});

test('a unit only mathjs knows (its unit table is the bundle\'s copy too) loads nothing from node_modules', () => {
  assert.equal(librariesLoaded(['validate', 'scenarios/mm4.yaml', '--set', 'agents.worker.service.mean=800 milliseconds']), []);
});

test('each mathjs instance is loaded only when needed: expressions for a rate expression, units for a unit only mathjs knows', () => {
  const fanout = required(['validate', 'scenarios/fanout.yaml']);
  assert.ok(fanout.includes(EXPRESSIONS) && !fanout.includes(UNITS), 'fanout has a rate expression and no unusual unit');
  const milliseconds = required(['validate', 'scenarios/mm4.yaml', '--set', 'agents.worker.service.mean=800 milliseconds']);
  assert.ok(milliseconds.includes(UNITS) && !milliseconds.includes(EXPRESSIONS), 'milliseconds is a unit only mathjs knows');
  for (const args of [['validate', 'scenarios/mm4.yaml', 'scenarios/support-desk.yaml', 'scenarios/azure-gpu-sample.yaml'], ['run', 'scenarios/mm4.yaml', '--replications', '2', '--horizon', '100s', '--warmup', '10s', '--quiet']]) {
    const loaded = required(args);
    assert.not.ok(loaded.includes(EXPRESSIONS) || loaded.includes(UNITS), args.join(' '));
  }
});

test('the code cache built beside each mathjs file is one this Node accepts', () => {
  for (const file of [EXPRESSIONS, UNITS]) {
    const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(`${file}.v8cache`) });
    assert.is(script.cachedDataRejected, false, file);
  }
});

test('a short run loads nothing from node_modules', () => {
  assert.equal(librariesLoaded(['run', 'scenarios/mm4.yaml', '--replications', '2', '--horizon', '100s', '--warmup', '10s', '--quiet']), []);
});

test('the bundle\'s worker threads give the results of one thread', () => {
  const dir = scratchDir('apmsim-bundle-');
  const results = (workers: number): unknown => {
    const out = join(dir, `w${workers}`);
    const r = spawnSync(process.execPath, [MAIN, 'run', 'scenarios/fanout.yaml', '--replications', '4', '--horizon', '20min', '--workers', String(workers), '--quiet', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const doc = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { metrics: unknown };
    return doc.metrics;
  };
  assert.equal(results(2), results(1));
});

test.run();
