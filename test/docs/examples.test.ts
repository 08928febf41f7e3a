// Every documented command runs and ends as documented: each `apmsim` command in a fenced block of
// README.md and docs/*.md, and each `--help` example (`.example('$0 …')` in cli/), is run in a
// scratch project and must exit 0 unless OVERRIDES says otherwise (and why).
//
// The project holds the bundled scenarios with shorter horizons and fewer replications (SHORT,
// the one global change, so the examples run in seconds), the files the examples name that the
// repository does not ship (FIXTURES: main.yaml, pr.yaml, plan.py, ...; outputs of one example read
// by a later one come from running the earlier one, in document order), and ../shared as a link to
// the data beside the repository. `npx apmsim` runs the built CLI (npx would look for an installed
// package); commands run through sh, so globs and redirections work as a reader's shell does them.
//
// Run in two lanes side by side (each its own project), so the wall time is about half the CPU time.
//
// Exhaustive by construction: every extracted example is run; COUNTS pins how many each file has,
// so an example added or removed changes a number here, and an OVERRIDES entry that matches no
// example fails the test.

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import { allExamples, markdownExamples, type Example } from './extract.js';

const test = suite('documented examples');
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'bin', 'apmsim.js');


/** Examples per file: a new one changes a number here (and is run whatever this says). */
const COUNTS: Readonly<Record<string, number>> = {
  'README.md': 34,
  'docs/advisor.md': 5,
  'docs/calibration.md': 3,
  'docs/ci.md': 11,
  'docs/coordination.md': 4,
  'docs/llm-profiles.md': 3,
  'docs/outputs.md': 11,
  'docs/queries.md': 7,
  '--help': 46,
};

// ---------------------------------------------------------------------------------- the project

/** Bundled scenarios shortened for the test (horizon, warm-up, replications); the rest run as shipped. */
const SHORT: Readonly<Record<string, readonly [string, string, number]>> = {
  'mm4.yaml': ['1000s', '100s', 2],
  'tandem.yaml': ['1000s', '100s', 2],
  'worker-checker.yaml': ['1000s', 'auto', 2],
  'fanout.yaml': ['500s', '50s', 2],
  'five-agents.yaml': ['1000s', '100s', 3],
  'coding-agent.yaml': ['300s', '60s', 2],
  // Three, not two: with two, t is 12.7 and the optimize example's p95 intervals at 30/s decide
  // feasibility by chance (the documented run, as shipped, finds a feasible point).
  'support-desk.yaml': ['300s', '30s', 3],
  'monday-spike.yaml': ['2.5h', '10min', 2],
  'monday-spike-coordination.yaml': ['60min', '5min', 2],
};

/** A small scenario with an agent named llm, which the generic examples (s.yaml) change. */
const S_YAML = `name: s
description: a station named llm behind a router, for the documentation's generic examples
seed: 1
horizon: 1000s
warmup: 100s
replications: 3
workload:
  requests:
    arrivals: { process: poisson, rate: 3/s }
    entry: llm
agents:
  llm:
    servers: 4
    service: { dist: exponential, mean: 500ms }
`;

/** Files the examples name that the repository does not ship. */
const FIXTURES: Readonly<Record<string, string>> = {
  'main.yaml': '=scenarios/mm4.yaml',
  'pr.yaml': '=scenarios/mm4.yaml+servers5',
  'a.yaml': '=scenarios/mm4.yaml',
  'b.yaml': '=scenarios/mm4.yaml+servers5',
  'scenarios/prod.yaml': '=scenarios/mm4.yaml',
  // The scenario a what-if model was trained on, moved since (report --whatif-scenario).
  'moved/mm4.yaml': '=scenarios/mm4.yaml',
  's.yaml': S_YAML,
  // An external planner that proposes nothing (the built-in plans go on).
  'plan.py': 'import json, sys\njson.load(sys.stdin)\nprint(json.dumps({"plans": []}))\n',
};

