// Command-line conventions a new user meets first (#17): `-` reads a scenario from stdin, -h,
// unknown and missing commands, numbers echoed as typed, --json and --quiet worded and meant the
// same everywhere, validate --json as data, progress of query and train on a terminal, and the
// command catalogue (what --help lists without loading the commands) true to each command.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, commandName } from '../../cli/commands/catalogue.js';
import { JSON_OPTION, QUIET_OPTION } from '../../cli/output-flags.js';
import { scratchDir } from '../helpers/scratch.js';

const test = suite('cli: conventions');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/bin/apmsim.js');
const MM4 = readFileSync(join(ROOT, 'scenarios/mm4.yaml'), 'utf8');

function apmsim(args: readonly string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('validate - reads the scenario from stdin, and a bad one fails (exit 2) naming <stdin> and the line', () => {
  const ok = apmsim(['validate', '-'], MM4);
  assert.is(ok.code, 0, ok.stderr);
  assert.is(ok.stdout, '<stdin>: ok (1 agent, 1 class)\n');
  const bad = apmsim(['validate', '-'], MM4.replace('servers: 4', 'servers: four'));
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /^apmsim: <stdin>:\d+:\d+: agents\.worker\.servers: expected/);
  const empty = apmsim(['validate', '-'], '');
  assert.is(empty.code, 2, 'an empty stdin is not a valid scenario');
});

test('run - simulates the scenario from stdin', () => {
  const r = apmsim(['run', '-', '--replications', '2', '--horizon', '100s', '--warmup', '10s', '--json'], MM4);
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).scenarioFile, '<stdin>');
});

test('-h is --help, for the program and for a command', () => {
  assert.is(apmsim(['-h']).stdout, apmsim(['--help']).stdout);
  const h = apmsim(['validate', '-h']);
  assert.is(h.code, 0);
  assert.match(h.stdout, /apmsim validate <scenarios\.\.>/);
});

test('an unknown command suggests the nearest; with none near, the commands are listed', () => {
  const near = apmsim(['valdate', 'x.yaml']);
  assert.is(near.code, 2);
  assert.match(near.stderr, /unknown command 'valdate' \(did you mean 'validate'\?\)/);
  const far = apmsim(['frobnicate']);
  assert.is(far.code, 2);
  assert.not.match(far.stderr, /did you mean/);
  for (const c of COMMANDS) assert.ok(far.stderr.includes(commandName(c)), commandName(c));
});

