// Report generation time per bundled scenario, on top of the simulation: the latency digest, the
// Arrow files and report.html (charts rendered to SVG) written to a temporary folder; then the
// reports of a comparison and of sweeps, from the JSON that apmsim compare and sweep write (the
// simulations run first, untimed). The first build includes JIT warm-up of the report code; the
// goal is under 1 s each. Each build's CPU time (this process's, user + system) is given beside its
// wall time: on a machine shared with other work the wall time counts their turns on the cores too.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCoordinatedExperiment } from '../../models/coordination/experiment.js';
import { Experiment } from '../../models/run/experiment.js';
import { loadScenario } from '../../models/scenario/index.js';
import { recordingPlan } from '../../reports/recording-plan.js';
import { writeRunOutputs } from '../../reports/run-outputs.js';
import { writeCompareReport } from '../../reports/compare-report.js';
import { checkComparison, checkSweep } from '../../reports/documents.js';
import { writeSweepReport } from '../../reports/sweep-report.js';
import { VERSION } from '../../api/version.js';
import type { Emit } from './emit.js';
import { scratchDir } from '../helpers/scratch.js';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const BUILDS = 3;
const MAIN = fileURLToPath(new URL('../../bin/apmsim.js', import.meta.url));

interface BuildTimes { first: number; best: number; cpuFirst: number; cpuBest: number; bytes: number }

/** First and best of BUILDS timed builds (wall and CPU time), and the page's size. */
async function timeBuilds(build: (dir: string) => Promise<string>): Promise<BuildTimes> {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let i = 0; i < BUILDS; i++) {
    const dir = scratchDir('apmsim-bench-');
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const page = await build(dir);
    const used = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
    bytes = statSync(page).size;
    rmSync(dir, { recursive: true, force: true });
  }
  return { first: times[0]!, best: Math.min(...times), cpuFirst: cpu[0]!, cpuBest: Math.min(...cpu), bytes };
}

const ms = (x: number): string => Math.round(x).toString().padStart(5);

function line(name: string, t: BuildTimes, simMs: number): string {
  return `report ${name.padEnd(26)} first ${ms(t.first)} ms   best ${ms(t.best)} ms (goal < 1000)   CPU first ${ms(t.cpuFirst)} ms   best ${ms(t.cpuBest)} ms   simulation ${Math.round(simMs)} ms   report.html ${(t.bytes / 1024).toFixed(0)} KiB`;
}

const cpuFields = (t: BuildTimes) => ({ report_cpu_ms_first: Math.round(t.cpuFirst), report_cpu_ms_best: Math.round(t.cpuBest) });

/** Runs an apmsim command (the simulation behind a comparison or sweep), timed apart from the report. */
function simulate(args: readonly string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [MAIN, ...args, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`apmsim ${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  return performance.now() - start;
}

const SLOS = 'slos:\n  - { metric: e2e.p95, max: 8s }\n  - { metric: cost.per_task.mean, max: 0.15 }\n  - { metric: throughput, min: 11/s }\n';

/** The support desk with SLOs against a cascade that sends more tickets to the large model; sweeps of the desk and of mm4. */
async function benchCompareAndSweep(emit: Emit): Promise<void> {
  const work = scratchDir('apmsim-bench-inputs-');
  try {
    const desk = join(work, 'support-desk.yaml');
    writeFileSync(desk, `${readFileSync(join(SCENARIOS, 'support-desk.yaml'), 'utf8')}${SLOS}`);
    const json = join(work, 'compare.json');
    const compareMs = simulate(['compare', desk, desk, '--candidate-set', 'agents.retriever.next.switch[0].when="difficulty > 0.6"', '--json', json]);
    const comparison = checkComparison(JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>, json);
    const c = await timeBuilds(async (dir) => { const f = join(dir, 'report.html'); await writeCompareReport(f, comparison); return f; });
    emit({ name: 'report-comparison-support-desk', report_ms_first: Math.round(c.first), report_ms_best: Math.round(c.best), ...cpuFields(c), simulation_ms: Math.round(compareMs), report_bytes: c.bytes, gates: comparison.gates.length },
      line('comparison', c, compareMs));
    const sweeps: [string, string[]][] = [
      ['sweep-support-desk', [join(SCENARIOS, 'support-desk.yaml'), '--grid', 'agents.retriever.next.switch[0].when="difficulty > 0.5","difficulty > 0.7","difficulty > 0.85","difficulty > 0.95"', '--grid', 'gpus.small-pool.replicas=1,2', '--set', 'replications=3']],
      ['sweep-mm4', [join(SCENARIOS, 'mm4.yaml'), '--grid', 'agents.worker.servers=4..8', '--grid', 'workload.requests.arrivals.rate=2/s,2.5/s,3/s', '--set', 'horizon=5000s', '--set', 'warmup=500s']],
    ];
    for (const [name, args] of sweeps) {
      const out = join(work, name);
      const simMs = simulate(['sweep', ...args, '--out', out]);
      const file = join(out, 'sweep.json');
      const sweep = checkSweep(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>, file);
      const t = await timeBuilds(async (dir) => (await writeSweepReport(dir, sweep)).file);
      emit({ name: `report-${name}`, report_ms_first: Math.round(t.first), report_ms_best: Math.round(t.best), ...cpuFields(t), simulation_ms: Math.round(simMs), report_bytes: t.bytes, points: sweep.points.length },
        line(`${name} (${sweep.points.length} pts)`, t, simMs));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function benchReports(emit: Emit): Promise<void> {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort()) {
    const path = join(SCENARIOS, file);
    const scenario = loadScenario(path, readFileSync(path, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'), overrides: [] });
    const recording = recordingPlan(scenario, false).recording;
    const t0 = performance.now();
    // Scenarios with a timeline, objectives or coordination run as apmsim run runs them (with their negotiation log).
    const run = scenario.coordination === undefined
      ? (() => { const e = new Experiment(scenario, VERSION, recording); const results = e.runToEnd(); return { results, outputs: e.completedOutputs(), log: undefined }; })()
      : await runCoordinatedExperiment(scenario, VERSION, { enabled: scenario.coordination.settings.enabled, recording })
        .then((c) => ({ results: c.results, outputs: c.outputs, log: c.outputs[0]?.log }));
    const simMs = performance.now() - t0;
    const t = await timeBuilds(async (dir) => {
      await writeRunOutputs(dir, run.results, scenario, run.outputs, { writeRequests: false, notes: [] }, run.log);
      return join(dir, 'report.html');
    });
    const name = file.replace(/\.yaml$/, '');
    emit({ name: `report-${name}`, report_ms_first: Math.round(t.first), report_ms_best: Math.round(t.best), ...cpuFields(t), simulation_ms: Math.round(simMs), report_bytes: t.bytes }, line(name, t, simMs));
  }
  await benchCompareAndSweep(emit);
}