/** Commands run before the first example that needs their output. */
const SETUP: readonly string[] = [
  'apmsim run scenarios/five-agents.yaml --otlp traces.otlp.jsonl --quiet',
  // Run folders as far as the examples read them (results.json; --out would also draw a report).
  'mkdir -p out/run1 out/before out/after out/run out/a out/b out/c out/mm4 out/five baseline',
  'apmsim run scenarios/five-agents.yaml --json > out/run1/results.json',
  'cp out/run1/results.json out/five/',
  'apmsim run main.yaml --json > out/mm4/results.json',
  'for s in 1 2 3; do apmsim run main.yaml --seed $s --json > out/run-$s.json; done && mv out/run-1.json out/a/results.json && mv out/run-2.json out/b/results.json && mv out/run-3.json out/c/results.json',
  'apmsim run main.yaml --json > out/before/results.json',
  'apmsim run pr.yaml --json > out/after/results.json',
  'apmsim run main.yaml --json > out/run/results.json',
  'apmsim run main.yaml --replications 20 --json > baseline/results.json',
  'apmsim compare main.yaml pr.yaml --json out/compare.json --quiet',
  // README's what-if page example comes before its train example: a small model to show (train replaces it).
  'apmsim train scenarios/five-agents.yaml --vary workload.chat.arrivals.rate=1.5..2.5 --samples 40 --out five.json --quiet',
  'apmsim sweep s.yaml --grid agents.llm.servers=2..8 --out out/sweep --quiet',
  // The shards `merge` examples read: the --help sweep's (out/shard-*, shards/*) and README's (shard-*).
  'for i in 1 2 3; do apmsim sweep s.yaml --grid agents.llm.servers=2..16 --shard $i/3 --out out/shard-$i --quiet; done',
  'mkdir -p shards && cp -r out/shard-1 out/shard-2 out/shard-3 shards/',
  'for i in 1 2 3; do apmsim sweep s.yaml --grid agents.llm.servers=2..16 --shard $i/3 --out shard-$i --quiet; done',
];

interface Override {
  /** The exit code the documentation gives (default 0). */
  readonly exit?: number;
  /** Run this instead (same command, made runnable), and why. */
  readonly run?: string;
  /** Not run, and why. */
  readonly skip?: string;
  /** What the output must show (stdout and stderr together): a pattern, or a check returning what is wrong. */
  readonly shows?: RegExp | ((output: string) => string | undefined);
  /** A command run after it, which must exit 0 and show `thenShows` (e.g. that a trained model answers). */
  readonly then?: string;
  readonly thenShows?: RegExp;
  readonly why: string;
}

/** The learned backend answered e2e.p95, at the default precision (±5%) the docs quote ("~1 ms answers"). */
function learnedAnswer(output: string): string | undefined {
  const m = /^e2e\.p95\s.*\slearned\s+±([\d.]+)%/m.exec(output);
  if (m === null) return 'no answer from the learned backend';
  return Number(m[1]) <= 5 ? undefined : `the learned answer's precision is ±${m[1]}%, not the ±5% the docs quote`;
}

/** The measured profile and vLLM runs the calibrate serving examples name P, R, R2 and R3. */
const SERVING = '../shared/data/serving/llmservingsim';
const P = `${SERVING}/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16`;
const R = `${SERVING}/runs/RTXPRO6000_Llama-3.1-8B`;
const R2_R3 = `${SERVING}/runs/RTXPRO6000_Qwen3-32B ${SERVING}/runs/RTXPRO6000_Qwen3-30B-A3B-Instruct-2507`;

const GRID_UNSTABLE = 'a sweep over a grid whose corner (3 planners at 2 requests/s: utilisation 1.07) is unstable on purpose: the sweep reports it as such, beside the stable points';

