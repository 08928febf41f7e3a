// Start-up: the CPU time (user + system, the whole process) of short apmsim commands as a ratio to
// `node -e 0` measured in the same run, interleaved, median of several runs each. Targets (#17):
// --help and --version <= 2.5x, validate of every bundled scenario <= 4x, a 2-replication run of
// mm4 <= 5x. The figures are printed, not asserted (benchmarks are not tests); the ratio column
// says whether each target holds.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../helpers/scratch.js';
import type { Emit } from './emit.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = join(ROOT, 'dist/bin/apmsim.js');
const RUNS = 9;

/** Loaded before the command: writes the process's CPU time (ms) to $APMSIM_CPU_OUT as it exits. */
const HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(process.env.APMSIM_CPU_OUT, String((u.user + u.system) / 1000)); });",
)}`;

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Target ratio to `node -e 0`, or undefined for the baseline itself. */
  readonly target: number | undefined;
}

function cpuMs(args: readonly string[], out: string): number {
  const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, APMSIM_CPU_OUT: out } });
  if (r.status !== 0) throw new Error(`bench startup: ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(readFileSync(out, 'utf8'));
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export function benchStartup(emit: Emit): void {
  const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`);
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'], target: undefined },
    { name: 'apmsim --version', args: [MAIN, '--version'], target: 2.5 },
    { name: 'apmsim --help', args: [MAIN, '--help'], target: 2.5 },
    { name: 'apmsim validate scenarios/*.yaml', args: [MAIN, 'validate', ...scenarios], target: 4 },
    // mm4's own warm-up (2000 s) is longer than a 100 s horizon: --warmup 10s makes the command valid.
    { name: 'apmsim run scenarios/mm4.yaml --replications 2 --horizon 100s --warmup 10s', args: [MAIN, 'run', 'scenarios/mm4.yaml', '--replications', '2', '--horizon', '100s', '--warmup', '10s', '--quiet'], target: 5 },
  ];
  const dir = scratchDir('apmsim-bench-startup-');
  const out = join(dir, 'cpu');
  const samples = cases.map((): number[] => []);
  // Interleaved, so a change in the machine's load falls on every case alike.
  for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => samples[k]!.push(cpuMs(c.args, out)));
  rmSync(dir, { recursive: true, force: true });
  const base = median(samples[0]!);
  cases.forEach((c, k) => {
    const ms = median(samples[k]!);
    const ratio = ms / base;
    const verdict = c.target === undefined ? '' : ratio <= c.target ? ` (target <= ${c.target}x: met)` : ` (target <= ${c.target}x: NOT met)`;
    emit(
      { group: 'startup', name: c.name, cpuMs: Number(ms.toFixed(1)), ratio: Number(ratio.toFixed(2)), ...(c.target === undefined ? {} : { target: c.target, met: ratio <= c.target }) },
      `startup  ${c.name.padEnd(78)} ${ms.toFixed(0).padStart(5)} ms CPU  ${ratio.toFixed(2)}x node -e 0${verdict}`,
    );
  });
}