test('a command line yargs cannot take is said as the rest: what was found, what was expected, the nearest option, the help', () => {
  const cases: [string[], RegExp][] = [
    [['run', 'scenarios/mm4.yaml', '--replicatons', '3', '--proposer-timout', '3s'], /^apmsim: unknown option --replicatons \(did you mean --replications\?\); unknown option --proposer-timout \(did you mean --proposer-timeout\?\); see apmsim run --help\n$/],
    [['run', 'scenarios/mm4.yaml', '-x'], /^apmsim: unknown option -x; see apmsim run --help\n$/],
    [['run', 'scenarios/mm4.yaml', 'scenarios/tandem.yaml'], /^apmsim: unexpected argument 'scenarios\/tandem\.yaml': run takes <scenario>; see apmsim run --help\n$/],
    [['compare', 'scenarios/mm4.yaml'], /^apmsim: compare takes <baseline> <candidate>: expected 2 arguments, found 1; see apmsim compare --help\n$/],
    [['merge'], /^apmsim: merge takes <dirs\.\.>: expected at least 1 argument, found 0; see apmsim merge --help\n$/],
    [['sweep', 'scenarios/mm4.yaml', '--grid', 'agents.worker.servers=4,5'], /^apmsim: expected --out, found none; see apmsim sweep --help\n$/],
    [['calibrate', 'serving'], /^apmsim: expected --profile and --run, found none; see apmsim calibrate serving --help\n$/],
    [['query', 'scenarios/mm4.yaml'], /^apmsim: expected at least one --metric \(e\.g\. --metric e2e\.p95\) or --effects AGENT, found none; see apmsim query --help\n$/],
  ];
  for (const [args, message] of cases) {
    const r = apmsim(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('without a command, the message lists every command', () => {
  const r = apmsim([]);
  assert.is(r.code, 2);
  assert.match(r.stderr, new RegExp(`Name a command: ${COMMANDS.map(commandName).join(', ')}`));
});

test('a non-numeric option value is echoed as typed, not as NaN', () => {
  const cases: [string[], RegExp][] = [
    [['run', 'scenarios/mm4.yaml', '--replications', 'ten'], /--replications: expected a number, found 'ten'/],
    [['compare', 'scenarios/mm4.yaml', 'scenarios/mm4.yaml', '--max-replications=lots'], /--max-replications: expected a number, found 'lots'/],
    [['query', 'scenarios/mm4.yaml', '--precision', '5%'], /--precision: expected a number, found '5%'/],
  ];
  for (const [args, message] of cases) {
    const r = apmsim(args);
    assert.is(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /NaN/);
  }
});

test('--quiet and --json are described the same in every command that has them', () => {
  for (const c of COMMANDS) {
    const help = apmsim([commandName(c), '--help']).stdout.replace(/\s+/g, ' ');
    if (help.includes('--quiet')) assert.ok(help.includes(QUIET_OPTION.describe), `${commandName(c)} --quiet`);
    const json = /--json (.*?)\[(boolean|string)\]/.exec(help)?.[1];
    if (json !== undefined && json.startsWith('print')) assert.ok(json.includes('on stdout') && json.includes('instead of the'), `${commandName(c)} --json: ${json}`);
  }
  for (const name of ['run', 'validate', 'query', 'explain']) assert.match(apmsim([name, '--help']).stdout, /--json/, name);
  for (const name of ['run', 'validate', 'query', 'train', 'compare', 'sweep', 'merge', 'explain', 'report']) assert.match(apmsim([name, '--help']).stdout, /--quiet/, name);
  assert.ok(JSON_OPTION.describe.includes('instead of the text'));
});

test('validate --json lists every problem as data; --quiet prints nothing for good files', () => {
  const dir = scratchDir('apmsim-conv-');
  const r = apmsim(['validate', 'scenarios/mm4.yaml', '-', '--json'], MM4.replace('servers: 4', 'servers: 0'));
  assert.is(r.code, 2);
  const doc = JSON.parse(r.stdout);
  assert.is(doc.ok, false);
  assert.equal(doc.files.map((f: { file: string; ok: boolean }) => [f.file, f.ok]), [['scenarios/mm4.yaml', true], ['<stdin>', false]]);
  const [problem] = doc.files[1].problems;
  assert.is(problem.path, 'agents.worker.servers');
  assert.ok(problem.line > 0 && problem.column > 0);
  assert.match(problem.expected, /at least 1/);
  assert.is(problem.found, '0');
  const quiet = apmsim(['validate', 'scenarios/mm4.yaml', '--quiet']);
  assert.is(quiet.code, 0);
  assert.is(quiet.stdout, '');
  void dir;
});

/** Runs the command under a pseudo-terminal (util-linux `script`), returning what the terminal showed. */
function onTerminal(args: readonly string[]): string {
  const line = [process.execPath, MAIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qec', line, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
  return r.stdout;
}

test('query and train show progress on a terminal, like run', () => {
  // Enough replications to last more than a second (progress appears only after the first).
  const query = onTerminal(['query', 'scenarios/mm4.yaml', '--metric', 'e2e.p95', '--backend', 'sampled', '--precision', '0.01', '--workers', '1', '--horizon', '2000s', '--warmup', '200s']);
  assert.match(query, /query scenarios\/mm4\.yaml: \d+(\.\d)?\/\d+ replications/);
  const model = join(scratchDir('apmsim-conv-'), 'm.json');
  // mm4's own horizon (20000 s): 80 replications took 1.4 s on an idle machine, too close to the
  // one second before progress appears; 240 take about 4 s.
  const train = onTerminal(['train', 'scenarios/mm4.yaml', '--vary', 'workload.requests.arrivals.rate=2..3', '--samples', '40', '--replications', '6', '--metric', 'e2e.mean', '--workers', '1', '--out', model]);
  assert.match(train, /train scenarios\/mm4\.yaml: \d+(\.\d)?\/\d+ replications/);
});

test('the catalogue --help lists is true to each command module', async () => {
  for (const entry of COMMANDS) {
    const module = await entry.load();
    assert.is(module.command, entry.command);
    assert.is(module.describe, entry.describe);
  }
});

test.run();