const OVERRIDES: Readonly<Record<string, Override>> = {
  'apmsim query scenarios/five-agents.yaml --metric e2e.p95 --model five.json --set workload.chat.arrivals.rate=2.2': {
    shows: learnedAnswer, why: 'the learned-model example answers from the learned backend at ±5% (README, docs/queries.md), with five.json trained by the README command before it (400 samples, as written)',
  },
  'apmsim query scenarios/five-agents.yaml --metric e2e.p95 --model five.json --backend learned': {
    shows: learnedAnswer, why: 'query --help: "answer from a trained model", from the learned backend',
  },
  'apmsim train scenarios/mm4.yaml --vary workload.requests.arrivals.rate=2..3.5 --samples 40 --replications 3 --metric e2e.p95 --out mm4.json': {
    then: 'apmsim query scenarios/mm4.yaml --metric e2e.p95 --set workload.requests.arrivals.rate=3/s --model mm4.json --backend learned', thenShows: /^e2e\.p95\s.*\slearned\b/m,
    why: 'train --help: the model it trains answers a query from the learned backend',
  },
  'apmsim validate scenarios/mm4.yaml --set agents.worker.servers=0': {
    exit: 2, shows: /scenarios\/mm4\.yaml:\d+:\d+: agents\.worker\.servers: expected an integer of at least 1, found 0/,
    why: 'validate --help: "check a value before using it" shows validate refusing servers 0 (exit 2, naming the file, line and field)',
  },
  'apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3..6 --grid workload.requests.arrivals.rate=1/s,1.5/s,2/s --workers 2 --out out/tandem': { why: GRID_UNSTABLE },
  'apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3,4,6 --grid workload.requests.arrivals.rate=1/s,2/s --workers 2 --out out/t': { why: GRID_UNSTABLE },
  'apmsim compare "$RUNNER_TEMP/baseline.yaml" "$SCENARIO" --junit gate.xml --markdown gate.md --strict': {
    skip: 'a GitHub Actions step: $RUNNER_TEMP and $SCENARIO are set by the runner and the step before it (git show of the base branch); the same compare with files is README\'s `compare main.yaml pr.yaml --junit gate.xml --markdown gate.md`, which runs', why: '',
  },
  'apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3..6 --grid workload.requests.arrivals.rate=1/s,1.5/s --shard ${{ matrix.shard }}/3 --out shard-${{ matrix.shard }}': {
    run: 'apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3..6 --grid workload.requests.arrivals.rate=1/s,1.5/s --shard 2/3 --out gha/shard-2',
    why: 'a GitHub Actions matrix step: ${{ matrix.shard }} is the runner\'s; run as shard 2 of 3 (into gha/: shard-2 is README\'s sweep, which a merge example reads)',
  },
  'apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3..6 --grid workload.requests.arrivals.rate=1/s,1.5/s --shard $((JOB_COMPLETION_INDEX + 1))/3 --out /results/shard-$((JOB_COMPLETION_INDEX + 1))': {
    run: 'JOB_COMPLETION_INDEX=0 && mkdir -p results && apmsim sweep scenarios/tandem.yaml --grid agents.planner.servers=3..6 --grid workload.requests.arrivals.rate=1/s,1.5/s --shard $((JOB_COMPLETION_INDEX + 1))/3 --out results/shard-$((JOB_COMPLETION_INDEX + 1))',
    why: 'a Kubernetes Job\'s container: JOB_COMPLETION_INDEX is set by Kubernetes and /results is its volume; run as pod 0 into ./results',
  },
  'apmsim calibrate serving --profile ../shared/data/serving/llmservingsim/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16 --run ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Llama-3.1-8B --fit ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-32B ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-30B-A3B-Instruct-2507 [--out profile.yaml] [--timeseries timeseries.csv] [--json]': {
    run: 'apmsim calibrate serving --profile ../shared/data/serving/llmservingsim/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16 --run ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Llama-3.1-8B --fit ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-32B ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-30B-A3B-Instruct-2507 --out profile.yaml --timeseries timeseries.csv',
    why: 'a synopsis: the optional flags are in brackets; run with them',
  },
  'apmsim calibrate serving --profile P --run R --fit R2 R3 --json > fidelity.json': {
    run: `apmsim calibrate serving --profile ${P} --run ${R} --fit ${R2_R3} --json > fidelity.json`,
    why: 'docs/llm-profiles.md names the folders P, R, R2, R3 (spelled out in the example above it); run with those folders',
  },
  'apmsim calibrate serving --profile P --run R --json > fidelity.json && apmsim report fidelity.json --out fidelity.html': {
    run: `apmsim calibrate serving --profile ${P} --run ${R} --json > fidelity.json && apmsim report fidelity.json --out fidelity.html`,
    why: 'calibrate serving --help names the folders P and R (the first example spells them out); run with those folders',
  },
  'apmsim calibrate serving --profile P --run R --fit R2 R3 --out llama.yaml --timeseries ts.csv': {
    run: 'apmsim calibrate serving --profile ../shared/data/serving/llmservingsim/perf/RTXPRO6000/meta-llama/Llama-3.1-8B/bf16 --run ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Llama-3.1-8B --fit ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-32B ../shared/data/serving/llmservingsim/runs/RTXPRO6000_Qwen3-30B-A3B-Instruct-2507 --out llama.yaml --timeseries ts.csv',
    why: 'calibrate serving --help names the folders P, R, R2, R3 (the example before it spells them out); run with those folders',
  },
};

