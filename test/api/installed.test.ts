// apmsim as a program's dependency: the packed tarball installed into a fresh project (offline:
// npm finds the dependencies already in the project's node_modules, linked to this repository's),
// a TypeScript file that imports it type-checked by tsc (and a wrong one refused), `import('apmsim')`
// from node, and every example of docs/api.md compiled and run there. Needs `npm run build` (the
// declarations come from tsconfig.types.json, which `npx tsc -p tsconfig.json` alone does not emit).

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('installed package');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.is(r.status, 0, `${what}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The ```ts blocks of docs/api.md, in order. */
function apiExamples(): string[] {
  const text = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

let project = '';

test.before(() => {
  const dir = scratchDir('apmsim-installed-');
  const packed = JSON.parse(ok(spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' }), 'npm pack')) as { filename: string }[];
  const tarball = join(dir, packed[0]!.filename);
  project = join(dir, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'uses-apmsim', version: '1.0.0', type: 'module', private: true })}\n`);
  const link = (dep: string): void => {
    const at = join(project, 'node_modules', dep);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules', dep)), at);
  };
  // The dependencies as this repository installed them: npm sees them present and fetches nothing.
  for (const dep of Object.keys(pkg.dependencies)) link(dep);
  ok(spawnSync('npm', ['install', '--offline', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, encoding: 'utf8' }), 'npm install');
  // The project's own development dependency (npm would have removed it as extraneous before).
  link('@types/node');
  symlinkSync(join(project, 'node_modules', 'apmsim', 'scenarios'), join(project, 'scenarios'));
  writeFileSync(join(project, 'tsconfig.json'), `${JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'], outDir: 'out', rootDir: '.' },
    include: ['*.ts'],
  })}\n`);
});

test('the package is installed from the tarball, not linked to the repository', () => {
  const installed = join(project, 'node_modules', 'apmsim');
  assert.ok(lstatSync(installed).isDirectory() && !lstatSync(installed).isSymbolicLink());
  assert.ok(lstatSync(join(installed, 'dist', 'api', 'index.d.ts')).isFile());
});

const CHECK = `import { loadScenario, run, type Results } from 'apmsim';
const scenario = loadScenario('scenarios/mm4.yaml', { overrides: ['horizon=4000s', 'warmup=400s'] });
const results: Results = await run(scenario, { replications: 3 });
const wait = results.metrics['agent.worker.wait.mean'];
const estimate: number | null = wait === undefined ? null : wait.estimate;
console.log(JSON.stringify({ estimate, unit: wait?.unit, replications: results.replications }));
`;

test('a TypeScript program imports apmsim, tsc checks its types, and it runs and reads a metric', () => {
  writeFileSync(join(project, 'check.ts'), CHECK);
  const examples = apiExamples();
  assert.ok(examples.length >= 6, `docs/api.md has ${examples.length} examples`);
  examples.forEach((code, i) => writeFileSync(join(project, `api-example-${i + 1}.ts`), code));
  ok(spawnSync(process.execPath, [TSC, '-p', '.', '--noEmitOnError'], { cwd: project, encoding: 'utf8' }), 'tsc');
  const out = JSON.parse(ok(spawnSync(process.execPath, ['out/check.js'], { cwd: project, encoding: 'utf8' }), 'check.js')) as { estimate: number; unit: string; replications: number };
  // M/M/4 at utilisation 0.8: Erlang C gives a mean wait of 0.7455 s; 3 short replications are within ~30%.
  assert.is(out.unit, 's');
  assert.is(out.replications, 3);
  assert.ok(out.estimate > 0.5 && out.estimate < 1, `wait ${out.estimate}`);
});

test('tsc refuses a program that misuses the types (a metric estimate may be null)', () => {
  const bad = join(project, 'wrong');
  mkdirSync(bad);
  writeFileSync(join(bad, 'wrong.ts'), CHECK.replace('const estimate: number | null =', 'const estimate: number ='));
  const r = spawnSync(process.execPath, [TSC, '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--skipLibCheck', '--types', 'node', 'wrong/wrong.ts'], { cwd: project, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stdout, /wrong\.ts\(5,\d+\): error TS2322: Type 'number \| null' is not assignable to type 'number'/);
});

test("node -e \"import('apmsim')\" loads a scenario, runs it and prints a metric", () => {
  const script = "import('apmsim').then(async (m) => { const s = m.loadScenario('scenarios/mm4.yaml', { overrides: ['horizon=4000s', 'warmup=400s'] }); const r = await m.run(s, { replications: 2 }); process.stdout.write(`${JSON.stringify({ version: m.version, utilisation: r.metrics['agent.worker.utilization'].estimate })}\\n`); })";
  const stdout = ok(spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' }), 'node -e');
  const { version, utilisation } = JSON.parse(stdout.trim().split('\n').pop()!) as { version: string; utilisation: number };
  assert.is(version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  // lambda / (c mu) = 3.2 / 4 = 0.8.
  assert.ok(Math.abs(utilisation - 0.8) < 0.05, `utilisation ${utilisation} (stdout: ${JSON.stringify(stdout)})`);
});

test('the installed program (the bundle) runs a scenario on two worker threads and writes its results and report', () => {
  const bin = join(project, 'node_modules', '.bin', 'apmsim');
  const version = ok(spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }), 'apmsim --version');
  assert.is(version.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  ok(spawnSync(bin, ['run', 'scenarios/fanout.yaml', '--replications', '2', '--horizon', '20min', '--workers', '2', '--out', 'out/fanout', '--quiet'], { cwd: project, encoding: 'utf8' }), 'apmsim run');
  const results = JSON.parse(readFileSync(join(project, 'out', 'fanout', 'results.json'), 'utf8')) as { metrics: Record<string, { values: unknown[] }> };
  assert.is(results.metrics['e2e.mean']!.values.length, 2);
  // The report loads vega from the installing project's node_modules (it is not in the bundle).
  assert.match(readFileSync(join(project, 'out', 'fanout', 'report.html'), 'utf8'), /^<!doctype html>/i);
});

test('every example of docs/api.md runs in the installed project and prints something', () => {
  const examples = apiExamples();
  for (let i = 1; i <= examples.length; i++) {
    const stdout = ok(spawnSync(process.execPath, [`out/api-example-${i}.js`], { cwd: project, encoding: 'utf8' }), `docs/api.md example ${i}`);
    assert.ok(stdout.trim() !== '', `docs/api.md example ${i} printed nothing`);
  }
});

test.run();
