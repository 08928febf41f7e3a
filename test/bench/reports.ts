// Report generation time per bundled scenario, on top of the simulation: the latency digest, the
// Arrow files and report.html (charts rendered to SVG) written to a temporary folder. The first
// build includes JIT warm-up of the report code; the goal is under 1 s each.

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Experiment } from '../../models/run/experiment.js';
import { loadScenario } from '../../models/scenario/index.js';
import { recordingPlan } from '../../reports/recording-plan.js';
import { writeRunOutputs } from '../../reports/run-outputs.js';
import { VERSION } from '../../cli/version.js';
import type { Emit } from './emit.js';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
const BUILDS = 3;

export async function benchReports(emit: Emit): Promise<void> {
  for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort()) {
    const path = join(SCENARIOS, file);
    const scenario = loadScenario(path, readFileSync(path, 'utf8'), { readFile: (p) => readFileSync(resolve(dirname(path), p), 'utf8'), overrides: [] });
    const experiment = new Experiment(scenario, VERSION, recordingPlan(scenario, false).recording);
    const t0 = performance.now();
    const results = experiment.runToEnd();
    const simMs = performance.now() - t0;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < BUILDS; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'apmsim-bench-'));
      const start = performance.now();
      await writeRunOutputs(dir, results, scenario, experiment.completedOutputs(), { writeRequests: false, notes: [] });
      times.push(performance.now() - start);
      bytes = statSync(join(dir, 'report.html')).size;
      rmSync(dir, { recursive: true, force: true });
    }
    const name = file.replace(/\.yaml$/, '');
    const first = times[0]!, best = Math.min(...times);
    emit(
      { name: `report-${name}`, report_ms_first: Math.round(first), report_ms_best: Math.round(best), simulation_ms: Math.round(simMs), report_bytes: bytes },
      `report ${name.padEnd(18)} first ${Math.round(first).toString().padStart(5)} ms   best ${Math.round(best).toString().padStart(5)} ms (goal < 1000)   simulation ${Math.round(simMs)} ms   report.html ${(bytes / 1024).toFixed(0)} KiB`,
    );
  }
}