function prepareProject(): string {
  const scratch = scratchDir('apmsim-examples-');
  const work = join(scratch, 'work');
  mkdirSync(join(work, 'scenarios'), { recursive: true });
  // ../shared beside the project, as beside the repository (the trace replays and calibrate examples read it).
  if (existsSync(join(ROOT, '..', 'shared'))) symlinkSync(realpathSync(join(ROOT, '..', 'shared')), join(scratch, 'shared'));
  for (const name of readdirSync(join(ROOT, 'scenarios'))) {
    const from = join(ROOT, 'scenarios', name);
    if (statSync(from).isDirectory()) { cpSync(from, join(work, 'scenarios', name), { recursive: true }); continue; }
    let text = readFileSync(from, 'utf8');
    const short = SHORT[name];
    if (short !== undefined) {
      const [horizon, warmup, replications] = short;
      text = text.replace(/^horizon: \S+/m, `horizon: ${horizon}`).replace(/^warmup: \S+/m, `warmup: ${warmup}`).replace(/^replications: \S+/m, `replications: ${replications}`);
    }
    writeFileSync(join(work, 'scenarios', name), text);
  }
  for (const [file, content] of Object.entries(FIXTURES)) {
    let text = content;
    if (content.startsWith('=')) {
      const [source, change] = content.slice(1).split('+');
      text = readFileSync(join(work, source!), 'utf8');
      if (change === 'servers5') text = text.replace(/servers: 4/, 'servers: 5');
    }
    mkdirSync(dirname(join(work, file)), { recursive: true });
    writeFileSync(join(work, file), text);
  }
  const bin = join(scratch, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'apmsim'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'apmsim'), 0o755);
  return work;
}

/** APMSIM_EXAMPLE_TIMES=1 prints each command's CPU time (its children's, from the shell's `times`). */
const TIMES = process.env['APMSIM_EXAMPLE_TIMES'] === '1';

async function sh(work: string, command: string): Promise<{ status: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(work, '..', 'bin')}:${process.env['PATH'] ?? ''}` };
  delete env['GITHUB_STEP_SUMMARY'];
  const child = spawn('sh', ['-c', TIMES ? `${command}\ns=$?; times >&2; exit $s` : command], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (TIMES) process.stdout.write(`${stderr.trim().split('\n').slice(-1)[0]}  ${command.slice(0, 140)}\n`);
  return { status, output: `${stdout}${stderr}` };
}

// ---------------------------------------------------------------------------------- tests

test('extraction: the counts per file are pinned, and it finds what a reader sees', () => {
  const found: Record<string, number> = {};
  for (const e of allExamples()) {
    const file = e.where.endsWith('(--help)') ? '--help' : e.where.split(':')[0]!;
    found[file] = (found[file] ?? 0) + 1;
  }
  assert.equal(found, COUNTS);
  const md = markdownExamples('x.md', '```sh\nnpm ci && npx apmsim run a.yaml   # go\n$ apmsim query b.yaml \\\n  --metric e2e.p95\ncat a.yaml | npx apmsim validate -\n```\napmsim outside a block\n```yaml\n- >-\n  npx apmsim sweep s.yaml\n  --out o\n```\n');
  assert.equal(md.map((e) => e.command), ['apmsim run a.yaml', 'apmsim query b.yaml --metric e2e.p95', 'cat a.yaml | apmsim validate -', 'apmsim sweep s.yaml --out o']);
});

test('every override matches a documented example', () => {
  const commands = new Set(allExamples().map((e) => e.command));
  assert.equal(Object.keys(OVERRIDES).filter((c) => !commands.has(c)), []);
  for (const [c, o] of Object.entries(OVERRIDES)) assert.ok((o.skip ?? o.why) !== '', `${c}: an override says why`);
});

/**
 * Two lanes, each in its own project, run side by side: README, queries.md and the --help examples
 * (which read README's outputs: five.json, results.json, out/mm4), and the other docs. A command
 * written in several places runs once per lane (a later example in a lane may read its output).
 */
const FIRST_LANE = (where: string): boolean => where.startsWith('README.md') || where.startsWith('docs/queries.md') || where.endsWith('(--help)');

async function runLane(examples: readonly Example[]): Promise<{ failures: string[]; ran: number }> {
  const work = prepareProject();
  for (const c of SETUP) {
    const r = await sh(work, c);
    if (r.status !== 0) return { failures: [`setup: ${c}\n${r.output}`], ran: 0 };
  }
  const failures: string[] = [];
  for (const e of examples) {
    const o = OVERRIDES[e.command];
    const command = o?.run ?? e.command;
    const r = await sh(work, command);
    const exit = o?.exit ?? 0;
    if (r.status !== exit) { failures.push(`${e.where}: ${command}\n  exit ${r.status}, documented ${exit}\n${r.output.split('\n').slice(-8).join('\n')}`); continue; }
    const wrong = o?.shows === undefined ? undefined : typeof o.shows === 'function' ? o.shows(r.output) : o.shows.test(r.output) ? undefined : `output does not show ${o.shows}`;
    if (wrong !== undefined) failures.push(`${e.where}: ${command}\n  ${wrong}\n${r.output}`);
    if (o?.then !== undefined) {
      const t = await sh(work, o.then);
      if (t.status !== 0 || !(o.thenShows ?? /./).test(t.output)) failures.push(`${e.where}: then ${o.then}\n  exit ${t.status}\n${t.output}`);
    }
    // What-if examples stay stable: no utilisation of 1 or more unless the example says so.
    if (/unstable/.test(r.output) && !/unstable/.test(o?.why ?? '')) failures.push(`${e.where}: ${command}\n  runs an unstable system:\n${r.output.split('\n').filter((l) => /unstable/.test(l)).join('\n')}`);
  }
  return { failures, ran: examples.length };
}

test('every documented example runs and exits as documented', async () => {
  const lanes: [Example[], Example[]] = [[], []];
  for (const e of allExamples()) {
    const lane = lanes[FIRST_LANE(e.where) ? 0 : 1];
    if (OVERRIDES[e.command]?.skip !== undefined || lane.some((x) => x.command === e.command)) continue;
    lane.push(e);
  }
  const results = await Promise.all(lanes.map(runLane));
  assert.equal(results.flatMap((r) => r.failures), []);
  const ran = results.reduce((n, r) => n + r.ran, 0);
  assert.ok(ran > 60, `${ran} distinct examples run`);
});

test.run();
